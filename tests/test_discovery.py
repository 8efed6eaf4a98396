"""Expanding command-line paths into files: default includes, excludes, order, errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimcheck.discovery import DEFAULT_INCLUDE, discover, matches


def make_tree(root: Path, *paths: str) -> None:
    for p in paths:
        f = root / p
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("Results are permanent.\n", encoding="utf-8")


def rel(files, root: str = "site") -> list[str]:
    return [Path(os.path.relpath(f, root)).as_posix() for f in files]


TREE = ("site/index.md", "site/about.markdown", "site/notes.txt", "site/page.html",
        "site/old.htm", "site/logo.png", "site/data.json", "site/README",
        "site/b/two.md", "site/a/one.md", "site/a/deep/three.txt",
        "site/node_modules/pkg/readme.md", "site/.git/info.md", "site/.hidden/secret.md",
        "site/build/out.md", "site/venv/lib.md", "site/drafts/wip.md", "site/drafts/keep/x.md")


@pytest.fixture
def tree(tmp_path):
    make_tree(tmp_path, *TREE)
    return tmp_path / "site"


def test_default_walk(tree):
    files, errors = discover(["site"])
    assert errors == []
    # sorted per folder, files before sub-folders; default excluded and hidden folders skipped
    assert rel(files) == ["about.markdown", "index.md", "notes.txt", "old.htm", "page.html",
                          "a/one.md", "a/deep/three.txt", "b/two.md", "drafts/wip.md",
                          "drafts/keep/x.md"]


def test_default_include_globs():
    assert set(DEFAULT_INCLUDE) == {"*.md", "*.markdown", "*.txt", "*.html", "*.htm"}


def test_explicit_file_always_checked(tree):
    files, errors = discover(["site/logo.png", "site/data.json", "site/node_modules/pkg/readme.md"],
                             include=("*.md",), exclude=("*.png", "*.json"))
    assert errors == []
    assert rel(files) == ["logo.png", "data.json", "node_modules/pkg/readme.md"]


def test_explicit_excluded_folder_is_walked(tree):
    files, _ = discover(["site/node_modules"])
    assert rel(files, "site/node_modules") == ["pkg/readme.md"]


def test_include_override(tree):
    files, _ = discover(["site"], include=("*.txt",))
    assert rel(files) == ["notes.txt", "a/deep/three.txt"]


@pytest.mark.parametrize("exclude, gone", [
    (("drafts/**",), {"drafts/wip.md", "drafts/keep/x.md"}),
    (("drafts",), {"drafts/wip.md", "drafts/keep/x.md"}),
    (("drafts/",), {"drafts/wip.md", "drafts/keep/x.md"}),
    (("keep",), {"drafts/keep/x.md"}),
    (("*.md",), {"index.md", "a/one.md", "b/two.md", "drafts/wip.md", "drafts/keep/x.md"}),
    (("a/deep/*",), {"a/deep/three.txt"}),
    (("index.md", "*.htm"), {"index.md", "old.htm"}),
])
def test_exclude_globs(tree, exclude, gone):
    all_files = set(rel(discover(["site"])[0]))
    files, _ = discover(["site"], exclude=exclude)
    assert set(rel(files)) == all_files - gone


def test_missing_path_is_an_error_others_kept(tree):
    files, errors = discover(["site/index.md", "nope.md", "site/b"])
    assert rel(files) == ["index.md", "b/two.md"]
    assert [str(e) for e in errors] == ["nope.md: no such file or directory"]


def test_order_follows_arguments_and_dedupes(tree):
    files, _ = discover(["site/b", "site/a", "site/b"])
    assert rel(files) == ["b/two.md", "a/one.md", "a/deep/three.txt"]


def test_same_file_by_two_spellings_checked_once(tmp_path):
    make_tree(tmp_path, "page.txt")
    files, _ = discover(["page.txt", "."])
    assert len(files) == 1
    files, _ = discover(["page.txt", "./page.txt"])
    assert len(files) == 1


def test_matches():
    assert matches("drafts/x.md", ["drafts/**"])
    assert matches("a/b/c.md", ["*.md"])
    assert matches("a/b/c.md", ["b"])
    assert not matches("a/b/c.md", ["c"])
    assert not matches("notes.txt", ["*.md"])


def test_symlink_loop_does_not_hang(tmp_path):
    make_tree(tmp_path, "site/a.md")
    (tmp_path / "site" / "loop").symlink_to(tmp_path / "site")
    files, _ = discover(["site"])
    assert rel(files) == ["a.md"]


# --------------------------------------------------------------------------- through the CLI

def cli_paths(run, *args) -> list[str]:
    result = run("check", "--format", "json", "--select", "absolute/permanent", *args)
    assert result.exit_code in (0, 1), result.output
    return [Path(f["path"]).as_posix() for f in json.loads(result.stdout)["findings"]]


def test_cli_include_exclude(run, tree):
    os.remove(tree / "page.html")  # HTML reading is another engineer's work in progress
    os.remove(tree / "old.htm")
    assert cli_paths(run, "--include", "*.txt", "site") == ["site/notes.txt", "site/a/deep/three.txt"]
    got = cli_paths(run, "--exclude", "drafts/**", "--exclude", "*.markdown", "--exclude", "b",
                    "site")
    assert sorted(got) == ["site/a/deep/three.txt", "site/a/one.md", "site/index.md",
                           "site/notes.txt"]


def test_cli_include_repeatable(run, tree):
    assert cli_paths(run, "--include", "*.txt", "--include", "one.md", "site") == [
        "site/notes.txt", "site/a/one.md", "site/a/deep/three.txt"]


def test_cli_files_count(run, tree):
    os.remove(tree / "page.html")
    os.remove(tree / "old.htm")
    result = run("check", "--format", "json", "--select", "absolute/permanent", "site")
    assert json.loads(result.stdout)["files"] == 8
