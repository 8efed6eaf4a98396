"""The Document model: source text, prose blocks and exact mapping back to line:column."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

# Block kinds a reader may produce. TITLE is text shown outside the page body: an HTML
# <title> (browser tabs, search results) or its meta description (search snippets).
# NAVIGATION is a site menu (HTML <nav>): linted, but not page content, so it names no
# subject, counts as no evidence and asks for no disclaimer.
HEADING, PARAGRAPH, LIST_ITEM, TABLE_CELL, QUOTE, CAPTION, TITLE, NAVIGATION = (
    "heading", "paragraph", "list_item", "table_cell", "blockquote", "caption", "title",
    "navigation")
# Kinds read as one headline (no sentence splitting) and flagged as headings in context.
HEADLINE_KINDS = frozenset({HEADING, TITLE, NAVIGATION})


def line_starts(text: str) -> list[int]:
    """Offsets at which the lines of ``text`` start (after each "\\n")."""
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


@dataclass
class Block:
    """One prose block: its text and a piecewise map from text offsets to source offsets.

    ``pieces`` holds ``(text_start, src_start, src_end)`` triples in order. A piece whose
    source length equals its text length maps character by character; any other piece
    (an HTML entity, a collapsed line break) maps as a unit.
    """

    kind: str
    text: str = ""
    pieces: list[tuple[int, int, int]] = field(default_factory=list)
    heading_path: tuple[str, ...] = ()
    level: int = 0  # heading level, or list nesting depth for list items
    lead: str | None = None  # the enclosing list item's lead text, for nested items
    # Text ranges that are links: (text_start, text_end, url). A link can cite a claim.
    links: list[tuple[int, int, str]] = field(default_factory=list)
    # Text ranges no rule may match inside (bare URLs, e-mail addresses).
    masked: list[tuple[int, int]] = field(default_factory=list)

    def _piece(self, offset: int) -> int:
        return max(0, bisect_right(self.pieces, (offset, float("inf"), 0)) - 1)

    def _piece_len(self, i: int) -> int:
        nxt = self.pieces[i + 1][0] if i + 1 < len(self.pieces) else len(self.text)
        return nxt - self.pieces[i][0]

    def src_start(self, offset: int) -> int:
        """Source offset of the character at text ``offset``."""
        i = self._piece(offset)
        t0, s0, s1 = self.pieces[i]
        if s1 - s0 == self._piece_len(i):
            return s0 + (offset - t0)
        return s0

    def src_end(self, offset: int) -> int:
        """Source offset just past the character before text ``offset`` (exclusive end)."""
        if offset <= 0:
            return self.src_start(0)
        i = self._piece(offset - 1)
        t0, s0, s1 = self.pieces[i]
        if s1 - s0 == self._piece_len(i):
            return s0 + (offset - t0)
        return s1

    @property
    def start(self) -> int:
        return self.pieces[0][1] if self.pieces else 0

    @property
    def end(self) -> int:
        return self.pieces[-1][2] if self.pieces else 0


@dataclass
class Document:
    """A source file read into prose blocks; every offset refers to ``source``."""

    path: str
    source: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    _line_starts: list[int] | None = field(default=None, repr=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in Unicode characters) of a source offset."""
        if self._line_starts is None:
            self._line_starts = line_starts(self.source)
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1
