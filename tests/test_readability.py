"""The readability kind: which blocks are prose, grades by textstat, findings, and that
textstat runs offline without importing NLTK."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claimcheck import readability as rd
from claimcheck.analysis import analyse
from claimcheck.checks.readability import format_message
from claimcheck.engine import Linter
from claimcheck.errors import RuleError
from claimcheck.readers import read_document
from claimcheck.ruleset import builtin_rules_dir, load_rules, parse_rule_file

REPO = Path(__file__).resolve().parent.parent
RULES = {r.id: r for r in load_rules([builtin_rules_dir()], use_cache=False)
         if r.category == "readability"}
PARAGRAPH_RULE = RULES["readability/paragraph-grade"]
DOCUMENT_RULE = RULES["readability/document-grade"]

DENSE = ("Our comprehensive non-surgical rejuvenation programme utilises high-intensity focused "
         "ultrasound technology to stimulate neocollagenesis within the superficial "
         "musculoaponeurotic system, facilitating progressive tightening of the lower face and "
         "submental region.")
PLAIN = ("HIFU uses focused sound waves to heat the deeper layers of your skin. This helps your "
         "body make new collagen. Most people see a change over two to three months, and you can "
         "go back to work the same day.")


def doc(text: str, path: str = "page.md"):
    return analyse(read_document(path, text), None)


def lint(text: str, *rules, path: str = "page.md"):
    return Linter(list(rules or RULES.values())).check_text(path, text)


def reasons(text: str, path: str = "page.md") -> list[tuple[str, str | None]]:
    return [(ab.block.text[:20], rd.skip_reason(ab)) for ab in doc(text, path).blocks]


# ----------------------------------------------------------------------------- grades

def test_dense_paragraph_grades_high_and_plain_paragraph_low():
    [dense] = doc(DENSE).blocks
    [plain] = doc(PLAIN).blocks
    assert rd.block_grade(dense) > 14
    assert rd.block_grade(plain) < 8
    # reading ease runs the other way: higher is easier
    assert rd.block_grade(plain, "flesch_reading_ease") > 60 > rd.block_grade(dense, "flesch_reading_ease")


@pytest.mark.parametrize("formula", sorted(rd.FORMULAS))
def test_every_formula_scores_both_ways(formula):
    [dense] = doc(DENSE).blocks
    [plain] = doc(PLAIN).blocks
    target = 60 if formula == "flesch_reading_ease" else 8
    assert rd.is_over(rd.block_grade(dense, formula), formula, target)
    assert not rd.is_over(rd.block_grade(plain, formula), formula, target)


def test_grade_is_textstats_own_number():
    from textstat.textstat import textstatistics

    ts = textstatistics()
    ts.set_lang(rd.TEXTSTAT_LANG)
    [plain] = doc(PLAIN).blocks
    assert rd.block_grade(plain) == pytest.approx(ts.flesch_kincaid_grade(rd.prose_text(plain)))


def test_prose_text_uses_claimcheck_sentences():
    [ab] = doc("Dr. Patel rated it 4.8 out of 5, e.g. for comfort.1 Book a consultation at "
               "https://example.com/book today").blocks
    text = rd.prose_text(ab)
    # abbreviations and decimals do not end sentences; the footnote digit and URL are gone
    assert text == "Dr Patel rated it 48 out of 5, eg for comfort. Book a consultation at today."


def test_unknown_formula_is_an_error():
    with pytest.raises(ValueError, match="unknown readability formula"):
        rd.score_text("Some text.", "fog")


# ----------------------------------------------------------------------------- what is prose

def test_headings_tables_quotes_and_short_list_items_are_not_prose():
    page = textwrap.dedent("""\
        # Comprehensive dermatological rejuvenation utilising microfocused ultrasound

        - Fine lines
        - Sagging jowls and crepey neck skin
        - Your skin will look firmer over the following three months.

        | Area | Price |
        |---|---|
        | Full face and neck, including jawline contouring | £450 |

        > "Absolutely transformative, utterly revolutionary experience, extraordinarily professional."
        """)
    got = dict(reasons(page))
    assert got["Comprehensive dermat"] == "heading"
    assert got["Fine lines"] == "label"
    assert got["Sagging jowls and cr"] == "label"
    assert got["Your skin will look "] is None  # a sentence in a list is prose
    assert got["Full face and neck, "] == "table_cell"
    assert "blockquote" in got.values()


def test_references_ingredients_legal_text_and_notes_are_not_prose():
    page = textwrap.dedent("""\
        Ingredients: Aqua, Glycerin, Niacinamide, Sodium Hyaluronate, Panthenol, Phenoxyethanol.

        Aqua (Water), Glycerin, Butylene Glycol, Niacinamide, Sodium Hyaluronate, Allantoin, Bisabolol.

        Fabi SG, Goldman MP. Micro-focused ultrasound for the face. Dermatol Surg. 2014;40(5):569-575.

        © 2024 Glow Aesthetics Ltd. Registered in England and Wales, company number 01234567.

        Offer valid until 31 May for new clients only. Terms and conditions apply to all bookings.

        *Results from an independent survey of 120 clients; individual results vary considerably.
        """)
    assert [r for _, r in reasons(page, "page.txt")] == [
        "ingredients", "list", "reference", "legal", "legal", "note"]


def test_blocks_under_reference_and_legal_headings_are_not_prose():
    page = textwrap.dedent("""\
        # HIFU

        Sound waves heat the deeper layers of your skin so that it makes new collagen.

        ## References

        Smith and colleagues studied ninety-three patients receiving microfocused ultrasound treatment.

        ## Terms & Conditions

        Deposits are non-refundable where cancellation occurs within forty-eight hours of treatment.
        """)
    assert [r for _, r in reasons(page)] == ["heading", None, "heading", "section", "heading", "section"]


@pytest.mark.parametrize("heading, skipped", [
    ("References", True), ("1. Sources", True), ("Notes:", True), ("Further reading", True),
    ("Full ingredient list (INCI)", True), ("Ingredients", True), ("Terms and conditions of booking", True),
    ("T&Cs", True), ("Privacy policy", True), ("Disclaimer", True), ("Legal", True),
    ("Sources of collagen in your diet", False), ("Notes on recovery", False),
    ("Key ingredients", False), ("Ingredients that calm redness", False), ("Legally approved", False),
])
def test_section_headings(heading, skipped):
    page = f"# {heading}\n\nSound waves heat the deeper layers of your skin so that it makes new collagen.\n"
    assert reasons(page)[1][1] == ("section" if skipped else None)


# ----------------------------------------------------------------------------- findings

def test_dense_paragraph_is_flagged_with_its_grade_and_span():
    page = f"# HIFU at Glow\n\n{DENSE}\n\n{PLAIN}\n"
    [f] = lint(page, PARAGRAPH_RULE)
    grade = rd.block_grade(doc(page).blocks[1])
    assert f.rule == "readability/paragraph-grade"
    assert (f.category, f.severity, f.scope) == ("readability", "info", "span")
    assert f.message.startswith(f"This paragraph reads at grade {grade:.1f} (target 8)")
    assert (f.line, f.column) == (3, 1)
    assert f.match == DENSE and page[f.start:f.end] == DENSE
    assert f.end_line == 3 and f.end_column == len(DENSE) + 1
    assert any("shorter sentences" in s.get("advice", "").lower() for s in f.suggestions)
    assert any("everyday words" in s.get("advice", "").lower() for s in f.suggestions)


def test_multi_line_paragraph_span_covers_all_its_lines():
    wrapped = textwrap.fill(DENSE, 60)
    [f] = lint(f"Title\n\n{wrapped}\n", PARAGRAPH_RULE, path="page.txt")
    assert (f.line, f.column) == (3, 1)
    assert f.end_line == 3 + wrapped.count("\n")
    assert f.match == wrapped


def test_plain_page_has_no_readability_findings():
    assert lint(f"# HIFU\n\n{PLAIN}\n\n{PLAIN}\n") == []


def test_short_dense_paragraph_is_not_scored_on_its_own():
    short = "Comprehensive dermatological rejuvenation utilising microfocused ultrasound technology."
    assert lint(f"# HIFU\n\n{short}\n", PARAGRAPH_RULE) == []


def test_document_rule_reports_once_at_line_one():
    page = f"# HIFU\n\n{DENSE}\n\n{DENSE.replace('Our', 'This')}\n"
    [f] = lint(page, DOCUMENT_RULE)
    assert f.rule == "readability/document-grade"
    assert (f.scope, f.line, f.column, f.match) == ("document", 1, 1, "")
    grade = rd.document_grade(doc(page))
    assert f"reads at grade {grade:.1f} overall (target 8)" in f.message


def test_document_rule_is_quiet_for_plain_pages_and_too_little_prose():
    assert lint(f"# HIFU\n\n{PLAIN}\n\n{PLAIN}\n", DOCUMENT_RULE) == []
    assert lint(f"# HIFU\n\n{DENSE}\n", DOCUMENT_RULE) == []  # 30 words < min_words 40


def test_document_grade_function():
    page = f"# HIFU\n\n{DENSE}\n\n- Fine lines\n- Jowls\n\n{PLAIN}\n\n© 2024 Glow Aesthetics Ltd.\n"
    ad = doc(page)
    grade = rd.document_grade(ad)
    expected = rd.score_text(rd.prose_text(ad.blocks[1]) + " " + rd.prose_text(ad.blocks[4]))
    assert grade == pytest.approx(expected)
    assert rd.document_grade(ad, "flesch_reading_ease") == pytest.approx(
        rd.score_text(rd.document_text(ad), "flesch_reading_ease"))
    assert rd.document_grade(ad, min_words=1000) is None
    assert rd.document_grade(doc("# Prices\n\n| Area | Price |\n|---|---|\n| Face | £450 |\n")) is None
    assert rd.document_grade(doc("")) is None


# ----------------------------------------------------------------------------- rule keys

def write_rule(folder: Path, body: str, name: str = "readability/custom.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(f"""\
        category: readability
        severity: info
        kind: readability
        message: "This paragraph reads at {{level}} (target {{target}}, {{formula}})."
        why: Test.
        source: Test.
        suggest:
          - advice: Use shorter sentences.
        examples:
          flag: ["{DENSE}"]
          pass: ["{PLAIN}"]
        """) + textwrap.dedent(body), encoding="utf-8")
    return path


def test_reading_ease_rule_uses_min_ease(tmp_path):
    path = write_rule(tmp_path, "formula: flesch_reading_ease\nmin_ease: 60\n")
    rule = parse_rule_file(path, tmp_path)
    assert rd.rule_settings(rule) == ("block", "flesch_reading_ease", 60.0, 30)
    [f] = lint(f"# HIFU\n\n{DENSE}\n\n{PLAIN}\n", rule)
    assert "reads at a reading ease of -" in f.message
    assert "(target 60 or more, Flesch reading ease)" in f.message


def test_grade_target_and_min_words_are_configurable(tmp_path):
    rule = parse_rule_file(write_rule(tmp_path, "formula: smog_index\nmax_grade: 30\n"), tmp_path)
    assert lint(f"{DENSE}\n", rule, path="page.txt") == []
    rule = parse_rule_file(write_rule(tmp_path, "max_grade: 2.5\nmin_words: 5\n"), tmp_path)
    assert rd.rule_settings(rule) == ("block", "flesch_kincaid_grade", 2.5, 5)
    [f] = lint(f"{PLAIN}\n", rule, path="page.txt")
    assert "(target 2.5, Flesch-Kincaid grade)" in f.message


@pytest.mark.parametrize("body, error", [
    ("formula: flesch_reading_ease\nmax_grade: 8\n", "max_grade: flesch_reading_ease is a score where"),
    ("min_ease: 60\n", "min_ease: applies to flesch_reading_ease only"),
    ("formula: fog\n", "formula: 'fog' is not one of"),
    ("scope: page\n", "scope: 'page' is not one of"),
    ("min_words: 0\n", "min_words: must be 1 or more"),
    ("max_grade: eight\n", "max_grade: expected a number"),
])
def test_bad_keys_are_errors_with_a_line(tmp_path, body, error):
    path = write_rule(tmp_path, body)
    with pytest.raises(RuleError, match=error) as info:
        parse_rule_file(path, tmp_path)
    assert f"{path}:" in str(info.value)


def test_format_message_placeholders():
    msg = format_message("{level} / {score} / {target} / {formula}", 14.25, "gunning_fog", 8.0)
    assert msg == "grade 14.2 / 14.2 / 8 / Gunning fog index"


def test_document_settings_follow_the_document_rule(tmp_path):
    assert rd.document_settings(list(RULES.values())) == ("flesch_kincaid_grade", 40)
    assert rd.document_settings([]) == ("flesch_kincaid_grade", 40)
    rule = parse_rule_file(write_rule(tmp_path, "scope: document\nformula: smog_index\nmin_words: 100\n"),
                           tmp_path)
    assert rd.document_settings([PARAGRAPH_RULE, rule]) == ("smog_index", 100)


def test_builtin_rules_are_on_by_default_at_info():
    for rule in RULES.values():
        assert rule.enabled and rule.severity == "info" and rule.jurisdictions == ("all",)
    assert rd.rule_settings(PARAGRAPH_RULE) == ("block", "flesch_kincaid_grade", 8.0, 30)
    assert rd.rule_settings(DOCUMENT_RULE) == ("document", "flesch_kincaid_grade", 8.0, 40)


# ----------------------------------------------------------------------------- offline and fast

def _run_python(code: str, tmp_path: Path, **env) -> dict:
    full_env = {**os.environ, "CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache"),
                "NLTK_DATA": str(tmp_path / "no-nltk-data"), **env}
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, cwd=REPO, env=full_env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


LINT_A_PAGE = """
    import json, sys
    events = []
    def audit(event, args):
        if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
            events.append(event)
        elif event == "open" and isinstance(args[0], str) and "nltk" in args[0].lower():
            events.append("open " + args[0])
    sys.addaudithook(audit)
    from claimcheck.engine import Linter
    from claimcheck.ruleset import builtin_rules_dir, load_lexicon, load_rules
    rules = load_rules([builtin_rules_dir()])
    linter = Linter(rules, load_lexicon([builtin_rules_dir()]))
    text = open("fixtures/pages/hifu-clinic.md", encoding="utf-8").read()
    page = text + "\\n\\n" + {dense!r} + "\\n"
    found = [f.rule for f in linter.check_text("page.md", page)]
    print(json.dumps({{"readability": [r for r in found if r.startswith("readability/")],
                      "textstat": "textstat" in sys.modules, "nltk": "nltk" in sys.modules,
                      "nltk_loaded": any(m == "nltk" or m.startswith("nltk.") for m in sys.modules),
                      "events": events}}))
