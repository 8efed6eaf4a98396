"""Runs the linter over many files: reading, the per-file result cache, worker processes, progress.

The main process reads and decodes every file (so errors, snippets and fixes need no
second read) and looks its result up in the cache; only the misses are linted, in this
process for small runs and in a pool of worker processes for large ones. Results come
back in input order whatever the scheduling, so output is deterministic.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

from claimcheck import caching
from claimcheck.caching import blake2b, digest
from claimcheck.errors import InputError
from claimcheck.findings import Finding
from claimcheck.sourcefile import SourceText

# Below this many files to lint, starting worker processes costs more than it saves.
MIN_FILES_PER_WORKER = 8
_FIELDS = tuple(f.name for f in fields(Finding))
# What linting one file gives: reportable findings, unused-suppression findings,
# warnings ("path:line:col: message") about malformed or unknown suppressions, and the
# document's reading grade (or None).
Outcome = tuple[list[Finding], list[Finding], list[str], float | None]


@dataclass
class FileResult:
    """What one input produced: its decoded source, findings and suppression notes, or an error."""

    path: str
    source: SourceText | None = None
    findings: list[Finding] = field(default_factory=list)
    unused: list[Finding] = field(default_factory=list)  # unused suppression directives
    warnings: list[str] = field(default_factory=list)  # malformed or unknown suppressions
    grade: float | None = None  # the document's reading grade, when readability rules run
    error: InputError | None = None
    cached: bool = False


class ResultCache:
    """Per-file results on disk, keyed on content, format, rules, lexicon, settings and version.

    Entries are written atomically, so two runs may share the folder; a corrupt or
    unreadable entry is a miss, never an error. Paths are not part of the key (the
    findings' path is filled in on the way out), so moved or copied files hit.
    """

    def __init__(self, folder: Path, fingerprint: str):
        self.folder = folder / f"results-{fingerprint[:20]}"
        self.fingerprint = fingerprint

    def key(self, fmt: str, data: bytes) -> str:
        h = blake2b(data, digest_size=20, key=self.fingerprint[:64].encode())
        h.update(fmt.encode())
        return h.hexdigest()

    def get(self, key: str, path: str) -> Outcome | None:
        try:
            found, unused, warnings, grade = marshal.loads((self.folder / key[:2] / key).read_bytes())
            return ([_finding(d, path) for d in found], [_finding(d, path) for d in unused],
                    [f"{path}:{w}" for w in warnings], grade)
        except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
            return None

    def put(self, key: str, path: str, outcome: Outcome) -> None:
        from claimcheck.caching import write_cache

        found, unused, warnings, grade = outcome
        data = ([_plain(f) for f in found], [_plain(f) for f in unused],
                [w[len(path) + 1:] for w in warnings], grade)
        write_cache(self.folder / key[:2] / key, marshal.dumps(data))


def fingerprint(*parts) -> str:
    """A stable hash of everything besides the text that decides a file's findings."""
    return digest((caching.code_stamp(), parts))


def _plain(f: Finding) -> tuple:
    return tuple(getattr(f, name) for name in _FIELDS[1:])  # path is filled in on load


def _finding(values, path: str) -> Finding:
    return Finding(path, *values)


# -- linting one file (in this process or a worker) ---------------------------------

_WORKER: dict = {}


def _init_worker(rules, lexicon, known) -> None:
    from claimcheck.engine import Linter

    _WORKER["linter"] = Linter(rules, lexicon)
    _WORKER["known"] = known


def _lint_one(job: tuple[str, str]) -> Outcome:
    path, text = job
    return lint_source(_WORKER["linter"], path, text, _WORKER["known"])


def lint_source(linter, path: str, text: str, known=None) -> Outcome:
    """One text's findings after its inline suppressions, with unused ones and warnings.

    ``known`` is every loaded rule (default: the linter's), so a directive naming a
    rule this run does not select is not called unknown.
    """
    findings, grade = linter.check(path, text)
    if "claimcheck" not in text.lower():  # no directive can be there: skip importing the parser
        return findings, [], [], grade
    from claimcheck.readers import format_for
    from claimcheck.suppressions import parse_suppressions

    sup = parse_suppressions(text, format_for(path))
    if not sup.directives and not sup.problems:
        return findings, [], [], grade
    kept = sup.filter(findings)
    problems = sup.problems + sup.unknown_selectors(known or linter.rules)
    return (kept, sup.unused_findings(path, rules=linter.rules), [p.format(path) for p in problems],
            grade)


# -- the whole run ------------------------------------------------------------------

def run_files(paths: Iterable[tuple[str, Callable[[], SourceText]]], linter, *, jobs: int = 1,
              cache: ResultCache | None = None, progress=None, known=None) -> list[FileResult]:
    """Lint every (path, reader) pair; ``progress(n)`` is called as files finish.

    ``known``: every loaded rule, for validating suppression comments (see lint_source).
    """
    from claimcheck.readers import format_for

    results: list[FileResult] = []
    todo: list[tuple[FileResult, str | None]] = []
    for path, read in paths:
        result = FileResult(path)
        results.append(result)
        try:
            result.source = read()
        except InputError as exc:
            result.error = exc
            _tick(progress)
            continue
        key = None
        if cache is not None:
            raw = result.source.text.encode("utf-8", "surrogatepass")
            key = cache.key(format_for(path), raw)
            hit = cache.get(key, path)
            if hit is not None:
                result.findings, result.unused, result.warnings, result.grade = hit
                result.cached = True
                _tick(progress)
                continue
        todo.append((result, key))

    workers = min(jobs, len(todo) // MIN_FILES_PER_WORKER)

    def done(i: int, outcome: Outcome) -> None:
        result, key = todo[i]
        result.findings, result.unused, result.warnings, result.grade = outcome
        if cache is not None and key is not None:
            cache.put(key, result.path, outcome)
        _tick(progress)

    jobs_in = [(r.path, r.source.text) for r, _ in todo]
    if workers > 1:
        _in_pool(linter, known, jobs_in, workers, done)
    else:
        for i, (path, text) in enumerate(jobs_in):
            done(i, lint_source(linter, path, text, known))
    return results


def _in_pool(linter, known, jobs_in: list[tuple[str, str]], workers: int, done) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the already-imported modules; elsewhere workers start fresh.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    chunk = max(1, min(16, len(jobs_in) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(linter.rules, linter.lexicon, known)) as pool:
        for i, outcome in enumerate(pool.map(_lint_one, jobs_in, chunksize=chunk)):
            done(i, outcome)


def _tick(progress) -> None:
    if progress is not None:
        progress(1)


def default_jobs() -> int:
    """Worker processes to use by default: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
