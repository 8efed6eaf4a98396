"""The Markdown reader: blocks, skipped content, links and exact source offsets."""

from __future__ import annotations

import html

import pytest
from reader_checks import check_crlf, check_linear, check_maps, find_block, load, position, span, texts

from claimcheck.document import HEADING, LIST_ITEM, PARAGRAPH, QUOTE, TABLE_CELL
from claimcheck.readers import read_document
from claimcheck.readers.markdown import read


def doc_of(name: str):
    return read(name, load(name))


# --------------------------------------------------------------------------- helpers

def _explained(seg: str, raw: str) -> bool:
    """A piece that is not its source slice: a space, an entity, an escape or a NUL."""
    return bool(raw) and (seg == " " or html.unescape(raw) == seg or (raw[0] == "\\" and raw[1:] == seg)
                          or raw.replace("\0", "\ufffd") == seg)


def assert_exact(doc) -> None:
    """Every block's map is well formed, every verbatim word maps back, no edge whitespace."""
    check_maps(doc, _explained)
    for block in doc.blocks:
        assert block.text == block.text.strip(), (block.kind, block.text)


# --------------------------------------------------------------------------- fixtures

@pytest.mark.parametrize("name", ["hifu.md", "hifu_crlf.md", "typography.md"])
def test_every_block_maps_exactly(name):
    doc = doc_of(name)
    assert doc.format == "markdown"
    assert doc.blocks
    assert_exact(doc)


def test_registry_picks_markdown():
    doc = read_document("page.md", "# Hi\n\nText.\n")
    assert doc.format == "markdown"
    assert [b.text for b in doc.blocks] == ["Hi", "Text."]


def test_headings_and_paths():
    doc = doc_of("hifu.md")
    headings = [(b.text, b.level, b.heading_path) for b in doc.blocks if b.kind == HEADING]
    assert headings == [
        ("HIFU Facial Lift", 1, ()),
        ("Treatments", 2, ("HIFU Facial Lift",)),
        ("Prices", 2, ("HIFU Facial Lift",)),
        ("Reviews", 2, ("HIFU Facial Lift",)),
    ]
    assert find_block(doc, "£450").heading_path == ("HIFU Facial Lift", "Prices")
    assert find_block(doc, "ten years").heading_path == ("HIFU Facial Lift", "Reviews")


def test_title_is_first_h1_then_front_matter():
    assert doc_of("hifu.md").title == "HIFU Facial Lift"
    doc = read("x.md", '---\ntitle: "Glow: HIFU"\nlayout: page\n---\nJust text.\n')
    assert doc.title == "Glow: HIFU"
    assert texts(doc) == ["Just text."]
    assert read("x.md", "---\ntitle: 'It''s HIFU' # seo\n---\n").title == "It's HIFU"
    assert read("x.md", "## Only a subheading\n").title is None


def test_paragraph_text_inline_markup_and_softbreak():
    doc = doc_of("hifu.md")
    para = find_block(doc, "focused ultrasound")
    assert para.kind == PARAGRAPH
    assert para.text == ("HIFU uses focused ultrasound to lift & tighten the skin. "
                         "Most clients see results within three months.[^1]")


def test_skipped_content_is_absent():
    doc = doc_of("hifu.md")
    everything = "\n".join(texts(doc))
    for gone in ("permanent", "Permanent", "TODO", "glow.example/book", "Book now",
                 "img/hifu.jpg", "Jawline", "nice.org.uk/guidance", "description", "n/a"):
        assert gone not in everything, gone


def test_inline_code_becomes_one_space():
    doc = doc_of("hifu.md")
    block = find_block(doc, "Run to see nothing.")
    i = block.text.index("Run") + 3
    assert block.text[i] == " "
    # the space stands for the code span (or the space before it), never for "to"
    assert doc.source[block.src_start(i + 1):block.src_end(i + 3)] == "to"
    doc = read("x.md", "Use `a` `b` now and `c`\n")
    assert texts(doc) == ["Use now and"]
    assert_exact(doc)


def test_code_span_at_the_start_of_a_block():
    doc = read("x.md", "`permanent` results\n")
    assert texts(doc) == ["results"]
    assert_exact(doc)


def test_image_alt_text_is_prose():
    doc = doc_of("hifu.md")
    block = find_block(doc, "Before and after HIFU on the jawline")
    assert block.text == "Before and after HIFU on the jawline"
    assert position(doc, "jawline") == (16, 32)


