"""Checks shared by the reader tests: fixtures, exact source maps, lookups, linear time."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "readers"
WORD = re.compile(r"\w+")


def load(name: str) -> str:
    """A reader fixture's text, line breaks kept as they are. ``x_crlf.ext`` is ``x.ext``
    with every LF turned into CRLF, made here rather than kept as a copy."""
    if "_crlf." in name:
        return load(name.replace("_crlf.", ".")).replace("\n", "\r\n")
    with open(FIXTURES / name, encoding="utf-8", newline="") as f:
        return f.read()


# --------------------------------------------------------------------------- source maps

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


def check_maps(doc, explain: Callable[[str, str], bool], empty_source: bool = True) -> None:
    """Every block's map is well formed and every verbatim word maps back exactly.

    A piece whose text is not its source slice must satisfy ``explain(text, source)``;
    with ``empty_source`` False no piece may stand for an empty source range.
    """
    src = doc.source
    for block in doc.blocks:
        text = block.text
        assert text and block.pieces and block.pieces[0][0] == 0, (block.kind, text)
        prev_t, prev_s = -1, -1
        for k, (t0, s0, s1) in enumerate(block.pieces):
            t1 = block.pieces[k + 1][0] if k + 1 < len(block.pieces) else len(text)
            assert t0 > prev_t and t1 > t0
            assert 0 <= s0 <= s1 <= len(src) and s0 >= prev_s, (text, block.pieces)
            assert empty_source or s0 < s1, (text, block.pieces)
            prev_t, prev_s = t0, s1
            seg, raw = text[t0:t1], src[s0:s1]
            if seg != raw:
                assert explain(seg, raw), (seg, raw)
        for t0, t1, s0, s1 in verbatim_runs(block, src):
            assert src[s0:s1] == text[t0:t1] == src[block.src_start(t0):block.src_end(t1)]
            for m in WORD.finditer(text, t0, t1):
                i, j = m.span()
                assert src[block.src_start(i):block.src_end(j)] == text[i:j]
        for a, b, _ in block.links:
            assert 0 <= a < b <= len(text)
        for a, b in block.masked:
            assert 0 <= a < b <= len(text)


def check_crlf(lf, crlf) -> None:
    """A CRLF copy of a document reads to the same blocks, every word on the same line:column."""
    assert "\r\n" in crlf.source
    assert texts(lf) == texts(crlf)
    assert [(b.kind, b.heading_path, b.level, b.lead) for b in lf.blocks] == \
        [(b.kind, b.heading_path, b.level, b.lead) for b in crlf.blocks]
    for a, b in zip(lf.blocks, crlf.blocks):
        for m in WORD.finditer(a.text):
            assert lf.line_col(a.src_start(m.start())) == crlf.line_col(b.src_start(m.start())), m.group()
    assert not any("\r" in b.text for b in crlf.blocks)


# --------------------------------------------------------------------------- lookups

def find_block(doc, needle: str, kind: str | None = None):
    for block in doc.blocks:
        if needle in block.text and (kind is None or block.kind == kind):
            return block
    raise AssertionError(f"no block contains {needle!r}")


def position(doc, needle: str, kind: str | None = None) -> tuple[int, int]:
    """line:column of the first character of ``needle`` in the block that holds it."""
    block = find_block(doc, needle, kind)
    return doc.line_col(block.src_start(block.text.index(needle)))


def span(doc, needle: str) -> str:
    """The source text a block's ``needle`` maps to."""
    block = find_block(doc, needle)
    i = block.text.index(needle)
    return doc.source[block.src_start(i):block.src_end(i + len(needle))]


def texts(doc, kind=None):
    return [b.text for b in doc.blocks if kind is None or b.kind == kind]


# --------------------------------------------------------------------------- timing

def best_time(fn, *args, repeat: int = 2) -> float:
    """The fastest of a few runs: a loaded machine slows some runs, never speeds one up."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best


def check_linear(read, make, n: int) -> None:
    """Reading 4x the input takes well under the 16x a quadratic reader would need."""
    small, big = make(n), make(4 * n)
    t_small, t_big = best_time(read, "x", small), best_time(read, "x", big)
    assert t_big < 9 * t_small + 0.5, (t_small, t_big)
