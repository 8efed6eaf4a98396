"""The command-line contract: output formats, exit codes, selectors, stdin, subcommands."""

from __future__ import annotations

import json
import os

import pytest
from conftest import ERROR_PREFIX, assert_one_line_error, error_lines, run_module, write_rule

from claimcheck import __version__

PAGE = "Intro line.\nCafé offers a miracle cure for wrinkles.\n"


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def check_json(run, *args, **kw):
    result = run("check", "--format", "json", *args, **kw)
    assert result.stdout.strip(), result.output
    return result, json.loads(result.stdout)


# --------------------------------------------------------------------------- JSON contract

def test_json_contract_exact(run, rules_dir, page):
    result, data = check_json(run, "--rules", rules_dir, "--select", "t", "page.txt")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert data == {
        "version": __version__,
        "files": 1,
        "findings": [{
            "path": "page.txt",
            "rule": "t/miracle",
            "category": "superlative",
            "severity": "error",
            "message": "'miracle cure' overstates what a treatment can do.",
            "match": "miracle cure",
            "line": 2,
            # "Café offers a " is 14 characters (é counts as one): the match starts at 15
            "column": 15,
            "end_line": 2,
            "end_column": 27,  # one past the last character
            "scope": "span",
            "suggestions": [{"replace": "effective treatment"},
                            {"advice": "Describe the typical result instead."}],
            "source": "claimcheck test suite",
            "subject": None,
        }],
        "summary": {"error": 1, "warning": 0, "info": 0},
        "substantiated": [],
        "baselined": 0,
        "grades": {"formula": None, "files": {}},
    }


def test_json_columns_count_unicode_characters_not_bytes(run, rules_dir, tmp_path):
    # an astral emoji is one character (two UTF-16 code units, four UTF-8 bytes)
    (tmp_path / "emoji.txt").write_text("😀😀 ÀÉ a miracle cure!\n", encoding="utf-8")
    _, data = check_json(run, "--rules", rules_dir, "--select", "t/miracle", "emoji.txt")
    (f,) = data["findings"]
    line = "😀😀 ÀÉ a miracle cure!"
    assert f["column"] == line.index("miracle") + 1 == 9
    assert f["end_column"] == line.index("!") + 1
    assert line[f["column"] - 1:f["end_column"] - 1] == f["match"]


def test_json_multiple_findings_summary_and_order(run, rules_dir, tmp_path):
    (tmp_path / "b.txt").write_text("Works for 95% of clients.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A miracle cure.\n\nAnother miracle cure.\n", encoding="utf-8")
    result, data = check_json(run, "--rules", rules_dir, "--select", "t", "b.txt", "a.txt")
    assert result.exit_code == 1
    assert data["files"] == 2
    # files in command-line order, findings in document order within a file
    assert [(f["path"], f["line"], f["rule"], f["severity"]) for f in data["findings"]] == [
        ("b.txt", 1, "t/percent", "warning"),
        ("a.txt", 1, "t/miracle", "error"), ("a.txt", 3, "t/miracle", "error")]
    assert data["summary"] == {"error": 2, "warning": 1, "info": 0}


def test_json_no_findings(run, rules_dir, tmp_path):
    (tmp_path / "clean.txt").write_text("A gentle treatment.\n", encoding="utf-8")
    result, data = check_json(run, "--rules", rules_dir, "--select", "t", "clean.txt")
    assert result.exit_code == 0
    assert data["findings"] == [] and data["files"] == 1
    assert data["summary"] == {"error": 0, "warning": 0, "info": 0}


def test_json_builtin_permanent_rule(run, tmp_path):
    (tmp_path / "p.txt").write_text("Results are permanent.\nResults are not permanent.\n",
                                    encoding="utf-8")
    result, data = check_json(run, "--select", "absolute/permanent", "p.txt")
    assert result.exit_code == 1
    assert [(f["rule"], f["match"], f["line"], f["column"], f["end_column"])
            for f in data["findings"]] == [("absolute/permanent", "permanent", 1, 13, 22)]


# --------------------------------------------------------------------------- text format

