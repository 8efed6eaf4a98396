"""The ``pattern`` kind: regular expressions (the ``regex`` package) with a per-block timeout.

Patterns run case-insensitively over the normalised block text (curly quotes, dashes
and odd spaces already mapped to plain ASCII). A named group ``claim`` narrows the
reported span to part of the match.
"""

from __future__ import annotations

from typing import Iterator

import regex

from claimcheck.analysis import AnalysedDocument
from claimcheck.checks.base import Check as BaseCheck
from claimcheck.errors import RuleError
from claimcheck.ruleset import Rule

#: seconds one pattern may spend on one block before it is reported as runaway
TIMEOUT = 2.0


def compile_pattern(source: str):
    return regex.compile(source, regex.IGNORECASE | regex.VERSION0)


class Check(BaseCheck):
    KEYS = {"patterns": ("list", str)}
    REQUIRED = ("patterns",)

    def __init__(self, rules: list[Rule]):
        super().__init__(rules)
        self.compiled = []
        for rule in rules:
            for source in rule.options["patterns"]:
                try:
                    self.compiled.append((rule, source, compile_pattern(source)))
                except regex.error as exc:
                    raise RuleError(f"invalid regular expression {source!r}: {exc}", rule.path) from None

    @classmethod
    def validate(cls, rule: Rule, data, where: str) -> None:
        from claimcheck import yamlio

        for i, source in enumerate(rule.options["patterns"]):
            try:
                compile_pattern(source)
            except regex.error as exc:
                raise RuleError(f"patterns[{i}]: invalid regular expression: {exc}", where,
                                yamlio.item_line(data["patterns"], i)) from None

    def run(self, ad: AnalysedDocument) -> Iterator:
        for ab in ad.blocks:
            for rule, source, pattern in self.compiled:
                try:
                    matches = list(pattern.finditer(ab.norm, timeout=TIMEOUT))
                except TimeoutError:
                    raise RuleError(
                        f"pattern {source!r} took over {TIMEOUT:g}s on one block of {ad.doc.path} "
                        "(catastrophic backtracking?); simplify it or disable the rule",
                        rule.path) from None
                for m in matches:
                    span = m.span("claim") if "claim" in pattern.groupindex else m.span()
                    if span[0] < 0 or span[0] == span[1]:
                        continue
                    f = self.finding(rule, ad, ab, *span)
                    if f is not None:
                        yield f
