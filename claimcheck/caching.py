"""Where claimcheck keeps its caches, what their keys include, and how entries are written.

Every cache key includes a stamp of claimcheck's own code (the package's files, sizes
and modification times), so editing a check in a checkout invalidates rules, lexicon
and result caches just as a new release does.
"""

from __future__ import annotations

import marshal
import os
from functools import lru_cache
from pathlib import Path

from claimcheck import __version__

try:  # importing hashlib loads OpenSSL (~4 ms of every run); BLAKE2 is built into CPython
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

# Bump when a cached data shape changes, so old caches are never read.
SCHEMA = 4
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def cache_dir(override: Path | None = None) -> Path:
    """Where claimcheck keeps caches: ``override`` (--cache-dir or config), else
    CLAIMCHECK_CACHE_DIR, else the user cache folder."""
    if override is not None:
        return Path(override)
    env = os.environ.get("CLAIMCHECK_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "claimcheck"


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """The version plus the paths, sizes and mtimes of the package's Python files."""
    listing = []
    for root, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for name in sorted(files):
            if name.endswith(".py"):
                st = os.stat(os.path.join(root, name))
                listing.append((os.path.relpath(os.path.join(root, name), _PACKAGE),
                                st.st_size, st.st_mtime_ns))
    return digest((__version__, SCHEMA, listing))


def digest(data) -> str:
    """A stable hex digest of plain data (its repr: dicts keep insertion order)."""
    return blake2b(repr(data).encode(), digest_size=20).hexdigest()


def cached(name: str, files: list[Path], use_cache: bool, build, root: Path | None = None):
    """``build()``'s plain data, cached with marshal keyed on the files' paths, sizes and mtimes."""
    if not use_cache:
        return build()
    listing = []
    for path in files:
        st = path.stat()
        listing.append((str(path), st.st_size, st.st_mtime_ns))
    cache_file = cache_dir(root) / f"{name}-{digest((code_stamp(), listing))}.marshal"
    try:
        return marshal.loads(cache_file.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = build()
    write_cache(cache_file, marshal.dumps(data))
    return data


def write_cache(path: Path, data: bytes) -> None:
    """Write a cache file atomically (safe when two runs share the folder); never fail a run."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass  # a cache is an optimisation; a read-only home must not break a run
