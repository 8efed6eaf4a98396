"""Subject resolution, and the required and contradiction kinds end to end."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claimcheck.analysis import analyse
from claimcheck.cli import cli
from claimcheck.readers import read_document
from claimcheck.ruleset import builtin_rules_dir, load_lexicon

LEXICON = load_lexicon([builtin_rules_dir()], use_cache=False)


def subject(text: str, phrase: str, path: str = "page.txt"):
    ad = analyse(read_document(path, text), LEXICON)
    for ab in ad.blocks:
        i = ab.norm.lower().find(phrase.lower())
        if i >= 0:
            s = ad.subject_at(ab, i)
            return s.id if s else None
    raise AssertionError(phrase)


@pytest.mark.parametrize("text, phrase, expected", [
    ("This serum stimulates collagen.", "stimulates", "topical-product"),
    ("Microneedling stimulates collagen.", "stimulates", "microneedling"),
    ("A nurse applies a numbing cream, then uses a laser to stimulate collagen.", "stimulate", "laser"),
    ("Radiofrequency (RF) Therapy\n\n  1. RF\n    • It requires no downtime.", "no downtime", "rf"),
    ("HIFU lifts the brow. It requires no downtime.", "no downtime", "hifu"),
    ("It is a non-invasive alternative to surgical facelifts.", "non-invasive", None),
    ("Unlike surgery, microneedling is minimally invasive.", "minimally", "microneedling"),
    ("# Microneedling\n\nAftercare\n\nThis product calms the skin.", "calms", "product"),
    # a treatment named right after the claim is what it describes ...
    ("# HIFU\n\nWe also offer FDA-approved Juvederm.", "FDA-approved", "dermal-filler"),
    ("# HIFU\n\nEnjoy permanent results with microneedling.", "permanent", "microneedling"),
    # ... but not across a clause break, nor surgery named as what a treatment is not
    ("# HIFU\n\nIt is painless, and microneedling is quick.", "painless", "hifu"),
    ("Non-surgical facelift with PDO threads.", "non-surgical", "thread-lift"),
])
def test_subject_resolution(text, phrase, expected):
    assert subject(text, phrase, "page.md" if text.startswith("#") else "page.txt") == expected


def run_json(tmp_path, text, *args):
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", *args, str(page)])
    return result, json.loads(result.output)


def test_contradiction_reports_absolute_side_with_related(tmp_path):
    text = ("HIFU Lift\n\nHIFU is painless and quick.\n\n"
            "Before HIFU, a numbing cream is applied for 30 minutes.\n")
    result, data = run_json(tmp_path, text, "--select", "contradiction/pain")
    assert result.exit_code == 1
    [f] = data["findings"]
    assert (f["line"], f["column"], f["match"]) == (3, 9, "painless")
    assert f["related"] == [{"line": 5, "column": 16, "end_line": 5, "end_column": 23, "match": "numbing"}]
    assert "numbing cream is applied" in f["message"] and f["subject"] == "HIFU"


def test_claims_about_different_treatments_do_not_contradict(tmp_path):
    text = "RF has no downtime.\n\nA facelift needs a significant recovery period.\n"
    _, data = run_json(tmp_path, text, "--select", "contradiction")
    assert data["findings"] == []


def test_missing_disclaimer_is_one_document_finding(tmp_path):
    text = "HIFU tightens and lifts skin. Enjoy firmer, smoother, more youthful skin.\n"
    _, data = run_json(tmp_path, text, "--select", "disclaimer/results-vary")
    [f] = data["findings"]
    assert (f["scope"], f["line"], f["column"], f["match"]) == ("document", 1, 1, "")
    _, data = run_json(tmp_path, text + "\nIndividual results vary.\n", "--select",
                       "disclaimer/results-vary")
    assert data["findings"] == []


def test_overlapping_findings_of_one_category_are_one_claim():
    from claimcheck.engine import dedupe
    from claimcheck.findings import Finding

    def f(rule, start, end, category="statistic"):
        return Finding(path="p", rule=rule, category=category, severity="warning", message="m",
                       match="x", line=1, column=start + 1, end_line=1, end_column=end + 1,
                       start=start, end=end)
    kept = dedupe([f("a", 0, 17), f("b", 11, 20), f("c", 11, 20, "absolute"), f("d", 25, 30)])
    assert [x.rule for x in kept] == ["a", "c", "d"]
