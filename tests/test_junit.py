"""--format junit: well-formed JUnit XML with a failing case per finding and a passing case per clean file."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from click.testing import CliRunner

from claimcheck.cli import cli


def test_junit_report(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Results are permanent.\n", encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("Book a consultation.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "junit",
                                      "--select", "absolute/permanent", str(bad), str(clean)])
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.split("\n", 1)[1])
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    [case] = suites[str(bad)].iter("testcase")
    assert case.get("name") == "absolute/permanent at 1:13"
    assert case.find("failure").get("type") == "error"
    [ok] = suites[str(clean)].iter("testcase")
    assert ok.find("failure") is None
