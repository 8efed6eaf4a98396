"""Inline suppression directives: grammar per format, coverage, unused tracking, problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.engine import Linter
from claimcheck.findings import Finding
from claimcheck.ruleset import Rule, selector_matches
from claimcheck.sourcefile import decode
from claimcheck.suppressions import UNUSED_RULE, Suppressions, parse_suppressions

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "suppress"


def phrase_rule(rule_id: str, category: str, phrases: list[str]) -> Rule:
    return Rule(id=rule_id, kind="phrase", category=category, severity="error",
                message="'{match}'", why="w", source="s", path="t.yaml",
                options={"phrases": phrases})


RULES = [
    phrase_rule("absolute/permanent", "absolute", ["permanent"]),
    phrase_rule("absolute/painless", "absolute", ["painless"]),
    phrase_rule("superlative/best", "superlative", ["best"]),
    Rule(id="disclaimer/results-vary", kind="required", category="disclaimer", severity="warning",
         message="Say that results vary.", why="w", source="s", path="t.yaml",
         options={"when": ["results"], "requires": ["results vary"]}),
]
LINTER = Linter(RULES)
EXT = {"markdown": "md", "html": "html", "text": "txt"}


def lint(source: str, fmt: str) -> tuple[list[Finding], Suppressions]:
    """Findings left after suppression, and the parsed suppressions (all findings judged)."""
    findings = LINTER.check_text(f"page.{EXT[fmt]}", source, fmt)
    sup = parse_suppressions(source, fmt)
    return sup.filter(findings), sup


def kept(source: str, fmt: str) -> list[tuple[str, int]]:
    """(rule, line) of the findings left, by line and then rule id."""
    return sorted(((f.rule, f.line) for f in lint(source, fmt)[0]), key=lambda x: (x[1], x[0]))


def finding(source: str, needle: str, rule: str, category: str | None = None, nth: int = 0,
            scope: str = "span") -> Finding:
    """A hand-made finding for ``needle`` (its ``nth`` occurrence) at its exact position."""
    if scope == "document":
        return Finding(path="p", rule=rule, category=category or rule.split("/")[0], severity="warning",
                       message="m", match="", line=1, column=1, end_line=1, end_column=1,
                       start=0, end=0, scope="document")
    start = -1
    for _ in range(nth + 1):
        start = source.index(needle, start + 1)
    line = source.count("\n", 0, start) + 1
    col = start - (source.rfind("\n", 0, start) + 1) + 1
    end = start + len(needle)
    return Finding(path="p", rule=rule, category=category or rule.split("/")[0], severity="error",
                   message="m", match=needle, line=line, column=col, end_line=line,
                   end_column=col + len(needle), start=start, end=end)


def directives(source: str, fmt: str) -> list[tuple]:
    sup = parse_suppressions(source, fmt)
    return [(d.kind, tuple(s.text for s in d.selectors), d.reason, d.line) for d in sup.directives]


def problems(source: str, fmt: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.message) for p in parse_suppressions(source, fmt).problems]


# --------------------------------------------------------------------------- fast path / API


def test_no_directive_is_the_fast_path():
    sup = parse_suppressions("Results are permanent.\n" * 1000, "markdown")
    assert not sup and sup.directives == [] and sup.problems == []
    f = finding("Results are permanent.", "permanent", "absolute/permanent")
    assert not sup.is_suppressed(f)
    assert sup.unused() == [] and sup.unused_findings("p") == []


def test_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_suppressions("x", "docx")


def test_selector_matching_is_select_matching():
    assert selector_matches("absolute", "absolute/permanent", "absolute")
    assert selector_matches("absolute/", "absolute/permanent", "absolute")
    assert selector_matches("absolute/permanent", "absolute/permanent", "absolute")
    assert selector_matches("all", "x/y", "medical") and selector_matches("ALL", "x/y", "medical")
    assert selector_matches("regulatory", "us/fda-approved", "regulatory")
    assert not selector_matches("absolute/perm", "absolute/permanent", "absolute")
    assert not selector_matches("superlative", "absolute/permanent", "absolute")


# --------------------------------------------------------------------------- grammar


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_comment_form_with_selectors_and_reason(fmt):
    src = ("<!-- claimcheck-disable absolute/permanent, superlative -- approved by legal 2026-03 -->\n"
           "<!-- claimcheck-enable absolute/permanent -->\n"
           "<!-- claimcheck-disable-next-line absolute/painless -- patient quote -->\n"
           "Painless.\n"
           "Best <!-- claimcheck-disable-line superlative/best -->\n"
           "<!-- claimcheck-disable-file -->\n"
           "<!-- claimcheck-enable -->\n")
    assert directives(src, fmt) == [
        ("disable", ("absolute/permanent", "superlative"), "approved by legal 2026-03", 1),
        ("enable", ("absolute/permanent",), None, 2),
        ("disable-next-line", ("absolute/painless",), "patient quote", 3),
        ("disable-line", ("superlative/best",), None, 5),
        ("disable-file", (), None, 6),
        ("enable", (), None, 7),
    ]
    assert problems(src, fmt) == []


def test_selectors_separated_by_commas_or_spaces_with_positions():
    src = "Intro.\n  <!-- claimcheck-disable absolute/permanent superlative,medical ,  statistic/ -->\n"
    sup = parse_suppressions(src, "markdown")
    (d,) = sup.directives
    assert [s.text for s in d.selectors] == ["absolute/permanent", "superlative", "medical", "statistic/"]
    assert (d.line, d.column) == (2, 3)
    positions = [(s.line, s.column) for _, s in sup.selectors()]
    assert positions == [(2, 27), (2, 46), (2, 58), (2, 69)]
    for _, s in sup.selectors():
        assert src[s.start:s.end] == s.text


def test_keyword_is_case_insensitive_and_may_take_a_colon():
    src = "<!-- CLAIMCHECK-Disable-Next-Line: absolute -- Reason Text -->\nPermanent.\n"
    assert directives(src, "markdown") == [("disable-next-line", ("absolute",), "Reason Text", 1)]


def test_reason_separator_needs_whitespace_before_it():
    assert directives("<!-- claimcheck-disable a/b--c -->", "html") == [
        ("disable", ("a/b--c",), None, 1)]
    assert directives("<!-- claimcheck-disable -- only a reason -->", "html") == [
        ("disable", (), "only a reason", 1)]
    assert directives("<!-- claimcheck-disable x --no space after -->", "html") == [
        ("disable", ("x",), "no space after", 1)]
    # a multi-line reason is folded onto one line
    assert directives("<!-- claimcheck-disable x -- approved\n   by legal -->", "html") == [
        ("disable", ("x",), "approved by legal", 1)]


def test_comments_that_merely_mention_claimcheck_are_not_directives():
    src = ("<!-- reviewed: claimcheck-disable not needed -->\n"
           "<!-- claimcheckers were here -->\n<!-- -->\n<!---->\n<!-->\n")
    assert directives(src, "markdown") == [] and problems(src, "markdown") == []


def test_text_line_forms():
    src = ("Intro line.\n"
           "# claimcheck-disable absolute -- reason\n"
           "## claimcheck-enable absolute\n"
           "  // claimcheck-disable-next-line superlative/best\n"
           "claimcheck-disable-file medical\n"
           "#claimcheck-enable\n"
           "The best. # claimcheck-disable-line superlative/best -- a trailing one\n"
           "Permanent.   // claimcheck-disable-line absolute\n"
           "Permanent. <!-- claimcheck-disable-line absolute -->\n")
    assert directives(src, "text") == [
        ("disable", ("absolute",), "reason", 2),
        ("enable", ("absolute",), None, 3),
        ("disable-next-line", ("superlative/best",), None, 4),
        ("disable-file", ("medical",), None, 5),
        ("enable", (), None, 6),
        ("disable-line", ("superlative/best",), "a trailing one", 7),
        ("disable-line", ("absolute",), None, 8),
        ("disable-line", ("absolute",), None, 9),
    ]
    sup = parse_suppressions(src, "text")
    texts = [d.text for d in sup.directives]
    assert texts[2] == "// claimcheck-disable-next-line superlative/best"
    assert texts[5] == "# claimcheck-disable-line superlative/best -- a trailing one"
    assert [(d.line, d.column) for d in sup.directives][2:] == [
        (4, 3), (5, 1), (6, 1), (7, 11), (8, 14), (9, 12)]


def test_text_mentions_inside_a_line_are_not_directives():
    src = ("Use claimcheck-disable to silence a rule.\n"
           "See http://example.com/claimcheck-disable for details.\n"
           "Price#claimcheck-disable-line x\n")
    assert directives(src, "text") == [] and problems(src, "text") == []


def test_markdown_directive_forms_are_only_comments():
    src = "# claimcheck-disable absolute\n\n// claimcheck-disable-file\n\nclaimcheck-disable-file\n"
    assert directives(src, "markdown") == []


# --------------------------------------------------------------------------- coverage


def test_disable_region_until_enable():
    src = ("Permanent one.\n"
           "<!-- claimcheck-disable absolute/permanent -->\n"
           "Permanent two.\n\n"
           "Permanent three.\n"
           "<!-- claimcheck-enable absolute/permanent -->\n"
           "Permanent four.\n")
    assert kept(src, "markdown") == [("absolute/permanent", 1), ("absolute/permanent", 7)]


def test_region_without_enable_runs_to_the_end():
    src = "Permanent.\n<!-- claimcheck-disable -->\nPermanent and painless.\n\nThe best.\n"
    assert kept(src, "markdown") == [("absolute/permanent", 1)]


@pytest.mark.parametrize("selector", ["absolute", "absolute/", "absolute/permanent", "all"])
def test_categories_prefixes_ids_and_all(selector):
    src = f"<!-- claimcheck-disable {selector} -->\nPermanent and painless, the best.\n"
    left = {r for r, _ in kept(src, "markdown")}
    expected = {"absolute/permanent": {"absolute/painless", "superlative/best"},
                "all": set()}.get(selector, {"superlative/best"})
    assert left == expected


def test_enable_of_a_subset():
    src = ("<!-- claimcheck-disable absolute -->\n"
           "Permanent and painless.\n"
           "<!-- claimcheck-enable absolute/permanent -->\n"
           "Permanent and painless.\n"
           "<!-- claimcheck-enable -->\n"
           "Permanent and painless.\n")
    assert kept(src, "markdown") == [("absolute/permanent", 4), ("absolute/painless", 6),
                                     ("absolute/permanent", 6)]


def test_enable_of_a_wider_set_ends_narrower_regions():
    src = ("<!-- claimcheck-disable absolute/permanent, superlative/best -->\n"
           "<!-- claimcheck-enable absolute -->\n"
           "Permanent, the best.\n")
    assert kept(src, "markdown") == [("absolute/permanent", 3)]


def test_nested_and_overlapping_regions():
    src = ("<!-- claimcheck-disable absolute -->\n"                 # 1
           "<!-- claimcheck-disable absolute/permanent -->\n"       # 2
           "Permanent, painless.\n"                                 # 3
           "<!-- claimcheck-enable absolute/permanent -->\n"        # 4 ends both for permanent
           "Permanent, painless.\n"                                 # 5
           "<!-- claimcheck-disable superlative -->\n"              # 6
           "Permanent, painless, the best.\n"                       # 7
           "<!-- claimcheck-enable absolute -->\n"                  # 8
           "Permanent, painless, the best.\n")                      # 9
    assert kept(src, "markdown") == [("absolute/permanent", 5), ("absolute/permanent", 7),
                                     ("absolute/painless", 9), ("absolute/permanent", 9)]
    sup = lint(src, "markdown")[1]
    assert sup.unused() == []


def test_region_is_offset_exact_on_a_shared_line():
    # A claim before a trailing disable is not covered; one before a trailing enable is.
    src = ("Permanent. <!-- claimcheck-disable absolute -->\n"
           "Permanent. <!-- claimcheck-enable -->\n"
           "Permanent.\n")
    assert kept(src, "html") == [("absolute/permanent", 1), ("absolute/permanent", 3)]


def test_next_line_skips_blank_lines_comments_and_stacked_directives():
    src = ("<!-- claimcheck-disable-next-line absolute/permanent -- reason -->\n"
           "\n"
           "   \n"
           "<!-- claimcheck-disable-next-line superlative/best -->\n"
           "<!-- an ordinary comment -->\n"
           "The best outcome is permanent and painless.\n"
           "Permanent.\n")
    sup = parse_suppressions(src, "markdown")
    assert [d.lines for d in sup.directives] == [(6, 6), (6, 6)]
    assert kept(src, "markdown") == [("absolute/painless", 6), ("absolute/permanent", 7)]


def test_next_line_covers_only_findings_starting_on_that_line():
    src = ("<!-- claimcheck-disable-next-line absolute -->\n"
           "Permanent\nand painless.\n")
    assert kept(src, "markdown") == [("absolute/painless", 3)]


def test_disable_line_covers_its_own_line_only():
    src = ("Permanent. <!-- claimcheck-disable-line absolute/permanent -->\n"
           "Permanent.\n")
    assert kept(src, "markdown") == [("absolute/permanent", 2)]


def test_disable_line_before_the_claim_on_the_same_line():
    src = "<p><!-- claimcheck-disable-line absolute --> Permanent and painless.</p>\n"
    assert kept(src, "html") == []


def test_disable_file_anywhere():
    src = "Permanent and the best.\n\nPainless.\n\n<!-- claimcheck-disable-file absolute -->\n"
    assert kept(src, "markdown") == [("superlative/best", 1)]


def test_multiline_comment_region_starts_after_it_and_next_line_after_its_end():
    src = ("Permanent. <!-- claimcheck-disable\n"
           "   absolute -- reason on\n"
           "   another line --> Permanent.\n"
           "Permanent.\n"
           "<!-- claimcheck-enable -->\n"
           "<!-- claimcheck-disable-next-line\n"
           "     absolute/painless -->\n"
           "Painless.\n")
    assert kept(src, "html") == [("absolute/permanent", 1)]
    sup = parse_suppressions(src, "html")
    d = sup.directives[0]
    assert (d.line, d.column, d.end_line, d.end_column) == (1, 12, 3, 20)
    assert sup.directives[2].lines == (8, 8)


def test_multiline_disable_line_covers_every_line_it_spans():
    src = "<p>Permanent <!-- claimcheck-disable-line\n absolute --> painless</p>\n<p>Painless</p>\n"
    assert kept(src, "html") == [("absolute/painless", 3)]


def test_document_scope_findings():
    body = "Visible results.\n"
    doc = finding(body, "", "disclaimer/results-vary", scope="document")
    # only -file and a region still open at the end cover a document finding
    for src, covered in [
        ("<!-- claimcheck-disable-file disclaimer -->\n" + body, True),
        (body + "<!-- claimcheck-disable-file disclaimer/results-vary -->\n", True),
        ("<!-- claimcheck-disable disclaimer -->\n" + body, True),
        (body + "<!-- claimcheck-disable -->\n", True),
        ("<!-- claimcheck-disable disclaimer -->\n" + body + "<!-- claimcheck-enable -->\n", False),
        ("<!-- claimcheck-disable disclaimer -->\n<!-- claimcheck-enable absolute -->\n" + body, True),
        ("<!-- claimcheck-disable-line disclaimer -->\n" + body, False),
        ("<!-- claimcheck-disable-next-line disclaimer -->\n" + body, False),
        ("<!-- claimcheck-disable-file absolute -->\n" + body, False),
    ]:
        assert parse_suppressions(src, "markdown").is_suppressed(doc) is covered, src


def test_document_scope_finding_from_a_real_linter():
    src = ("# Results\n\nVisible results.\n\n"
           "<!-- claimcheck-disable-file disclaimer -- on the booking page -->\n")
    findings = LINTER.check_text("p.md", src, "markdown")
    assert [(f.rule, f.scope) for f in findings] == [("disclaimer/results-vary", "document")]
    left, sup = lint(src, "markdown")
    assert left == [] and sup.unused() == []


def test_plain_text_directive_lines_are_not_prose():
    # The text reader skips directive lines, so words in them are never claims and a
    # directive line does not split or join the paragraph around it.
    src = ("# claimcheck-disable-next-line absolute/permanent -- permanent result approved\n"
           "Permanent.\n"
           "Permanent.\n")
    all_findings = LINTER.check_text("p.txt", src, "text")
    assert [f.line for f in all_findings if f.rule == "absolute/permanent"] == [2, 3]
    left, sup = lint(src, "text")
    assert [(f.rule, f.line) for f in left] == [("absolute/permanent", 3)]


# --------------------------------------------------------------------------- unused


def test_unused_tracks_directives_and_selectors():
    src = ("<!-- claimcheck-disable-next-line absolute/permanent, superlative/best -- r -->\n"  # 1 partly
           "Permanent.\n"
           "Permanent. <!-- claimcheck-disable-line medical -->\n"                              # 3 unused
           "<!-- claimcheck-disable-next-line -->\n"                                            # 4 used
           "Painless.\n"
           "<!-- claimcheck-disable-file statistic -->\n"                                       # 6 unused
           "<!-- claimcheck-disable superlative -->\n"                                          # 7 unused
           "<!-- claimcheck-enable -->\n")                                                      # never
    left, sup = lint(src, "markdown")
    assert [(f.rule, f.line) for f in left] == [("absolute/permanent", 3)]
    unused = sup.unused()
    assert [(u.directive.line, [s.text for s in u.selectors], u.whole) for u in unused] == [
        (1, ["superlative/best"], False),
        (3, ["medical"], True),
        (6, ["statistic"], True),
        (7, ["superlative"], True),
    ]
    assert (unused[0].line, unused[0].column) == (1, 55)  # the unused selector itself
    assert (unused[1].line, unused[1].column) == (3, 12)  # the whole directive
    assert "superlative/best" in unused[0].message and "unused selector" in unused[0].message


def test_unused_directive_without_selectors():
    src = "<!-- claimcheck-disable-next-line -->\nNothing to see.\n"
    left, sup = lint(src, "markdown")
    (u,) = sup.unused()
    assert u.whole and u.selectors == () and "all rules" in u.message


def test_overlapping_suppressions_are_all_used():
    src = ("<!-- claimcheck-disable-file absolute -->\n"
           "<!-- claimcheck-disable absolute, absolute/permanent -->\n"
           "<!-- claimcheck-disable-next-line absolute/permanent -->\n"
           "Permanent.\n")
    _, sup = lint(src, "markdown")
    assert sup.unused() == []


def test_unused_limited_to_the_rules_that_ran():
    src = "<!-- claimcheck-disable-file superlative/best, absolute/painless, made/up -->\nPlain.\n"
    _, sup = lint(src, "markdown")
    assert [s.text for s in sup.unused()[0].selectors] == ["superlative/best", "absolute/painless", "made/up"]
    ran = [r for r in RULES if r.category == "absolute"]
    (u,) = sup.unused(ran)
    assert [s.text for s in u.selectors] == ["absolute/painless"] and not u.whole
    assert sup.unused([]) == []


def test_unused_findings_helper():
    src = ("Intro.\n"
           "<!-- claimcheck-disable-next-line absolute/permanent, superlative/best -- r -->\n"
           "Permanent.\n"
           "<!-- claimcheck-disable-file medical -->\n")
    _, sup = lint(src, "markdown")
    out = sup.unused_findings("page.md", category="regulatory", severity="info")
    assert [(f.rule, f.line, f.column, f.end_line, f.end_column, f.match) for f in out] == [
        (UNUSED_RULE, 2, 55, 2, 71, "superlative/best"),
        (UNUSED_RULE, 4, 1, 4, 41, "<!-- claimcheck-disable-file medical -->"),
    ]
    assert all(f.path == "page.md" and f.severity == "info" and f.category == "regulatory"
               and f.scope == "span" and src[f.start:f.end] == f.match for f in out)
    assert out[0].suggestions == [{"advice": "Remove 'superlative/best' from the "
                                             "claimcheck-disable-next-line directive."}]
    assert out[0].to_json()["rule"] == "suppression/unused"
    assert sup.unused_findings("page.md", rule="x/unused")[0].rule == "x/unused"


# --------------------------------------------------------------------------- quoted syntax


def test_code_fences_indented_code_code_spans_and_escapes_are_not_directives():
    src = ("# Writing suppressions\n\n"
           "```markdown\n<!-- claimcheck-disable-file -->\n<!-- claimcheck-disabel x -->\n```\n\n"
           "~~~~\n<!-- claimcheck-disable-file -->\n~~~~\n\n"
           "Paragraph.\n\n    <!-- claimcheck-disable-file -->\n\n"
           "Write `<!-- claimcheck-disable-next-line absolute -->` above the claim, or\n"
           "``<!-- claimcheck-disable-file ` -->`` and \\<!-- claimcheck-disable-file -->.\n\n"
           "- item\n\n      <!-- claimcheck-disable-file -->\n\n"
           "> ```\n> <!-- claimcheck-disable-file -->\n> ```\n\n"
           "Permanent.\n")
    assert directives(src, "markdown") == [] and problems(src, "markdown") == []
    assert kept(src, "markdown") == [("absolute/permanent", 27)]


def test_real_comments_next_to_code_are_directives():
    src = ("```\ncode\n```\n\n"
           "Use `code` here. <!-- claimcheck-disable-line absolute --> Permanent.\n\n"
           "> <!-- claimcheck-disable-next-line superlative -->\n> The best.\n\n"
           "- <!-- claimcheck-disable-next-line absolute/painless -->\n  Painless.\n\n"
           "| a | b |\n|---|---|\n| `x` | permanent <!-- claimcheck-disable-line all --> |\n\n"
           "    indented code\n\n"
           "<div>\n<!-- claimcheck-disable-file medical -->\n</div>\n")
    assert directives(src, "markdown") == [
        ("disable-line", ("absolute",), None, 5),
        ("disable-next-line", ("superlative",), None, 7),
        ("disable-next-line", ("absolute/painless",), None, 10),
        ("disable-line", ("all",), None, 15),
        ("disable-file", ("medical",), None, 20),
    ]
    assert kept(src, "markdown") == []


def test_a_code_fence_left_open_runs_to_the_end():
    src = "Intro.\n\n```\n<!-- claimcheck-disable-file -->\n"
    assert directives(src, "markdown") == []


def test_html_script_and_style_hold_no_comments():
    src = ("<script>var s = '<!-- claimcheck-disable-file -->';</script>\n"
           "<STYLE type='text/css'>/* <!-- claimcheck-disable-file --> */</STYLE>\n"
           "<textarea><!-- claimcheck-disable-file --></textarea>\n"
           "<pre><!-- claimcheck-disable-file absolute --></pre>\n")
    assert directives(src, "html") == [("disable-file", ("absolute",), None, 4)]


def test_html_comment_closed_by_bang():
    assert directives("<p>Permanent</p><!-- claimcheck-disable-line absolute --!>\n", "html") == [
        ("disable-line", ("absolute",), None, 1)]


# --------------------------------------------------------------------------- problems


def test_typos_are_problems_with_positions():
    src = ("Intro.\n"
           "  <!-- claimcheck-disabel absolute -->\n"
           "<!-- claimcheck-disable-nextline absolute -->\n"
           "<!-- claimcheck-frobnicate -->\n"
           "<!-- claimcheck disable absolute -->\n"
           "<!-- claimcheck_enable -->\n")
    assert problems(src, "markdown") == [
        (2, 8, "unknown directive 'claimcheck-disabel' (did you mean 'claimcheck-disable'?)"),
        (3, 6, "unknown directive 'claimcheck-disable-nextline' (did you mean "
               "'claimcheck-disable-next-line'?)"),
        (4, 6, "unknown directive 'claimcheck-frobnicate' (known: claimcheck-disable, claimcheck-enable, "
               "claimcheck-disable-next-line, claimcheck-disable-line, claimcheck-disable-file)"),
        (5, 1, "malformed directive: write 'claimcheck-disable…' with a hyphen"),
        (6, 1, "malformed directive: write 'claimcheck-disable…' with a hyphen"),
    ]
    assert directives(src, "markdown") == []


def test_typos_in_text_files():
    src = "Intro.\n# claimcheck-disabel absolute\n  // claimcheck-enabel\nclaimcheck-disable-nxt-line x\n"
    assert [(line, col) for line, col, _ in problems(src, "text")] == [(2, 3), (3, 6), (4, 1)]


def test_problem_format():
    (p,) = parse_suppressions("\n<!-- claimcheck-disabel -->", "html").problems
    assert p.format("site/a.html") == ("site/a.html:2:6: unknown directive 'claimcheck-disabel' "
                                       "(did you mean 'claimcheck-disable'?)")
    assert p.text == "claimcheck-disabel"


def test_directives_that_can_never_apply_are_problems():
    src = ("<!-- claimcheck-enable absolute -->\n"
           "<!-- claimcheck-disable-line absolute -->\n"
           "Permanent.\n"
           "<!-- claimcheck-disable superlative -->\n"
           "<!-- claimcheck-enable -->\n"
           "<!-- claimcheck-disable-next-line absolute -->\n\n")
    assert [(line, msg.split(" ")[0]) for line, _, msg in problems(src, "markdown")] == [
        (1, "claimcheck-enable"), (2, "claimcheck-disable-line"), (6, "claimcheck-disable-next-line")]


def test_unterminated_directive_comment():
    assert problems("Text.\n<!-- claimcheck-disable absolute\nPermanent.\n", "html") == [
        (2, 1, "unterminated directive comment: add '-->'")]
    assert directives("Text.\n<!-- claimcheck-disable absolute\n", "markdown") == []


def test_unknown_selectors_are_reported_with_a_suggestion():
    src = "<!-- claimcheck-disable absolute/permanant, superlative, absolute/, all, nonsense -->\n"
    sup = parse_suppressions(src, "markdown")
    out = sup.unknown_selectors(RULES)
    assert [(p.line, p.column, p.message) for p in out] == [
        (1, 25, "unknown rule or category 'absolute/permanant' in claimcheck-disable "
                "(did you mean 'absolute/permanent'?)"),
        (1, 74, "unknown rule or category 'nonsense' in claimcheck-disable"),
    ]


# --------------------------------------------------------------------------- positions


def test_crlf_line_numbers_and_coverage():
    src = ("Intro.\n"
           "<!-- claimcheck-disable-next-line absolute/permanent -->\n"
           "\n"
           "Permanent.\n"
           "<!-- claimcheck-disable\n  superlative -->\n"
           "The best. <!-- claimcheck-disable-line absolute/painless -->  painless\n"
           "<!-- claimcheck-enable -->\n"
           "The best, permanent.\n")
    lf = parse_suppressions(src, "markdown")
    crlf_src = src.replace("\n", "\r\n")
    crlf = parse_suppressions(crlf_src, "markdown")

    def where(s):
        return [(d.line, d.column, d.end_line, d.end_column, d.lines) for d in s.directives]

    assert where(crlf) == where(lf)
    assert where(lf)[0] == (2, 1, 2, 57, (4, 4))
    for fmt in ("markdown", "html", "text"):
        assert kept(crlf_src, fmt) == kept(src, fmt) == [("absolute/permanent", 9), ("superlative/best", 9)]


def test_crlf_in_plain_text_line_directives():
    src = "A.\r\n# claimcheck-disable-next-line absolute -- reason  \r\n\r\nPermanent.\r\n"
    (d,) = parse_suppressions(src, "text").directives
    assert d.reason == "reason" and d.text == "# claimcheck-disable-next-line absolute -- reason"
    assert d.lines == (4, 4) and (d.end_line, d.end_column) == (2, 50)
    assert kept(src, "text") == []


def test_bom_stripped_text_agrees_with_findings():
    data = "<!-- claimcheck-disable-line superlative --> Permanent, the best.\n".encode("utf-8-sig")
    text = decode(data, "p.md").text
    findings = LINTER.check_text("p.html", text, "html")
    sup = parse_suppressions(text, "html")
    assert (sup.directives[0].line, sup.directives[0].column) == (1, 1)
    left = sup.filter(findings)
    assert [(f.rule, f.line, f.column) for f in left] == [("absolute/permanent", 1, 46)]


def test_non_ascii_columns_count_characters():
    src = "Ré­sultats «permanent» – 👍 <!-- claimcheck-disable-line absolute -->\n"
    (d,) = parse_suppressions(src, "html").directives
    assert d.column == src.index("<!--") + 1


def test_hand_built_findings():
    src = ("Permanent.\n"
           "<!-- claimcheck-disable absolute -->\n"
           "Permanent.\n")
    sup = parse_suppressions(src, "markdown")
    assert not sup.is_suppressed(finding(src, "Permanent", "absolute/permanent"))
    assert sup.is_suppressed(finding(src, "Permanent", "absolute/permanent", nth=1))
    assert not sup.is_suppressed(finding(src, "Permanent", "superlative/best", "superlative", nth=1))


# --------------------------------------------------------------------------- fixture pages


@pytest.mark.parametrize("name, fmt", [("page.md", "markdown"), ("page.html", "html"), ("page.txt", "text")])
def test_fixture_pages(name, fmt):
    src = (FIXTURES / name).read_text(encoding="utf-8")
    left, sup = lint(src, fmt)
    lines = src.split("\n")
    got = [(f.rule, lines[f.line - 1].strip()) for f in left if f.scope == "span"]
    assert [r for r, _ in got] == ["absolute/painless", "absolute/permanent"]
    assert "the session is painless" in got[0][1]
    assert got[1][1].startswith(("Permanent results", "<p>Permanent results"))
    assert sup.problems == []
    (u,) = sup.unused(RULES)
    assert u.whole and [s.text for s in u.selectors] == ["superlative/best", "absolute/painless"]
    assert lines[u.line - 1].strip().startswith(("Permanent results", "<p>Permanent results"))
    reasons = [d.reason for d in sup.directives if d.reason]
    assert reasons[0] == "comparison approved by legal (LEG-12)"


# --------------------------------------------------------------------------- Markdown shortcut

MARKDOWN_SAMPLES = [
    "Permanent. <!-- claimcheck-disable-line absolute -->\n",
    "<!-- claimcheck-disable absolute -->\nPermanent.\n\n```\ncode\n```\n",
    "Use `x`.\n\n<!-- claimcheck-disable-file -->\n",
    "Use `x` <!-- claimcheck-disable-file --> and `y`.\n",
    "Use `<!-- claimcheck-disable-file -->`.\n",
    "```\n<!-- claimcheck-disable-file -->\n```\n<!-- claimcheck-disable absolute -->\n",
    "Para.\n\n    <!-- claimcheck-disable-file -->\n",
    "> <!-- claimcheck-disable-file -->\n",
    "- a\n\n      <!-- claimcheck-disable-file -->\n",
    "1. a\n   <!-- claimcheck-disable-file -->\n",
    "\\<!-- claimcheck-disable-file -->\n",
    "Line one\r<!-- claimcheck-disable-next-line -->\rPermanent.\r",
    "---\ntitle: x\n---\n<!-- claimcheck-disable-file superlative -->\n",
]


@pytest.mark.parametrize("src", MARKDOWN_SAMPLES)
def test_markdown_shortcut_agrees_with_the_full_parse(src, monkeypatch):
    from claimcheck import suppressions

    def summary():
        sup = parse_suppressions(src, "markdown")
        return ([(d.kind, d.text, d.line, d.column, d.lines) for d in sup.directives],
                [str(p) for p in sup.problems])

    quick = summary()
    monkeypatch.setattr(suppressions._Parser, "_may_be_code", lambda self, c: True)
    assert summary() == quick


def test_markdown_is_parsed_only_when_code_could_hide_a_directive(monkeypatch):
    from claimcheck import suppressions

    calls = []
    real = suppressions._Parser._markdown_comments
    monkeypatch.setattr(suppressions._Parser, "_markdown_comments",
                        lambda self: calls.append(1) or real(self))
    parse_suppressions("<!-- claimcheck-disable -->\nText.\n\n```\ncode\n```\nUse `x`.\n", "markdown")
    assert calls == []
    parse_suppressions("```\ncode\n```\n<!-- claimcheck-disable -->\n", "markdown")
    parse_suppressions("Use `x` <!-- claimcheck-disable -->\n", "markdown")
    parse_suppressions("    <!-- claimcheck-disable -->\n", "markdown")
    assert len(calls) == 3


def test_text_keyword_in_any_case_and_length_changing_lowercase():
    src = ("İstanbul clinic. <!-- claimcheck-disable-line superlative -->\n"
           "# ClaimCheck-Disable-File absolute\n")
    assert len(src.lower()) != len(src)
    sup = parse_suppressions(src, "text")
    assert [(d.kind, d.line, d.column) for d in sup.directives] == [
        ("disable-line", 1, 18), ("disable-file", 2, 1)]


def test_text_multiline_html_comment():
    src = "Intro.\n<!-- claimcheck-disable-next-line\n  absolute -- reason -->\n\nPermanent.\nPermanent.\n"
    assert directives(src, "text") == [("disable-next-line", ("absolute",), "reason", 2)]
    assert kept(src, "text") == [("absolute/permanent", 6)]


def test_the_user_guide_quotes_the_syntax_without_using_it():
    guide = (Path(__file__).resolve().parent.parent / "docs" / "suppressions.md").read_text(encoding="utf-8")
    sup = parse_suppressions(guide, "markdown")
    assert sup.directives == [] and sup.problems == []
