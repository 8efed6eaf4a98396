"""The plain-text reader: heuristic headings, bullets and numbers, leads, URLs, offsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimcheck.document import HEADING, LIST_ITEM, PARAGRAPH
from claimcheck.readers import read_document
from claimcheck.readers.text import read

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "readers"
WORD = re.compile(r"\w+")


def load(name: str) -> str:
    with open(FIXTURES / name, encoding="utf-8", newline="") as f:  # keep CRLF as is
        return f.read()


def doc_of(name: str):
    return read(name, load(name))


def verbatim_runs(block, source):
    """Maximal runs [t0, t1, s0, s1] of pieces whose text is the source slice itself."""
    runs = []
    pieces = block.pieces
    for k, (t0, s0, s1) in enumerate(pieces):
        t1 = pieces[k + 1][0] if k + 1 < len(pieces) else len(block.text)
        if block.text[t0:t1] != source[s0:s1]:
            continue
        if runs and runs[-1][1] == t0 and runs[-1][3] == s0:
            runs[-1][1], runs[-1][3] = t1, s1
        else:
            runs.append([t0, t1, s0, s1])
    return runs


def assert_exact(doc) -> None:
    src = doc.source
    for block in doc.blocks:
        text = block.text
        assert text and block.pieces and block.pieces[0][0] == 0
        prev_t, prev_s = -1, -1
        for k, (t0, s0, s1) in enumerate(block.pieces):
            t1 = block.pieces[k + 1][0] if k + 1 < len(block.pieces) else len(text)
            assert t0 > prev_t and t1 > t0
            assert 0 <= s0 <= s1 <= len(src) and s0 >= prev_s
            prev_t, prev_s = t0, s1
            seg, raw = text[t0:t1], src[s0:s1]
            if seg != raw:
                assert seg == " " and raw in ("\n", "\r\n"), (seg, raw)  # a line join
        for t0, t1, s0, s1 in verbatim_runs(block, src):
            assert src[s0:s1] == text[t0:t1] == src[block.src_start(t0):block.src_end(t1)]
            for m in WORD.finditer(text, t0, t1):
                i, j = m.span()
                assert src[block.src_start(i):block.src_end(j)] == text[i:j]
        for a, b, url in block.links:
            assert 0 <= a < b <= len(text) and text[a:b] == url
        for a, b in block.masked:
            assert 0 <= a < b <= len(text)


def find_block(doc, needle: str):
    for block in doc.blocks:
        if needle in block.text:
            return block
    raise AssertionError(f"no block contains {needle!r}")


def position(doc, needle: str) -> tuple[int, int]:
    block = find_block(doc, needle)
    return doc.line_col(block.src_start(block.text.index(needle)))


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
    assert "\r\n" in crlf.source
    assert [b.text for b in lf.blocks] == [b.text for b in crlf.blocks]
    assert [(b.kind, b.level, b.lead) for b in lf.blocks] == [(b.kind, b.level, b.lead) for b in crlf.blocks]
    for a, b in zip(lf.blocks, crlf.blocks):
        for m in WORD.finditer(a.text):
            assert lf.line_col(a.src_start(m.start())) == crlf.line_col(b.src_start(m.start()))
    assert position(crlf, "downtime") == (10, 22)
    assert not any("\r" in b.text for b in crlf.blocks)


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
