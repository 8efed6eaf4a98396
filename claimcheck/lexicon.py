"""The subject lexicon: treatments, devices, products and medicines a sentence can be about.

Loaded from ``_lexicon/*.yaml`` in each rule folder (later folders add or replace
subjects by id) and matched on tokens with the same phrase syntax as rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.errors import RuleError

if TYPE_CHECKING:
    from claimcheck.phrases import PhraseIndex

SUBJECT_TYPES = ("procedure", "device", "product", "drug")
FDA_STATUS = ("cleared", "approved", "none")
_KEYS = {"id": str, "name": str, "type": ("enum", SUBJECT_TYPES), "aliases": ("list", str),
         "fda": ("enum", FDA_STATUS), "prescription": bool, "generic": bool, "surgical": bool}


@dataclass(frozen=True)
class Subject:
    """A treatment, device, product type or medicine."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    fda: str = "none"
    prescription: bool = False
    generic: bool = False
    surgical: bool = False  # surgery: after "non-surgical" or "liquid" it names what a treatment is not


class Lexicon:
    """Finds subject mentions in a block's tokens."""

    def __init__(self, subjects: list[Subject]):
        self.subjects = {s.id: s for s in subjects}
        self._owner = [s for s in self.subjects.values() for _ in s.aliases]
        self._index: PhraseIndex | None = None  # built on first use
        self.digest = ""  # of the loaded data, set by load_lexicon (see fingerprint)

    @property
    def index(self) -> PhraseIndex:
        if self._index is None:
            from claimcheck.phrases import PhraseIndex, PhraseSpec  # not needed on cached runs

            self._index = PhraseIndex([PhraseSpec(a, inflect=False)
                                       for s in self.subjects.values() for a in s.aliases])
        return self._index

    def mentions(self, tokens, norm: str, first: int, last: int,
                 positions: dict[str, list[int]] | None = None) -> list[tuple[int, int, Subject]]:
        """(first token, last token, subject) of each mention in tokens first..last-1."""
        return [(i, j, self._owner[n])
                for i, j, n in self.index.find(tokens, norm, first, last, longest=True, positions=positions)]

    @cached_property
    def single_word_names(self) -> frozenset[str]:
        """Lower-case one-word aliases ("morpheus8"), for telling names from footnotes."""
        return frozenset(a.lower() for s in self.subjects.values() for a in s.aliases if a.isalnum())

    def fingerprint(self) -> str:
        """A digest of the lexicon's data, for cache keys."""
        from claimcheck.caching import digest

        return self.digest or digest(self.to_data())

    def to_data(self) -> list[dict]:
        return [vars(s) | {"aliases": list(s.aliases)} for s in self.subjects.values()]

    @classmethod
    def from_data(cls, data: list[dict]) -> Lexicon:
        return cls([Subject(**{**d, "aliases": tuple(d["aliases"])}) for d in data])


def lexicon_files(folder: Path) -> list[Path]:
    d = folder / "_lexicon"
    return sorted(p for p in d.glob("*.y*ml")) if d.is_dir() else []


def parse_lexicon_file(path: Path) -> list[Subject]:
    """Validate one lexicon file; errors name file:line."""
    from claimcheck import yamlio

    data = yamlio.load_file(path, RuleError)
    where = str(path)
    if not isinstance(data, dict) or "subjects" not in data:
        raise RuleError("a lexicon file needs a 'subjects' list", where, 1)
    for key in data:
        if key != "subjects":
            raise RuleError(f"unknown key {key!r}", where, yamlio.line_of(data, key))
    items = data["subjects"]
    yamlio.check_type(items, ("list", dict), "subjects", where, yamlio.line_of(data, "subjects"), RuleError)
    out = []
    for i, item in enumerate(items):
        line = yamlio.item_line(items, i)
        for key, value in item.items():
            if key not in _KEYS:
                raise RuleError(f"subjects: unknown key {key!r}{yamlio.did_you_mean(key, _KEYS)}", where,
                                yamlio.line_of(item, key))
            yamlio.check_type(value, _KEYS[key], key, where, yamlio.line_of(item, key), RuleError)
        for key in ("id", "name", "type", "aliases"):
            if key not in item:
                raise RuleError(f"subjects: missing required key {key!r}", where, line)
        from claimcheck.phrases import validate_phrases

        validate_phrases(item["aliases"], "aliases", where)
        out.append(Subject(id=item["id"], name=item["name"], type=item["type"],
                           aliases=tuple(item["aliases"]), fda=item.get("fda", "none"),
                           prescription=item.get("prescription", False), generic=item.get("generic", False),
                           surgical=item.get("surgical", False)))
    return out
