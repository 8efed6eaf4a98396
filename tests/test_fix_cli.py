"""`check --fix`, `--diff` and `--unsafe-fixes` from the command line, against golden files."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO

FIX = FIXTURES / "fix"
SEEDS = REPO.parent / "shared" / "seeds"
PAGES = ("page.md", "page.html", "page.txt")
# (suffix, how the bytes of an LF UTF-8 page are turned into the variant)
VARIANTS = {
    "lf": lambda b: b,
    "crlf": lambda b: b.replace(b"\n", b"\r\n"),
    "bom": lambda b: b"\xef\xbb\xbf" + b,
    "utf16": lambda b: b"\xff\xfe" + b.decode("utf-8").replace("\n", "\r\n").encode("utf-16-le"),
}


def variant_pages(folder: Path) -> dict[Path, bytes]:
    """Every page in every encoding/line-ending variant, and its expected fixed bytes."""
    expected = {}
    for page in PAGES:
        for name, make in VARIANTS.items():
            stem, ext = page.split(".")
            path = folder / f"{stem}-{name}.{ext}"
            path.write_bytes(make((FIX / page).read_bytes()))
            expected[path] = make((FIX / "expected" / page).read_bytes())
    return expected


def cli(*args, cwd, stdin=None):
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "claimcheck", *map(str, args)], cwd=cwd,
                          input=stdin, capture_output=True, env=env)


def test_fix_matches_golden_files_in_every_encoding(run, tmp_path):
    expected = variant_pages(tmp_path)
    modes = {p: p.stat().st_mode for p in expected}
    result = run("check", "--fix", *expected)
    assert result.exit_code == 1  # unfixable findings remain (alt text, unsafe fixes)
    assert "Fixed 48 findings in 12 files." in result.stderr
    for path, want in expected.items():
        assert path.read_bytes() == want, path.name
        assert path.stat().st_mode == modes[path]
    # A second run finds nothing left to fix, and --fix is idempotent.
    again = run("check", "--diff", *expected)
    assert again.exit_code == 0 and again.stdout == ""
    run("check", "--fix", *expected)
    assert all(path.read_bytes() == want for path, want in expected.items())


def test_only_the_fixed_lines_change(run, tmp_path):
    page = tmp_path / "page.md"
    shutil.copyfile(FIX / "page.md", page)
    before = page.read_text(encoding="utf-8").splitlines()
    run("check", "--fix", page)
    after = page.read_text(encoding="utf-8").splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(before) == len(after) and changed == [2, 4, 5, 6, 11]


def test_diff_writes_nothing_and_matches_fix(run, tmp_path):
    page = tmp_path / "page.txt"
    shutil.copyfile(FIX / "page.txt", page)
    result = run("check", "--diff", page)
    assert result.exit_code == 1 and "Would fix 3 findings in 1 file." in result.stderr
    assert page.read_bytes() == (FIX / "page.txt").read_bytes()
    want = "".join(difflib.unified_diff(
        (FIX / "page.txt").read_text(encoding="utf-8").splitlines(keepends=True),
        (FIX / "expected" / "page.txt").read_text(encoding="utf-8").splitlines(keepends=True)))
    assert [line for line in result.stdout.splitlines() if line[:1] in "+-"][2:] == \
        [line for line in want.splitlines() if line[:1] in "+-"][2:]


def test_unsafe_fixes_need_the_flag(run, tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("HIFU does not hurt.\n", encoding="utf-8")
    assert run("check", "--fix", page).exit_code == 1
    assert page.read_text(encoding="utf-8") == "HIFU does not hurt.\n"
    run("check", "--fix", "--unsafe-fixes", page)
    assert page.read_text(encoding="utf-8") == "HIFU is comfortable for most people.\n"


def test_fix_and_diff_together_is_a_usage_error(run, tmp_path):
    result = run("check", "--fix", "--diff", "x.md")
    assert result.exit_code == 2 and "cannot be combined" in result.output


def test_stdin_fix_prints_the_fixed_text(tmp_path):
    proc = cli("check", "--fix", "-", "--stdin-filename", "draft.md", cwd=tmp_path,
               stdin=b"Results are permanent.\r\n")
    assert proc.stdout == b"Results are long-lasting.\r\n"
    assert proc.returncode == 0 and b"Fixed 1 finding in 1 file." in proc.stderr


def test_read_only_file_is_an_error_and_the_others_are_fixed(run, tmp_path):
    locked, free = tmp_path / "locked.txt", tmp_path / "free.txt"
    for p in (locked, free):
        p.write_text("Results are permanent.\n", encoding="utf-8")
    locked.chmod(0o444)
    result = run("check", "--fix", locked, free)
    assert result.exit_code == 2
    assert "locked.txt: " in result.stderr and "read-only" in result.stderr
    assert locked.read_text(encoding="utf-8") == "Results are permanent.\n"
    assert free.read_text(encoding="utf-8") == "Results are long-lasting.\n"
    # The unwritten file is still reported as it is.
    assert f"{locked}:1:13: error [absolute/permanent]" in result.stdout


def test_suppressed_and_substantiated_claims_are_not_fixed(run, tmp_path):
    page = tmp_path / "p.md"
    page.write_text("<!-- claimcheck-disable-next-line absolute/permanent -->\n"
                    "Results are permanent.\n\nOur lift is permanent for most.\n\n"
                    "The glow is permanent.\n", encoding="utf-8")
    register = tmp_path / "claims.yaml"
    register.write_text('claims:\n  - claim: "Our lift is permanent for most"\n'
                        '    source: "Study X"\n', encoding="utf-8")
    run("check", "--fix", "--register", register, page)
    assert page.read_text(encoding="utf-8").splitlines()[1:] == [
        "Results are permanent.", "", "Our lift is permanent for most.", "",
        "The glow is long-lasting."]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
def test_fix_on_the_seeds_matches_the_golden_diff(tmp_path):
    site = tmp_path / "seeds"
    shutil.copytree(SEEDS, site)
    for page in site.iterdir():
        page.chmod(0o644)  # the shared corpus is read-only
    preview = cli("check", "--diff", ".", cwd=site)
    assert preview.stdout.decode("utf-8") == (FIX / "seeds.diff").read_text(encoding="utf-8")
    fixed = cli("check", "--fix", ".", cwd=site)
    assert b"Fixed " in fixed.stderr
    again = cli("check", "--diff", ".", cwd=site)
    assert again.returncode == 0 and again.stdout == b""
    # Only the lines the golden diff shows have changed.
    changed = sum(
        sum(1 for a, b in zip(p.read_bytes().splitlines(), (SEEDS / p.name).read_bytes().splitlines())
            if a != b)
        for p in site.iterdir())
    removed = sum(1 for line in (FIX / "seeds.diff").read_text(encoding="utf-8").splitlines()
                  if line.startswith("-") and not line.startswith("---"))
    assert changed == removed
