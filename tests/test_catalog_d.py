"""Every phrase cited in regulatory-catalog section D is flagged under its jurisdiction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from claimcheck.cli import cli

CASES = YAML(typ="safe").load((Path(__file__).parent / "data" / "catalog_d.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"D{c['n']}-{c['category']}" for c in CASES])
def test_cited_phrase_is_flagged(case, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(case["text"] + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json",
                                      "--jurisdiction", case["jurisdiction"], str(page)])
    categories = {f["category"] for f in json.loads(result.output)["findings"]}
    assert case["category"] in categories, f"{case['text']!r}: got {sorted(categories)}"
