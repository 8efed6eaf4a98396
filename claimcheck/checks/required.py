"""The ``required`` kind: a statement the whole document must contain when a condition holds.

``when`` lists phrases whose presence (at least ``when_min`` distinct ones) makes the
statement necessary, e.g. efficacy wording; ``requires`` lists the many wordings that
satisfy it. A missing statement is one finding with scope "document" at line 1,
column 1. A page with none of the ``when`` wording (a price list, an aftercare sheet)
needs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.analysis import AnalysedDocument
from claimcheck.checks.base import Check as BaseCheck
from claimcheck.errors import RuleError
from claimcheck.findings import Finding
from claimcheck.phrases import PhraseIndex, PhraseSpec, validate_phrases
from claimcheck.ruleset import Rule


class Check(BaseCheck):
    KEYS = {"when": ("list", str), "when_min": int, "requires": ("list", str)}
    REQUIRED = ("when", "requires")

    def __init__(self, rules: list[Rule]):
        super().__init__(rules)
        self.compiled = []
        for rule in rules:
            try:
                when = PhraseIndex([PhraseSpec(p) for p in rule.options["when"]])
                requires = PhraseIndex([PhraseSpec(p) for p in rule.options["requires"]])
            except ValueError as exc:
                raise RuleError(str(exc), rule.path) from None
            self.compiled.append((rule, when, requires, rule.options.get("when_min", 1)))

    @classmethod
    def validate(cls, rule: Rule, data, where: str) -> None:
        from claimcheck import yamlio

        for key in ("when", "requires"):
            validate_phrases(data[key], key, where)
        if rule.options.get("when_min", 1) < 1:
            raise RuleError("when_min: must be 1 or more", where, yamlio.line_of(data, "when_min"))

    def run(self, ad: AnalysedDocument) -> Iterator[Finding]:
        for rule, when, requires, minimum in self.compiled:
            if self._satisfied(ad, requires) or not self._needed(ad, when, minimum):
                continue
            yield Finding(
                path=ad.doc.path, rule=rule.id, category=rule.category, severity=rule.severity,
                message=rule.message, match="", line=1, column=1, end_line=1, end_column=1,
                start=0, end=0, scope="document", suggestions=[dict(x) for x in rule.suggest],
                source=rule.source, why=rule.why)

    @staticmethod
    def _satisfied(ad: AnalysedDocument, requires: PhraseIndex) -> bool:
        return any(next(requires.find(ab.tokens, ab.norm, positions=ab.positions), None) is not None
                   for ab in ad.blocks)

    @staticmethod
    def _needed(ad: AnalysedDocument, when: PhraseIndex, minimum: int) -> bool:
        seen: set[int] = set()
        for ab in ad.blocks:
            for _, _, n in when.find(ab.tokens, ab.norm, positions=ab.positions):
                seen.add(n)
                if len(seen) >= minimum:
                    return True
        return False
