"""Plain-text reader: paragraphs, bullet and numbered items, heading-like lines, bare URLs."""

from __future__ import annotations

import re

from claimcheck.document import HEADING, LIST_ITEM, PARAGRAPH, Block, Document

_BULLET = re.compile(r"[ \t\u00a0]*(?:[•◦▪‣●·○■□➢➤►▸–—*+-]|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t\u00a0]+(?=\S)")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]“”‘’]+[^\s<>()\[\].,;:!?'\"“”‘’]|[\w.+-]+@[\w-]+\.[\w.-]+\w")
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


def _is_heading(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= _HEADING_MAX_WORDS and not _TERMINAL.search(text)


def read(path: str, source: str) -> Document:
    """Read plain text into blocks; one-line paragraphs without final punctuation are headings."""
    doc = Document(path=path, source=source, format="text")
    current: Block | None = None
    lines_in_block = 0
    title: str | None = None
    section: str | None = None
    leads: list[tuple[int, Block]] = []  # (indent, item) of open list items

    def finish() -> None:
        nonlocal current, title, section
        if current is None:
            return
        block = current
        current = None
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

    for start, end in _lines(source):
        line = source[start:end]
        stripped = line.strip(" \t\u00a0\u200b\ufeff")
        if not stripped:
            finish()
            continue
        indent = len(line) - len(line.lstrip(" \t\u00a0"))
        bullet = _BULLET.match(line)
        if bullet:
            finish()
            while leads and leads[-1][0] >= indent:
                leads.pop()
            current = Block(LIST_ITEM, heading_path=heading_path(), level=len(leads) + 1,
                            lead=leads[-1][1].text if leads else None)
            lines_in_block = 1
            content_start = start + bullet.end()
        else:
            if current is None:
                current = Block(PARAGRAPH, heading_path=heading_path())
                lines_in_block = 0
                if indent == 0:
                    leads.clear()
            else:
                current.add(" ", start - 1, start)  # the line break joins wrapped lines
            lines_in_block += 1
            content_start = start + indent
        content_end = start + len(line.rstrip(" \t\u00a0\u200b"))
        _add_line(current, source, content_start, content_end)
        if bullet:
            leads.append((indent, current))
    finish()
    doc.title = title
    return doc


def _add_line(block: Block, source: str, start: int, end: int) -> None:
    """Append one line of text, marking bare URLs and e-mail addresses as masked links."""
    base = len(block.text)
    block.add(source[start:end], start, end)
    for m in _URL.finditer(source, start, end):
        a, b = base + m.start() - start, base + m.end() - start
        block.masked.append((a, b))
        block.links.append((a, b, m.group()))
