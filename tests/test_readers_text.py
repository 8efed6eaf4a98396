"""The plain-text reader: heuristic headings, bullets and numbers, leads, URLs, offsets."""

from __future__ import annotations

import pytest
from reader_checks import check_crlf, check_linear, check_maps, find_block, load, position

from claimcheck.document import HEADING, LIST_ITEM, PARAGRAPH
from claimcheck.readers import read_document
from claimcheck.readers.text import read


def doc_of(name: str):
    return read(name, load(name))


def assert_exact(doc) -> None:
    """Every block's map is well formed (a line join is the only non-verbatim piece)."""
    check_maps(doc, lambda seg, raw: seg == " " and raw in ("\n", "\r\n"))
    for block in doc.blocks:
        for a, b, url in block.links:
            assert block.text[a:b] == url


@pytest.mark.parametrize("name", ["clinic.txt", "clinic_crlf.txt"])
def test_every_block_maps_exactly(name):
    doc = doc_of(name)
    assert doc.format == "text" and doc.blocks
    assert_exact(doc)


def test_registry_picks_text_by_default():
    assert read_document("notes.txt", "Hello there.\n").format == "text"
    assert read_document("no-extension", "Hello there.\n").format == "text"


def test_blocks_headings_lists_and_leads():
    doc = doc_of("clinic.txt")
    assert doc.title == "Laser Hair Removal"
    assert [(b.kind, b.text, b.level, b.lead, b.heading_path) for b in doc.blocks] == [
        (HEADING, "Laser Hair Removal", 1, None, ()),
        (PARAGRAPH, "Our laser treatment is fast, safe and effective for most clients. "
                    "Results build over several sessions.", 0, None, ("Laser Hair Removal",)),
        (HEADING, "Why choose us", 2, None, ("Laser Hair Removal",)),
        (LIST_ITEM, "Experienced practitioners", 1, None, ("Laser Hair Removal", "Why choose us")),
        (LIST_ITEM, "Radiofrequency (RF) Therapy", 1, None, ("Laser Hair Removal", "Why choose us")),
        (LIST_ITEM, "It requires no downtime.", 2, "Radiofrequency (RF) Therapy",
         ("Laser Hair Removal", "Why choose us")),
        (LIST_ITEM, "Free consultation", 1, None, ("Laser Hair Removal", "Why choose us")),
        (LIST_ITEM, "Patch test first", 1, None, ("Laser Hair Removal", "Why choose us")),
        (PARAGRAPH, "Visit www.glow.example or email info@glow.example for details.", 0, None,
         ("Laser Hair Removal", "Why choose us")),
    ]


def test_line_columns():
    doc = doc_of("clinic.txt")
    assert position(doc, "downtime") == (10, 22)
    assert position(doc, "Patch") == (12, 4)
    assert position(doc, "www.glow") == (14, 7)
    para = find_block(doc, "Results build")
    i = para.text.index("Results") - 1  # the line join maps to the line break
    assert doc.source[para.src_start(i):para.src_end(i + 1)] == "\n"


def test_urls_and_emails_masked_and_linked():
    doc = doc_of("clinic.txt")
    block = find_block(doc, "Visit")
    assert [block.text[a:b] for a, b in block.masked] == ["www.glow.example", "info@glow.example"]
    assert [url for _, _, url in block.links] == ["www.glow.example", "info@glow.example"]


def test_crlf_positions_match_lf():
    lf, crlf = doc_of("clinic.txt"), doc_of("clinic_crlf.txt")
    check_crlf(lf, crlf)
    assert position(crlf, "downtime") == (10, 22)


def test_numbered_and_lettered_items_nest_by_indentation():
    doc = read("x.txt", "Steps\n\n1. Cleanse the skin\n   a) gently\n2) Apply serum\n")
    assert [(b.kind, b.text, b.level, b.lead) for b in doc.blocks] == [
        (HEADING, "Steps", 1, None),
        (LIST_ITEM, "Cleanse the skin", 1, None),
        (LIST_ITEM, "gently", 2, "Cleanse the skin"),
        (LIST_ITEM, "Apply serum", 1, None),
    ]
    assert_exact(doc)


def test_wrapped_list_item_continues():
    doc = read("x.txt", "• A long item that\n  wraps onto a second line.\n• Next item.\n")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (LIST_ITEM, "A long item that wraps onto a second line."), (LIST_ITEM, "Next item.")]
    assert_exact(doc)


def test_sentence_lines_are_not_headings():
    doc = read("x.txt", "Intro.\n\nThis is short. It has two sentences\n\nBook today!\n")
    assert all(b.kind == PARAGRAPH for b in doc.blocks)
    assert doc.title is None


def test_nbsp_indentation_and_trailing_space_are_not_text():
    src = "Heading\n\n\u00a0\u00a0• Item with trailing space \u00a0\n"
    doc = read("x.txt", src)
    item = doc.blocks[-1]
    assert item.kind == LIST_ITEM and item.text == "Item with trailing space"
    assert_exact(doc)


def test_empty_document():
    assert read("x.txt", "").blocks == []
    assert read("x.txt", "\n \n\t\n").blocks == []


# ----------------------------------------------------------------- regressions
# Two bugs found in readers/text.py while writing these tests (since fixed there).

def test_url_before_curly_quote_is_not_part_of_the_url():
    doc = read("x.txt", "See “www.glow.example” today.\n")
    block = doc.blocks[0]
    assert [block.text[a:b] for a, b in block.masked] == ["www.glow.example"]


def test_lead_of_a_wrapped_parent_item_is_its_whole_text():
    doc = read("x.txt", "• Radiofrequency (RF)\n  Therapy\n    • It requires no downtime.\n")
    assert doc.blocks[-1].lead == "Radiofrequency (RF) Therapy"


@pytest.mark.parametrize("bullet", ["•", "-", "*", "–", "  ▪ \u00a0"])
def test_a_bare_bullet_is_not_a_block(bullet):
    doc = read("x.txt", f"Title\n\n{bullet}\n")
    assert [(b.kind, b.text) for b in doc.blocks] == [(HEADING, "Title")]


def test_a_bare_bullet_starts_an_item_on_the_next_line():
    doc = read("x.txt", "Title\n\n•\nFast results\n•\n  Lasting glow\n")
    assert [(b.kind, b.text, b.level) for b in doc.blocks] == [
        (HEADING, "Title", 1), (LIST_ITEM, "Fast results", 1), (LIST_ITEM, "Lasting glow", 1)]
    assert_exact(doc)


def test_one_huge_paragraph_is_linear():
    line = "Our gentle laser care at www.glow.example gives lasting results\n"
    check_linear(read, lambda n: line * n, 5000)
    doc = read("x.txt", line * 40000)
    assert len(doc.blocks) == 1
    block = doc.blocks[0]
    assert doc.line_col(block.src_start(block.text.rindex("lasting"))) == (40000, 49)
    assert len(block.masked) == 40000
    assert_exact(doc)
