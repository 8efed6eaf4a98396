"""Expands command-line paths into the files to check, with include and exclude globs."""

from __future__ import annotations

import os
from fnmatch import fnmatch
from pathlib import PurePosixPath

from claimcheck.errors import InputError

DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.txt", "*.html", "*.htm")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                   ".tox", ".nox", "build", "dist", "site-packages", ".claimcheck_cache")


def matches(path: str, patterns) -> bool:
    """Whether a relative posix path, or its file name, or any leading folder matches."""
    p = PurePosixPath(path)
    for pat in patterns:
        pat = pat.rstrip("/")
        if fnmatch(path, pat) or fnmatch(p.name, pat):
            return True
        if pat.endswith("/**") and (path + "/").startswith(pat[:-2]):
            return True
        if any(fnmatch(part, pat) for part in p.parts[:-1]):
            return True
    return False


def discover(paths: list[str], include=(), exclude=()) -> tuple[list[str], list[InputError]]:
    """Files named on the command line, plus matching files found under named folders.

    A file named explicitly is always checked; files found by walking a folder must
    match an include glob and no exclude glob. Order is stable: as given, then sorted.
    A path that does not exist is returned as an error; the others are still checked.
    """
    include = tuple(include) or DEFAULT_INCLUDE
    exclude = DEFAULT_EXCLUDE + tuple(exclude)
    out: list[str] = []
    errors: list[InputError] = []
    seen: set[str] = set()
    for arg in paths:
        if os.path.isdir(arg):
            for root, dirs, files in os.walk(arg):
                rel_root = os.path.relpath(root, arg)
                dirs[:] = sorted(d for d in dirs if not matches(_rel(rel_root, d), exclude)
                                 and not d.startswith("."))
                for name in sorted(files):
                    rel = _rel(rel_root, name)
                    if matches(rel, include) and not matches(rel, exclude):
                        full = os.path.join(root, name)
                        if _key(full) not in seen:
                            seen.add(_key(full))
                            out.append(full)
        elif os.path.exists(arg) or os.path.islink(arg):
            if _key(arg) not in seen:
                seen.add(_key(arg))
                out.append(arg)
        else:
            errors.append(InputError("no such file or directory", arg))
    return out, errors


def _key(path: str) -> str:
    """One spelling per file, so 'page.md' and './page.md' are checked once."""
    return os.path.normcase(os.path.realpath(path))


def _rel(root: str, name: str) -> str:
    return name if root == "." else PurePosixPath(root.replace(os.sep, "/"), name).as_posix()