def test_text_format(run, rules_dir, page):
    result = run("check", "--rules", rules_dir, "--select", "t", "page.txt")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == ("page.txt:2:15: error [t/miracle] "
                        "'miracle cure' overstates what a treatment can do.")
    snippet = "\n".join(lines[1:4])
    assert "2 | Café offers a miracle cure for wrinkles." in snippet
    caret_line = lines[3]
    source_line = lines[2]
    assert caret_line.index("^") == source_line.index("miracle")
    assert caret_line.count("^") == len("miracle cure")
    assert 'fix: replace with "effective treatment"' in result.stdout
    assert "advice: Describe the typical result instead." in result.stdout
    assert lines[-1] == "Found 1 finding (1 error) in 1 file."
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_text_format_verbose_shows_why_and_source(run, rules_dir, page):
    result = run("check", "-v", "--rules", rules_dir, "--select", "t", "page.txt")
    assert "why: Test rule: nothing can be a miracle." in result.stdout
    assert "source: claimcheck test suite" in result.stdout


def test_concise_format(run, rules_dir, page):
    result = run("check", "--format", "concise", "--rules", rules_dir, "--select", "t", "page.txt")
    assert result.stdout.splitlines() == [
        "page.txt:2:15: error [t/miracle] 'miracle cure' overstates what a treatment can do.",
        "Found 1 finding (1 error) in 1 file."]


def test_no_findings_summary_and_quiet(run, rules_dir, tmp_path):
    (tmp_path / "a.txt").write_text("Fine.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Also fine.\n", encoding="utf-8")
    result = run("check", "--rules", rules_dir, "--select", "t", "a.txt", "b.txt")
    assert result.exit_code == 0
    assert result.stdout.strip() == "No findings in 2 files."
    quiet = run("check", "-q", "--rules", rules_dir, "--select", "t", "a.txt", "b.txt")
    assert quiet.exit_code == 0
    assert quiet.stdout.strip() == ""


def test_color_flag(run, rules_dir, page):
    result = run("check", "--color", "--rules", rules_dir, "--select", "t", "page.txt")
    assert "\x1b[" in result.stdout
    assert result.exit_code == 1


# --------------------------------------------------------------------------- exit codes

def test_fail_on_levels(run, rules_dir, tmp_path):
    (tmp_path / "w.txt").write_text("Works for 95% of clients.\n", encoding="utf-8")
    args = ("check", "--rules", rules_dir, "--select", "t/percent", "w.txt")
    assert run(*args).exit_code == 0  # a warning does not fail by default
    assert run(*args, "--fail-on", "warning").exit_code == 1
    assert run(*args, "--fail-on", "info").exit_code == 1
    assert run(*args, "--fail-on", "error").exit_code == 0


def test_fail_on_never(run, rules_dir, page):
    result = run("check", "--fail-on", "never", "--rules", rules_dir, "--select", "t", "page.txt")
    assert result.exit_code == 0
    assert "t/miracle" in result.stdout


def test_input_error_wins_over_findings(run, rules_dir, page):
    result = run("check", "--rules", rules_dir, "--select", "t", "page.txt", "missing.txt")
    assert_one_line_error(result, "missing.txt")
    assert "page.txt:2:15" in result.stdout


# --------------------------------------------------------------------------- selectors

@pytest.mark.parametrize("selector, expected", [
    ("t", ["t/miracle", "t/percent"]),  # an id prefix (a folder)
    ("t/", ["t/miracle", "t/percent"]),
    ("t/miracle", ["t/miracle"]),  # a rule id
    ("superlative", ["t/miracle"]),  # a category
    ("statistic", ["t/percent"]),
    ("t/miracle/", ["t/miracle"]),
])
def test_select_forms(run, rules_dir, tmp_path, selector, expected):
    (tmp_path / "x.txt").write_text("A miracle cure. Works for 95% of clients.\n", encoding="utf-8")
    _, data = check_json(run, "--rules", rules_dir, "--select", selector, "x.txt")
    assert [f["rule"] for f in data["findings"]] == expected


