"""The HTML reader: visible text only, blocks, links, entities and exact source offsets."""

from __future__ import annotations

import html

import pytest
from reader_checks import check_crlf, check_linear, check_maps, find_block, load, position, span, texts

from claimcheck.document import CAPTION, HEADING, LIST_ITEM, NAVIGATION, PARAGRAPH, QUOTE, TABLE_CELL, TITLE
from claimcheck.readers import read_document
from claimcheck.readers.html import read

HTML_SPACE = " \t\n\r\f"
SPACE_TAGS = ("<br", "</br", "<code", "<kbd", "<samp")  # elements that stand as one space


def doc_of(name: str):
    return read(name, load(name))


# --------------------------------------------------------------------------- helpers

def _explained(seg: str, raw: str) -> bool:
    """A piece that is not its source slice: a whitespace run, <br> or a character reference."""
    space = seg == " " and (not raw.strip(HTML_SPACE) or html.unescape(raw).isspace()
                            or raw.lower().startswith(SPACE_TAGS))
    return (space or html.unescape(raw) == seg
            or html.unescape(raw if raw.endswith(";") else raw + ";") == seg)


def assert_exact(doc) -> None:
    """Every block's map is well formed and every verbatim word maps back exactly."""
    check_maps(doc, _explained, empty_source=False)
    for block in doc.blocks:
        assert block.text == block.text.strip(HTML_SPACE), (block.kind, block.text)
        assert "  " not in block.text, block.text  # whitespace runs collapse
    starts = [b.start for b in doc.blocks]
    assert starts == sorted(starts)  # blocks come in source order


# --------------------------------------------------------------------------- fixtures

@pytest.mark.parametrize("name", ["clinic.html", "clinic_crlf.html", "malformed.html"])
def test_every_block_maps_exactly(name):
    doc = doc_of(name)
    assert doc.format == "html"
    assert doc.blocks
    assert_exact(doc)


def test_registry_picks_html():
    for path in ("page.html", "page.htm", "PAGE.HTML"):
        doc = read_document(path, "<p>Hello</p>")
        assert doc.format == "html" and texts(doc) == ["Hello"]


def test_invisible_content_never_appears():
    doc = doc_of("clinic.html")
    everything = "\n".join(texts(doc)).lower()
    for gone in ("permanent", "var claim", "content:", "enable javascript",
                 "utf-8", "jaw.jpg", "#fn2"):
        assert gone not in everything, gone


def test_title_and_meta_description_are_title_blocks():
    # Both are public copy (browser tab, search snippet), so they are linted.
    src = ('<html><head><meta charset="utf-8"><title>Painless HIFU &amp; More</title>\n'
           '<meta name="Description" content="Permanent results &mdash; book now">\n'
           '<meta name="viewport" content="width=device-width"></head><body><p>Hi</p></body></html>')
    doc = read("x.html", src)
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds == [(TITLE, "Painless HIFU & More"), (TITLE, "Permanent results \u2014 book now"),
                     ("paragraph", "Hi")]
    assert_exact(doc)
    # an SVG <title> is a tooltip, neither the page title nor a block
    assert [b.kind for b in read("x.html", "<svg><title>Icon</title></svg><p>x</p>").blocks] == ["paragraph"]


def test_title_prefers_h1_then_title_element():
    assert doc_of("clinic.html").title == "Microneedling & HIFU"
    doc = read("x.html", "<html><head><title>  Glow &amp;\n Co  </title></head>"
                         "<body><h2>Sub</h2></body></html>")
    assert doc.title == "Glow & Co"
    assert read("x.html", "<p>No title</p>").title is None
    # an SVG <title> is a tooltip, not the page title
    assert read("x.html", "<svg><title>Icon</title></svg><p>x</p>").title is None


def test_headings_paths_and_kinds():
    doc = doc_of("clinic.html")
    assert [(b.text, b.level, b.heading_path) for b in doc.blocks if b.kind == HEADING] == [
        ("Microneedling & HIFU", 1, ()),
        ("Treatments", 2, ("Microneedling & HIFU",)),
        ("Prices", 3, ("Microneedling & HIFU", "Treatments")),
    ]
    assert find_block(doc, "£450").heading_path == ("Microneedling & HIFU", "Treatments", "Prices")
    assert texts(doc, TABLE_CELL) == ["Treatment", "Price", "Full face", "£450"]
    assert texts(doc, QUOTE) == ["“I looked ten years younger!”"]
    assert texts(doc, CAPTION) == ["Prices from January 2025",
                                   "Jawline & neck, 6 weeks after HIFU", "Results may vary."]
    assert find_block(doc, "Home").kind == NAVIGATION


