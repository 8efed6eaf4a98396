"""YAML loading with ruamel.yaml that keeps line numbers, plus small schema checks."""

from __future__ import annotations

import difflib
from pathlib import Path

from claimcheck.errors import ClaimcheckError


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def load_text(text: str, where: str, error: type[ClaimcheckError]):
    """Parse YAML text; syntax errors become ``error`` naming where:line."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise error(f"invalid YAML: {' '.join(str(problem).split())}", where, line) from None
    except YAMLError as exc:
        raise error(f"invalid YAML: {' '.join(str(exc).split())}", where) from None


def load_file(path: Path, error: type[ClaimcheckError]):
    """Read and parse a YAML file as UTF-8; unreadable files become ``error``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error("not UTF-8 text", str(path), line) from None
    return load_text(text, str(path), error)


def line_of(mapping, key) -> int:
    """1-based line of a key in a ruamel mapping (1 when unknown)."""
    try:
        return mapping.lc.key(key)[0] + 1
    except (AttributeError, KeyError, TypeError):
        return 1


def item_line(seq, index: int) -> int:
    """1-based line of a sequence item in a ruamel sequence (1 when unknown)."""
    try:
        return seq.lc.item(index)[0] + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return 1


def did_you_mean(key: str, known) -> str:
    close = difflib.get_close_matches(str(key), list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def plain(value):
    """Convert ruamel containers to plain dicts, lists and strings."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


_TYPE_NAMES = {str: "text", bool: "true or false", dict: "a mapping", int: "a whole number",
               float: "a number", list: "a list"}


def check_type(value, spec, key: str, where: str, line: int, error: type[ClaimcheckError]) -> None:
    """Raise ``error`` unless ``value`` fits ``spec`` (a type, ("enum", vals) or ("list", spec))."""
    if isinstance(spec, tuple) and spec[0] == "enum":
        if value not in spec[1]:
            raise error(f"{key}: {value!r} is not one of {', '.join(map(str, spec[1]))}", where, line)
        return
    if isinstance(spec, tuple) and spec[0] == "list":
        if isinstance(value, str) and spec[1] is str:
            raise error(f"{key}: expected a list of text, got a single text (write [\"...\"])",
                        where, line)
        if not isinstance(value, list):
            raise error(f"{key}: expected a list", where, line)
        for i, item in enumerate(value):
            check_type(item, spec[1], f"{key}[{i}]", where, item_line(value, i), error)
        return
    if spec is float and isinstance(value, int) and not isinstance(value, bool):
        return
    if not isinstance(value, spec) or (spec is int and isinstance(value, bool)):
        raise error(f"{key}: expected {_TYPE_NAMES.get(spec, spec.__name__)}, "
                    f"got {_kind_of(value)}", where, line)


def _kind_of(value) -> str:
    for t in (bool, dict, list, str, int, float):
        if isinstance(value, t):
            return _TYPE_NAMES[t]
    return "nothing" if value is None else type(value).__name__
