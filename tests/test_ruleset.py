"""Rule loading: validation errors with file:line, selection, overrides, the compiled-rules
cache, and the pattern kind's runaway-regex timeout."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from conftest import RULES_BAD, assert_one_line_error, copy_fixture, rule_yaml, run_module, write_rule

import claimcheck.ruleset as ruleset
from claimcheck import caching
from claimcheck.errors import RuleError
from claimcheck.ruleset import load_rules, matches_selector, override_for, select_rules

# fixture file -> (line the error must name, words the message must contain)
BAD_RULES = {
    "malformed_yaml.yaml": (8, ["invalid YAML"]),
    "unknown_key.yaml": (8, ["unknown key 'severty'", "did you mean 'severity'"]),
    "wrong_type.yaml": (8, ["enabled", "true or false"]),
    "phrases_not_list.yaml": (7, ["phrases", "list"]),
    "unknown_kind.yaml": (3, ["unknown rule kind 'wordlist'", "phrase", "pattern"]),
    "unknown_category.yaml": (3, ["category", "'hype'"]),
    "unknown_severity.yaml": (4, ["severity", "'fatal'"]),
    "invalid_regex.yaml": (9, ["patterns[1]", "invalid regular expression"]),
    "missing_examples.yaml": (1, ["missing required key 'examples'"]),
    "missing_pass_example.yaml": (8, ["'pass' example"]),
    "unknown_jurisdiction.yaml": (8, ["'FR'"]),
    "not_mapping.yaml": (1, ["mapping"]),
    "duplicate_key.yaml": (8, ["duplicate", "severity"]),
    "bad_suggest.yaml": (10, ["suggest"]),
    "not_utf8.yaml": (4, ["UTF-8"]),
}


def bad_folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "fixtures" / "rules"
    copy_fixture(RULES_BAD / name, folder / "t")
    return folder


def test_every_bad_fixture_is_listed():
    on_disk = {p.name for p in RULES_BAD.glob("*.yaml")}
    assert on_disk == set(BAD_RULES) | {"kind_is_list.yaml"}


@pytest.mark.parametrize("name", sorted(BAD_RULES))
@pytest.mark.parametrize("command", ["check", "rules-test", "rules-list", "explain"])
def test_bad_rule_file_names_file_and_line(run, tmp_path, name, command):
    line, words = BAD_RULES[name]
    folder = bad_folder(tmp_path, name)
    (tmp_path / "p.txt").write_text("Results are permanent.\n", encoding="utf-8")
    args = {"check": ["check", "--rules", folder, "p.txt"],
            "rules-test": ["rules", "test", folder],
            "rules-list": ["rules", "list", "--rules", folder],
            "explain": ["explain", "absolute/permanent", "--rules", folder]}[command]
    result = run(*args)
    msg = assert_one_line_error(result, f"{name}:{line}: ", *words)
    assert result.stdout == ""
    assert str(Path("t") / name) in msg


@pytest.mark.parametrize("name", sorted(BAD_RULES))
def test_bad_rule_file_raises_rule_error(tmp_path, name):
    line, _ = BAD_RULES[name]
    with pytest.raises(RuleError) as info:
        load_rules([bad_folder(tmp_path, name)], use_cache=False)
    assert info.value.line == line
    assert info.value.path.endswith(name)


def test_kind_of_wrong_type_is_a_rule_error(run, tmp_path):
    folder = bad_folder(tmp_path, "kind_is_list.yaml")
    result = run("rules", "test", folder)
    assert_one_line_error(result, "kind_is_list.yaml:1:", "kind")


def test_invalid_exception_phrase_names_line(run, tmp_path):
    folder = tmp_path / "fixtures" / "rules"
    write_rule(folder, "t/exc", extra='exceptions: ["!!!"]')
    result = run("rules", "list", "--rules", folder)
    assert_one_line_error(result, "exc.yaml:8:", "exceptions")


def test_invalid_exception_phrase_fails_the_run(run, tmp_path):
    folder = tmp_path / "fixtures" / "rules"
    write_rule(folder, "t/exc", extra='exceptions: ["!!!"]')
    (tmp_path / "p.txt").write_text("A miracle cure.\n", encoding="utf-8")
    assert_one_line_error(run("check", "--rules", folder, "--select", "t", "p.txt"),
                          "exc.yaml", "'!!!'")


def test_missing_rules_folder(run, tmp_path):
    (tmp_path / "p.txt").write_text("x\n", encoding="utf-8")
    result = run("check", "--rules", "no-such-dir", "p.txt")
    assert result.exit_code == 2
    assert "no-such-dir" in result.stderr


# --------------------------------------------------------------------------- loading

def test_rule_ids_come_from_paths(tmp_path):
    folder = tmp_path / "r"
    write_rule(folder, "a/b/deep")
    (folder / "top.yml").write_text(rule_yaml(), encoding="utf-8")
    (folder / "_lexicon.yaml").write_text("not: a rule\n", encoding="utf-8")
    (folder / "_data").mkdir()
    (folder / "_data" / "x.yaml").write_text("not: a rule\n", encoding="utf-8")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.yaml").write_text("not: a rule\n", encoding="utf-8")
    (folder / "README.md").write_text("# rules\n", encoding="utf-8")
    rules = load_rules([folder], use_cache=False)
    assert sorted(r.id for r in rules) == ["a/b/deep", "top"]
    (deep,) = [r for r in rules if r.id == "a/b/deep"]
    assert deep.kind == "phrase" and deep.category == "superlative" and deep.severity == "error"
    assert deep.jurisdictions == ("all",)
    assert deep.why == "Test rule: nothing can be a miracle."
    assert deep.options == {"phrases": ["miracle cure"]}
    assert deep.path == str(folder / "a" / "b" / "deep.yaml")


def test_extra_folder_overrides_builtin_id(run, tmp_path):
    folder = tmp_path / "fixtures" / "rules"
    write_rule(folder, "absolute/permanent", category="absolute", message="overridden",
               body='phrases: ["forever young"]', flag=("Stay forever young.",),
               pass_=("Results are permanent.",))
    (tmp_path / "p.txt").write_text("Results are permanent. Stay forever young.\n", encoding="utf-8")
    result = run("check", "--format", "json", "--rules", folder, "--select", "absolute/permanent",
                 "p.txt")
    data = json.loads(result.stdout)
    assert [(f["match"], f["message"]) for f in data["findings"]] == [("forever young", "overridden")]


def test_lowercase_jurisdictions_in_rule_are_normalised(tmp_path):
    folder = tmp_path / "r"
    write_rule(folder, "t/x", extra="jurisdictions: [uk, eu]")
    (rule,) = load_rules([folder], use_cache=False)
    assert rule.jurisdictions == ("UK", "EU")
    assert rule.applies_to(("EU",)) and not rule.applies_to(("US",)) and not rule.applies_to(())


def test_disabled_rule_runs_only_when_selected_by_id(run, tmp_path):
    folder = tmp_path / "fixtures" / "rules"
    write_rule(folder, "t/off", extra="enabled: false")
    (tmp_path / "p.txt").write_text("A miracle cure.\n", encoding="utf-8")
    assert run("check", "--rules", folder, "--select", "t", "p.txt").exit_code == 0
    assert run("check", "--rules", folder, "--select", "superlative", "p.txt").exit_code == 0
    result = run("check", "--rules", folder, "--select", "t/off", "p.txt")
    assert result.exit_code == 1 and "[t/off]" in result.stdout


def test_rules_test_on_builtin_permanent_rule(run):
    result = run("rules", "test")  # the built-in folder (here: just absolute/permanent)
    assert result.exit_code == 0, result.output
    (rule,) = load_rules([ruleset.builtin_rules_dir()], use_cache=False)
    count = len(rule.examples["flag"]) + len(rule.examples["pass"])
    assert count >= 6 and result.stdout.strip() == f"All {count} examples passed"


# --------------------------------------------------------------------------- selection

def _rule(rule_id, category="superlative", severity="error", jurisdictions=("all",), enabled=True):
    return ruleset.Rule(id=rule_id, kind="phrase", category=category, severity=severity,
                        message="m", why="w", source="s", path=rule_id + ".yaml",
                        jurisdictions=jurisdictions, enabled=enabled)


RULES = [_rule("absolute/permanent", "absolute"), _rule("absolute/painless", "absolute", "warning"),
         _rule("superlative/best"), _rule("medical/uk/cure", "medical", jurisdictions=("UK",)),
         _rule("superlative/hidden", enabled=False)]


@pytest.mark.parametrize("code, expected", [
    ("absolute", {"absolute/permanent", "absolute/painless"}),
    ("absolute/", {"absolute/permanent", "absolute/painless"}),
    ("absolute/permanent", {"absolute/permanent"}),
    ("medical/uk", {"medical/uk/cure"}),
    ("medical/uk/", {"medical/uk/cure"}),
    ("abs", set()),
    ("absolute/perm", set()),
    ("all", {r.id for r in RULES}),
])
def test_matches_selector(code, expected):
    assert {r.id for r in RULES if matches_selector(r, code)} == expected


def test_select_rules():
    ids = lambda rules: [r.id for r in rules]  # noqa: E731
    assert ids(select_rules(RULES)) == ["absolute/permanent", "absolute/painless", "superlative/best"]
    assert ids(select_rules(RULES, jurisdictions=("UK",))) == [
        "absolute/permanent", "absolute/painless", "superlative/best", "medical/uk/cure"]
    assert ids(select_rules(RULES, select=("absolute",), ignore=("absolute/painless",))) == [
        "absolute/permanent"]
    assert ids(select_rules(RULES, select=("superlative/hidden",))) == ["superlative/hidden"]
    assert ids(select_rules(RULES, select=("superlative",))) == ["superlative/best"]
    with pytest.raises(Exception, match="'nope'"):
        select_rules(RULES, select=("nope",))
    with pytest.raises(Exception, match="'absolute/perm'"):
        select_rules(RULES, ignore=("absolute/perm",))


def test_severity_override():
    sev = {"absolute": "info", "absolute/painless": "error"}
    assert override_for(RULES[0], sev) == "info"
    assert override_for(RULES[1], sev) == "error"
    assert override_for(RULES[2], sev) is None
    out = select_rules(RULES, severity=sev)
    assert [(r.id, r.severity) for r in out] == [
        ("absolute/permanent", "info"), ("absolute/painless", "error"), ("superlative/best", "error")]
    assert RULES[0].severity == "error"  # the loaded rule itself is not changed


# --------------------------------------------------------------------------- cache

def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("rules-*")) if cache.exists() else []


def test_cache_written_and_used(run, tmp_path, rules_dir, cache_dir, monkeypatch):
    (tmp_path / "p.txt").write_text("A miracle cure.\n", encoding="utf-8")
    assert cache_files(cache_dir) == []
    first = run("check", "--rules", rules_dir, "--select", "t", "p.txt")
    assert first.exit_code == 1
    files = cache_files(cache_dir)
    assert len(files) == 1 and files[0].stat().st_size > 0

    def no_parsing(*a, **k):
        raise AssertionError("rule files parsed although the cache is fresh")

    monkeypatch.setattr(ruleset, "parse_rule_file", no_parsing)
    second = run("check", "--rules", rules_dir, "--select", "t", "p.txt")
    assert second.exit_code == 1
    assert second.stdout == first.stdout
    assert cache_files(cache_dir) == files


def test_editing_a_rule_invalidates_the_cache(run, tmp_path, rules_dir, cache_dir):
    (tmp_path / "p.txt").write_text("A miracle cure. A wonder drug.\n", encoding="utf-8")
    args = ("check", "--format", "json", "--rules", rules_dir, "--select", "t/miracle", "p.txt")
    matches = lambda: [f["match"] for f in json.loads(run(*args).stdout)["findings"]]  # noqa: E731
    assert matches() == ["miracle cure"]
    assert len(cache_files(cache_dir)) == 1
    path = rules_dir / "t" / "miracle.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'phrases: ["miracle cure"]', 'phrases: ["wonder drug"]'), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    assert matches() == ["wonder drug"]
    assert len(cache_files(cache_dir)) == 2


def test_adding_and_removing_a_rule_invalidates_the_cache(run, tmp_path, rules_dir):
    (tmp_path / "p.txt").write_text("A miracle cure. A wonder drug.\n", encoding="utf-8")
    args = ("check", "--format", "json", "--rules", rules_dir, "--select", "t", "p.txt")
    rules = lambda: [f["rule"] for f in json.loads(run(*args).stdout)["findings"]]  # noqa: E731
    assert rules() == ["t/miracle"]
    extra = write_rule(rules_dir, "t/wonder", body='phrases: ["wonder drug"]')
    assert rules() == ["t/miracle", "t/wonder"]
    extra.unlink()
    assert rules() == ["t/miracle"]


def test_editing_a_rule_into_an_invalid_one_is_reported(run, tmp_path, rules_dir):
    (tmp_path / "p.txt").write_text("A miracle cure.\n", encoding="utf-8")
    assert run("check", "--rules", rules_dir, "--select", "t", "p.txt").exit_code == 1
    path = rules_dir / "t" / "miracle.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("severity: error", "severity: fatal"),
                    encoding="utf-8")
    assert_one_line_error(run("check", "--rules", rules_dir, "--select", "t", "p.txt"),
                          "miracle.yaml:3:", "'fatal'")


def test_no_cache_option(run, tmp_path, rules_dir, cache_dir):
    (tmp_path / "p.txt").write_text("A miracle cure.\n", encoding="utf-8")
    assert run("check", "--no-cache", "--rules", rules_dir, "--select", "t", "p.txt").exit_code == 1
    assert cache_files(cache_dir) == []


def test_corrupt_cache_is_ignored(run, tmp_path, rules_dir, cache_dir):
    (tmp_path / "p.txt").write_text("A miracle cure.\n", encoding="utf-8")
    args = ("check", "--rules", rules_dir, "--select", "t", "p.txt")
    first = run(*args)
    (cache,) = cache_files(cache_dir)
    cache.write_bytes(b"\x00garbage")
    second = run(*args)
    assert second.exit_code == 1 and second.stdout == first.stdout


def test_unwritable_cache_location_does_not_break_a_run(run, tmp_path, rules_dir, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(blocker / "cache"))
    (tmp_path / "p.txt").write_text("A miracle cure.\n", encoding="utf-8")
    result = run("check", "--rules", rules_dir, "--select", "t", "p.txt")
    assert result.exit_code == 1 and result.stderr == ""


def test_cache_dir_from_env(cache_dir):
    assert caching.cache_dir() == cache_dir


# --------------------------------------------------------------------------- runaway patterns

CATASTROPHIC = r"(a|a)+$"  # exponential for the `regex` engine on "aaa...ab"


def write_runaway(tmp_path: Path, pattern: str = CATASTROPHIC) -> Path:
    folder = tmp_path / "fixtures" / "rules"
    write_rule(folder, "t/runaway", kind="pattern", category="statistic",
               body=f"patterns: ['{pattern}']", flag=("aaa",), pass_=("bbb",))
    (tmp_path / "long.txt").write_text("Intro.\n\n" + "a" * 40 + "b\n", encoding="utf-8")
    return folder


def test_catastrophic_pattern_in_process(run, tmp_path, monkeypatch):
    import claimcheck.checks.pattern as pattern

    monkeypatch.setattr(pattern, "TIMEOUT", 0.2)
    folder = write_runaway(tmp_path)
    start = time.monotonic()
    result = run("check", "--rules", folder, "--select", "t/runaway", "long.txt")
    assert time.monotonic() - start < 60  # a hang guard, not a performance test
    msg = assert_one_line_error(result, CATASTROPHIC)
    assert "runaway.yaml" in msg or "t/runaway" in msg


def test_catastrophic_pattern_subprocess_default_timeout(tmp_path):
    folder = write_runaway(tmp_path)
    start = time.monotonic()
    proc = run_module("check", "--rules", folder, "--select", "t/runaway", "long.txt", timeout=30)
    elapsed = time.monotonic() - start
    msg = assert_one_line_error(proc, CATASTROPHIC)
    assert "runaway" in msg
    assert elapsed < 60, elapsed  # a hang guard, not a performance test


def test_nested_quantifier_pattern_finishes(run, tmp_path, monkeypatch):
    # The classic (a+)+$ is not exponential for the `regex` engine: it must simply finish
    # quickly (no finding), or at worst be reported as a one-line error.
    import claimcheck.checks.pattern as pattern

    monkeypatch.setattr(pattern, "TIMEOUT", 0.5)
    folder = write_runaway(tmp_path, r"(a+)+$")
    start = time.monotonic()
    result = run("check", "--rules", folder, "--select", "t/runaway", "long.txt")
    assert time.monotonic() - start < 60  # a hang guard, not a performance test
    assert result.exit_code in (0, 2)
    if result.exit_code == 2:
        assert_one_line_error(result, "(a+)+$")


def test_pattern_rule_with_claim_group(run, tmp_path):
    folder = tmp_path / "fixtures" / "rules"
    write_rule(folder, "t/claim", kind="pattern", category="statistic",
               body=r"patterns: ['results in (?P<claim>\d+ days)']",
               flag=("Visible results in 7 days.",), pass_=("Visible results soon.",))
    (tmp_path / "p.txt").write_text("Visible results in 14 days.\n", encoding="utf-8")
    result = run("check", "--format", "json", "--rules", folder, "--select", "t", "p.txt")
    (f,) = json.loads(result.stdout)["findings"]
    assert (f["match"], f["column"], f["end_column"]) == ("14 days", 20, 27)


def test_catastrophic_exclude_pattern_is_a_one_line_error(run, tmp_path, monkeypatch):
    import claimcheck.checks.pattern as pattern

    monkeypatch.setattr(pattern, "TIMEOUT", 0.2)
    folder = tmp_path / "fixtures" / "rules"
    write_rule(folder, "t/runaway", kind="pattern", category="statistic",
               body=f"patterns: ['b']\nexclude: ['{CATASTROPHIC}']", flag=("b",), pass_=("c",))
    (tmp_path / "long.txt").write_text("Intro.\n\n" + "a" * 40 + "b\n", encoding="utf-8")
    result = run("check", "--rules", folder, "--select", "t/runaway", "long.txt")
    assert "runaway" in assert_one_line_error(result, CATASTROPHIC)


def test_editing_claimcheck_itself_invalidates_the_caches(run, tmp_path, rules_dir, cache_dir,
                                                          monkeypatch):
    # A checkout keeps its version number while its code changes; the code stamp in
    # every cache key makes a changed check re-run instead of serving stale results.
    (tmp_path / "p.txt").write_text("A miracle cure.\n", encoding="utf-8")
    args = ("check", "--rules", rules_dir, "--select", "t", "p.txt")
    assert run(*args).exit_code == 1
    assert len(cache_files(cache_dir)) == 1
    monkeypatch.setattr(caching, "code_stamp", lambda: "edited")
    assert run(*args).exit_code == 1
    assert len(cache_files(cache_dir)) == 2
    assert len(list(cache_dir.glob("results-*"))) == 2


def test_code_stamp_follows_the_package_files(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    (package / "checks").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n", encoding="utf-8")
    (package / "__pycache__").mkdir()
    monkeypatch.setattr(caching, "_PACKAGE", str(package))
    stamp = lambda: (caching.code_stamp.cache_clear(), caching.code_stamp())[1]  # noqa: E731
    try:
        first = stamp()
        (package / "__pycache__" / "a.pyc").write_bytes(b"\0")
        assert stamp() == first  # bytecode is not code
        (package / "checks" / "b.py").write_text("y = 2\n", encoding="utf-8")
        second = stamp()
        assert second != first
        (package / "a.py").write_text("x = 10\n", encoding="utf-8")
        assert stamp() != second
    finally:
        caching.code_stamp.cache_clear()


def test_rules_fingerprint_is_the_loaded_digest_plus_severity(rules_dir):
    rules = load_rules([rules_dir], use_cache=False)
    assert all(r.digest for r in rules)
    fp = ruleset.rules_fingerprint(rules)
    assert fp == ruleset.rules_fingerprint(load_rules([rules_dir], use_cache=False))
    plain, quieter = select_rules(rules), select_rules(rules, severity={"t": "info"})
    assert ruleset.rules_fingerprint(quieter) != ruleset.rules_fingerprint(plain)
    assert [d for d, _ in ruleset.rules_fingerprint(quieter)] == \
        [d for d, _ in ruleset.rules_fingerprint(plain)]
