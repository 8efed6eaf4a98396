"""Runs a rule's own examples: every 'flag' example must be flagged, every 'pass' one not."""

from __future__ import annotations

from dataclasses import dataclass

from claimcheck.ruleset import Rule


@dataclass
class Outcome:
    """The result of one example."""

    expected: str  # "flag" or "pass"
    text: str
    ok: bool
    detail: str = ""


def run_examples(rule: Rule, lexicon=None) -> list[Outcome]:
    """Check each example of ``rule`` with that rule alone, as a one-paragraph text page."""
    from claimcheck.engine import Linter

    linter = Linter([rule], lexicon)
    out = []
    for expected in ("flag", "pass"):
        for text in rule.examples.get(expected, []):
            found = [f for f in linter.check_text("example.txt", text) if f.rule == rule.id]
            if expected == "flag":
                ok = bool(found)
                detail = "" if ok else "not flagged"
            else:
                ok = not found
                detail = "" if ok else "flagged " + ", ".join(repr(f.match) for f in found)
            out.append(Outcome(expected, text, ok, detail))
    return out
