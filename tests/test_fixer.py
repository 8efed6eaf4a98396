"""claimcheck.fixer: planning replacements, the fix loop, safe atomic writes and diffs."""

from __future__ import annotations

import codecs
import os
import random
import stat
import tempfile
from pathlib import Path

import pytest

from claimcheck import fixer
from claimcheck.engine import Linter
from claimcheck.errors import InputError
from claimcheck.findings import Finding
from claimcheck.fixer import (
    apply_edits,
    article_for,
    fix_text,
    match_case,
    plan_edits,
    unified_diff,
    write_atomic,
)
from claimcheck.ruleset import builtin_rules_dir, load_lexicon, load_rules
from claimcheck.sourcefile import decode, read_source

REPO = Path(__file__).resolve().parent.parent
PAGES = sorted((REPO / "fixtures" / "pages").glob("*"))
SEEDS = sorted(Path("/work/shared/seeds").glob("*")) if Path("/work/shared/seeds").is_dir() else []
READER_PAGES = sorted((REPO / "fixtures" / "readers").glob("*"))

RULES = load_rules([builtin_rules_dir()], use_cache=False)
BUILTIN = Linter(RULES, load_lexicon([builtin_rules_dir()], use_cache=False))


def rule_text(phrases, suggest, category="absolute", kind="phrase", extra=""):
    """A valid rule file; ``suggest`` is YAML list items, e.g. ['replace: fast', 'safe: false']."""
    body = f"phrases: {phrases}" if kind == "phrase" else f"patterns: {phrases}"
    lines = [f"kind: {kind}", f"category: {category}", "severity: error",
             "message: \"'{match}' is a test claim.\"", "why: test", "source: test", body]
    if extra:
        lines.append(extra)
    lines += ["suggest:", *suggest, "  - advice: Say something true.",
              "examples:", '  flag: ["x"]', '  pass: ["y"]']
    return "\n".join(lines) + "\n"


@pytest.fixture
def make_linter(tmp_path):
    def make(**rules):
        folder = tmp_path / "rules"
        for rule_id, text in rules.items():
            path = folder / f"{rule_id.replace('__', '/')}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return Linter(load_rules([folder], use_cache=False))
    return make


@pytest.fixture
def lint(make_linter):
    """A linter with small rules covering the cases below."""
    return make_linter(
        t__permanent=rule_text('[permanent, "for good"]', ["  - replace: long-lasting"]),
        t__instant=rule_text('["instant result", "instant results"]', ["  - replace: fast result"]),
        t__downtime=rule_text('["no downtime"]', ["  - replace: little downtime", "    safe: false"]),
        t__amp=rule_text('["zero pain"]', ["  - replace: pain <less> & gentle"]),
        t__fda=rule_text('["doctor-approved"]', ["  - replace: FDA-cleared"]),
        t__pipe=rule_text('["best in class"]', ["  - replace: good | fair *option*"]),
    )


def fixed(linter, text, path="page.txt", **kw):
    return fix_text(path, text, linter, **kw).text


# --------------------------------------------------------------------------- case, articles

@pytest.mark.parametrize("original, replacement, expected", [
    ("permanent", "long-lasting", "long-lasting"),
    ("Permanent", "long-lasting", "Long-lasting"),
    ("PERMANENT", "long-lasting", "LONG-LASTING"),
    ("No downtime", "little downtime", "Little downtime"),
    ("No Downtime", "little downtime", "Little Downtime"),
    ("Non-Invasive", "minimally invasive", "Minimally Invasive"),
    ("Pain-Free", "comfortable for most people", "Comfortable for Most People"),
    ("FDA approved", "FDA-cleared", "FDA-cleared"),
    ("fda approved", "FDA-cleared", "FDA-cleared"),
    ("#1", "a leading", "a leading"),
])
def test_match_case(original, replacement, expected):
    assert match_case(original, replacement) == expected


def test_case_is_kept_in_context(lint):
    text = "Permanent results. Results are permanent. PERMANENT RESULTS!\n"
    assert fixed(lint, text) == ("Long-lasting results. Results are long-lasting. "
                                 "LONG-LASTING RESULTS!\n")


@pytest.mark.parametrize("words, article", [
    ("instant result", "an"), ("fast result", "a"), ("long-lasting", "a"), ("hour", "an"),
    ("unique", "a"), ("uneven", "an"), ("FDA-cleared", "an"), ("UV lamp", "a"), ("HIFU", "a"),
    ("IPL", "an"), ("8-week", "an"), ("18th", "an"), ("one-off", "a"), ("European", "a"),
])
def test_article_for(words, article):
    assert article_for(words) == article


