"""The approved-claims register: claims compliance has signed off, and the findings they cover."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from claimcheck.analysis import normalise
from claimcheck.errors import ConfigError
from claimcheck.ruleset import selector_matches

TOP_KEYS = ("claims",)
# key -> type spec (see yamlio.check_type); dates and jurisdictions are checked separately.
ENTRY_KEYS: dict[str, object] = {
    "claim": str,
    "source": str,
    "approved": None,
    "approver": str,
    "jurisdictions": ("list", str),
    "expires": None,
    "rules": ("list", str),
    "note": str,
}
REQUIRED = ("claim", "source")

# Matching ignores case, punctuation and spacing: text becomes its words (letters and
# digits) and percent signs, joined by single spaces.
_WORD = re.compile(r"[^\W_]+|%")
_INVISIBLE = str.maketrans({"\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None,
                            "\u2060": None, "\ufeff": None})
# Superscript footnote digits ("8 weeks¹") are markers, not part of the word before them.
_SUPERSCRIPT = str.maketrans({c: " " for c in "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"})
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?")
_YAML_DATE_LINE = re.compile(r"^\s*(?:-\s+)?([\w-]+):\s*(\d{4}-\d\d?-\d\d?)\b")


@lru_cache(maxsize=4096)
def normalise_claim(text: str) -> str:
    """Text as matching sees it: lower-case words and '%' joined by single spaces."""
    text = normalise(text.translate(_INVISIBLE)).translate(_SUPERSCRIPT).casefold()
    return " ".join(_WORD.findall(text))


@dataclass(frozen=True)
class Entry:
    """One approved claim."""

    claim: str
    source: str
    line: int
    approved: date | None = None
    approver: str | None = None
    jurisdictions: tuple[str, ...] = ()  # empty: everywhere
    expires: date | None = None
    rules: tuple[str, ...] = ()  # empty: findings of any rule
    note: str | None = None
    norm: str = field(default="", repr=False, compare=False)

    def applies_to(self, jurisdictions: tuple[str, ...]) -> bool:
        """True for a neutral run, an entry without jurisdictions, or an overlap."""
        return not self.jurisdictions or not jurisdictions or \
            any(j.upper() in self.jurisdictions for j in jurisdictions)

    def covers_rule(self, rule_id: str, category: str) -> bool:
        return not self.rules or any(selector_matches(c, rule_id, category) for c in self.rules)

    def expired(self, today: date) -> bool:
        """Expired the day after ``expires`` (a claim expiring today is still valid)."""
        return self.expires is not None and self.expires < today


class Register:
    """Approved claims from one file, with a word index for fast lookups."""

    def __init__(self, path: str, entries: list[Entry]):
        self.path = path
        self.entries = entries
        self._index: dict[str, list[int]] = {}  # word -> entries whose claim has it
        for i, entry in enumerate(entries):
            for word in set(entry.norm.split()):
                self._index.setdefault(word, []).append(i)

    def __len__(self) -> int:
        return len(self.entries)

    def covering(self, finding, jurisdictions: tuple[str, ...] = ()) -> list[Entry]:
        """Entries whose claim covers the finding's text, rule and jurisdictions, in file
        order, expired or not. Document-scope findings are never covered."""
        if finding.scope == "document":
            return []
        match = normalise_claim(finding.match or "")
        if not match:
            return []
        words = set(match.split())
        candidates = min((self._index.get(w, ()) for w in words), key=len)
        if not candidates:
            return []
        sentence = " " + normalise_claim(finding.sentence or "") + " "
        needle = " " + match + " "
        match_spans = list(_spans(sentence, needle))
        out = []
        for i in candidates:
            entry = self.entries[i]
            if not entry.covers_rule(finding.rule, finding.category) or \
                    not entry.applies_to(jurisdictions):
                continue
            if match == entry.norm or _inside(match_spans, sentence, entry.norm):
                out.append(entry)
        return out

    def status(self, finding, jurisdictions: tuple[str, ...], today: date
               ) -> tuple[Entry | None, Entry | None]:
        """(valid, expired): the first valid entry covering the finding; failing that,
        the expired entry that would have covered it (latest expiry); else None."""
        entries = self.covering(finding, jurisdictions)
        for entry in entries:
            if not entry.expired(today):
                return entry, None
        return None, max(entries, key=lambda e: e.expires) if entries else None

    def substantiation(self, finding, jurisdictions: tuple[str, ...], today: date) -> dict | None:
        """The first valid entry covering the finding, as a JSON-ready dict, or None."""
        valid, _ = self.status(finding, jurisdictions, today)
        return self.info(valid) if valid else None

    def expired_match(self, finding, jurisdictions: tuple[str, ...], today: date) -> dict | None:
        """When no valid entry covers the finding but an expired one would have: that
        entry's dict (its "expires" says when), so a verbose report can say so."""
        _, expired = self.status(finding, jurisdictions, today)
        return self.info(expired) if expired else None

    def partition(self, findings: list, jurisdictions: tuple[str, ...], today: date
                  ) -> tuple[list, list[tuple[object, dict]], list[tuple[object, dict]]]:
        """Split findings into (still reported, [(finding, substantiation)],
        [(finding, expired entry)]); the expired ones are also in the first list."""
        kept, substantiated, expired = [], [], []
        for f in findings:
            valid, old = self.status(f, jurisdictions, today)
            if valid is not None:
                substantiated.append((f, self.info(valid)))
                continue
            kept.append(f)
            if old is not None:
                expired.append((f, self.info(old)))
        return kept, substantiated, expired

    def info(self, entry: Entry) -> dict:
        return {
            "claim": entry.claim,
            "source": entry.source,
            "approved": entry.approved.isoformat() if entry.approved else None,
            "approver": entry.approver,
            "expires": entry.expires.isoformat() if entry.expires else None,
            "register": self.path,
            "line": entry.line,
        }


