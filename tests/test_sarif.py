"""--format sarif validates against the OASIS SARIF 2.1.0 schema and carries rules, regions, fixes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from claimcheck.cli import cli

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
PAGE = ("# HIFU\n\nHIFU is painless and the results are permanent.\n\n"
        "Before HIFU, a numbing cream is applied.\n")


def sarif(tmp_path, text=PAGE, *args):
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "sarif", *args, str(page)])
    return result, json.loads(result.stdout)


def test_sarif_is_valid_against_the_schema(tmp_path):
    result, data = sarif(tmp_path)
    assert result.exit_code == 1
    jsonschema.Draft7Validator(SCHEMA).validate(data)


def test_sarif_rules_results_fixes_and_related(tmp_path):
    _, data = sarif(tmp_path)
    run = data["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "Source:" in rules["absolute/permanent"]["help"]["text"]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    permanent = by_rule["absolute/permanent"]
    assert permanent["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3, "startColumn": 38, "endLine": 3, "endColumn": 47, "snippet": {"text": "permanent"}}
    assert permanent["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {
        "text": "long-lasting"}
    assert run["tool"]["driver"]["rules"][permanent["ruleIndex"]]["id"] == "absolute/permanent"
    pain = by_rule["contradiction/pain"]
    assert pain["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 5


def test_sarif_document_finding_and_input_errors_stay_valid(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00binary")
    page = tmp_path / "page.txt"
    page.write_text("HIFU tightens and lifts. Firmer, smoother, more youthful skin.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "sarif", str(page), str(bad)])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    jsonschema.Draft7Validator(SCHEMA).validate(data)
    doc = [r for r in data["runs"][0]["results"] if r["ruleId"] == "disclaimer/results-vary"][0]
    assert "region" not in doc["locations"][0]["physicalLocation"]
    assert data["runs"][0]["invocations"][0]["executionSuccessful"] is False
