"""Project configuration: ``.claimcheck.yaml`` or ``[tool.claimcheck]`` in pyproject.toml."""

from __future__ import annotations

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
    if path.name == "pyproject.toml":
        data, lines = _load_pyproject(path), None
    else:
        data = yamlio.load_file(path, ConfigError)
        lines = data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the config must be a mapping of keys to values", where, 1)

    def line(key):
        return yamlio.line_of(lines, key) if lines is not None else None

    for key, value in data.items():
        if key not in KEYS:
            raise ConfigError(f"unknown key {key!r}{yamlio.did_you_mean(key, KEYS)}", where, line(key))
        if isinstance(value, str) and isinstance(KEYS[key], tuple) and KEYS[key][0] == "list":
            value = data[key] = [v.strip() for v in value.split(",") if v.strip()]
        yamlio.check_type(value, KEYS[key], key, where, line(key), ConfigError)
    severity = yamlio.plain(data.get("severity", {}))
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"severity: {code}: {level!r} is not one of {', '.join(SEVERITIES)}",
                              where, line("severity"))
    base = path.parent
    return Config(
        path=path,
        jurisdiction=tuple(data.get("jurisdiction", ())),
        select=tuple(data.get("select", ())),
        ignore=tuple(data.get("ignore", ())),
        severity=severity,
        extra_rules=tuple((base / p).resolve() for p in data.get("extra-rules", ())),
        include=tuple(data.get("include", ())),
        exclude=tuple(data.get("exclude", ())),
        fail_on=data.get("fail-on"),
    )


def _load_pyproject(path: Path) -> dict:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    return doc.get("tool", {}).get("claimcheck", {})