def test_select_builtin_category(run, rules_dir, tmp_path):
    (tmp_path / "x.txt").write_text("A miracle cure, permanent results.\n", encoding="utf-8")
    _, data = check_json(run, "--rules", rules_dir, "--select", "absolute", "x.txt")
    assert [f["rule"] for f in data["findings"]] == ["absolute/permanent"]
    _, data = check_json(run, "--rules", rules_dir, "--ignore", "absolute", "x.txt")
    assert [f["rule"] for f in data["findings"]] == ["t/miracle"]


def test_select_comma_separated_and_repeated(run, rules_dir, tmp_path):
    (tmp_path / "x.txt").write_text("A miracle cure. Works for 95% of clients.\n", encoding="utf-8")
    for args in (["--select", "t/miracle,t/percent"],
                 ["--select", "t/miracle", "--select", "t/percent"]):
        _, data = check_json(run, "--rules", rules_dir, *args, "x.txt")
        assert [f["rule"] for f in data["findings"]] == ["t/miracle", "t/percent"]


@pytest.mark.parametrize("ignore", ["t/percent", "statistic", "t/percent/"])
def test_ignore_forms(run, rules_dir, tmp_path, ignore):
    (tmp_path / "x.txt").write_text("A miracle cure. Works for 95% of clients.\n", encoding="utf-8")
    _, data = check_json(run, "--rules", rules_dir, "--select", "t", "--ignore", ignore, "x.txt")
    assert [f["rule"] for f in data["findings"]] == ["t/miracle"]


def test_select_prefix_is_a_whole_path_segment(run, rules_dir, page):
    # "t/mir" is not an id, a category or a folder: it must not silently match t/miracle
    result = run("check", "--rules", rules_dir, "--select", "t/mir", "page.txt")
    assert_one_line_error(result, "t/mir")


@pytest.mark.parametrize("opt", ["--select", "--ignore"])
def test_unknown_selector_is_usage_error(run, rules_dir, page, opt):
    result = run("check", "--rules", rules_dir, opt, "nosuch/rule", "page.txt")
    line = assert_one_line_error(result, "'nosuch/rule'")
    assert result.stdout == ""
    assert "rules list" in line


# --------------------------------------------------------------------------- jurisdictions

def test_jurisdiction_specific_rule_runs_only_for_its_jurisdiction(run, rules_dir, tmp_path):
    (tmp_path / "j.txt").write_text("Prescription-free botox!\n", encoding="utf-8")
    base = ("--rules", rules_dir, "--select", "t", "j.txt")
    rules_for = lambda *j: [f["rule"] for f in check_json(run, *j, *base)[1]["findings"]]  # noqa: E731
    assert rules_for() == []  # no jurisdiction chosen: only neutral rules run
    assert rules_for("--jurisdiction", "US") == []
    assert rules_for("--jurisdiction", "UK") == ["t/uk-only"]
    assert rules_for("-j", "uk") == ["t/uk-only"]  # case-insensitive
    assert rules_for("-j", "US,UK") == ["t/uk-only"]
    assert rules_for("-j", "EU", "-j", "UK") == ["t/uk-only"]


@pytest.mark.parametrize("code", ["US", "UK", "EU", "AU", "CA"])
def test_every_documented_jurisdiction_is_accepted(run, rules_dir, page, code):
    assert run("check", "-j", code, "--rules", rules_dir, "--select", "t", "page.txt").exit_code == 1


@pytest.mark.parametrize("code", ["FR", "NZ", "GB", "world"])
def test_unknown_jurisdiction_exit_2(run, rules_dir, page, code):
    result = run("check", "-j", code, "--rules", rules_dir, "--select", "t", "page.txt")
    assert result.exit_code == 2
    assert code.upper() in result.stderr
    assert result.stdout == ""


# --------------------------------------------------------------------------- usage errors

@pytest.mark.parametrize("args", [
    ["check", "-j", "FR", "x.txt"],
    ["check", "--format", "xml", "x.txt"],
    ["check", "--fail-on", "sometimes", "x.txt"],
    ["check", "--bogus-option", "x.txt"],
    ["rules", "list", "--category", "hype"],
    ["frobnicate"],
])
def test_usage_errors_are_one_line(run, tmp_path, args):
    (tmp_path / "x.txt").write_text("Fine.\n", encoding="utf-8")
    assert_one_line_error(run(*args))


