"""The statistic kind: patterns and phrases in one rule; a citation always clears a hit."""

from __future__ import annotations

import pytest
from conftest import write_rule

from claimcheck.engine import Linter
from claimcheck.errors import RuleError
from claimcheck.ruleset import load_rules


def linter(tmp_path, body: str, extra: str = "") -> Linter:
    folder = tmp_path / "rules"
    write_rule(folder, "t/stat", kind="statistic", category="statistic", severity="warning",
               message="'{match}' needs a source.", body=body, extra=extra,
               flag=("Studies show it works.",), pass_=("It works.",))
    return Linter(load_rules([folder], use_cache=False))


def found(lin: Linter, text: str) -> list[str]:
    return [f.match for f in lin.check_text("p.md", text)]


def test_patterns_and_phrases_in_one_rule(tmp_path):
    lin = linter(tmp_path, 'phrases: ["studies show"]\npatterns: ["\\\\d+%"]\n'
                 'exclude: ["\\\\d+% off"]')
    assert found(lin, "Studies show 73% less redness.") == ["Studies show", "73%"]
    assert found(lin, "Save 20% off this week.") == []


@pytest.mark.parametrize("text", [
    "Studies show 73% less redness.[1]",
    "Studies show 73% less redness.1",
    "Studies show 73% less redness (Smith et al., 2021).",
    "Studies show 73% less redness (n=40).",
])
def test_a_citation_always_clears_even_without_ignore_when(tmp_path, text):
    lin = linter(tmp_path, 'phrases: ["studies show"]\npatterns: ["\\\\d+%"]')
    assert found(lin, text) == []


def test_needs_patterns_or_phrases(tmp_path):
    folder = tmp_path / "rules"
    write_rule(folder, "t/empty", kind="statistic", category="statistic", body="triggers: [x]")
    with pytest.raises(RuleError, match="needs 'patterns', 'phrases' or both"):
        load_rules([folder], use_cache=False)


def test_invalid_pattern_is_a_rule_error(tmp_path):
    folder = tmp_path / "rules"
    write_rule(folder, "t/bad", kind="statistic", category="statistic", body='patterns: ["(unclosed"]')
    with pytest.raises(RuleError, match="bad.yaml"):
        load_rules([folder], use_cache=False)