def test_paragraph_with_sup_br_entities_and_links():
    doc = doc_of("clinic.html")
    para = find_block(doc, "Microneedling stimulates")
    assert para.kind == PARAGRAPH
    assert para.text == ("Microneedling stimulates collagen1 and elastin2 production. It’s "
                         "suitable for most skin types — book a consultation.")
    links = [(para.text[a:b], url) for a, b, url in para.links]
    assert links == [("2", "#fn2"), ("book a consultation", "https://glow.example/consult")]
    assert position(doc, "collagen1") == (16, 29)
    assert position(doc, "elastin") == (17, 4)
    assert position(doc, "book") == (18, 67)
    # "1" is the footnote digit inside <sup>, right after the word
    i = para.text.index("collagen1") + len("collagen")
    assert doc.source[para.src_start(i):para.src_end(i + 1)] == "1"


def test_br_is_one_space_mapped_to_the_tag():
    doc = doc_of("clinic.html")
    para = find_block(doc, "production. It")
    i = para.text.index("production.") + len("production.")
    assert para.text[i] == " "
    assert doc.source[para.src_start(i):para.src_end(i + 1)] == "<br>"
    assert doc.line_col(para.src_start(i)) == (17, 54)


def test_entities_map_to_their_source_range():
    doc = doc_of("clinic.html")
    para = find_block(doc, "It’s")
    i = para.text.index("’")
    assert doc.source[para.src_start(i):para.src_end(i + 1)] == "&#8217;"
    assert doc.line_col(para.src_start(i)) == (17, 60)
    assert span(doc, "£450") == "&pound;450"
    assert span(doc, "45\u00a0minutes") == "45&nbsp;minutes"
    assert span(doc, "“I looked ten years younger!”") == "&ldquo;I looked ten years younger!&rdquo;"
    assert position(doc, "younger") == (41, 42)
    assert span(doc, "types — book") == "types &mdash; <a href=\"https://glow.example/consult\">book"


def test_whitespace_runs_collapse_to_one_mapped_space():
    doc = doc_of("clinic.html")
    para = find_block(doc, "book a consultation")
    i = para.text.index("book a") + len("book a")
    assert para.text[i:i + 2] == " c"
    assert doc.source[para.src_start(i):para.src_end(i + 1)] == "\n   "


def test_img_alt_is_a_caption_mapped_to_the_attribute():
    doc = doc_of("clinic.html")
    alt = find_block(doc, "Jawline")
    assert alt.kind == CAPTION
    assert position(doc, "Jawline") == (43, 27)
    i = alt.text.index("&")
    assert doc.source[alt.src_start(i):alt.src_end(i + 1)] == "&amp;"
    assert doc.line_col(alt.src_start(i)) == (43, 35)
    doc = read("x.html", "<p>Before <img data-alt='alt=no' alt='Smooth &quot;skin&quot;' src=x> after</p>")
    assert texts(doc) == ["Before after", "Smooth \"skin\""]
    assert_exact(doc)


def test_nested_lists_levels_and_leads():
    doc = doc_of("clinic.html")
    items = [(b.text, b.level, b.lead) for b in doc.blocks if b.kind == LIST_ITEM]
    assert items == [
        ("Radiofrequency (RF) Therapy", 1, None),
        ("It requires no downtime.", 2, "Radiofrequency (RF) Therapy"),
        ("Sessions take 45\u00a0minutes.", 2, "Radiofrequency (RF) Therapy"),
        ("HIFU lifting", 1, None),
    ]
    assert position(doc, "downtime") == (28, 26)


def test_code_in_a_paragraph_is_one_space():
    doc = doc_of("clinic.html")
    assert find_block(doc, "Use").text == "Use in code only."
    doc = read("x.html", "<p>Run<code>permanent</code>now <kbd>x</kbd> later</p>")
    assert texts(doc) == ["Run now later"]
    assert_exact(doc)


def test_bare_email_is_masked():
    doc = doc_of("clinic.html")
    block = find_block(doc, "Contact us")
    assert [block.text[a:b] for a, b in block.masked] == ["info@glow.example"]


def test_hidden_and_display_none():
    doc = read("x.html", '<p>Shown <span hidden>permanent</span>text</p>'
                         '<div style="display: none">permanent</div><p>End</p>')
    assert texts(doc) == ["Shown text", "End"]


def test_crlf_positions_match_lf():
    lf, crlf = doc_of("clinic.html"), doc_of("clinic_crlf.html")
    check_crlf(lf, crlf)
    assert position(crlf, "downtime") == (28, 26)
    para = find_block(crlf, "book a consultation")
    i = para.text.index("book a") + len("book a")
    assert crlf.source[para.src_start(i):para.src_end(i + 1)] == "\r\n   "


