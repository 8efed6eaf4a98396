#!/usr/bin/env python3
"""Benchmark claimcheck as a user runs it: whole-process wall time, median of N runs.

Measures plain Python start-up (the floor), a one-file run, and a corpus of about
2 MB built from the sample pages in fixtures/ (and ../shared/seeds when present).
Usage: python benchmarks/bench.py [--runs N] [--corpus-mb MB] [--big-page-mb MB]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], runs: int, env: dict) -> tuple[float, float]:
    """Median and best wall time (seconds) of ``runs`` runs of ``cmd``."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        times.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):
            sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()}")
    return statistics.median(times), min(times)


def sample_pages() -> list[Path]:
    pages = sorted((ROOT / "fixtures").glob("**/*.md")) + sorted((ROOT / "fixtures").glob("**/*.txt"))
    pages = [p for p in pages if "bad" not in p.parts]
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        pages += sorted(seeds.glob("*.txt"))
    return pages


def build_corpus(folder: Path, megabytes: float) -> tuple[int, int]:
    """Copy sample pages round-robin into ``folder`` until it holds ``megabytes``."""
    pages = [p.read_text(encoding="utf-8") for p in sample_pages()]
    total, n = 0, 0
    while total < megabytes * 1_000_000:
        text = pages[n % len(pages)]
        (folder / f"page{n:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
        n += 1
    return n, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--corpus-mb", type=float, default=2.0)
    ap.add_argument("--big-page-mb", type=float, default=0.0,
                    help="also time one page of this size (0: skip)")
    a = ap.parse_args()
    exe = shutil.which("claimcheck", path=os.path.dirname(sys.executable)) or shutil.which("claimcheck")
    if not exe:
        sys.exit("claimcheck is not installed in this environment")
    tmp = Path(tempfile.mkdtemp(prefix="claimcheck-bench-"))
    env = dict(os.environ, CLAIMCHECK_CACHE_DIR=str(tmp / "cache"), NO_COLOR="1")
    # Measure what users get: Python's bytecode cache on (some sandboxes turn it off,
    # which makes every run recompile claimcheck's modules from source).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        one = tmp / "one.md"
        one.write_text(sample_pages()[0].read_text(encoding="utf-8"), encoding="utf-8")
        corpus = tmp / "corpus"
        corpus.mkdir()
        files, size = build_corpus(corpus, a.corpus_mb)
        for _ in range(2):  # warm the rule cache and the bytecode cache
            subprocess.run([exe, "check", str(one)], stdout=subprocess.DEVNULL, env=env)
        rows = [
            ("python -c pass (floor)", [sys.executable, "-c", "pass"], a.runs),
            ("claimcheck --version", [exe, "--version"], a.runs),
            (f"check one file ({one.stat().st_size / 1000:.1f} kB)", [exe, "check", str(one)], a.runs),
            (f"check {files} files ({size / 1e6:.2f} MB)", [exe, "check", "--format", "json", str(corpus)],
             max(1, a.runs // 5)),
        ]
        if a.big_page_mb:
            big = tmp / "big.txt"
            page = sample_pages()[0].read_text(encoding="utf-8")
            big.write_text(page * int(a.big_page_mb * 1e6 / len(page) + 1), encoding="utf-8")
            rows.append((f"check one {big.stat().st_size / 1e6:.1f} MB page", [exe, "check", str(big)], 1))
        print(f"{'case':<42}{'median':>10}{'best':>10}")
        for name, cmd, runs in rows:
            med, best = timed(cmd, runs, env)
            print(f"{name:<42}{med * 1000:>8.0f}ms{best * 1000:>8.0f}ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
