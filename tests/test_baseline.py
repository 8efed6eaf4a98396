"""Baselines: create, filter by rule + path + match + sentence, counted keys, bad files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimcheck.baseline import Baseline, baseline_json, key_of, load_baseline
from claimcheck.errors import ConfigError
from claimcheck.findings import Finding

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def finding(path="site/a.md", rule="absolute/permanent", match="permanent",
            sentence="Results are permanent.", line=3) -> Finding:
    return Finding(path=path, rule=rule, category="absolute", severity="error", message="m",
                   match=match, line=line, column=1, end_line=line, end_column=9, start=0, end=9,
                   sentence=sentence)


def test_key_ignores_case_punctuation_whitespace_and_line(tmp_path):
    a = finding(match="Permanent", sentence="Results are\nPERMANENT!", line=3)
    b = finding(match="permanent", sentence="results are permanent", line=40)
    assert key_of(a, tmp_path) == key_of(b, tmp_path)


def test_key_changes_with_rule_path_or_sentence(tmp_path):
    base = key_of(finding(), tmp_path)
    assert key_of(finding(rule="absolute/guarantee"), tmp_path) != base
    assert key_of(finding(path="site/b.md"), tmp_path) != base
    assert key_of(finding(sentence="Results are permanent and painless."), tmp_path) != base


def test_round_trip_and_counting(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text(baseline_json([finding(), finding()], tmp_path), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "claimcheck-baseline" and data["findings"][0]["count"] == 2
    baseline = load_baseline(path)
    kept, hidden = baseline.filter([finding(), finding(), finding(), finding(rule="x/y")])
    assert hidden == 2 and [f.rule for f in kept] == ["absolute/permanent", "x/y"]


def test_paths_are_relative_to_the_baseline_folder(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    path = site / "baseline.json"
    path.write_text(baseline_json([finding(path=str(site / "a.md"))], site), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["findings"][0]["path"] == "a.md"
    monkeypatch.chdir(site)
    kept, hidden = load_baseline(path).filter([finding(path="a.md")])
    assert (kept, hidden) == ([], 1)


@pytest.mark.parametrize("text, message", [
    ("{", "invalid JSON"),
    ('{"format": "other"}', "not a claimcheck baseline"),
    ('{"format": "claimcheck-baseline", "format_version": 99}', "format_version"),
    ('{"format": "claimcheck-baseline", "format_version": 1, "findings": [{"rule": "x"}]}',
     "findings[0]"),
])
def test_bad_baseline_files(tmp_path, text, message):
    path = tmp_path / "b.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        load_baseline(path)


def test_missing_baseline_is_a_usage_error(run, tmp_path):
    (tmp_path / "p.md").write_text("Results are permanent.\n", encoding="utf-8")
    result = run("check", "--baseline", "nope.json", "p.md")
    assert result.exit_code == 2
    assert "nope.json: baseline file not found" in result.output


def test_empty_baseline_hides_nothing():
    assert Baseline.__init__ and Baseline({}, Path(".")).filter([finding()]) == ([finding()], 0)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
def test_seeds_baseline_then_one_new_claim(run, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SEEDS, site)
    created = run("baseline", "create", "site", "-o", "site/.claimcheck-baseline.json")
    assert created.exit_code == 0, created.output
    assert "Wrote " in created.output
    clean = run("check", "site", "--baseline", "site/.claimcheck-baseline.json", "--format", "json")
    assert clean.exit_code == 0, clean.output
    data = json.loads(clean.output)
    assert data["findings"] == [] and data["baselined"] > 10
    page = sorted(site.glob("*.txt"))[1]
    text = page.read_text(encoding="utf-8")
    # An edit that moves most lines down does not resurrect baselined findings.
    cut = text.index("\n\n") + 2
    page.write_text(text[:cut] + "Opening hours are 9 to 5.\n\n" + text[cut:]
                    + "\nOur results are guaranteed.\n", encoding="utf-8")
    new = run("check", "site", "--baseline", "site/.claimcheck-baseline.json", "--format", "json")
    assert new.exit_code == 1
    found = json.loads(new.output)["findings"]
    assert [(f["rule"], f["match"]) for f in found] == [("absolute/guarantee", "guaranteed")]


def test_baseline_from_config(run, tmp_path):
    (tmp_path / "p.md").write_text("Results are permanent.\n", encoding="utf-8")
    (tmp_path / ".claimcheck.yaml").write_text("baseline: b.json\n", encoding="utf-8")
    assert run("baseline", "create", "p.md").exit_code == 0
    assert (tmp_path / "b.json").is_file()
    assert run("check", "p.md").exit_code == 0
    assert run("check", "p.md", "--no-config").exit_code == 1
