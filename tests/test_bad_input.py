"""Awkward inputs: each bad file is one error line and exit 2, good files are still checked,
odd encodings are read with correct line:column, and no file is ever modified."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import BAD, ERROR_PREFIX, assert_one_line_error, copy_fixture, error_lines, run_module

SELECT = ("--select", "absolute/permanent")


def digest(path: Path) -> tuple:
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_size, st.st_mtime_ns


@pytest.fixture
def good(tmp_path):
    return copy_fixture(BAD / "good.txt", tmp_path)


def check_json(run, *args):
    result = run("check", "--format", "json", *SELECT, *args)
    return result, json.loads(result.stdout)


def locations(data):
    return [(Path(f["path"]).name, f["line"], f["column"], f["end_column"], f["match"])
            for f in data["findings"]]


# --------------------------------------------------------------------------- bad inputs

BAD_CASES = {
    # name: (how to make it in tmp_path, words expected in the error line)
    "missing": (lambda d: d / "missing.txt", ["missing.txt", "no such file"]),
    "png": (lambda d: copy_fixture(BAD / "image.png", d), ["image.png", "binary"]),
    "png-named-txt": (lambda d: copy_fixture(BAD / "image-named.txt", d), ["image-named.txt", "binary"]),
    "nul-bytes": (lambda d: copy_fixture(BAD / "nul-bytes.txt", d), ["nul-bytes.txt", "binary"]),
    "latin1": (lambda d: copy_fixture(BAD / "latin1.txt", d),
               ["latin1.txt", "utf-8", "0xe9", "line 2"]),
    "broken-symlink": (lambda d: _symlink(d / "dangling.txt", d / "gone.txt"), ["dangling.txt"]),
}


def _symlink(link: Path, target: Path) -> Path:
    link.symlink_to(target)
    return link


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_one_error_line_and_good_file_still_checked(run, tmp_path, good, case):
    make, words = BAD_CASES[case]
    bad = make(tmp_path)
    before = {p: digest(p) for p in (good, bad) if p.exists() and not p.is_symlink()}
    result = run("check", *SELECT, "good.txt", bad.name)
    line = assert_one_line_error(result, *words)
    assert line.startswith(f"{ERROR_PREFIX} {bad.name}")
    assert "good.txt:1:17: error [absolute/permanent]" in result.stdout
    assert {p: digest(p) for p in before} == before


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_json_output_still_valid(run, tmp_path, good, case):
    bad = BAD_CASES[case][0](tmp_path)
    result = run("check", "--format", "json", *SELECT, bad.name, "good.txt")
    assert result.exit_code == 2
    assert len(error_lines(result.stderr)) == 1
    data = json.loads(result.stdout)
    assert locations(data) == [("good.txt", 1, 17, 26, "permanent")]


def test_several_bad_inputs_one_line_each(run, tmp_path, good):
    bads = [BAD_CASES[c][0](tmp_path) for c in ("missing", "png", "latin1", "nul-bytes")]
    result = run("check", *SELECT, *(b.name for b in bads), "good.txt")
    assert result.exit_code == 2
    lines = error_lines(result.stderr)
    assert len(lines) == len(bads)
    for b in bads:
        assert sum(b.name in line for line in lines) == 1
    assert all(line.startswith(ERROR_PREFIX) for line in lines)
    assert "good.txt:1:17" in result.stdout


def test_bad_file_inside_walked_folder(run, tmp_path):
    site = tmp_path / "site"
    copy_fixture(BAD / "good.txt", site)
    copy_fixture(BAD / "latin1.txt", site / "sub")
    copy_fixture(BAD / "image-named.txt", site)
    copy_fixture(BAD / "image.png", site)  # not a default include: never read
    result = run("check", *SELECT, "site")
    assert result.exit_code == 2
    lines = error_lines(result.stderr)
    assert len(lines) == 2, lines
    assert any("latin1.txt" in line for line in lines)
    assert any("image-named.txt" in line for line in lines)
    assert not any("image.png" in line for line in lines)
    assert "good.txt:1:17" in result.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read a chmod 000 file")
def test_unreadable_file(run, tmp_path, good):
    secret = tmp_path / "secret.txt"
    secret.write_text("Results are permanent.\n", encoding="utf-8")
    secret.chmod(0)
    try:
        result = run("check", *SELECT, "secret.txt", "good.txt")
        assert_one_line_error(result, "secret.txt", "permission denied")
        assert "good.txt:1:17" in result.stdout
    finally:
        secret.chmod(0o644)


def test_directory_given_is_walked(run, tmp_path):
    copy_fixture(BAD / "good.txt", tmp_path / "pages" / "deep")
    result = run("check", *SELECT, "pages")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert os.path.join("pages", "deep", "good.txt") + ":1:17" in result.stdout


def test_empty_file_and_empty_folder(run, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "nothing").mkdir()
    result = run("check", *SELECT, "empty.txt", "nothing")
    assert result.exit_code == 0
    assert result.stdout.strip() == "No findings in 1 file."


def test_only_bad_inputs(run, tmp_path):
    result = run("check", *SELECT, "nope.txt")
    assert_one_line_error(result, "nope.txt")


# --------------------------------------------------------------------------- encodings read correctly

@pytest.mark.parametrize("name", ["utf16le-bom.txt", "utf16be-bom.txt"])
def test_utf16_with_bom_is_read(run, tmp_path, name):
    path = copy_fixture(BAD / name, tmp_path)
    before = digest(path)
    result, data = check_json(run, name)
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    # line 2 is "Café 😀 results are permanent." (CRLF): é and the astral emoji are one
    # character each
    assert locations(data) == [(name, 2, 20, 29, "permanent")]
    assert digest(path) == before


@pytest.mark.parametrize("name", ["utf16le-bom.txt", "utf16be-bom.txt"])
def test_utf16_text_snippet(run, tmp_path, name):
    copy_fixture(BAD / name, tmp_path)
    result = run("check", *SELECT, name)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{name}:2:20: error [absolute/permanent]")
    assert lines[2].endswith("| Café 😀 results are permanent.")
    assert "\r" not in result.stdout


def test_utf8_bom_columns_on_line_1(run, tmp_path):
    path = copy_fixture(BAD / "utf8-bom.txt", tmp_path)
    before = digest(path)
    _, data = check_json(run, "utf8-bom.txt")
    assert locations(data) == [("utf8-bom.txt", 1, 13, 22, "permanent"),
                               ("utf8-bom.txt", 2, 18, 27, "permanent")]
    assert digest(path) == before


def test_crlf(run, tmp_path):
    path = copy_fixture(BAD / "crlf.txt", tmp_path)
    before = digest(path)
    result, data = check_json(run, "crlf.txt")
    assert locations(data) == [("crlf.txt", 3, 18, 27, "permanent")]
    text = run("check", *SELECT, "crlf.txt").stdout
    assert "\r" not in text
    assert "3 | Café results are permanent.\n" in text
    assert digest(path) == before


def test_latin1_with_encoding_option(run, tmp_path):
    copy_fixture(BAD / "latin1.txt", tmp_path)
    result, data = check_json(run, "--encoding", "latin-1", "latin1.txt")
    assert result.exit_code == 1
    assert locations(data) == [("latin1.txt", 2, 18, 27, "permanent")]


def test_utf16_with_explicit_encoding(run, tmp_path):
    copy_fixture(BAD / "utf16le-bom.txt", tmp_path)
    result, data = check_json(run, "--encoding", "utf-16", "utf16le-bom.txt")
    assert result.exit_code == 1, result.stderr
    assert locations(data) == [("utf16le-bom.txt", 2, 20, 29, "permanent")]


# --------------------------------------------------------------------------- never modified

def test_check_never_modifies_any_input(run, tmp_path):
    names = [p.name for p in BAD.iterdir() if p.is_file() and not p.name.startswith(".")]
    paths = [copy_fixture(BAD / n, tmp_path / "in") for n in names]
    before = {p: digest(p) for p in paths}
    for fmt in ("text", "json", "concise"):
        run("check", "--format", fmt, *SELECT, *paths)
        run("check", "--format", fmt, *SELECT, tmp_path / "in")
    assert {p: digest(p) for p in paths} == before
    assert sorted(os.listdir(tmp_path / "in")) == sorted(names)  # no stray files either


def test_subprocess_bad_inputs(tmp_path, good):
    for case in ("png", "latin1", "missing"):
        BAD_CASES[case][0](tmp_path)
    copy_fixture(BAD / "utf16le-bom.txt", tmp_path)
    proc = run_module("check", *SELECT, "--format", "concise", "image.png", "latin1.txt",
                      "missing.txt", "utf16le-bom.txt", "good.txt")
    assert proc.returncode == 2
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert "Traceback" not in out + err
    lines = error_lines(err)
    assert len(lines) == 3 and all(line.startswith(ERROR_PREFIX) for line in lines)
    assert "utf16le-bom.txt:2:20: error [absolute/permanent]" in out
    assert "good.txt:1:17: error [absolute/permanent]" in out