"""


def test_linting_a_page_never_imports_nltk_nor_touches_the_network(tmp_path):
    for _ in range(2):  # a cold and a warm hyphenation cache
        out = _run_python(LINT_A_PAGE.format(dense=DENSE), tmp_path)
        assert sorted(out["readability"]) == ["readability/document-grade", "readability/paragraph-grade"]
        assert out["textstat"] is True
        assert out["nltk"] is False and out["nltk_loaded"] is False
        assert out["events"] == []
    assert list((tmp_path / "cache").glob("pyphen-*.marshal"))


def test_textstat_is_not_imported_without_prose(tmp_path):
    out = _run_python("""
        import json, sys
        from claimcheck.engine import Linter
        from claimcheck.ruleset import builtin_rules_dir, load_rules
        rules = [r for r in load_rules([builtin_rules_dir()]) if r.category == "readability"]
        found = Linter(rules).check_text("page.md", "# Prices\\n\\n| Face | £450 |\\n|---|---|\\n")
        import claimcheck.checks.readability
        print(json.dumps({"found": len(found), "textstat": "textstat" in sys.modules,
                          "pyphen": "pyphen" in sys.modules}))
    """, tmp_path)
    assert out == {"found": 0, "textstat": False, "pyphen": False}


def test_textstat_still_reaches_nltk_for_other_callers(tmp_path):
    # The stand-in only defers NLTK: code that uses textstat's NLTK path later gets the real one.
    out = _run_python("""
        import json, sys
        from claimcheck import readability as rd
        rd.score_text("A short sentence to score. Another one here.")
        import textstat.backend.utils._get_cmudict as cmu
        before = "nltk" in sys.modules
        data = cmu.nltk.data
        import nltk
        print(json.dumps({"before": before, "real": data is nltk.data,
                          "same": sys.modules["nltk"] is nltk}))
    """, tmp_path)
    assert out == {"before": False, "real": True, "same": True}


def test_cached_hyphenation_patterns_match_pyphens_own(tmp_path):
    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback(rd.TEXTSTAT_LANG)]
    fresh = pyphen.HyphDict(path)
    saved = pyphen.hdcache.pop(path, None)
    try:
        rd.configure_cache(True, tmp_path)
        rd._load_hyphenation(rd.TEXTSTAT_LANG)  # cold: parses and writes the cache
        pyphen.hdcache.pop(path)
        rd._load_hyphenation(rd.TEXTSTAT_LANG)  # warm: from the cache
        restored = pyphen.hdcache[path]
        assert list(tmp_path.glob("pyphen-*.marshal"))
        assert restored is not fresh and restored.maxlen == fresh.maxlen
        assert restored.patterns == fresh.patterns
        words = "rejuvenation microneedling collagen hyaluronic ultrasound everyday procedure".split()
        assert [restored.positions(w) for w in words] == [fresh.positions(w) for w in words]
    finally:
        rd.configure_cache()
        if saved is not None:
            pyphen.hdcache[path] = saved


def test_document_finding_survives_a_flagged_first_paragraph():
    # engine.dedupe keeps document-scope findings even when a span finding starts at offset 0
    page = f"{DENSE}\n\n{DENSE.replace('Our', 'This')}\n"
    found = {f.rule for f in lint(page, path="page.txt")}
    assert found == {"readability/paragraph-grade", "readability/document-grade"}
