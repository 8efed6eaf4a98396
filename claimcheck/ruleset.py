"""Loads rule YAML files, validates them with file:line errors, and caches the result.

Rules are data: one YAML file per rule, its id derived from its path below the rule
folder (``rules/absolute/permanent.yaml`` is ``absolute/permanent``). Files whose name
starts with ``_`` hold shared data (lexicons), not rules. Parsing YAML with ruamel.yaml
is the slowest step of start-up, so validated rules are cached (marshal) keyed on the
files' paths, sizes and modification times.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from claimcheck.caching import cached, digest
from claimcheck.errors import RuleError
from claimcheck.findings import SEVERITIES

CATEGORIES = ("absolute", "superlative", "medical", "statistic", "disclaimer",
              "contradiction", "regulatory", "readability")
JURISDICTIONS = ("US", "UK", "EU", "AU", "CA")
CONTEXT_FLAGS = ("negated", "hedged", "question", "quoted", "cited", "heading")

# key -> type spec; a spec is a type, ("enum", values) or ("list", type).
COMMON_KEYS: dict[str, object] = {
    "kind": str,
    "category": ("enum", CATEGORIES),
    "severity": ("enum", SEVERITIES),
    "message": str,
    "why": str,
    "source": str,
    "jurisdictions": ("list", str),
    "suggest": ("list", dict),
    "examples": dict,
    "ignore_when": ("list", ("enum", CONTEXT_FLAGS)),
    "exceptions": ("list", str),
    "enabled": bool,
    "description": str,
    "when_subject": ("list", ("enum", ("procedure", "device", "product", "drug", "unknown"))),
    "when_fda": ("list", ("enum", ("cleared", "approved", "none", "unknown"))),
    "once": bool,
}
REQUIRED_KEYS = ("kind", "category", "severity", "message", "why", "source", "examples")


@dataclass(frozen=True)
class Rule:
    """A validated rule: common fields plus kind-specific ``options``."""

    id: str
    kind: str
    category: str
    severity: str
    message: str
    why: str
    source: str
    path: str
    line: int = 1
    jurisdictions: tuple[str, ...] = ("all",)
    suggest: tuple[dict, ...] = ()
    examples: dict = field(default_factory=dict)
    ignore_when: frozenset[str] = frozenset()
    exceptions: tuple[str, ...] = ()
    enabled: bool = True
    description: str = ""
    when_subject: tuple[str, ...] = ()
    when_fda: tuple[str, ...] = ()
    once: bool = False
    options: dict = field(default_factory=dict, hash=False, compare=False)
    # what the rule's kind derives from it once, at load time (cached with the rule),
    # e.g. the literals each pattern requires; see Check.derive
    derived: dict = field(default_factory=dict, hash=False, compare=False, repr=False)
    # digest of the rule's data as loaded (set by load_rules): cheap result-cache keys
    digest: str = field(default="", compare=False, repr=False)

    def applies_to(self, jurisdictions: tuple[str, ...]) -> bool:
        """Whether the rule runs for the chosen jurisdictions (none chosen: neutral rules)."""
        if "all" in self.jurisdictions:
            return True
        return any(j in self.jurisdictions for j in jurisdictions)


def builtin_rules_dir() -> Path:
    """The rules shipped with claimcheck: claimcheck/_rules when installed, ./rules in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "_rules"
    return installed if installed.is_dir() else here.parent / "rules"