def test_article_follows_the_replacement(lint):
    assert fixed(lint, "See an instant result today.") == "See a fast result today."
    assert fixed(lint, "An instant result.") == "A fast result."
    assert fixed(lint, "AN INSTANT RESULT.") == "A FAST RESULT."
    # same first sound: the article stays as written
    assert fixed(lint, "A permanent glow.") == "A long-lasting glow."
    # consonant to vowel sound
    assert fixed(lint, "A doctor-approved peel.") == "An FDA-cleared peel."
    # an article the heuristic would not have written for the original is left alone
    assert fixed(lint, "Banana instant result.") == "Banana fast result."


def test_punctuation_around_the_match_is_kept(lint):
    text = '("Permanent"), permanent; permanent!\n'
    assert fixed(lint, text) == '("Long-lasting"), long-lasting; long-lasting!\n'


# --------------------------------------------------------------------------- safe / unsafe

def test_unsafe_replacements_need_unsafe(lint):
    text = "It needs no downtime.\n"
    assert fixed(lint, text) == text
    assert fixed(lint, text, unsafe=True) == "It needs little downtime.\n"


def test_first_allowed_replacement_is_used(make_linter):
    linter = make_linter(t__x=rule_text('["miracle cure"]', [
        "  - replace: bold option", "    safe: false", "  - replace: treatment"]))
    assert fixed(linter, "A miracle cure.") == "A treatment."
    assert fixed(linter, "A miracle cure.", unsafe=True) == "A bold option."


def test_rules_without_replace_and_document_findings_are_skipped(make_linter):
    linter = make_linter(t__x=rule_text('["miracle cure"]', []))
    result = fix_text("p.txt", "A miracle cure.", linter)
    assert result.text == "A miracle cure." and result.edits == 0
    assert [f.rule for f in result.remaining] == ["t/x"]
    doc = finding(0, 0, "", [{"replace": "x"}], scope="document")
    assert plan_edits([doc], "abc") == []


def test_replace_for_limits_a_replacement_to_the_phrases_it_fits(make_linter):
    linter = make_linter(t__x=rule_text(
        '[permanent, "for good", miracul*]',
        ["  - replace: long-lasting", "    for: [permanent, lifelong]",
         "  - replace: unproven", "    for: [miracul*]"]))
    text = "Results are permanent, gone for good. Miraculous cream."
    result = fix_text("p.txt", text, linter)
    assert result.text == "Results are long-lasting, gone for good. Unproven cream."
    (left,) = result.remaining
    assert left.match == "for good" and all("replace" not in s for s in left.suggestions)
    assert all("for" not in s for f in linter.check_text("p.txt", text) for s in f.suggestions)


# --------------------------------------------------------------------------- overlaps

def finding(start, end, match, suggestions, rule="t/x", scope="span"):
    return Finding(path="p.txt", rule=rule, category="absolute", severity="error", message="m",
                   match=match, line=1, column=start + 1, end_line=1, end_column=end + 1,
                   start=start, end=end, scope=scope, suggestions=suggestions)


def test_overlapping_edits_are_resolved_deterministically():
    text = "X miracle cure for wrinkles."
    fs = [
        finding(2, 14, "miracle cure", [{"replace": "treatment"}], rule="t/b"),
        finding(10, 27, "cure for wrinkles", [{"replace": "care for lines"}], rule="t/a"),
        finding(2, 9, "miracle", [{"replace": "new"}], rule="t/a"),
        finding(2, 14, "miracle cure", [{"replace": "option"}], rule="t/a"),
    ]
    expected = [(2, 14, "option")]  # earliest start, then longest, then rule id
    for seed in range(20):
        random.Random(seed).shuffle(fs)
        assert [(e.start, e.end, e.new) for e in plan_edits(fs, text)] == expected
    # an article fix widens the edit but does not change which finding goes first
    text = "A miracle cure for wrinkles."
    for seed in range(20):
        random.Random(seed).shuffle(fs)
        assert [(e.start, e.end, e.new) for e in plan_edits(fs, text)] == [(0, 14, "An option")]


