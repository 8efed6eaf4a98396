"""The ``statistic`` kind: numbers and research appeals that need a citation nearby.

A statistic rule matches with ``patterns`` (regular expressions for figures: "73%",
"9 out of 10", "3x more"; with ``triggers`` and ``exclude`` as in the pattern kind),
``phrases`` (word lists for research appeals: "clinically proven", "studies show"), or
both. What makes it a statistic rule: a hit whose sentence carries a citation (see
``analysis.context_of``: footnote digits, superscripts, ``[1]``, ``[^1]``, author-year,
``n=``, a link, an asterisk or dagger with its note) is never reported, whatever the
rule's ``ignore_when`` says. Prices, discounts and ingredient strengths are left to each
rule's ``exclude`` patterns, since what is "not a claim" differs per figure type.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from claimcheck.analysis import AnalysedDocument
from claimcheck.checks import pattern, phrase
from claimcheck.checks.base import Check as BaseCheck
from claimcheck.errors import RuleError
from claimcheck.ruleset import Rule


class Check(BaseCheck):
    KEYS = {**pattern.Check.KEYS, **phrase.Check.KEYS}

    def __init__(self, rules: list[Rule]):
        rules = [replace(r, ignore_when=r.ignore_when | {"cited"}) for r in rules]
        super().__init__(rules)
        with_patterns = [r for r in rules if r.options.get("patterns")]
        with_phrases = [r for r in rules if r.options.get("phrases")]
        self.parts = ([pattern.Check(with_patterns)] if with_patterns else []) + \
                     ([phrase.Check(with_phrases)] if with_phrases else [])

    @classmethod
    def derive(cls, rule: Rule) -> dict:
        return pattern.Check.derive(rule)

    @classmethod
    def validate(cls, rule: Rule, data, where: str) -> None:
        if not data.get("patterns") and not data.get("phrases"):
            raise RuleError("a statistic rule needs 'patterns', 'phrases' or both", where, 1)
        if data.get("patterns") or data.get("exclude"):
            pattern.Check.validate(rule, data, where)
        if data.get("phrases"):
            phrase.Check.validate(rule, data, where)

    def run(self, ad: AnalysedDocument) -> Iterator:
        for part in self.parts:
            yield from part.run(ad)