def test_malformed_html_gives_best_blocks():
    doc = doc_of("malformed.html")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (HEADING, "Unclosed heading"),
        (PARAGRAPH, "First paragraph italic"),
        (PARAGRAPH, "Second paragraph"),
        (LIST_ITEM, "One"),
        (LIST_ITEM, "Two"),
        (LIST_ITEM, "Nested"),
        (TABLE_CELL, "A"),
        (TABLE_CELL, "B"),
        (PARAGRAPH, "Broken &#tag reference and &unknown; entity and 5 < 6 unclosed link"),
        (CAPTION, "unquoted"),
    ]
    assert find_block(doc, "Nested").lead == "Two"
    block = find_block(doc, "unclosed link")
    assert [block.text[a:b] for a, b, _ in block.links] == ["unclosed link"]


@pytest.mark.parametrize("src", [
    "", "<", "&", "&#", "&#x;", "&#99999999999;", "<!--", "<!-- x", "<![CDATA[x]]>",
    "<?php echo 1 ?>", "</p></div></li>", "<p hidden>x", "<div>a<pre>b", "<p>a</br>b",
    "<li>a<li>b<ul><li>c</ul>", "<select><option>x", "<br/>x<br />", "\x00<p>\x00</p>",
    "<p>a &amp b &copy2 c&#65d</p>", "<a href=x><p>para</a>after", "<img alt=>", "<img alt>",
    "<table><td>a<td>b</table>", "<p class=", "<p>text <b", "<script>never closed",
    "<h1><h2>x</h1>y", "<p>a\r\n\r\nb</p>", "<p>&#x1F600; &#128512;</p>", "<p>&NotAnEntity</p>",
])
def test_malformed_never_raises(src):
    doc = read("x.html", src)
    assert_exact(doc)


def test_broken_charref_does_not_swallow_the_page():
    # html.parser alone would return everything after "&#65d" as text (tags included)
    doc = read("x.html", "<p>c&#65d</p><p>Next</p>")
    assert texts(doc) == ["cAd", "Next"]
    doc = read("x.html", "<p>#1 &#tag clinic</p><p>Next</p>")
    assert texts(doc) == ["#1 &#tag clinic", "Next"]


def test_unterminated_comment_hides_the_rest():
    doc = read("x.html", "<p>Seen</p>\n<!-- permanent\n<p>hidden</p>")
    assert texts(doc) == ["Seen"]


def test_inline_elements_do_not_break_blocks():
    src = ("<div>Our <strong>HIFU</strong> <em>lifts</em><span> and</span> <abbr>RF</abbr> "
           "<mark>tightens</mark>.</div>")
    doc = read("x.html", src)
    assert texts(doc) == ["Our HIFU lifts and RF tightens."]
    assert_exact(doc)


def test_text_directly_in_body_and_between_blocks():
    doc = read("x.html", "<body>Loose text<div>In div</div>more loose<p>Para</p></body>")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "Loose text"), (PARAGRAPH, "In div"), (PARAGRAPH, "more loose"),
        (PARAGRAPH, "Para")]


def test_large_page_reads_in_linear_time():
    unit = ('<h2>Section</h2>\n<p>Our <strong>HIFU</strong> treatment &amp; radiofrequency '
            '<a href="/x">therapy</a> gives<sup>1</sup> results.<br>\nSecond line.</p>\n'
            '<ul><li>One<ul><li>Nested</li></ul></li></ul>\n')
    check_linear(read, lambda n: unit * n, 500)
    doc = read("x.html", unit * 2000)
    assert len(doc.blocks) == 8000


def test_one_huge_block_is_linear():
    line = "HIFU lifts &amp; tightens<br>\n"
    check_linear(read, lambda n: "<div>" + line * n + "</div>", 5000)
    doc = read("x.html", "<div>" + line * 20000 + "</div>")
    block = doc.blocks[0]
    i = block.text.rindex("tightens")
    assert doc.line_col(block.src_start(i)) == (20000, 18)


def test_nav_menus_are_navigation_blocks():
    src = ('<nav><ul><li><a href="/">Home</a></li><li><a href="/b">Before &amp; After</a></li></ul>'
           '<h2>Menu</h2></nav><h1>HIFU</h1><ul><li>One</li></ul>')
    doc = read("x.html", src)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("navigation", "Home"), ("navigation", "Before & After"), ("navigation", "Menu"),
        (HEADING, "HIFU"), (LIST_ITEM, "One")]
    assert doc.blocks[-1].heading_path == ("HIFU",)  # a menu heading is no section
    assert_exact(doc)