@pytest.mark.parametrize("args", [
    ["check", "--format", "xml", "x.txt"],
    ["check", "--fail-on", "sometimes", "x.txt"],
    ["check", "--bogus-option", "x.txt"],
    ["rules", "list", "--category", "hype"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(run, tmp_path, args):
    (tmp_path / "x.txt").write_text("Fine.\n", encoding="utf-8")
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.strip()


# --------------------------------------------------------------------------- stdin

def test_stdin(run, rules_dir):
    result = run("check", "--rules", rules_dir, "--select", "t", "-", input=PAGE.encode())
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:2:15: error [t/miracle]")
    assert "Found 1 finding (1 error) in 1 file." in result.stdout


def test_stdin_filename_names_the_input(run, rules_dir):
    result = run("check", "--format", "json", "--rules", rules_dir, "--select", "t", "-",
                 "--stdin-filename", "drafts/hifu.txt", input=PAGE.encode())
    data = json.loads(result.stdout)
    assert [(f["path"], f["line"], f["column"]) for f in data["findings"]] == [
        ("drafts/hifu.txt", 2, 15)]


def test_stdin_with_files(run, rules_dir, page):
    result = run("check", "--format", "json", "--rules", rules_dir, "--select", "t",
                 "page.txt", "-", input=b"Works for 95% of clients.\n")
    data = json.loads(result.stdout)
    assert data["files"] == 2
    assert {(f["path"], f["rule"]) for f in data["findings"]} == {
        ("page.txt", "t/miracle"), ("<stdin>", "t/percent")}


def test_stdin_utf8_bom_columns(run, rules_dir):
    result = run("check", "--format", "json", "--rules", rules_dir, "--select", "t", "-",
                 input=b"\xef\xbb\xbfA miracle cure.\n")
    (f,) = json.loads(result.stdout)["findings"]
    assert (f["line"], f["column"], f["end_column"]) == (1, 3, 15)


def test_stdin_utf16_bom(run, rules_dir):
    data = b"\xff\xfe" + "Ça, a miracle cure.\r\n".encode("utf-16-le")
    result = run("check", "--format", "json", "--rules", rules_dir, "--select", "t", "-",
                 input=data)
    (f,) = json.loads(result.stdout)["findings"]
    assert (f["line"], f["column"], f["match"]) == (1, 7, "miracle cure")


def test_stdin_binary_is_an_input_error(run, rules_dir):
    result = run("check", "--rules", rules_dir, "--select", "t", "-", "--stdin-filename", "pic.txt",
                 input=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_one_line_error(result, "pic.txt", "binary")


def test_stdin_invalid_utf8_is_an_input_error(run, rules_dir):
    result = run("check", "--rules", rules_dir, "--select", "t", "-",
                 input="Café miracle cure".encode("latin-1"))
    assert_one_line_error(result, "<stdin>", "0xe9")


def test_stdin_encoding_option(run, rules_dir):
    result = run("check", "--format", "json", "--encoding", "latin-1", "--rules", rules_dir,
                 "--select", "t", "-", input="Café: a miracle cure\n".encode("latin-1"))
    assert result.exit_code == 1
    (f,) = json.loads(result.stdout)["findings"]
    assert f["column"] == 9


def test_unknown_encoding_is_an_input_error(run, rules_dir, page):
    result = run("check", "--encoding", "klingon-8", "--rules", rules_dir, "--select", "t",
                 "page.txt")
    assert_one_line_error(result, "page.txt", "klingon-8")


# --------------------------------------------------------------------------- rules list / test

def test_rules_list_includes_builtin_and_extra(run, rules_dir):
    result = run("rules", "list", "--rules", rules_dir)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() [:4] == ["RULE", "CATEGORY", "SEVERITY", "WHERE"]
    ids = [line.split()[0] for line in lines[1:] if line.strip() and not line.endswith(" rules")]
    assert "absolute/permanent" in ids and "t/miracle" in ids and "t/uk-only" in ids
    assert ids == sorted(ids)
    assert lines[-1] == f"{len(ids)} rules"


def test_rules_list_json_and_filters(run, rules_dir):
    result = run("rules", "list", "--format", "json", "--rules", rules_dir, "--category", "statistic")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    mine = [r for r in rows if r["id"] == "t/percent"]
    assert mine == [{"id": "t/percent", "category": "statistic", "severity": "warning",
                     "kind": "pattern", "jurisdictions": ["all"], "description": "",
                     "enabled": True}]
    assert all(r["category"] == "statistic" for r in rows)
    uk = json.loads(run("rules", "list", "--format", "json", "--rules", rules_dir,
                        "-j", "UK").stdout)
    us = json.loads(run("rules", "list", "--format", "json", "--rules", rules_dir,
                        "-j", "US").stdout)
    assert "t/uk-only" in {r["id"] for r in uk}
    assert "t/uk-only" not in {r["id"] for r in us}
    assert "t/miracle" in {r["id"] for r in us}


def test_rules_test_passing_folder(run, rules_dir):
    result = run("rules", "test", rules_dir)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "All 6 examples passed"


def test_rules_test_verbose(run, rules_dir):
    result = run("rules", "test", "-v", rules_dir)
    assert result.exit_code == 0
    assert "ok   t/miracle: flag 'A miracle cure for wrinkles.'" in result.stdout


def test_rules_test_failing_example_exit_1(run, tmp_path):
    from conftest import RULES_BAD

    result = run("rules", "test", RULES_BAD / "failing-example")
    assert result.exit_code == 1, result.output
    fails = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(fails) == 2
    assert any("t/miracle: flag example 'Nothing short of miraculous.': not flagged" in f
               for f in fails)
    assert any("t/miracle: pass example 'The miracle cure myth, debunked.': flagged "
               "'miracle cure'" in f for f in fails)
    assert all("miracle.yaml" in f for f in fails)
    assert "2 of 4 examples failed" in result.stdout


def test_rules_test_written_in_tmp(run, tmp_path):
    folder = tmp_path / "fixtures" / "failing"
    write_rule(folder, "t/boast", flag=("A miracle cure.", "Simply miraculous."),
               pass_=("Results vary.",))
    result = run("rules", "test", folder)
    assert result.exit_code == 1
    assert "1 of 3 examples failed" in result.stdout


def test_rules_test_missing_folder(run, tmp_path):
    result = run("rules", "test", tmp_path / "nope")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- explain

def test_explain_rule(run, rules_dir):
    result = run("explain", "t/miracle", "--rules", rules_dir)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("t/miracle  (superlative, error, phrase rule)")
    for text in ("'{match}' overstates what a treatment can do.", "Test rule: nothing can be a miracle.",
                 "claimcheck test suite", 'replace with "effective treatment"',
                 "  - A miracle cure for wrinkles.", "  - A treatment for wrinkles.",
                 "miracle.yaml"):
        assert text in out


def test_explain_builtin(run):
    result = run("explain", "absolute/permanent")
    assert result.exit_code == 0
    assert result.stdout.startswith("absolute/permanent  (absolute, error, phrase rule)")
    assert "  - Results are permanent." in result.stdout


@pytest.mark.parametrize("typo, suggestion", [("t/miracel", "t/miracle"),
                                              ("absolute/permanant", "absolute/permanent")])
def test_explain_unknown_did_you_mean(run, rules_dir, typo, suggestion):
    result = run("explain", typo, "--rules", rules_dir)
    line = assert_one_line_error(result, repr(typo), "did you mean", repr(suggestion))
    assert result.stdout == ""
    assert line.startswith(ERROR_PREFIX)


def test_explain_unknown_without_close_match(run):
    result = run("explain", "zzzzzzzz")
    assert_one_line_error(result, "'zzzzzzzz'")


# --------------------------------------------------------------------------- version / help

def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"claimcheck, version {__version__}"


@pytest.mark.parametrize("args, words", [
    (["--help"], ["check", "rules", "explain", "Exit codes"]),
    (["-h"], ["check", "rules", "explain"]),
    (["check", "--help"], ["--format", "--jurisdiction", "--select", "--ignore", "--fail-on",
                           "--stdin-filename", "--config", "--no-config", "--rules"]),
    (["rules", "--help"], ["list", "test"]),
    (["rules", "test", "--help"], ["FOLDERS"]),
    (["explain", "--help"], ["RULE"]),
])
def test_help(run, args, words):
    result = run(*args)
    assert result.exit_code == 0
    for w in words:
        assert w in result.stdout


def test_no_paths_checks_current_folder(run, rules_dir, tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "a.txt").write_text("A miracle cure.\n", encoding="utf-8")
    result = run("check", "--rules", rules_dir, "--select", "t", "--format", "concise")
    assert result.exit_code == 1
    where, rest = result.stdout.splitlines()[0].split(":", 1)
    assert os.path.normpath(where) == os.path.join("site", "a.txt")
    assert rest.startswith("1:3: error [t/miracle]")


# --------------------------------------------------------------------------- real processes

def test_subprocess_module_findings(tmp_path):
    (tmp_path / "p.txt").write_text("Results are permanent.\n", encoding="utf-8")
    proc = run_module("check", "--select", "absolute/permanent", "--format", "concise", "p.txt")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.decode().splitlines()[0] == (
        "p.txt:1:13: error [absolute/permanent] 'permanent' promises a permanent result.")
    assert proc.stderr == b""


def test_subprocess_module_clean_exit_0(tmp_path):
    (tmp_path / "p.txt").write_text("Results are not permanent.\n", encoding="utf-8")
    proc = run_module("check", "--select", "absolute/permanent", "p.txt")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().strip() == "No findings in 1 file."


def test_subprocess_script_bad_inputs_one_line_each(tmp_path):
    (tmp_path / "good.txt").write_text("Results are permanent.\n", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
    proc = run_module("check", "--select", "absolute/permanent", "good.txt", "missing.txt",
                      "bin.txt", script=True)
    assert proc.returncode == 2
    stderr = proc.stderr.decode()
    assert "Traceback" not in stderr + proc.stdout.decode()
    lines = error_lines(stderr)
    assert len(lines) == 2, lines
    assert all(line.startswith(ERROR_PREFIX) for line in lines)
    assert any("missing.txt" in line for line in lines)
    assert any("bin.txt" in line for line in lines)
    assert "good.txt:1:13: error [absolute/permanent]" in proc.stdout.decode()


def test_subprocess_script_version_and_help():
    proc = run_module("--version", script=True)
    assert proc.returncode == 0
    assert proc.stdout.decode().strip() == f"claimcheck, version {__version__}"
    proc = run_module("--help", script=True)
    assert proc.returncode == 0 and b"Usage:" in proc.stdout


def test_subprocess_stdin(tmp_path):
    proc = run_module("check", "--select", "absolute/permanent", "--format", "json", "-",
                      "--stdin-filename", "in.txt", input="Ça: results are permanent.\n".encode())
    assert proc.returncode == 1
    (f,) = json.loads(proc.stdout)["findings"]
    assert (f["path"], f["line"], f["column"]) == ("in.txt", 1, 17)


def test_subprocess_unknown_selector_and_explain(tmp_path):
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    assert_one_line_error(run_module("check", "--select", "nosuch", "p.txt"), "nosuch")
    assert_one_line_error(run_module("explain", "absolute/permanen", script=True),
                          "did you mean 'absolute/permanent'")


def test_subprocess_broken_rule_is_one_line(tmp_path):
    from conftest import RULES_BAD, copy_fixture

    folder = tmp_path / "r"
    copy_fixture(RULES_BAD / "unknown_key.yaml", folder / "t")
    proc = run_module("check", "--rules", folder, "x.txt", script=True)
    assert_one_line_error(proc, "unknown_key.yaml:8:", "severty")


def test_subprocess_kind_list_is_a_rule_error(tmp_path):
    from conftest import RULES_BAD, copy_fixture

    folder = tmp_path / "r"
    copy_fixture(RULES_BAD / "kind_is_list.yaml", folder / "t")
    proc = run_module("check", "--rules", folder, "x.txt")
    assert_one_line_error(proc, "kind_is_list.yaml:1:", "kind")
