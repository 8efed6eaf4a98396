"""Every built-in rule's own examples run as tests: 'flag' must be flagged, 'pass' must not."""

from __future__ import annotations

import pytest

from claimcheck.ruleset import builtin_rules_dir, load_lexicon, load_rules
from claimcheck.ruletest import run_examples

RULES = sorted(load_rules([builtin_rules_dir()], use_cache=False), key=lambda r: r.id)
LEXICON = load_lexicon([builtin_rules_dir()], use_cache=False)


def test_there_are_rules_in_every_foundation_category():
    categories = {r.category for r in RULES}
    assert {"absolute", "superlative"} <= categories


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_enough_examples(rule):
    assert len(rule.examples.get("flag", [])) >= 3, "each rule needs at least three flag examples"
    assert len(rule.examples.get("pass", [])) >= 3, "each rule needs at least three pass examples"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule):
    failures = [o for o in run_examples(rule, LEXICON) if not o.ok]
    assert not failures, "\n".join(f"{o.expected}: {o.text!r}: {o.detail}" for o in failures)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_documents_itself(rule):
    assert rule.message and rule.why and rule.source
    assert rule.description, "a one-line description is shown by 'rules list'"
    assert any("advice" in s for s in rule.suggest), "every rule offers advice"