def test_overlaps_left_for_the_next_pass(make_linter):
    linter = make_linter(
        t__a=rule_text('["miracle cure"]', ["  - replace: new treatment"], category="superlative"),
        t__b=rule_text('["cure for wrinkles", "treatment for wrinkles"]',
                       ["  - replace: care for lines"]),
    )
    result = fix_text("p.txt", "A miracle cure for wrinkles.", linter)
    # pass 1 takes the earlier edit; pass 2 sees "treatment for wrinkles" and fixes it too
    assert result.text == "A new care for lines."
    assert (result.edits, result.passes, result.converged) == (2, 2, True)
    assert result.remaining == []


def test_apply_edits_refuses_overlaps():
    e1 = fixer.Edit(0, 5, "abcde", "x", "r")
    e2 = fixer.Edit(3, 6, "def", "y", "r")
    with pytest.raises(ValueError):
        apply_edits("abcdefg", [e1, e2])


def test_cycles_stop_and_say_so(make_linter):
    linter = make_linter(t__a=rule_text('["alpha"]', ["  - replace: beta"]),
                         t__b=rule_text('["beta"]', ["  - replace: alpha"], category="superlative"))
    result = fix_text("p.txt", "It is alpha.", linter, max_passes=10)
    assert not result.converged and result.passes == 2 and result.text == "It is alpha."


# --------------------------------------------------------------------------- formats

def test_html_changes_text_nodes_only_and_escapes(lint):
    page = ("<p title=\"permanent\">Results are <b>permanent</b>.</p>\n"
            "<p>It is pain-free: zero pain.</p>\n"
            "<p>Permanent&nbsp;results, no&nbsp;downtime.</p>\n"
            "<!-- permanent --><script>var permanent = 1;</script>\n")
    out = fixed(lint, page, "page.html", unsafe=True)
    assert out == ("<p title=\"permanent\">Results are <b>long-lasting</b>.</p>\n"
                   "<p>It is pain-free: pain &lt;less&gt; &amp; gentle.</p>\n"
                   "<p>Long-lasting&nbsp;results, no&nbsp;downtime.</p>\n"
                   "<!-- permanent --><script>var permanent = 1;</script>\n")
    # an attribute value (img alt text is read as a caption) is not a text node
    img = '<p><img alt="Results are permanent" src="a.png"> Results are permanent.</p>\n'
    assert [f.match for f in lint.check_text("page.html", img)] == ["permanent", "permanent"]
    assert fixed(lint, img, "page.html") == \
        '<p><img alt="Results are permanent" src="a.png"> Results are long-lasting.</p>\n'
    # a match broken by a tag is left alone
    split = "<p>No <em>downtime</em> at all.</p>\n"
    assert fixed(lint, split, "page.htm", unsafe=True) == split
    # the format can be given instead of the extension
    assert fixed(lint, "<p>zero pain</p>", "<stdin>", fmt="html") == \
        "<p>pain &lt;less&gt; &amp; gentle</p>"


def test_markdown_markup_is_never_rewritten(lint):
    page = ("# Results\n\n"
            "Results are *permanent* and [permanent](https://x.test/permanent).\n\n"
            "- **No downtime** for you.\n"
            "- No *downtime* at all.\n"
            "- `permanent` in code; [no downtime][1] here.\n\n"
            "Zero pain.\n\n[1]: https://x.test\n")
    out = fixed(lint, page, "page.md", unsafe=True)
    assert out == ("# Results\n\n"
                   "Results are *long-lasting* and [long-lasting](https://x.test/permanent).\n\n"
                   "- **Little downtime** for you.\n"
                   "- No *downtime* at all.\n"
                   "- `permanent` in code; [little downtime][1] here.\n\n"
                   "Pain \\<less\\> \\& gentle.\n\n[1]: https://x.test\n")
    table = "| a | b |\n|---|---|\n| best in class | x |\n"
    assert fixed(lint, table, "t.md") == "| a | b |\n|---|---|\n| good \\| fair \\*option\\* | x |\n"


def test_match_across_a_line_break_becomes_one_line(lint):
    assert fixed(lint, "Results last for\ngood, we say.\n") == "Results last long-lasting, we say.\n"
    assert fixed(lint, "Results last for\r\ngood.\r\nReally.\r\n") == \
        "Results last long-lasting.\r\nReally.\r\n"
    quoted = "> Results last for\n> good.\n"
    assert fixed(lint, quoted, "q.md") == quoted


# --------------------------------------------------------------------------- byte round trips

def fix_file(path: Path, linter, **kw):
    src = read_source(str(path))
    result = fix_text(str(path), src.text, linter, **kw)
    write_atomic(path, result.text, src)
    return result


