"""The ``pattern`` kind: regular expressions (the ``regex`` package) with a per-block timeout.

Patterns run case-insensitively over the normalised block text (curly quotes, dashes
and odd spaces already mapped to plain ASCII). A named group ``claim`` narrows the
reported span to part of the match. ``exclude`` patterns clear a hit they overlap in
its sentence (a price, a discount, an ingredient strength). Compiling with ``regex`` is
slow, so each pattern is compiled on first need, and only for a block that holds the
literal text it requires (worked out when the rule is loaded: ``literals.py``); a rule
may also list ``triggers`` (words, ``word*`` for a prefix), a cheaper first test on the
block's words.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.analysis import AnalysedDocument
from claimcheck.checks.base import Check as BaseCheck
from claimcheck.errors import RuleError
from claimcheck.literals import present, required_literals
from claimcheck.ruleset import Rule

#: seconds one pattern may spend on one block before it is reported as runaway
TIMEOUT = 2.0


def compile_pattern(source: str):
    import regex

    return regex.compile(source, regex.IGNORECASE | regex.VERSION0)


def validate_patterns(items, label: str, where: str) -> None:
    """Raise RuleError naming file:line for the first entry of a YAML list that does not compile."""
    import regex

    from claimcheck import yamlio

    for i, source in enumerate(items):
        try:
            compile_pattern(source)
        except regex.error as exc:
            raise RuleError(f"{label}[{i}]: invalid regular expression: {exc}", where,
                            yamlio.item_line(items, i)) from None


class _Triggers:
    """Words any of which must occur in a block for a rule's patterns to run."""

    def __init__(self, words: list[str]):
        self.exact = frozenset(w.lower() for w in words if not w.endswith("*"))
        self.prefixes = tuple(w[:-1].lower() for w in words if w.endswith("*"))

    def present(self, tokens) -> bool:
        """Whether any trigger is among ``tokens`` (a set or dict keys of a block's tokens)."""
        if not self.exact.isdisjoint(tokens):
            return True
        return any(t.startswith(self.prefixes) for t in tokens) if self.prefixes else False


class Check(BaseCheck):
    KEYS = {"patterns": ("list", str), "triggers": ("list", str), "exclude": ("list", str)}
    REQUIRED = ("patterns",)

    def __init__(self, rules: list[Rule]):
        super().__init__(rules)
        self.triggers = {r.id: _Triggers(r.options["triggers"]) for r in rules
                         if r.options.get("triggers")}
        self._compiled: dict[tuple[str, str, int], object] = {}

    @classmethod
    def validate(cls, rule: Rule, data, where: str) -> None:
        for key in ("patterns", "exclude"):
            validate_patterns(data.get(key, []), key, where)

    @classmethod
    def derive(cls, rule: Rule) -> dict:
        return {"requires": {key: [required_literals(s) for s in rule.options.get(key, [])]
                             for key in ("patterns", "exclude")}}

    def _patterns(self, rule: Rule, key: str, ab) -> Iterator[tuple[str, object]]:
        """(source, compiled pattern) for each of the rule's ``key`` patterns that could match
        in the block, compiling each on first need."""
        requires = rule.derived.get("requires", {}).get(key)
        for i, source in enumerate(rule.options.get(key, [])):
            if requires and not present(requires[i], ab.folded):
                continue
            compiled = self._compiled.get((rule.id, key, i))
            if compiled is None:
                import regex

                try:
                    compiled = compile_pattern(source)
                except regex.error as exc:
                    raise RuleError(f"invalid regular expression {source!r}: {exc}",
                                    rule.path) from None
                self._compiled[(rule.id, key, i)] = compiled
            yield source, compiled

    def _excluded(self, rule: Rule, ab, start: int, end: int) -> bool:
        """Whether an ``exclude`` pattern matches in the hit's sentence over the hit."""
        if not rule.options.get("exclude"):
            return False
        sent = ab.sentence_at(start)
        for source, pattern in self._patterns(rule, "exclude", ab):
            for m in _matches(rule, source, pattern, ab.norm, sent.start, sent.end):
                if m.start() < end and start < m.end():
                    return True
        return False

    def run(self, ad: AnalysedDocument) -> Iterator:
        for ab in ad.blocks:
            for rule in self.rules:
                trig = self.triggers.get(rule.id)
                if trig is not None and not trig.present(ab.positions.keys()):
                    continue
                yield from self._run_rule(rule, ad, ab)

    def _run_rule(self, rule: Rule, ad: AnalysedDocument, ab) -> Iterator:
        for source, pattern in self._patterns(rule, "patterns", ab):
            for m in _matches(rule, source, pattern, ab.norm, 0, len(ab.norm), ad.doc.path):
                span = m.span("claim") if "claim" in pattern.groupindex else m.span()
                if span[0] < 0 or span[0] == span[1] or self._excluded(rule, ab, *span):
                    continue
                f = self.finding(rule, ad, ab, *span)
                if f is not None:
                    yield f


def _matches(rule: Rule, source: str, pattern, text: str, start: int, end: int,
             path: str = "the input") -> list:
    """All matches of a compiled pattern in ``text[start:end]``, within the time limit."""
    try:
        return list(pattern.finditer(text, start, end, timeout=TIMEOUT))
    except TimeoutError:
        raise RuleError(
            f"pattern {source!r} took over {TIMEOUT:g}s on one block of {path} "
            "(catastrophic backtracking?); simplify it or disable the rule", rule.path) from None
