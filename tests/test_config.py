"""Configuration: discovery from the working folder, every key, CLI overrides, and errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import CONFIGS, assert_one_line_error, write_rule

from claimcheck.config import Config, find_config, load_config
from claimcheck.errors import ConfigError

TEXT = "A miracle cure. Works for 95% of clients. Prescription-free botox!\n"


@pytest.fixture
def site(tmp_path, rules_dir):
    """tmp_path/site with a page, a draft and a note; rules in tmp_path/fixtures/rules."""
    site = tmp_path / "site"
    (site / "drafts").mkdir(parents=True)
    (site / "page.txt").write_text(TEXT, encoding="utf-8")
    (site / "notes.md").write_text(TEXT, encoding="utf-8")
    (site / "drafts" / "draft.txt").write_text(TEXT, encoding="utf-8")
    return site


def install(src_name: str, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CONFIGS / src_name, dest)
    return dest


def findings(run, *args):
    result = run("check", "--format", "json", *args)
    assert result.stdout, result.output
    data = json.loads(result.stdout)
    return result, [(Path(f["path"]).as_posix(), f["rule"], f["severity"]) for f in data["findings"]]


# --------------------------------------------------------------------------- every key

def test_full_config_applies_every_key(run, tmp_path, site):
    install("good.yaml", tmp_path / ".claimcheck.yaml")
    result, found = findings(run, "site")
    # include *.txt only; drafts/** excluded; t/percent ignored; t/uk-only runs (UK);
    # t/miracle downgraded to warning; fail-on warning -> exit 1
    assert found == [("site/page.txt", "t/miracle", "warning"),
                     ("site/page.txt", "t/uk-only", "error")]
    assert result.exit_code == 1


def test_config_found_walking_up_from_cwd(run, tmp_path, site, monkeypatch):
    install("good.yaml", tmp_path / ".claimcheck.yaml")
    deep = site / "drafts"
    monkeypatch.chdir(deep)
    # extra-rules is relative to the config file, not the working folder
    _, found = findings(run, "draft.txt")
    assert found == [("draft.txt", "t/miracle", "warning"), ("draft.txt", "t/uk-only", "error")]


def test_yml_extension(run, tmp_path, site):
    (tmp_path / ".claimcheck.yml").write_text("extra-rules: [fixtures/rules]\nselect: [t/percent]\n",
                                              encoding="utf-8")
    _, found = findings(run, "site/page.txt")
    assert found == [("site/page.txt", "t/percent", "warning")]


def test_nearest_config_wins(run, tmp_path, site, monkeypatch):
    (tmp_path / ".claimcheck.yaml").write_text("fail-on: never\n", encoding="utf-8")
    (site / ".claimcheck.yaml").write_text(
        f"extra-rules: [{tmp_path / 'fixtures' / 'rules'}]\nselect: [t/miracle]\n", encoding="utf-8")
    monkeypatch.chdir(site)
    result, found = findings(run, "page.txt")
    assert found == [("page.txt", "t/miracle", "error")]
    assert result.exit_code == 1  # the outer fail-on: never is not merged in


def test_no_config_anywhere(run, tmp_path):
    assert find_config(tmp_path) is None
    (tmp_path / "p.txt").write_text("Results are permanent.\n", encoding="utf-8")
    assert run("check", "p.txt").exit_code == 1


def test_pyproject_table(run, tmp_path, site):
    install("pyproject-good.toml", tmp_path / "pyproject.toml")
    result, found = findings(run, "site/page.txt")
    assert found == [("site/page.txt", "t/miracle", "error"), ("site/page.txt", "t/percent", "error")]
    assert result.exit_code == 1


def test_pyproject_without_table_is_skipped(run, tmp_path, site, monkeypatch):
    install("pyproject-no-table.toml", site / "pyproject.toml")
    (tmp_path / ".claimcheck.yaml").write_text("extra-rules: [fixtures/rules]\nselect: [t/percent]\n",
                                               encoding="utf-8")
    monkeypatch.chdir(site)
    assert find_config(site) == tmp_path / ".claimcheck.yaml"
    _, found = findings(run, "page.txt")
    assert found == [("page.txt", "t/percent", "warning")]


def test_claimcheck_yaml_beats_pyproject_in_same_folder(tmp_path):
    install("pyproject-good.toml", tmp_path / "pyproject.toml")
    (tmp_path / ".claimcheck.yaml").write_text("fail-on: never\n", encoding="utf-8")
    assert find_config(tmp_path) == tmp_path / ".claimcheck.yaml"


def test_explicit_config_file(run, tmp_path, site):
    cfg = install("good.yaml", tmp_path / "ci" / "strict.yaml")
    (tmp_path / "ci" / "fixtures").symlink_to(tmp_path / "fixtures")
    (tmp_path / ".claimcheck.yaml").write_text("nonsense: [\n", encoding="utf-8")  # not read
    _, found = findings(run, "--config", cfg, "site/page.txt")
    assert found == [("site/page.txt", "t/miracle", "warning"), ("site/page.txt", "t/uk-only", "error")]


def test_explicit_pyproject(run, tmp_path, site):
    cfg = install("pyproject-good.toml", tmp_path / "pyproject.toml")
    _, found = findings(run, "--config", cfg, "site/page.txt")
    assert ("site/page.txt", "t/percent", "error") in found


def test_no_config_ignores_broken_config(run, tmp_path):
    install("malformed.yaml", tmp_path / ".claimcheck.yaml")
    (tmp_path / "p.txt").write_text("Results are permanent.\n", encoding="utf-8")
    result = run("check", "--no-config", "p.txt")
    assert result.exit_code == 1
    assert "absolute/permanent" in result.stdout


def test_missing_explicit_config(run, tmp_path):
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    assert_one_line_error(run("check", "--config", "nope.yaml", "p.txt"), "nope.yaml")


def test_empty_config_is_fine(run, tmp_path):
    (tmp_path / ".claimcheck.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert load_config(tmp_path / ".claimcheck.yaml") == Config(path=tmp_path / ".claimcheck.yaml")
    (tmp_path / "p.txt").write_text("Results are permanent.\n", encoding="utf-8")
    assert run("check", "p.txt").exit_code == 1


def test_list_values_may_be_comma_separated_text(tmp_path):
    cfg = tmp_path / ".claimcheck.yaml"
    cfg.write_text("jurisdiction: UK, EU\nselect: t/miracle,absolute\n", encoding="utf-8")
    config = load_config(cfg)
    assert config.jurisdiction == ("UK", "EU")
    assert config.select == ("t/miracle", "absolute")


def test_extra_rules_resolved_against_config_folder(tmp_path):
    cfg = install("good.yaml", tmp_path / "proj" / ".claimcheck.yaml")
    assert load_config(cfg).extra_rules == ((tmp_path / "proj" / "fixtures" / "rules").resolve(),)


def test_severity_most_specific_selector_wins(run, tmp_path, site):
    (tmp_path / ".claimcheck.yaml").write_text(
        "extra-rules: [fixtures/rules]\nselect: [t]\nseverity:\n  t: info\n  t/percent: error\n"
        "  regulatory: warning\n", encoding="utf-8")
    result, found = findings(run, "-j", "UK", "site/page.txt")
    assert found == [("site/page.txt", "t/miracle", "info"), ("site/page.txt", "t/percent", "error"),
                     ("site/page.txt", "t/uk-only", "warning")]
    assert result.exit_code == 1


def test_severity_downgrade_changes_exit_code(run, tmp_path, site):
    (tmp_path / ".claimcheck.yaml").write_text(
        "extra-rules: [fixtures/rules]\nselect: [t/miracle]\nseverity: {t/miracle: warning}\n",
        encoding="utf-8")
    result, found = findings(run, "site/page.txt")
    assert found == [("site/page.txt", "t/miracle", "warning")]
    assert result.exit_code == 0


# --------------------------------------------------------------------------- CLI overrides

def test_cli_options_override_config(run, tmp_path, site):
    install("good.yaml", tmp_path / ".claimcheck.yaml")
    # --select replaces the config's select; --ignore replaces its ignore
    _, found = findings(run, "--select", "t/percent", "--ignore", "t/miracle", "site/page.txt")
    assert found == [("site/page.txt", "t/percent", "warning")]
    # --fail-on overrides fail-on: warning
    result = run("check", "--fail-on", "error", "--select", "t/percent", "site/page.txt")
    assert result.exit_code == 0
    # -j overrides jurisdiction: UK
    _, found = findings(run, "-j", "US", "site/page.txt")
    assert found == [("site/page.txt", "t/miracle", "warning")]
    # --include / --exclude override the config's include / exclude
    _, found = findings(run, "--include", "*.md", "site")
    assert {p for p, _, _ in found} == {"site/notes.md"}
    _, found = findings(run, "--exclude", "nothing", "site")
    assert {p for p, _, _ in found} == {"site/page.txt", "site/drafts/draft.txt"}


def test_rules_list_and_explain_use_config_extra_rules(run, tmp_path, site):
    install("good.yaml", tmp_path / ".claimcheck.yaml")
    assert "t/miracle" in run("rules", "list").stdout
    assert run("explain", "t/miracle").exit_code == 0
    assert run("explain", "t/miracle", "--no-config").exit_code == 2


def test_config_select_of_unknown_rule(run, tmp_path):
    (tmp_path / ".claimcheck.yaml").write_text("select: [nosuch]\n", encoding="utf-8")
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    assert_one_line_error(run("check", "p.txt"), "'nosuch'")


def test_config_extra_rules_missing_folder(run, tmp_path):
    (tmp_path / ".claimcheck.yaml").write_text("extra-rules: [no-such-rules]\n", encoding="utf-8")
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    assert_one_line_error(run("check", "p.txt"), "no-such-rules")


def test_config_extra_rules_with_broken_rule(run, tmp_path):
    write_rule(tmp_path / "myrules", "t/bad", text="kind: phrase\nsevrity: error\n")
    (tmp_path / ".claimcheck.yaml").write_text("extra-rules: [myrules]\n", encoding="utf-8")
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    assert_one_line_error(run("check", "p.txt"), "bad.yaml:2:", "sevrity")


# --------------------------------------------------------------------------- errors

@pytest.mark.parametrize("fixture, line, words", [
    ("malformed.yaml", (2, 3), ["invalid YAML"]),
    ("unknown-key.yaml", 3, ["unknown key 'jurisdictions'", "did you mean 'jurisdiction'"]),
    ("wrong-type.yaml", 3, ["select", "list"]),
    ("bad-fail-on.yaml", 2, ["fail-on", "'sometimes'"]),
    ("bad-severity.yaml", 2, ["t/miracle", "'fatal'"]),
    ("severity-not-mapping.yaml", 2, ["severity", "mapping"]),
    ("not-mapping.yaml", 1, ["mapping"]),
    ("duplicate-key.yaml", 3, ["duplicate", "select"]),
])
def test_config_errors_name_file_and_line(run, tmp_path, fixture, line, words):
    install(fixture, tmp_path / ".claimcheck.yaml")
    (tmp_path / "p.txt").write_text("Results are permanent.\n", encoding="utf-8")
    result = run("check", "p.txt")
    msg = assert_one_line_error(result, ".claimcheck.yaml:", *words)
    assert result.stdout == ""
    m = re.search(r"\.claimcheck\.yaml:(\d+): ", msg)
    assert m, msg
    lines = line if isinstance(line, tuple) else (line,)
    assert int(m.group(1)) in lines, msg
    # the same through --config and through load_config
    assert_one_line_error(run("check", "--config", CONFIGS / fixture, "p.txt"), fixture + ":")
    with pytest.raises(ConfigError):
        load_config(tmp_path / ".claimcheck.yaml")


def test_config_not_utf8(run, tmp_path):
    (tmp_path / ".claimcheck.yaml").write_bytes(b"select: [t]\nfail-on: caf\xe9\n")
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    assert_one_line_error(run("check", "p.txt"), ".claimcheck.yaml:2:")


def test_pyproject_errors_exit_2_one_line(run, tmp_path):
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    for fixture, words in (("pyproject-unknown-key.toml", ["'failon'", "did you mean 'fail-on'"]),
                           ("pyproject-invalid.toml", ["TOML"])):
        install(fixture, tmp_path / "pyproject.toml")
        assert_one_line_error(run("check", "p.txt"), "pyproject.toml", *words)


def test_pyproject_unknown_key_names_line(run, tmp_path):
    install("pyproject-unknown-key.toml", tmp_path / "pyproject.toml")
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    assert_one_line_error(run("check", "p.txt"), "pyproject.toml:6:", "failon")


def test_pyproject_invalid_toml_names_line(run, tmp_path):
    install("pyproject-invalid.toml", tmp_path / "pyproject.toml")
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    msg = assert_one_line_error(run("check", "p.txt"), "pyproject.toml")
    assert re.search(r"pyproject\.toml:\d+: ", msg), msg


def test_config_bad_jurisdiction_exit_2(run, tmp_path):
    install("bad-jurisdiction.yaml", tmp_path / ".claimcheck.yaml")
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    result = run("check", "p.txt")
    assert result.exit_code == 2
    assert "FR" in result.stderr


def test_config_bad_jurisdiction_names_file_and_line(run, tmp_path):
    install("bad-jurisdiction.yaml", tmp_path / ".claimcheck.yaml")
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    assert_one_line_error(run("check", "p.txt"), ".claimcheck.yaml:2:", "'FR'")


def test_config_errors_from_subprocess_are_one_line(tmp_path):
    from conftest import run_module

    install("unknown-key.yaml", tmp_path / ".claimcheck.yaml")
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    proc = run_module("check", "p.txt", script=True)
    assert_one_line_error(proc, ".claimcheck.yaml:3:", "jurisdictions")