@pytest.mark.parametrize("encoding, bom, newline", [
    ("utf-8", b"", "\n"),
    ("utf-8", codecs.BOM_UTF8, "\r\n"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "\n"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "\r\n"),
])
def test_round_trip_changes_only_the_intended_bytes(tmp_path, lint, encoding, bom, newline):
    lines = ["Caf\u00e9 \u201cglow\u201d \u2014 results are permanent.", "", "No change here \u2713",
             "Permanent!", ""]
    before = newline.join(lines)
    after = before.replace("permanent.", "long-lasting.").replace("Permanent!", "Long-lasting!")
    page = tmp_path / "page.txt"
    page.write_bytes(bom + before.encode(encoding))
    result = fix_file(page, lint)
    assert result.edits == 2
    assert page.read_bytes() == bom + after.encode(encoding)
    assert decode(page.read_bytes()).newline == newline


def test_latin1_file_keeps_its_encoding(tmp_path, lint):
    page = tmp_path / "page.txt"
    page.write_bytes("Cr\u00e8me: permanent.\r\n".encode("latin-1"))
    src = read_source(str(page), encoding="latin-1")
    write_atomic(page, fix_text(str(page), src.text, lint).text, src)
    assert page.read_bytes() == "Cr\u00e8me: long-lasting.\r\n".encode("latin-1")


def test_permissions_are_kept(tmp_path, lint):
    page = tmp_path / "page.txt"
    page.write_text("Results are permanent.\n", encoding="utf-8")
    os.chmod(page, 0o640)
    fix_file(page, lint)
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o640
    assert page.read_text(encoding="utf-8") == "Results are long-lasting.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt", "rules"]


