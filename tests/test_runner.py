"""The multi-file runner: result cache, worker processes, order, errors, per-file ignores."""

from __future__ import annotations

import json

from claimcheck.engine import Linter
from claimcheck.errors import InputError
from claimcheck.ruleset import builtin_rules_dir, load_lexicon, load_rules, select_rules
from claimcheck.runner import ResultCache, fingerprint, run_files
from claimcheck.sourcefile import SourceText

LINTER = Linter(select_rules(load_rules([builtin_rules_dir()], use_cache=False), ("absolute",)),
                load_lexicon([builtin_rules_dir()], use_cache=False))
PAGES = [f"Page {i}. Results are permanent and guaranteed.\n" if i % 3 else f"Page {i}. Calm.\n"
         for i in range(40)]


def inputs(texts):
    for i, text in enumerate(texts):
        yield f"p{i}.md", (lambda t=text: SourceText(t, "utf-8", b"", "\n"))


def summary(results):
    return [(r.path, [(f.rule, f.line, f.column) for f in r.findings]) for r in results]


def test_pool_gives_the_same_results_in_input_order():
    one = run_files(inputs(PAGES), LINTER, jobs=1)
    two = run_files(inputs(PAGES), LINTER, jobs=2)
    assert summary(one) == summary(two)
    assert any(r.findings for r in one) and not one[0].findings


def test_cache_hits_on_same_content_and_fills_in_the_path(tmp_path):
    cache = ResultCache(tmp_path, fingerprint("rules"))
    first = run_files(inputs(PAGES[:3]), LINTER, cache=cache)
    assert not any(r.cached for r in first)
    renamed = [(f"moved/{p}", read) for p, read in inputs(PAGES[:3])]
    second = run_files(renamed, LINTER, cache=cache)
    assert all(r.cached for r in second)
    assert [f.path for r in second for f in r.findings] == \
        [f"moved/{f.path}" for r in first for f in r.findings]
    assert [(f.rule, f.start, f.sentence) for r in second for f in r.findings] == \
        [(f.rule, f.start, f.sentence) for r in first for f in r.findings]


def test_cache_key_depends_on_fingerprint_and_format(tmp_path):
    a, b = ResultCache(tmp_path, fingerprint("a")), ResultCache(tmp_path, fingerprint("b"))
    assert a.key("markdown", b"x") != b.key("markdown", b"x")
    assert a.key("markdown", b"x") != a.key("html", b"x")


def test_corrupt_cache_entry_is_a_miss(tmp_path):
    cache = ResultCache(tmp_path, fingerprint("rules"))
    run_files(inputs(PAGES[1:2]), LINTER, cache=cache)
    for entry in cache.folder.rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"garbage")
    (again,) = run_files(inputs(PAGES[1:2]), LINTER, cache=cache)
    assert not again.cached and again.findings


def test_read_errors_are_kept_in_order_and_progress_counts_every_file():
    def broken():
        raise InputError("permission denied", "bad.md")

    ticks = []
    results = run_files([("bad.md", broken), *inputs(PAGES[:2])], LINTER, progress=ticks.append)
    assert [r.path for r in results] == ["bad.md", "p0.md", "p1.md"]
    assert results[0].error is not None and len(ticks) == 3


def test_cli_warm_cache_same_output(run, tmp_path):
    for i, text in enumerate(PAGES[:5]):
        (tmp_path / f"p{i}.md").write_text(text, encoding="utf-8")
    cold = run("check", "--format", "json", "--cache-dir", "c", ".")
    warm = run("check", "--format", "json", "--cache-dir", "c", ".")
    assert cold.output == warm.output and cold.exit_code == warm.exit_code == 1
    assert (tmp_path / "c").is_dir()
    assert run("check", "--no-cache", "--cache-dir", "d", ".").exit_code == 1
    assert not (tmp_path / "d").exists()


def test_per_file_ignores(run, tmp_path):
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.md").write_text("Results are permanent.\n", encoding="utf-8")
    (tmp_path / "new.md").write_text("Results are permanent.\n", encoding="utf-8")
    (tmp_path / ".claimcheck.yaml").write_text(
        'per-file-ignores:\n  "legacy/*.md": [absolute/permanent]\n', encoding="utf-8")
    out = json.loads(run("check", "--format", "json", ".").output)
    assert [f["path"] for f in out["findings"]] == ["./new.md"]


def test_per_file_ignores_must_be_lists(run, tmp_path):
    (tmp_path / ".claimcheck.yaml").write_text('per-file-ignores:\n  "a/*": 3\n', encoding="utf-8")
    result = run("check", ".")
    assert result.exit_code == 2 and ".claimcheck.yaml:1: per-file-ignores" in result.output


def test_cached_run_never_builds_the_checks(tmp_path):
    # An unchanged site costs reading, hashing and the cache, not the rules' matchers.
    cache = ResultCache(tmp_path, fingerprint("rules"))
    run_files(inputs(PAGES[:3]), Linter(LINTER.rules, LINTER.lexicon), cache=cache)
    fresh = Linter(LINTER.rules, LINTER.lexicon)
    results = run_files(inputs(PAGES[:3]), fresh, cache=cache)
    assert all(r.cached for r in results) and any(r.findings for r in results)
    assert fresh._checks is None