def rule_files(folder: Path) -> list[Path]:
    """Rule files below a folder, sorted; ``_``-prefixed files and folders are data."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")) and not name.startswith("_"):
                out.append(Path(root) / name)
    return out


def load_rules(folders: list[Path], use_cache: bool = True, cache_root: Path | None = None) -> list[Rule]:
    """Load and validate every rule in ``folders``; a later folder overrides an earlier id."""
    listing = [(folder, path) for folder in _existing(folders) for path in rule_files(folder)]

    def build() -> list[Rule]:
        rules: dict[str, Rule] = {}
        for folder, path in listing:
            rule = parse_rule_file(path, folder)
            rules[rule.id] = rule
        return list(rules.values())

    data = cached("rules", [p for _, p in listing], use_cache,
                  lambda: [rule_data(r) | {"digest": rule_digest(r)} for r in build()], cache_root)
    return [_rule_from_cache(d) for d in data]


def load_lexicon(folders: list[Path], use_cache: bool = True, cache_root: Path | None = None):
    """The subject lexicon from ``_lexicon/*.yaml`` in each folder (later ids replace earlier)."""
    from claimcheck.lexicon import Lexicon, lexicon_files, parse_lexicon_file

    files = [path for folder in _existing(folders) for path in lexicon_files(folder)]

    def build() -> list[dict]:
        subjects = {}
        for path in files:
            for subject in parse_lexicon_file(path):
                subjects[subject.id] = subject
        data = Lexicon(list(subjects.values())).to_data()
        return {"subjects": data, "digest": digest(data)}

    data = cached("lexicon", files, use_cache, build, cache_root)
    lexicon = Lexicon.from_data(data["subjects"])
    lexicon.digest = data["digest"]
    return lexicon


def _existing(folders: list[Path]) -> list[Path]:
    for folder in folders:
        if not folder.is_dir():
            raise RuleError("rule folder not found", str(folder))
    return list(folders)


def rule_data(rule: Rule) -> dict:
    """A rule as plain, order-stable data (for caches and cache keys)."""
    d = {k: getattr(rule, k) for k in rule.__dataclass_fields__ if k != "digest"}
    d["ignore_when"] = tuple(sorted(rule.ignore_when))
    d["when_subject"] = tuple(rule.when_subject)
    d["when_fda"] = tuple(rule.when_fda)
    return d


def rule_digest(rule: Rule) -> str:
    """A digest of everything that decides the rule's findings (computed once, when loaded)."""
    return rule.digest or digest(rule_data(rule))


def rules_fingerprint(rules: list[Rule]) -> list[tuple[str, str]]:
    """What identifies a selection of rules in a cache key: each one's digest and the
    severity it runs at (a config override changes the severity, not the digest)."""
    return [(rule_digest(r), r.severity) for r in rules]


def _rule_from_cache(d: dict) -> Rule:
    d = dict(d)
    d["ignore_when"] = frozenset(d["ignore_when"])
    d["when_subject"] = tuple(d["when_subject"])
    d["when_fda"] = tuple(d["when_fda"])
    return Rule(**d)


def rule_id_for(path: Path, folder: Path) -> str:
    rel = path.relative_to(folder).with_suffix("")
    return "/".join(rel.parts)


def parse_rule_file(path: Path, folder: Path) -> Rule:
    """Parse and validate one rule file, raising RuleError with file:line on any problem."""
    from claimcheck import yamlio

    data = yamlio.load_file(path, RuleError)
    where = str(path)
    if not isinstance(data, dict):
        raise RuleError("a rule file must be a mapping of keys to values", where, 1)
    from claimcheck.checks import kind_class

    kind = data.get("kind")
    if kind is None:
        raise RuleError("missing required key 'kind'", where, 1)
    if not isinstance(kind, str):
        raise RuleError("kind: expected text, the name of one rule kind", where,
                        yamlio.line_of(data, "kind"))
    cls = kind_class(kind)
    if cls is None:
        from claimcheck.checks import KINDS
        raise RuleError(f"unknown rule kind {kind!r} (known: {', '.join(KINDS)})",
                        where, yamlio.line_of(data, "kind"))
    spec = {**COMMON_KEYS, **cls.KEYS}
    for key in data:
        if key not in spec:
            hint = yamlio.did_you_mean(key, spec)
            raise RuleError(f"unknown key {key!r}{hint}", where, yamlio.line_of(data, key))
    for key in (*REQUIRED_KEYS, *cls.REQUIRED):
        if key not in data:
            raise RuleError(f"missing required key {key!r}", where, 1)
    for key, value in data.items():
        yamlio.check_type(value, spec[key], key, where, yamlio.line_of(data, key), RuleError)
    _check_examples(data, where)
    _check_suggest(data, where)
    _check_exceptions(data, where)
    jurisdictions = tuple(j if j == "all" else j.upper() for j in data.get("jurisdictions", ["all"]))
    for j in jurisdictions:
        if j != "all" and j not in JURISDICTIONS:
            raise RuleError(f"unknown jurisdiction {j!r} (known: all, {', '.join(JURISDICTIONS)})",
                            where, yamlio.line_of(data, "jurisdictions"))
    options = {k: yamlio.plain(data[k]) for k in cls.KEYS if k in data}
    rule = Rule(
        id=rule_id_for(path, folder),
        kind=kind,
        category=data["category"],
        severity=data["severity"],
        message=data["message"].strip(),
        why=" ".join(data["why"].split()),
        source=" ".join(data["source"].split()),
        path=where,
        line=1,
        jurisdictions=jurisdictions,
        suggest=tuple(yamlio.plain(data.get("suggest", []))),
        examples=yamlio.plain(data["examples"]),
        ignore_when=frozenset(data.get("ignore_when", [])),
        exceptions=tuple(data.get("exceptions", [])),
        enabled=data.get("enabled", True),
        description=" ".join(data.get("description", "").split()),
        when_subject=tuple(data.get("when_subject", ())),
        when_fda=tuple(data.get("when_fda", ())),
        once=data.get("once", False),
        options=options,
    )
    cls.validate(rule, data, where)
    return replace(rule, derived=cls.derive(rule))


def _check_examples(data, where: str) -> None:
    from claimcheck import yamlio

    ex = data["examples"]
    line = yamlio.line_of(data, "examples")
    for key in ex:
        if key not in ("flag", "pass"):
            raise RuleError(f"examples: unknown key {key!r} (use 'flag' and 'pass')", where,
                            yamlio.line_of(ex, key))
    for key in ("flag", "pass"):
        items = ex.get(key)
        if not items:
            raise RuleError(f"examples: at least one {key!r} example is required", where, line)
        yamlio.check_type(items, ("list", str), f"examples.{key}", where,
                          yamlio.line_of(ex, key), RuleError)


def _check_exceptions(data, where: str) -> None:
    from claimcheck.phrases import validate_phrases

    validate_phrases(data.get("exceptions", []), "exceptions", where)


def _check_suggest(data, where: str) -> None:
    from claimcheck import yamlio

    for i, item in enumerate(data.get("suggest", [])):
        line = yamlio.item_line(data["suggest"], i)
        keys = set(item)
        if not keys or not keys <= {"replace", "advice", "safe", "for"} or \
                ("replace" in keys) == ("advice" in keys):
            raise RuleError("suggest: each item needs exactly one of 'replace' or 'advice' "
                            "(a replace may add 'safe: false' and 'for: [phrases]')", where, line)
        for k in ("replace", "advice"):
            if k in item and not isinstance(item[k], str):
                raise RuleError(f"suggest: {k!r} must be text", where, line)
        if "for" in item:
            yamlio.check_type(item["for"], ("list", str), "suggest: for", where, line, RuleError)
            if "replace" not in item:
                raise RuleError("suggest: 'for' applies to a 'replace' suggestion", where, line)
        if "safe" in item and not isinstance(item["safe"], bool):
            raise RuleError("suggest: 'safe' must be true or false", where, line)


def select_rules(rules: list[Rule], select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
                 jurisdictions: tuple[str, ...] = (),
                 severity: dict[str, str] | None = None) -> list[Rule]:
    """Rules that are enabled, selected, not ignored and apply to the jurisdictions."""
    for code in (*select, *ignore):
        if not any(matches_selector(r, code) for r in rules):
            from claimcheck.errors import ClaimcheckError
            raise ClaimcheckError(f"no rule or category matches {code!r}; see 'claimcheck rules list'")
    out = []
    for rule in rules:
        if not rule.enabled and not any(matches_selector(rule, c) and c == rule.id for c in select):
            continue
        if select and not any(matches_selector(rule, c) for c in select):
            continue
        if any(matches_selector(rule, c) for c in ignore):
            continue
        if not rule.applies_to(jurisdictions):
            continue
        if severity:
            level = override_for(rule, severity)
            if level and level != rule.severity:
                rule = replace(rule, severity=level)
        out.append(rule)
    return out


def matches_selector(rule: Rule, code: str) -> bool:
    """A selector is a category, a rule id, or a leading part of an id ('absolute/')."""
    return selector_matches(code, rule.id, rule.category)


def selector_matches(code: str, rule_id: str, category: str) -> bool:
    """``matches_selector`` for a finding's rule id and category."""
    code = code.strip().rstrip("/")
    return code in ("ALL", "all") or code == category or rule_id == code or \
        rule_id.startswith(code + "/")


def override_for(rule: Rule, severity: dict[str, str]) -> str | None:
    """The most specific severity override for a rule (longest matching selector)."""
    best = None
    for code, level in severity.items():
        if matches_selector(rule, code) and (best is None or len(code) > len(best[0])):
            best = (code, level)
    return best[1] if best else None