def test_symlink_target_is_written_and_link_kept(tmp_path, lint):
    target = tmp_path / "real" / "page.txt"
    target.parent.mkdir()
    target.write_text("Results are permanent.\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    fix_file(link, lint)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "Results are long-lasting.\n"
    assert os.listdir(target.parent) == ["page.txt"]


# --------------------------------------------------------------------------- refusals

def assert_refused(tmp_path, page, before: bytes, *needles):
    """A one-line InputError naming the problem; original bytes intact, no temp file left."""
    def check(exc_info):
        msg = str(exc_info.value)
        assert "\n" not in msg and str(page) in msg
        for needle in needles:
            assert needle in msg
        if page.exists():
            assert page.read_bytes() == before
        assert not [p for p in page.parent.iterdir() if p.name.endswith(".claimcheck-tmp")]
    return check


def prepared(tmp_path, text="Results are permanent.\n", name="page.txt"):
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    src = read_source(str(page))
    return page, src, page.read_bytes()


def test_read_only_file_is_refused(tmp_path):
    page, src, before = prepared(tmp_path)
    os.chmod(page, 0o444)
    with pytest.raises(InputError) as exc:
        write_atomic(page, "Results are long-lasting.\n", src)
    assert_refused(tmp_path, page, before, "read-only")(exc)


def test_vanished_file_is_refused(tmp_path):
    page, src, before = prepared(tmp_path)
    page.unlink()
    with pytest.raises(InputError) as exc:
        write_atomic(page, "Results are long-lasting.\n", src)
    assert_refused(tmp_path, page, before, "vanished")(exc)
    assert not page.exists()


def test_file_changed_since_read_is_refused(tmp_path):
    page, src, _ = prepared(tmp_path)
    page.write_text("Results are permanent. Edited meanwhile.\n", encoding="utf-8")
    edited = page.read_bytes()
    with pytest.raises(InputError) as exc:
        write_atomic(page, "Results are long-lasting.\n", src)
    assert_refused(tmp_path, page, edited, "changed since it was read")(exc)
    # explicit bytes as read work the same way
    with pytest.raises(InputError):
        write_atomic(page, "x\n", src, expected=b"Results are permanent.\n")
    assert page.read_bytes() == edited


def test_change_during_write_is_caught_before_the_rename(tmp_path, monkeypatch):
    page, src, _ = prepared(tmp_path)
    real_fsync = os.fsync

    def edit_while_writing(fd):
        real_fsync(fd)
        if os.path.isfile(str(page)) and page.read_bytes() == b"Results are permanent.\n":
            page.write_bytes(b"Someone else's edit.\n")
    monkeypatch.setattr(fixer.os, "fsync", edit_while_writing)
    with pytest.raises(InputError) as exc:
        write_atomic(page, "Results are long-lasting.\n", src)
    assert_refused(tmp_path, page, b"Someone else's edit.\n", "changed since")(exc)


def test_unwritable_folder_is_refused(tmp_path, monkeypatch):
    page, src, before = prepared(tmp_path)

    def no_room(*args, **kw):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(tempfile, "mkstemp", no_room)
    with pytest.raises(InputError) as exc:
        write_atomic(page, "Results are long-lasting.\n", src)
    assert_refused(tmp_path, page, before, "cannot write into folder")(exc)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder_is_refused(tmp_path):
    page, src, before = prepared(tmp_path)
    os.chmod(tmp_path, 0o555)
    try:
        with pytest.raises(InputError) as exc:
            write_atomic(page, "Results are long-lasting.\n", src)
        assert "cannot write into folder" in str(exc.value)
        assert page.read_bytes() == before
    finally:
        os.chmod(tmp_path, 0o755)


def test_unencodable_replacement_leaves_the_file_intact(tmp_path, make_linter):
    linter = make_linter(t__x=rule_text("[permanent]", ["  - replace: long\u2011lasting \u2248"]))
    page = tmp_path / "page.txt"
    before = "Cr\u00e8me: permanent.\n".encode("latin-1")
    page.write_bytes(before)
    src = read_source(str(page), encoding="latin-1")
    result = fix_text(str(page), src.text, linter)
    assert result.edits == 1
    with pytest.raises(InputError) as exc:
        write_atomic(page, result.text, src)
    assert_refused(tmp_path, page, before, "cannot encode", "latin-1", "U+2011")(exc)


def test_failure_after_temp_file_cleans_up(tmp_path, monkeypatch):
    page, src, before = prepared(tmp_path)

    def broken_replace(a, b):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(fixer.os, "replace", broken_replace)
    with pytest.raises(InputError) as exc:
        write_atomic(page, "Results are long-lasting.\n", src)
    assert_refused(tmp_path, page, before, "No space left")(exc)


# --------------------------------------------------------------------------- diff

def test_unified_diff_is_git_style():
    before = "one\r\ntwo permanent\r\nthree\r\n"
    after = "one\r\ntwo long-lasting\r\nthree\r\n"
    assert unified_diff("./pages/a.md", before, after) == (
        "--- a/pages/a.md\n+++ b/pages/a.md\n@@ -1,3 +1,3 @@\n one\n-two permanent\n"
        "+two long-lasting\n three\n")
    assert unified_diff("a.md", before, before) == ""


def test_unified_diff_marks_a_missing_final_newline():
    out = unified_diff("a.txt", "x\npermanent", "x\nlong-lasting")
    assert out.endswith("-permanent\n\\ No newline at end of file\n"
                        "+long-lasting\n\\ No newline at end of file\n")


# --------------------------------------------------------------------------- real pages

REAL_PAGES = PAGES + SEEDS + READER_PAGES


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("page", REAL_PAGES, ids=[p.name for p in REAL_PAGES])
def test_fix_is_idempotent_on_real_pages(page, unsafe):
    src = read_source(str(page))
    first = fix_text(str(page), src.text, BUILTIN, unsafe=unsafe)
    assert first.converged
    again = fix_text(str(page), first.text, BUILTIN, unsafe=unsafe)
    assert again.text == first.text and again.edits == 0
    # nothing applicable is left behind, and what remains is what a fresh check reports
    assert plan_edits(first.remaining, first.text, str(page), unsafe=unsafe) == []
    assert [f.to_json() for f in first.remaining] == \
        [f.to_json() for f in BUILTIN.check_text(str(page), first.text)]
    # edits change lines in place: as many lines removed as added, none if nothing applied
    body = unified_diff(str(page), src.text, first.text).splitlines()[2:]
    removed = [line for line in body if line.startswith("-")]
    added = [line for line in body if line.startswith("+")]
    assert len(removed) == len(added) and (len(added) > 0) == (first.edits > 0)


def test_fix_on_the_hifu_page(tmp_path):
    page = tmp_path / "hifu.md"
    page.write_bytes((REPO / "fixtures" / "pages" / "hifu-clinic.md").read_bytes())
    src = read_source(str(page))
    result = fix_text(str(page), src.text, BUILTIN, unsafe=True)
    assert "Results are long-lasting and" in result.text
    assert "- **Little downtime** –" in result.text
    write_atomic(page, result.text, src)
    assert page.read_text(encoding="utf-8") == result.text
