"""Jurisdiction packs end to end: the same page judged under different jurisdictions."""

from __future__ import annotations

import json

PAGE = ("# Anti-wrinkle clinic\n\n"
        "Book Botox now: 20% off this weekend only!\n\n"
        "Our nurses will assess your suitability at a consultation.\n")


def findings(run, tmp_path, *args):
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    result = run("check", "--format", "json", *args, "page.md")
    return {f["rule"]: f for f in json.loads(result.stdout)["findings"]}


def test_uk_reports_botox_and_the_weekend_offer_with_sources(run, tmp_path):
    found = findings(run, tmp_path, "--jurisdiction", "UK")
    pom, pressure = found["uk/pom-advertising"], found["uk/pressure-promotion"]
    assert pom["match"] == "Botox" and "CAP" in pom["source"]
    assert "weekend only" in pressure["match"] and pressure["source"]


def test_us_reports_neither(run, tmp_path):
    found = findings(run, tmp_path, "--jurisdiction", "US")
    assert not {"uk/pom-advertising", "uk/pressure-promotion"} & set(found)


def test_rules_list_filters_by_jurisdiction_and_category(run):
    out = json.loads(run("rules", "list", "--format", "json", "-j", "EU",
                         "--category", "regulatory").stdout)
    ids = {r["id"] for r in out}
    assert "eu/free-from" in ids and "us/fda-approved" in ids  # `all` rules are listed too
    assert not any(i.startswith(("ca/", "au/")) for i in ids)
    assert all(r["category"] == "regulatory" for r in out)