def _spans(text: str, needle: str):
    i = text.find(needle)
    while i >= 0:
        yield i, i + len(needle)
        i = text.find(needle, i + 1)


def _inside(match_spans: list[tuple[int, int]], sentence: str, claim: str) -> bool:
    """The claim occurs in the sentence and every occurrence of the match lies inside
    one of the claim's occurrences (the match's own position is not known, so a match
    that also occurs outside the claim is not covered)."""
    if not match_spans:
        return False
    claim_spans = list(_spans(sentence, " " + claim + " "))
    return bool(claim_spans) and all(
        any(cs <= ms and me <= ce for cs, ce in claim_spans) for ms, me in match_spans)


# --------------------------------------------------------------------------- loading

def load_register(path: Path | str) -> Register:
    """Read and validate a register file; problems raise ConfigError naming file:line."""
    from claimcheck import yamlio

    path = Path(path)
    where = str(path)
    try:
        data = yamlio.load_file(path, ConfigError)
    except ValueError as exc:  # ruamel fails on an impossible date such as 2026-02-30
        raise _impossible_date(path, exc) from None
    if not isinstance(data, dict):
        raise ConfigError("a register is a mapping with a 'claims' list", where, 1)
    for key in data:
        if key not in TOP_KEYS:
            raise ConfigError(f"unknown key {key!r}{yamlio.did_you_mean(key, TOP_KEYS)}",
                              where, yamlio.line_of(data, key))
    if "claims" not in data:
        raise ConfigError("a register is a mapping with a 'claims' list", where, 1)
    claims = data["claims"]
    if claims is None:
        claims = []
    yamlio.check_type(claims, list, "claims", where, yamlio.line_of(data, "claims"), ConfigError)
    entries = [_entry(item, yamlio.item_line(claims, i), where)
               for i, item in enumerate(claims)]
    return Register(where, entries)


