#!/usr/bin/env python3
"""Benchmark claimcheck as a user runs it: whole-process wall time, median of N runs.

Measures plain Python start-up (the floor), a one-file run, and a site of about 2 MB
in 200 files built from the sample pages in fixtures/ (and ../shared/seeds when
present): with 1 and 2 worker processes, with the result cache cold (emptied before
every run) and warm (a re-check of the unchanged site).
By default claimcheck runs as a regular (non-editable) install would: from a throwaway
virtual environment whose path holds this checkout and this environment's packages, so
a development install's import hooks (setuptools' editable finder costs ~30 ms per run)
are not timed. ``--here`` times this environment's own ``claimcheck`` script instead.
Usage: python benchmarks/bench.py [--runs N] [--corpus-mb MB] [--files N] [--big-page-mb MB] [--here]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a cold one-file Markdown run cannot avoid importing: click (the CLI), markdown-it-py
# (the reader), regex (patterns) and textstat with pyphen (readability, loaded the way
# claimcheck loads it: without NLTK). Their import time is the floor under that run.
LIBRARIES = ("import click, markdown_it, regex; "
             "from claimcheck.readability import _load_textstat; _load_textstat()")


def timed(cmd: list[str], runs: int, env: dict, before=None) -> tuple[float, float]:
    """Median and best wall time (seconds) of ``runs`` runs of ``cmd`` (``before()`` untimed)."""
    times = []
    for _ in range(runs):
        if before:
            before()
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        times.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):
            sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()}")
    return statistics.median(times), min(times)


def sample_pages() -> list[Path]:
    """Realistic pages: the bundled sample pages, plus ../shared/seeds when present."""
    pages = sorted((ROOT / "fixtures" / "pages").glob("*.md"))
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        pages += sorted(seeds.glob("*.txt"))
    return pages


def build_corpus(folder: Path, megabytes: float, files: int) -> tuple[int, int]:
    """Write ``files`` distinct pages totalling about ``megabytes`` into ``folder``.

    Each page joins sample pages round-robin and starts with its own title, so no two
    files share content (the result cache is keyed on content).
    """
    pages = [p.read_text(encoding="utf-8") for p in sample_pages()]
    per_file = megabytes * 1_000_000 / files
    total, k = 0, 0
    for n in range(files):
        parts = [f"Page {n}: treatments and prices\n\n"]
        size = 0
        while size < per_file:
            parts.append(pages[k % len(pages)])
            size += len(parts[-1].encode("utf-8"))
            k += 1
        text = "\n\n".join(parts)
        cut = text.rfind("\n\n", 0, int(per_file))  # trim to size at a paragraph break
        text = text[:cut] if cut > 0 else text
        (folder / f"page{n:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return files, total


def installed_layout(folder: Path) -> tuple[str, str]:
    """A throwaway venv that imports claimcheck and its dependencies the way a regular
    install does: (python, claimcheck script)."""
    import claimcheck

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True).stdout.strip()
    source_root = Path(claimcheck.__file__).resolve().parent.parent
    Path(purelib, "claimcheck-bench.pth").write_text(
        f"{source_root}\n{sysconfig.get_path('purelib')}\n", encoding="utf-8")
    script = folder / "bin" / "claimcheck"
    script.write_text(f"#!{python}\nimport sys\nfrom claimcheck.cli import main\nsys.exit(main())\n",
                      encoding="utf-8")
    script.chmod(0o755)
    return str(python), str(script)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--corpus-mb", type=float, default=2.0)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--big-page-mb", type=float, default=0.0,
                    help="also time one page of this size (0: skip)")
    ap.add_argument("--here", action="store_true",
                    help="time this environment's claimcheck script (e.g. an editable install)")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="claimcheck-bench-"))
    if a.here:
        python = sys.executable
        exe = shutil.which("claimcheck", path=os.path.dirname(sys.executable)) or shutil.which("claimcheck")
        if not exe:
            sys.exit("claimcheck is not installed in this environment")
    else:
        python, exe = installed_layout(tmp / "venv")
    env = dict(os.environ, CLAIMCHECK_CACHE_DIR=str(tmp / "cache"), NO_COLOR="1")
    # Measure what users get: Python's bytecode cache on (some sandboxes turn it off,
    # which makes every run recompile claimcheck's modules from source).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        one = tmp / "one.md"
        one.write_text(sample_pages()[0].read_text(encoding="utf-8"), encoding="utf-8")
        corpus = tmp / "corpus"
        corpus.mkdir()
        files, size = build_corpus(corpus, a.corpus_mb, a.files)
        results_cache = tmp / "results"

        def clear_results() -> None:
            """Empty the per-file results cache (the compiled rules stay cached)."""
            for folder in results_cache.glob("results-*"):
                shutil.rmtree(folder, ignore_errors=True)

        page_text = sample_pages()[0].read_text(encoding="utf-8")
        edits = iter(range(10**9))

        def edit_one() -> None:
            """A change to the page, so its cached result no longer applies."""
            one.write_text(f"{page_text}\n\nUpdated {next(edits)}.\n", encoding="utf-8")
        for cache in (None, results_cache):  # warm the rule and bytecode caches
            extra = ["--cache-dir", str(cache)] if cache else []
            subprocess.run([exe, "check", *extra, str(one)], stdout=subprocess.DEVNULL, env=env)
        rows = [
            ("python -c pass (floor)", [python, "-c", "pass"], a.runs),
            ("import the libraries alone (see note)", [python, "-c", LIBRARIES], a.runs),
            ("claimcheck --version", [exe, "--version"], a.runs),
            (f"check one edited file ({one.stat().st_size / 1000:.1f} kB)", [exe, "check", str(one)],
             a.runs, edit_one),
            ("check one unchanged file (cached result)", [exe, "check", str(one)], a.runs, None),
        ]
        site = f"{files} files ({size / 1e6:.2f} MB)"
        for jobs in (1, 2):
            cmd = [exe, "check", "--format", "json", "--jobs", str(jobs), "--cache-dir",
                   str(results_cache), str(corpus)]
            rows.append((f"{site}, {jobs} process{'es' if jobs > 1 else ''}, cold", cmd,
                         max(1, a.runs // 3), clear_results))
        rows.append((f"{site}, warm cache", cmd, max(1, a.runs // 3), None))
        if a.big_page_mb:
            big = tmp / "big.txt"
            page = sample_pages()[0].read_text(encoding="utf-8")
            big.write_text(page * int(a.big_page_mb * 1e6 / len(page) + 1), encoding="utf-8")
            rows.append((f"check one {big.stat().st_size / 1e6:.1f} MB page", [exe, "check", "--cache-dir",
                         str(results_cache), str(big)], 1, clear_results))
        print(f"{'case':<48}{'median':>10}{'best':>10}")
        for name, cmd, runs, *before in rows:
            if before and before[0] is None:  # warm: fill the cache first
                subprocess.run(cmd, stdout=subprocess.DEVNULL, env=env)
            med, best = timed(cmd, runs, env, before[0] if before else None)
            print(f"{name:<48}{med * 1000:>8.0f}ms{best * 1000:>8.0f}ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
