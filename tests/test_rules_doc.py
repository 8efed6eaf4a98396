"""docs/rules.md is generated from the rule YAML and must not drift from it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from claimcheck.cli import cli

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_rules_doc_is_up_to_date():
    result = CliRunner().invoke(cli, ["rules", "doc"])
    assert result.exit_code == 0
    assert result.output == DOC.read_text(encoding="utf-8"), \
        "docs/rules.md is stale: run 'claimcheck rules doc -o docs/rules.md'"


def test_rules_doc_lists_every_rule():
    result = CliRunner().invoke(cli, ["rules", "list", "--format", "json"])
    import json

    ids = [r["id"] for r in json.loads(result.output)]
    text = DOC.read_text(encoding="utf-8")
    assert all(f"### {rule_id}" in text for rule_id in ids)
