"""--format github: one workflow command per finding, escaped per GitHub's syntax (golden)."""

from __future__ import annotations

from click.testing import CliRunner

from claimcheck.cli import cli


def test_github_annotations_golden(tmp_path):
    page = tmp_path / "a,b.md"
    page.write_text("Results are 100% permanent.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "github",
                                      "--select", "absolute/permanent", str(page)])
    assert result.exit_code == 1
    path = str(page).replace(":", "%3A").replace(",", "%2C")
    assert result.output == (
        f"::error file={path},line=1,col=18,endLine=1,endColumn=27,title=absolute/permanent::"
        "'permanent' promises a permanent result.%0A"
        "Say how long results typically last and that top-up sessions may be needed.\n")


def test_github_format_reports_unreadable_files(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "github", str(bad)])
    assert result.exit_code == 2
    assert "::error file=" in result.output and "binary" in result.output