def _entry(item, line: int, where: str) -> Entry:
    from claimcheck import yamlio
    from claimcheck.ruleset import JURISDICTIONS

    if not isinstance(item, dict):
        raise ConfigError("each claim must be a mapping with 'claim' and 'source'", where, line)
    for key in item:
        if key not in ENTRY_KEYS:
            raise ConfigError(f"unknown key {key!r}{yamlio.did_you_mean(key, ENTRY_KEYS)}",
                              where, yamlio.line_of(item, key))
    for key in REQUIRED:
        if key not in item:
            raise ConfigError(f"claim entry has no {key!r}", where, line)

    def at(key):
        return yamlio.line_of(item, key)

    values = {}
    for key, spec in ENTRY_KEYS.items():
        if key not in item or spec is None:
            continue
        value = item[key]
        if isinstance(value, str) and isinstance(spec, tuple):  # "UK, EU" for [UK, EU]
            value = [v.strip() for v in value.split(",") if v.strip()]
        yamlio.check_type(value, spec, key, where, at(key), ConfigError)
        if isinstance(value, str):
            value = " ".join(value.split())
            if not value:
                raise ConfigError(f"{key}: empty text", where, at(key))
        else:
            value = [str(v).strip() for v in value]
            if not value:
                meaning = "everywhere" if key == "jurisdictions" else "any rule"
                raise ConfigError(f"{key}: empty list (leave the key out to mean {meaning})",
                                  where, at(key))
            for i, v in enumerate(value):
                if not v:
                    raise ConfigError(f"{key}[{i}]: empty text", where, at(key))
        values[key] = value
    norm = normalise_claim(values["claim"])
    if not norm:
        raise ConfigError(f"claim: {values['claim']!r} has no words to match", where, at("claim"))
    jurisdictions = tuple(j.upper() for j in values.get("jurisdictions", ()))
    for j in jurisdictions:
        if j not in JURISDICTIONS:
            raise ConfigError(f"jurisdictions: {j!r} is not one of {', '.join(JURISDICTIONS)} "
                              "(leave the key out to mean everywhere)", where, at("jurisdictions"))
    approved = _date(item, "approved", where)
    expires = _date(item, "expires", where)
    if approved and expires and expires < approved:
        raise ConfigError(f"expires: {expires.isoformat()} is before approved {approved.isoformat()}",
                          where, at("expires"))
    return Entry(
        claim=values["claim"], source=values["source"], line=line, approved=approved,
        approver=values.get("approver"), jurisdictions=tuple(dict.fromkeys(jurisdictions)),
        expires=expires, rules=tuple(values.get("rules", ())), note=values.get("note"), norm=norm,
    )


def _date(item, key: str, where: str) -> date | None:
    """A YAML date (2026-02-10) or an ISO text ("2026-02-10"); a time of day is ignored."""
    from claimcheck import yamlio

    if key not in item:
        return None
    value = item[key]
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    line = yamlio.line_of(item, key)
    if isinstance(value, str):
        m = _ISO_DATE.fullmatch(value.strip())
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError as exc:
                raise ConfigError(f"{key}: {value.strip()!r} is not a valid date ({exc})",
                                  where, line) from None
        raise ConfigError(f"{key}: {value!r} is not a date (write YYYY-MM-DD)", where, line)
    raise ConfigError(f"{key}: {value!r} is not a date (write YYYY-MM-DD)", where, line)


def _impossible_date(path: Path, exc: ValueError) -> ConfigError:
    """The error for a date ruamel could not build, located by scanning the text."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    for n, text in enumerate(lines, 1):
        m = _YAML_DATE_LINE.match(text)
        if not m:
            continue
        y, mo, d = (int(x) for x in m.group(2).split("-"))
        try:
            date(y, mo, d)
        except ValueError as err:
            return ConfigError(f"{m.group(1)}: {m.group(2)!r} is not a valid date ({err})",
                               str(path), n)
    return ConfigError(f"invalid value: {exc}", str(path))
