"""Plain-text reader: paragraphs, bullet and numbered items, heading-like lines, bare URLs."""

from __future__ import annotations

import re
from bisect import bisect_right

from claimcheck.document import HEADING, LIST_ITEM, PARAGRAPH, Document
from claimcheck.readers.builder import BlockBuilder

_BULLET = re.compile(r"[ \t\u00a0]*(?:[•◦▪‣●·○■□➢➤►▸–—*+-]|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t\u00a0]+(?=\S)")
# A line holding only a bullet: an item whose text (if any) is on the lines that follow.
_BARE_BULLET = re.compile(r"[ \t\u00a0]*[•◦▪‣●·○■□➢➤►▸–—*+-][ \t\u00a0\u200b\ufeff]*$")
_TERMINAL = re.compile(r"[.!;,]['\"’”)]*\s*$|[.!?]['\"’”)]*\s+\S")
_HEADING_MAX_WORDS = 15


def _lines(source: str):
    """Yield (start, end) of each line's content, excluding its line break."""
    pos, n = 0, len(source)
    while pos <= n:
        nl = source.find("\n", pos)
        end = n if nl < 0 else nl
        content_end = end - 1 if end > pos and source[end - 1] == "\r" else end
        yield pos, content_end
        if nl < 0:
            break
        pos = nl + 1


def _directive_spans(source: str) -> list[tuple[int, int]]:
    """Offsets of claimcheck suppression comments, which plain text has no syntax to hide."""
    if "claimcheck" not in source.lower():
        return []
    from claimcheck.suppressions import parse_suppressions

    return parse_suppressions(source, "text").spans


def _before_directive(source: str, spans: list[tuple[int, int]], start: int, end: int) -> int | None:
    """Where a line's prose ends: before a trailing directive, or None for a directive line."""
    i = bisect_right(spans, (end,)) - 1  # the last directive starting before the line ends
    while i > 0 and spans[i - 1][1] > start:  # back to the first one touching the line
        i -= 1
    if i < 0 or spans[i][1] <= start:
        return end
    a = spans[i][0]
    return None if not source[start:max(start, a)].strip() else a


def _is_heading(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= _HEADING_MAX_WORDS and not _TERMINAL.search(text)


def read(path: str, source: str) -> Document:
    """Read plain text into blocks; one-line paragraphs without final punctuation are headings."""
    doc = Document(path=path, source=source, format="text")
    current: BlockBuilder | None = None
    current_kind: tuple = ()  # build() arguments for current: kind, heading path, level, lead
    lines_in_block = 0
    title: str | None = None
    section: str | None = None
    leads: list[list] = []  # [indent, text or None] of open list items
    item: list | None = None  # the leads entry of the item being read

    def finish() -> None:
        nonlocal current, title, section
        if current is None:
            return
        block = current.build(*current_kind)
        current = None
        if item is not None:
            item[1] = block.text if block else None
        if block is None:
            return
        if block.kind == PARAGRAPH and lines_in_block == 1 and _is_heading(block.text):
            block.kind = HEADING
            if title is None and not doc.blocks:
                title, block.level = block.text, 1
            else:
                block.level = 2
                section = block.text
            block.heading_path = tuple(h for h in (title,) if h and block.level > 1)
            leads.clear()
        doc.blocks.append(block)

    def heading_path() -> tuple[str, ...]:
        return tuple(h for h in (title, section) if h)

    directives = _directive_spans(source)
    for start, end in _lines(source):
        if directives:
            end = _before_directive(source, directives, start, end)
            if end is None:
                continue  # a directive line is not prose and does not end a paragraph
        line = source[start:end]
        stripped = line.strip(" \t\u00a0\u200b\ufeff")
        if not stripped:
            finish()
            continue
        indent = len(line) - len(line.lstrip(" \t\u00a0"))
        bullet = _BULLET.match(line) or _BARE_BULLET.match(line)
        if bullet:
            finish()
            while leads and leads[-1][0] >= indent:
                leads.pop()
            current = BlockBuilder()
            current_kind = (LIST_ITEM, heading_path(), len(leads) + 1, leads[-1][1] if leads else None)
            item = [indent, None]
            leads.append(item)
            lines_in_block = 1
            content_start = start + bullet.end()
        else:
            if current is None:
                current = BlockBuilder()
                current_kind, item = (PARAGRAPH, heading_path()), None
                lines_in_block = 0
                if indent == 0:
                    leads.clear()
            elif current.n:
                current.add(" ", start - 1, start)  # the line break joins wrapped lines
            lines_in_block += 1
            content_start = start + indent
        content_end = max(content_start, start + len(line.rstrip(" \t\u00a0\u200b")))
        current.add(source[content_start:content_end], content_start, content_end)
    finish()
    doc.title = title
    return doc
