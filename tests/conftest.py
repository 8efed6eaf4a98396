"""Shared fixtures for the CLI, config, rule-set, discovery and source-file tests.
Every test runs in its own empty working folder (so config discovery never finds a
stray ``.claimcheck.yaml``) with CLAIMCHECK_CACHE_DIR pointing at a fresh temporary
folder (so caches never leak between tests or into ~/.cache), seeded with the built-in
rules compiled once per session.

Tests use their own small rule folders, written by ``write_rule``/``rules_dir``, and
select them with ``--rules DIR --select t``: the built-in rule set is still being
written, and the only built-in rule the tests rely on is ``absolute/permanent``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.register_assert_rewrite("reader_checks")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
BAD = FIXTURES / "bad"
RULES_BAD = FIXTURES / "rules-bad"
CONFIGS = FIXTURES / "config"
ERROR_PREFIX = "claimcheck: error:"


@pytest.fixture(scope="session")
def builtin_copy(tmp_path_factory) -> Path:
    """A copy of the one built-in rule the tests rely on, standing in for rules/."""
    folder = tmp_path_factory.mktemp("builtin")
    (folder / "absolute").mkdir()
    shutil.copyfile(REPO / "rules" / "absolute" / "permanent.yaml",
                    folder / "absolute" / "permanent.yaml")
    return folder


# Test modules whose in-process runs see only a copy of ``absolute/permanent`` as the
# built-in rule set, so that rules other engineers are still writing cannot break or
# slow them. (Runs as a real process always use the real rules/ folder.)
ONLY_PERMANENT_BUILTIN = {"test_cli.py", "test_config.py", "test_bad_input.py",
                          "test_ruleset.py", "test_discovery.py", "test_sourcefile.py"}
# Test modules that look into the cache folder itself: theirs starts empty.
EMPTY_CACHE = ONLY_PERMANENT_BUILTIN | {"test_readability.py"}


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory) -> Path:
    """The built-in rules and lexicon compiled once per session: parsing their YAML is
    the slowest step of a cold run, and most tests only need them loaded."""
    from claimcheck.ruleset import builtin_rules_dir, load_lexicon, load_rules

    folder = tmp_path_factory.mktemp("warm-cache")
    load_rules([builtin_rules_dir()], cache_root=folder)
    load_lexicon([builtin_rules_dir()], cache_root=folder)
    return folder


@pytest.fixture(autouse=True)
def _isolated(request, tmp_path_factory, tmp_path, monkeypatch, builtin_copy, warm_cache):
    """A cache folder of its own (seeded with the compiled built-in rules, unless the test
    module inspects the cache) and an empty working folder; no colour or debug settings
    from outside."""
    import claimcheck.ruleset

    module = Path(str(request.node.fspath)).name
    if module in ONLY_PERMANENT_BUILTIN:
        monkeypatch.setattr(claimcheck.ruleset, "builtin_rules_dir", lambda: builtin_copy)
    cache = tmp_path_factory.mktemp("cache")
    if module not in EMPTY_CACHE:
        shutil.copytree(warm_cache, cache, dirs_exist_ok=True)
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(cache))
    for name in ("CLAIMCHECK_DEBUG", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return cache


@pytest.fixture
def cache_dir(_isolated) -> Path:
    return _isolated


# --------------------------------------------------------------------------- rules

def rule_yaml(kind: str = "phrase", category: str = "superlative", severity: str = "error",
              message: str = "'{match}' overstates what a treatment can do.",
              body: str = 'phrases: ["miracle cure"]',
              flag=("A miracle cure for wrinkles.",), pass_=("A treatment for wrinkles.",),
              extra: str = "") -> str:
    """Text of a valid rule file; ``body`` holds the kind-specific keys."""
    lines = [
        f"kind: {kind}",
        f"category: {category}",
        f"severity: {severity}",
        f'message: "{message}"',
        'why: "Test rule: nothing can be a miracle."',
        'source: "claimcheck test suite"',
        body,
    ]
    if extra:
        lines.append(textwrap.dedent(extra).strip("\n"))
    lines += [
        "suggest:",
        "  - replace: effective treatment",
        "  - advice: Describe the typical result instead.",
        "examples:",
        "  flag: [" + ", ".join(f'"{t}"' for t in flag) + "]",
        "  pass: [" + ", ".join(f'"{t}"' for t in pass_) + "]",
    ]
    return "\n".join(lines) + "\n"


def write_rule(folder: Path, rule_id: str, text: str | None = None, **kw) -> Path:
    """Write ``folder/<rule_id>.yaml`` (``text`` verbatim, else ``rule_yaml(**kw)``)."""
    path = folder / f"{rule_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text is not None else rule_yaml(**kw), encoding="utf-8")
    return path


@pytest.fixture
def rules_dir(tmp_path) -> Path:
    """A rule folder (outside the working folder's walk) with three test rules:

    - ``t/miracle``: phrase rule, superlative, error: "miracle cure"
    - ``t/percent``: pattern rule, statistic, warning: a bare percentage
    - ``t/uk-only``: phrase rule, regulatory, error, UK only: "prescription-free"
    """
    folder = tmp_path / "fixtures" / "rules"
    write_rule(folder, "t/miracle")
    write_rule(folder, "t/percent", kind="pattern", category="statistic", severity="warning",
               message="'{match}' is a statistic without a source.",
               body="patterns: ['\\b\\d{1,3} ?%']",
               flag=("Works for 95% of clients.",), pass_=("Works for most clients.",))
    write_rule(folder, "t/uk-only", category="regulatory", message="'{match}' is not allowed in the UK.",
               body='phrases: ["prescription-free"]', extra="jurisdictions: [UK]",
               flag=("Prescription-free botox!",), pass_=("Botox needs a prescription.",))
    return folder


# --------------------------------------------------------------------------- running

@pytest.fixture
def run():
    """Run the CLI in-process: ``run("check", "x.txt", input=b"...")`` -> click Result."""
    from claimcheck.cli import cli

    def _run(*args, input=None, **kw):
        runner = CliRunner()
        result = runner.invoke(cli, [str(a) for a in args], input=input, **kw)
        # A bug that escapes as an exception would be a traceback (or an "internal
        # error") for the user: fail loudly, naming the exception.
        assert "Traceback" not in result.output
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"claimcheck raised {type(result.exception).__name__}: "
                                 f"{result.exception}") from result.exception
        return result

    return _run


_SUBPROCESS_CACHE: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def _subprocess_cache(tmp_path_factory):
    """One cache folder shared by every real-process run, so the real rules/ folder is
    parsed once per session rather than once per subprocess."""
    _SUBPROCESS_CACHE[:] = [tmp_path_factory.mktemp("subprocess-cache")]


def subprocess_env(**extra) -> dict:
    env = dict(os.environ)
    env.pop("CLAIMCHECK_DEBUG", None)
    if _SUBPROCESS_CACHE:
        env["CLAIMCHECK_CACHE_DIR"] = str(_SUBPROCESS_CACHE[0])
    env.update(extra)
    return env


def run_module(*args, input: bytes | None = None, timeout: float = 30, script: bool = False):
    """Run claimcheck as a real process (``python -m claimcheck`` or the installed script)."""
    if script:
        exe = Path(sys.executable).parent / ("claimcheck.exe" if os.name == "nt" else "claimcheck")
        cmd = [str(exe)]
    else:
        cmd = [sys.executable, "-m", "claimcheck"]
    return subprocess.run(cmd + [str(a) for a in args], input=input, capture_output=True,
                          timeout=timeout, env=subprocess_env())


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def assert_one_line_error(result, *needles: str, exit_code: int = 2) -> str:
    """The run ended with exactly one ``claimcheck: error:`` line containing ``needles``."""
    stderr = result.stderr if isinstance(result.stderr, str) else result.stderr.decode()
    code = getattr(result, "exit_code", None)
    code = result.returncode if code is None else code
    assert code == exit_code, (code, stderr, getattr(result, "output", ""))
    assert "Traceback" not in stderr
    lines = error_lines(stderr)
    assert len(lines) == 1, lines
    assert lines[0].startswith(ERROR_PREFIX), lines
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def copy_fixture(src: Path, dest_dir: Path, name: str | None = None) -> Path:
    dest = dest_dir / (name or src.name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    return dest
