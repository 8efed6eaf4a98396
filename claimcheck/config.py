"""Project configuration: ``.claimcheck.yaml`` or ``[tool.claimcheck]`` in pyproject.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from claimcheck.errors import ConfigError
from claimcheck.findings import SEVERITIES

CONFIG_NAMES = (".claimcheck.yaml", ".claimcheck.yml")
FAIL_ON = ("error", "warning", "info", "never")

# key -> type spec (see yamlio.check_type)
KEYS: dict[str, object] = {
    "jurisdiction": ("list", str),
    "select": ("list", str),
    "ignore": ("list", str),
    "severity": dict,
    "extra-rules": ("list", str),
    "include": ("list", str),
    "exclude": ("list", str),
    "fail-on": ("enum", FAIL_ON),
    "per-file-ignores": dict,
    "baseline": str,
    "register": str,
    "cache-dir": str,
}


@dataclass
class Config:
    """Settings from a config file; CLI options override them."""

    path: Path | None = None
    jurisdiction: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    extra_rules: tuple[Path, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: str | None = None
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    baseline: Path | None = None
    register: Path | None = None
    cache_dir: Path | None = None


def find_config(start: Path) -> Path | None:
    """The nearest config file walking up from ``start``: a .claimcheck.yaml, or a
    pyproject.toml that has a [tool.claimcheck] table."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                if "[tool.claimcheck" in pyproject.read_text(encoding="utf-8", errors="replace"):
                    return pyproject
            except OSError:
                pass
    return None


def load_config(path: Path) -> Config:
    """Read and validate a config file; problems raise ConfigError naming file:line."""
    from claimcheck import yamlio

    where = str(path)
    toml_text = None
    if path.name == "pyproject.toml":
        data, toml_text = _load_pyproject(path)
    else:
        data = yamlio.load_file(path, ConfigError)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the config must be a mapping of keys to values", where, 1)

    def line(key):
        if toml_text is not None:
            return _toml_line(toml_text, key)
        return yamlio.line_of(data, key)

    for key, value in data.items():
        if key not in KEYS:
            raise ConfigError(f"unknown key {key!r}{yamlio.did_you_mean(key, KEYS)}", where, line(key))
        if isinstance(value, str) and isinstance(KEYS[key], tuple) and KEYS[key][0] == "list":
            value = data[key] = [v.strip() for v in value.split(",") if v.strip()]
        yamlio.check_type(value, KEYS[key], key, where, line(key), ConfigError)
    from claimcheck.ruleset import JURISDICTIONS

    for j in data.get("jurisdiction", ()):
        if j.upper() not in JURISDICTIONS:
            raise ConfigError(f"jurisdiction: {j!r} is not one of {', '.join(JURISDICTIONS)}",
                              where, line("jurisdiction"))
    severity = yamlio.plain(data.get("severity", {}))
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"severity: {code}: {level!r} is not one of {', '.join(SEVERITIES)}",
                              where, line("severity"))
    per_file = _per_file_ignores(yamlio.plain(data.get("per-file-ignores", {})), where,
                                 line("per-file-ignores"))
    base = path.parent

    def relative(key):
        return (base / data[key]).resolve() if data.get(key) else None

    return Config(
        path=path,
        jurisdiction=tuple(j.upper() for j in data.get("jurisdiction", ())),
        select=tuple(data.get("select", ())),
        ignore=tuple(data.get("ignore", ())),
        severity=severity,
        extra_rules=tuple((base / p).resolve() for p in data.get("extra-rules", ())),
        include=tuple(data.get("include", ())),
        exclude=tuple(data.get("exclude", ())),
        fail_on=data.get("fail-on"),
        per_file_ignores=per_file,
        baseline=relative("baseline"),
        register=relative("register"),
        cache_dir=relative("cache-dir"),
    )


def _per_file_ignores(value: dict, where: str, line: int | None) -> dict[str, tuple[str, ...]]:
    """``{glob: [selector, ...]}``; a selector string may also be comma-separated."""
    out = {}
    for glob, selectors in value.items():
        if isinstance(selectors, str):
            selectors = [s.strip() for s in selectors.split(",") if s.strip()]
        if not isinstance(selectors, list) or not all(isinstance(s, str) for s in selectors):
            raise ConfigError(f"per-file-ignores: {glob}: expected a list of rules or categories",
                              where, line)
        out[str(glob)] = tuple(selectors)
    return out


def _load_pyproject(path: Path) -> tuple[dict, str]:
    """The [tool.claimcheck] table and the file's text (for line numbers)."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", str(path)) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
        line = int(m.group(1)) if m else None
        message = message[: m.start()] if m else message
        raise ConfigError(f"invalid TOML: {message}", str(path), line) from None
    return doc.get("tool", {}).get("claimcheck", {}), text


def _toml_line(text: str, key: str) -> int | None:
    """Line of ``key`` inside the [tool.claimcheck] tables of a pyproject.toml."""
    in_table = False
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            in_table = line.strip("[] ").startswith("tool.claimcheck")
            if in_table and line.strip("[] ") == f"tool.claimcheck.{key}":
                return n
            continue
        if in_table and re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", line):
            return n
    return None
