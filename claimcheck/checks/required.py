"""The ``required`` kind: a statement the whole document must contain when a condition holds.

``when`` lists phrases whose presence (at least ``when_min`` distinct ones) makes the
statement necessary, e.g. efficacy wording; ``requires`` lists the many wordings that
satisfy it. A missing statement is one finding with scope "document" at line 1,
column 1. A page with none of the ``when`` wording (a price list, an aftercare sheet)
needs nothing.

Optional keys narrow the condition:

- ``when_subject_type``: a ``when`` phrase counts only when its sentence is about a
  subject named in the lexicon (not a generic word such as "treatment") of one of these
  types, so "firmer skin" counts for a consultation rule on a microneedling page but not
  on a serum page that mentions microneedling in passing;
- ``unless``: phrases showing the page is not promotional (an aftercare sheet, a price
  list, a government page); one of them anywhere means the page needs nothing;
- ``unless_title``: the same, but only in the page's title ("Microneedling aftercare"),
  for words that also head sections of promotional pages;
- ``ignore_when`` (the common key): a ``when`` or ``requires`` phrase in such a context
  does not count ("no side effects" does not disclose side effects);
- ``exceptions`` (the common key): phrases that clear a ``when`` hit they overlap
  ("before and after your treatment" is not a before-and-after photo).

Speed: the phrases of every rule and role (``when``, ``requires``, ``unless``) share one
index, so each block is scanned once for all required rules; a phrase used by several
rules is matched once. Subjects and contexts are worked out only for the hits that need
them, and each rule stops at its first decisive hit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from claimcheck.analysis import TOKEN, AnalysedBlock, AnalysedDocument, context_of, normalise
from claimcheck.checks.base import Check as BaseCheck
from claimcheck.checks.base import document_finding
from claimcheck.errors import RuleError
from claimcheck.findings import Finding
from claimcheck.lexicon import SUBJECT_TYPES
from claimcheck.phrases import PhraseIndex, PhraseSpec, any_overlapping, validate_phrases
from claimcheck.ruleset import Rule

# Common keys that judge a single hit; a required rule has no hit to report.
_PER_HIT_KEYS = {"when_subject": "when_subject_type", "when_fda": None, "once": None}
WHEN, REQUIRES, UNLESS = 0, 1, 2
_ROLES = ("when", "requires", "unless")

# A hit: (block, first token, last token, index of the phrase in its list).
Hit = tuple[AnalysedBlock, int, int, int]


@dataclass
class _Compiled:
    rule: Rule
    minimum: int
    subject_types: frozenset[str]
    unless_title: PhraseIndex | None


class Check(BaseCheck):
    KEYS = {
        "when": ("list", str),
        "when_min": int,
        "when_subject_type": ("list", ("enum", SUBJECT_TYPES)),
        "requires": ("list", str),
        "unless": ("list", str),
        "unless_title": ("list", str),
    }
    REQUIRED = ("when", "requires")

    def __init__(self, rules: list[Rule]):
        super().__init__(rules)
        self.compiled: list[_Compiled] = []
        specs: list[PhraseSpec] = []
        # unique phrase -> every (rule, role, position in the rule's list) that uses it
        self._owners: list[list[tuple[int, int, int]]] = []
        by_text: dict[str, int] = {}
        for r, rule in enumerate(rules):
            o = rule.options
            for role, key in enumerate(_ROLES):
                for n, text in enumerate(o.get(key, ())):
                    u = by_text.get(text)
                    if u is None:
                        try:
                            specs.append(PhraseSpec(text))
                        except ValueError as exc:
                            raise RuleError(f"{key}: {exc}", rule.path) from None
                        u = by_text[text] = len(self._owners)
                        self._owners.append([])
                    self._owners[u].append((r, role, n))
            titled = None
            if o.get("unless_title"):
                try:
                    titled = PhraseIndex([PhraseSpec(p) for p in o["unless_title"]])
                except ValueError as exc:
                    raise RuleError(f"unless_title: {exc}", rule.path) from None
            self.compiled.append(_Compiled(rule, o.get("when_min", 1),
                                           frozenset(o.get("when_subject_type", ())), titled))
        self._index = PhraseIndex(specs)

    @classmethod
    def validate(cls, rule: Rule, data, where: str) -> None:
        from claimcheck import yamlio

        for key in (*_ROLES, "unless_title"):
            if key in data:
                validate_phrases(data[key], key, where)
        if rule.options.get("when_min", 1) < 1:
            raise RuleError("when_min: must be 1 or more", where, yamlio.line_of(data, "when_min"))
        for key, instead in _PER_HIT_KEYS.items():
            if key in data:
                hint = f"; use '{instead}'" if instead else ""
                raise RuleError(f"{key}: not used by the required kind{hint}", where,
                                yamlio.line_of(data, key))

    def run(self, ad: AnalysedDocument) -> Iterator[Finding]:
        hits: list[tuple[list[Hit], list[Hit], list[Hit]]] = [([], [], []) for _ in self.compiled]
        owners = self._owners
        for ab in ad.content_blocks:  # the one scan (a menu's "Before & After" link asks nothing)
            for i, j, u in self._index.find(ab.tokens, ab.norm, positions=ab.positions):
                for r, role, n in owners[u]:
                    hits[r][role].append((ab, i, j, n))
        about: dict[tuple, bool] = {}  # (types, block, offset) -> verdict, shared by the rules
        title = None
        for c, (when, requires, unless) in zip(self.compiled, hits):
            if unless or not when or self._satisfied(ad, c.rule, requires):
                continue
            if c.unless_title is not None and ad.doc.title:
                if title is None:
                    norm = normalise(ad.doc.title)
                    title = norm, [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(norm)]
                if next(c.unless_title.find(title[1], title[0]), None) is not None:
                    continue
            if not self._needed(ad, c, when, about):
                continue
            yield document_finding(c.rule, ad)

    def _satisfied(self, ad: AnalysedDocument, rule: Rule, requires: list[Hit]) -> bool:
        if not rule.ignore_when:
            return bool(requires)
        return any(not self._ignored(ad, ab, rule, i, j) for ab, i, j, _ in requires)

    def _needed(self, ad: AnalysedDocument, c: _Compiled, when: list[Hit],
                about: dict[tuple, bool]) -> bool:
        seen: set[int] = set()
        rule = c.rule
        exceptions = self._exception_index(rule) if rule.exceptions else None
        for ab, i, j, n in when:
            if n in seen:
                continue
            start, end = ab.tokens[i][0], ab.tokens[j][1]
            if ab.block.masked and any(start < b and a < end for a, b in ab.block.masked):
                continue
            if exceptions is not None:
                index, longest = exceptions
                sent = ab.sentence_at(start)
                first = max(sent.first_token, i - longest + 1)
                last = min(sent.last_token, j + longest)
                if any_overlapping(index, ab.tokens, ab.norm, first, last, start, end):
                    continue
            if c.subject_types:
                key = (c.subject_types, ab.index, start)
                if key not in about:
                    about[key] = self._about(ad, ab, start, c.subject_types)
                if not about[key]:
                    continue
            if rule.ignore_when and self._ignored(ad, ab, rule, i, j):
                continue
            seen.add(n)
            if len(seen) >= c.minimum:
                return True
        return False

    @staticmethod
    def _ignored(ad: AnalysedDocument, ab: AnalysedBlock, rule: Rule, i: int, j: int) -> bool:
        ctx = context_of(ad, ab, ab.tokens[i][0], ab.tokens[j][1])
        return bool(rule.ignore_when & ctx.flags())

    @staticmethod
    def _about(ad: AnalysedDocument, ab: AnalysedBlock, offset: int, types: frozenset[str]) -> bool:
        """Whether the sentence at ``offset`` is about a named subject of one of ``types``."""
        subject = ad.subject_at(ab, offset)
        return subject is not None and not subject.generic and subject.type in types