def test_links_recorded():
    doc = doc_of("hifu.md")
    block = find_block(doc, "our team")
    links = {block.text[a:b]: url for a, b, url in block.links}
    assert links == {"our team": "https://glow.example/book",
                     "NICE guidance": "https://www.nice.org.uk/guidance/ipg373"}
    assert block.text == "Book a consultation with our team or read the NICE guidance. Run to see nothing."


def test_autolinks_are_kept_but_masked():
    doc = doc_of("hifu.md")
    block = find_block(doc, "Contact us")
    masked = [block.text[a:b] for a, b in block.masked]
    assert masked == ["info@glow.example", "https://glow.example/contact"]
    assert ("https://glow.example/contact" in
            [block.text[a:b] for a, b, _ in block.links])
    assert span(doc, "https://glow.example/contact") == "https://glow.example/contact"


def test_bare_urls_are_masked():
    doc = read("x.md", "See www.glow.example/hifu. Or mail info@glow.example.\n")
    block = doc.blocks[0]
    assert [block.text[a:b] for a, b in block.masked] == ["www.glow.example/hifu", "info@glow.example"]


def test_nested_list_levels_and_leads():
    doc = doc_of("hifu.md")
    items = [(b.text, b.level, b.lead) for b in doc.blocks if b.kind == LIST_ITEM]
    assert items == [
        ("Radiofrequency (RF) Therapy", 1, None),
        ("It requires no downtime.", 2, "Radiofrequency (RF) Therapy"),
        ("Sessions take 45\u00a0minutes.", 2, "Radiofrequency (RF) Therapy"),
        ("HIFU", 1, None),
        ("Targets the SMAS layer.", 2, "HIFU"),
    ]
    assert position(doc, "downtime") == (31, 21)
    assert position(doc, "Targets") == (34, 7)


def test_loose_list_and_continuation_paragraphs():
    src = "- First item\n  wraps here.\n\n  Second paragraph.\n\n- Next\n"
    doc = read("x.md", src)
    assert [(b.kind, b.text, b.level) for b in doc.blocks] == [
        (LIST_ITEM, "First item wraps here.", 1),
        (LIST_ITEM, "Second paragraph.", 1),
        (LIST_ITEM, "Next", 1),
    ]
    assert_exact(doc)


def test_table_cells():
    doc = doc_of("hifu.md")
    cells = texts(doc, TABLE_CELL)
    assert cells == ["Treatment", "Price", "Notes", "Full face", "£450", "Includes aftercare",
                     "Neck | jaw", "£250"]
    assert position(doc, "£250") == (41, 17)
    assert span(doc, "Neck | jaw") == "Neck \\| jaw"
    assert position(doc, "jaw", TABLE_CELL) == (41, 11)


def test_blockquote_testimonial():
    doc = doc_of("hifu.md")
    quotes = [b for b in doc.blocks if b.kind == QUOTE]
    assert [q.text for q in quotes] == ['"I looked ten years younger!" – a happy client, 2024']
    assert position(doc, "younger") == (45, 23)
    assert position(doc, "a happy client") == (46, 5)  # after the "> " prefix


def test_nested_blockquote_and_list_in_quote():
    src = "> Outer\n> > Inner line\n> > continues\n>\n> - quoted item\n"
    doc = read("x.md", src)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (QUOTE, "Outer"), (QUOTE, "Inner line continues"), (LIST_ITEM, "quoted item")]
    assert_exact(doc)


def test_entity_maps_to_its_source_range():
    doc = doc_of("hifu.md")
    block = find_block(doc, "lift & tighten")
    i = block.text.index("&")
    assert doc.source[block.src_start(i):block.src_end(i + 1)] == "&amp;"
    assert doc.line_col(block.src_start(i)) == (8, 40)
    assert position(doc, "tighten") == (8, 46)
    assert span(doc, "lift & tighten") == "lift &amp; tighten"
    nbsp = find_block(doc, "45\u00a0minutes")
    assert span(doc, "45\u00a0minutes") == "45&nbsp;minutes"
    assert nbsp.text.count("\u00a0") == 1


def test_escape_and_hard_break():
    doc = doc_of("hifu.md")
    block = find_block(doc, "hard break * escaped")
    i = block.text.index("*")
    assert doc.source[block.src_start(i):block.src_end(i + 1)] == "\\*"
    assert doc.line_col(block.src_start(i)) == (50, 31)
    assert "two spaces line two" in block.text
    j = block.text.index("spaces") + len("spaces")
    assert doc.source[block.src_start(j):block.src_end(j + 1)] == "  \n"  # one unit
    assert doc.line_col(block.src_start(j + 1)) == (50, 1)


