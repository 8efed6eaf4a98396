"""Phrase syntax: inflections, prefixes, flexible gaps and compound boundaries."""

from __future__ import annotations

import pytest

from claimcheck.engine import Linter
from claimcheck.phrases import PhraseSpec, inflections
from claimcheck.ruleset import Rule


def rule(phrases, **kw):
    return Rule(id="t/phrase", kind="phrase", category="absolute", severity="error",
                message="'{match}'", why="w", source="s", path="t.yaml",
                options={"phrases": phrases, **kw.pop("options", {})}, **kw)


def matches(phrases, text, **kw):
    return [f.match for f in Linter([rule(phrases, **kw)]).check_text("t.txt", text)]


def test_inflections():
    assert {"stimulate", "stimulates", "stimulated", "stimulating"} <= inflections("stimulate")
    assert {"guarantee", "guarantees", "guaranteed"} <= inflections("guarantee")
    assert {"remedy", "remedies", "remedied"} <= inflections("remedy")
    assert {"stop", "stopped", "stopping"} <= inflections("stop")
    assert inflections("all") == {"all"}


@pytest.mark.parametrize("text, expected", [
    ("It stimulates collagen.", ["stimulates collagen"]),
    ("Stimulating\ncollagen daily.", ["Stimulating\ncollagen"]),
    ("It stimulated-collagen growth.", ["stimulated-collagen"]),
    ("It stimulates new collagen.", []),
])
def test_inflected_multiword_phrase_matches_across_gaps(text, expected):
    assert matches(["stimulate collagen"], text) == expected


def test_phrase_does_not_match_inside_compound():
    assert matches(["permanent"], "Semi-permanent make-up.") == []
    assert matches(["permanent"], "A permanent-looking glow.") == []
    assert matches(["permanent"], "It is permanent - truly.") == ["permanent"]


def test_hyphen_and_space_variants_are_equivalent():
    assert matches(["pain-free"], "Pain free and pain-free.") == ["Pain free", "pain-free"]


def test_curly_apostrophes_and_case():
    assert matches(["doesn't hurt"], "It DOESN\u2019T HURT.") == ["DOESN\u2019T HURT"]


def test_prefix_wildcard():
    assert matches(["regenerat*"], "It regenerates and regeneration.") == ["regenerates", "regeneration"]


def test_punctuation_inside_a_phrase_must_match():
    assert matches(["no.1"], "The No.1 clinic. Say no 1 more time.") == ["No.1"]


def test_inflection_can_be_turned_off():
    assert matches(["best"], "It bests them.", options={"inflect": False}) == []


def test_no_match_across_sentence_punctuation():
    assert matches(["no downtime"], "There is no. Downtime follows.") == []


def test_exceptions_suppress_overlapping_hits_only():
    r = rule(["permanent"], exceptions=("permanent makeup",))
    found = [f.match for f in Linter([r]).check_text("t.txt", "Permanent makeup. Results are permanent.")]
    assert found == ["permanent"]


def test_phrase_spec_rejects_empty():
    with pytest.raises(ValueError):
        PhraseSpec("...")
