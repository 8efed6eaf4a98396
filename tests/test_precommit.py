"""claimcheck as a real pre-commit hook: a bad page blocks the commit, a clean one passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install -e '.[test]')")
def test_hook_blocks_bad_page_and_allows_clean_one(tmp_path):
    repo = tmp_path / "content"
    repo.mkdir()
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), NO_COLOR="1")

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)

    def hook(page: str) -> subprocess.CompletedProcess:
        (repo / "page.md").write_text(page, encoding="utf-8")
        git("add", "page.md")
        return subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "claimcheck", "--files", "page.md"],
                              cwd=repo, capture_output=True, text=True, env=env, timeout=600)

    git("init", "-q")
    bad = hook("# HIFU\n\nResults are permanent.\n")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "absolute/permanent" in bad.stdout
    clean = hook("# HIFU\n\nResults usually last about a year. Individual results vary.\n")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