def test_crlf_positions_match_lf():
    lf, crlf = doc_of("hifu.md"), doc_of("hifu_crlf.md")
    check_crlf(lf, crlf)
    assert position(crlf, "downtime") == (31, 21)
    block = find_block(crlf, "Most clients")
    i = block.text.index("Most") - 1  # the softbreak space stands for "\r\n"
    assert crlf.source[block.src_start(i):block.src_end(i + 1)] == "\r\n"


def test_lone_cr_and_nul_do_not_break_mapping():
    doc = read("x.md", "# Title\r\rFirst\x00 line.\r\n")
    assert texts(doc)[0] == "Title"
    assert_exact(doc)


def test_typography_nbsp_and_curly_quotes():
    doc = doc_of("typography.md")
    assert doc.title == "It’s “painless”"
    para = find_block(doc, "clinic’s")
    assert para.text == ("Our clinic’s “no\u00a0downtime” facial takes 30\u00a0minutes — "
                         "and you’ll look refreshed.")
    assert position(doc, "minutes") == (3, 44)
    assert position(doc, "downtime") == (3, 18)
    items = texts(doc, LIST_ITEM)
    assert items == ["Results in 2\u00a0weeks’ time", "“Clinically proven” serum"]


def test_html_in_markdown_is_skipped():
    src = ("Before <span class=\"x\">inline</span> after.<br>Next <!-- permanent --> end.\n\n"
           "<div>\npermanent block\n</div>\n\nTail.\n")
    doc = read("x.md", src)
    assert texts(doc) == ["Before inline after. Next end.", "Tail."]
    assert_exact(doc)


def test_multiline_inline_comment_with_crlf():
    src = "Start <!-- one\r\ntwo --> finish.\r\n"
    doc = read("x.md", src)
    assert texts(doc) == ["Start finish."]
    assert_exact(doc)


def test_link_title_that_repeats_following_text():
    src = '[HIFU](/hifu "lifts skin") lifts skin and [ref] and [again][ref].\n\n[ref]: /r "T"\n'
    doc = read("x.md", src)
    block = doc.blocks[0]
    assert block.text == "HIFU lifts skin and ref and again."
    assert position(doc, "lifts") == (1, 28)
    assert [(block.text[a:b], u) for a, b, u in block.links] == [
        ("HIFU", "/hifu"), ("ref", "/r"), ("again", "/r")]
    assert_exact(doc)


def test_link_with_nested_markup_and_angle_destination():
    src = "Go [**book** *now*](<a b.html> 'x') today ![alt](<c d.png>) done\n"
    doc = read("x.md", src)
    block = doc.blocks[0]
    assert block.text == "Go book now today alt done"
    assert [(block.text[a:b], u) for a, b, u in block.links] == [("book now", "a%20b.html")]
    assert_exact(doc)


def test_setext_headings():
    doc = read("x.md", "Main\n====\n\nSub\n---\n\nText here.\n")
    assert [(b.kind, b.text, b.level, b.heading_path) for b in doc.blocks] == [
        (HEADING, "Main", 1, ()), (HEADING, "Sub", 2, ("Main",)),
        (PARAGRAPH, "Text here.", 0, ("Main", "Sub"))]
    assert doc.title == "Main"


def test_unclosed_front_matter_is_not_front_matter():
    doc = read("x.md", "---\nNot front matter.\n")
    assert texts(doc) == ["Not front matter."]


def test_empty_and_whitespace_documents():
    assert read("x.md", "").blocks == []
    assert read("x.md", "\n\n   \n").blocks == []
    assert read("x.md", "```\npermanent\n").blocks == []  # unclosed fence runs to the end


def test_large_document_reads_in_linear_time():
    para = ("Our HIFU treatment lifts &amp; tightens the skin with focused ultrasound,\n"
            "stimulating **collagen** over the following weeks. [More](https://x.example).\n\n")
    check_linear(read, lambda n: "# T\n\n" + para * n, 1000)
    doc = read("x.md", "# T\n\n" + para * 3000)
    assert len(doc.blocks) == 3001
    last = doc.blocks[-1]
    assert doc.line_col(last.src_start(0)) == (3 + 3 * 2999, 1)


def test_one_huge_paragraph_is_linear():
    line = "HIFU lifts &amp; tightens the skin\n"
    check_linear(read, lambda n: line * n, 5000)  # one paragraph with many pieces
    doc = read("x.md", line * 20000)
    block = doc.blocks[0]
    i = block.text.rindex("tightens")
    assert doc.line_col(block.src_start(i)) == (20000, 18)
