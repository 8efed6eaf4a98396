"""BlockBuilder: the one way readers assemble a Block's text, source map, links and masks."""

from __future__ import annotations

import re
from bisect import bisect_left

from claimcheck.document import Block

__all__ = ["BlockBuilder"]

# Bare URLs and e-mail addresses. Curly quotes are never part of a URL.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]“”‘’]+[^\s<>()\[\].,;:!?'\"“”‘’]"
                  r"|[\w.+-]+@[\w-]+\.[\w.-]+\w")
# Whitespace a collapsed run never follows.
_SPACE = " \t\n\r\f"


def _overlaps(ranges: list[tuple], a: int, b: int) -> bool:
    """Whether [a, b) overlaps one of ``ranges`` (sorted, not overlapping each other)."""
    i = bisect_left(ranges, (b,)) - 1
    return i >= 0 and ranges[i][1] > a


class BlockBuilder:
    """A block being built. Text pieces are kept in a list and joined once in ``build``,
    so building a block is linear in its length however many pieces it has.

    ``links`` holds ``(text_start, text_end, url)`` and ``masked`` ``(text_start,
    text_end)`` ranges recorded while building; ``build`` clamps them to the final text.
    """

    __slots__ = ("parts", "pieces", "n", "last", "links", "masked")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pieces: list[tuple[int, int, int]] = []
        self.n = 0  # length of the text so far
        self.last = ""  # its last character
        self.links: list[tuple[int, int, str]] = []
        self.masked: list[tuple[int, int]] = []

    def add(self, text: str, src_start: int, src_end: int) -> None:
        """Append text that stands for source[src_start:src_end]."""
        if text:
            self.pieces.append((self.n, src_start, src_end))
            self.parts.append(text)
            self.n += len(text)
            self.last = text[-1]

    def space(self, start: int, end: int) -> None:
        """A collapsed whitespace run: one space, never at the start or doubled."""
        if self.n and self.last not in _SPACE:
            self.add(" ", start, end)

    def link(self, start: int, url: str) -> None:
        """Record a link from text offset ``start`` to the end of the text so far."""
        self.links.append((start, self.n, url))

    def mask(self, start: int) -> None:
        """Mask text offset ``start`` to the end of the text so far: no rule matches there."""
        self.masked.append((start, self.n))

    def build(self, kind: str, heading_path: tuple[str, ...] = (), level: int = 0,
              lead: str | None = None) -> Block | None:
        """The finished Block, or None if it has no text.

        Trailing whitespace is dropped (a verbatim piece's source range shrinks with it),
        links are clamped to the text and trimmed of surrounding whitespace, and bare URLs
        and e-mail addresses are masked (and become links unless inside one).
        """
        parts, pieces = self.parts, self.pieces
        while parts and parts[-1][-1].isspace():
            kept = parts[-1].rstrip()
            if not kept:
                parts.pop()
                pieces.pop()
                continue
            t0, s0, s1 = pieces[-1]
            if s1 - s0 == len(parts[-1]):  # verbatim: the source range shrinks too
                s1 = s0 + len(kept)
            parts[-1], pieces[-1] = kept, (t0, s0, s1)
        text = "".join(parts)
        if not text:
            return None
        n = len(text)
        links = set()
        for a, b, url in self.links:
            b = min(b, n)
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                links.add((a, b, url))
        links = sorted(links)
        masked = sorted((a, min(b, n)) for a, b in self.masked if a < n)
        known_masked, known_links = list(masked), list(links)
        for m in _URL.finditer(text):  # bare URLs shown as text
            a, b = m.span()
            if not _overlaps(known_masked, a, b):
                masked.append((a, b))
            if not _overlaps(known_links, a, b):
                links.append((a, b, m.group()))
        return Block(kind, text=text, pieces=pieces, heading_path=heading_path, level=level,
                     lead=lead, links=sorted(links), masked=sorted(masked))
