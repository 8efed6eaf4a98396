"""Markdown reader: CommonMark (+ tables) prose blocks mapped exactly back to the source.

markdown-it gives each block its line range but no inline columns, so inline text is
mapped back by scanning the source forward from a cursor: every ``text`` token's content
is a verbatim slice of the source, found in order; markup between text tokens (emphasis
markers, link destinations, code spans, inline HTML, line prefixes) is stepped over. The
cursor only ever moves forward and each search is bounded by the end of the block's
lines, so reading is linear in the size of the document.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle

from claimcheck.document import HEADING, LIST_ITEM, PARAGRAPH, QUOTE, TABLE_CELL, Document, line_starts
from claimcheck.readers.builder import BlockBuilder

__all__ = ["read"]

_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(?:(.*?)\r?\n)??(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_TITLE = re.compile(r"^title[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)
_QUOTED = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^']|'')*)'")
_LONE_CR = re.compile(r"\r(?!\n)")
_PREFIX_WS = " \t"
_WS = " \t\r\n"
_BR_TAG = re.compile(r"<br\b", re.I)

_md: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _md
    if _md is None:
        # text_join would fold entities and escapes back into plain text tokens; keeping
        # them apart lets each decoded character map to its original source range.
        _md = MarkdownIt("commonmark").enable("table").disable("text_join")
    return _md


def _front_matter(source: str) -> tuple[int, str | None]:
    """Length of a leading YAML front-matter block (0 if none) and its ``title:``."""
    m = _FRONT_MATTER.match(source)
    if not m:
        return 0, None
    title = None
    t = _TITLE.search(m.group(1) or "")
    if t:
        value = t.group(1)
        quoted = _QUOTED.match(value)
        if quoted and quoted.group(1) is not None:
            value = re.sub(r"\\(.)", r"\1", quoted.group(1))
        elif quoted:
            value = quoted.group(2).replace("''", "'")
        else:
            value = re.sub(r"\s+#.*$", "", value)
        title = value.strip() or None
    return m.end(), title


class _Inline:
    """Maps one inline token's children into a Block by scanning ``src`` forward."""

    def __init__(self, src: str, buf: BlockBuilder, cursor: int, limit: int, quote_depth: int):
        self.src = src
        self.buf = buf
        self.cur = cursor
        self.limit = limit
        self.quote_depth = quote_depth

    # -- low level helpers -------------------------------------------------------------

    def add(self, text: str, start: int, end: int) -> None:
        buf = self.buf
        if text.isspace() and (not buf.n or text == " " and buf.last in " \t"):
            return  # never start a block with whitespace; separators do not pile up
        buf.add(text, start, end)

    def find(self, needle: str) -> int:
        return self.src.find(needle, self.cur, self.limit)

    def locate(self, content: str) -> tuple[int, int] | None:
        """Source range of ``content`` at or after the cursor (content may span lines)."""
        if "\n" not in content:
            i = self.find(content)
            return (i, i + len(content)) if i >= 0 else None
        lines = content.split("\n")
        i = self.find(lines[0])
        if i < 0:
            return None
        start, pos = i, i + len(lines[0])
        for line in lines[1:]:
            nl = self.src.find("\n", pos, self.limit)
            if nl < 0:
                return None
            j = self.src.find(line, nl + 1, self.limit)
            if j < 0:
                return None
            pos = j + len(line)
        return start, pos

    def skip_prefix(self, pos: int) -> int:
        """Skip indentation and up to ``quote_depth`` blockquote markers at a line start."""
        src, limit = self.src, self.limit
        while pos < limit and src[pos] in _PREFIX_WS:
            pos += 1
        for _ in range(self.quote_depth):
            if pos < limit and src[pos] == ">":
                pos += 1
                while pos < limit and src[pos] in _PREFIX_WS:
                    pos += 1
            else:
                break
        return pos

    def skip_ws(self, pos: int) -> int:
        src, limit = self.src, self.limit
        while pos < limit and src[pos] in _WS:
            if src[pos] == "\n":
                pos = self.skip_prefix(pos + 1)
            else:
                pos += 1
        return pos

    def skip_link_tail(self) -> None:
        """Step over ``](dest "title")``, ``][label]`` or ``]`` after a link's text."""
        src, limit = self.src, self.limit
        close = self.find("]")
        if close < 0:
            return
        pos = close + 1
        if pos < limit and src[pos] == "(":
            p = self.skip_ws(pos + 1)
            res = parseLinkDestination(src, p, limit)
            if res.ok:
                p = res.pos
            q = self.skip_ws(p)
            if q != p:
                title = parseLinkTitle(src, q, limit)
                if title.ok:
                    q = self.skip_ws(title.pos)
            if q < limit and src[q] == ")":
                self.cur = q + 1
                return
        if pos < limit and src[pos] == "[":
            end = src.find("]", pos + 1, limit)
            if end >= 0 and "[" not in src[pos + 1:end]:  # else a shortcut link
                self.cur = end + 1
                return
        self.cur = pos

    def code_span(self, markup: str) -> tuple[int, int] | None:
        """Source range of the next code span opened by exactly ``markup`` backticks."""
        src, limit, n = self.src, self.limit, len(markup)
        pos, opening = self.cur, -1
        while True:
            i = src.find(markup, pos, limit)
            if i < 0:
                return None
            j = i
            while j < limit and src[j] == "`":
                j += 1
            if j - i == n:  # (a run never starts before the cursor: that was text)
                if opening < 0:
                    opening = i
                else:
                    return opening, j
            pos = j

    # -- token walk -----------------------------------------------------------------------

    def walk(self, tokens) -> None:
        i, n = 0, len(tokens)
        buf = self.buf
        link_stack: list[tuple[int, str]] = []
        while i < n:
            tok = tokens[i]
            t = tok.type
            if t == "text":
                self.text(tok.content)
            elif t == "text_special":
                r = self.locate(tok.markup) if tok.markup else None
                if r is None:
                    self.add(tok.content, self.cur, self.cur)
                else:
                    self.add(tok.content, r[0], r[1])
                    self.cur = r[1]
            elif t in ("softbreak", "hardbreak"):
                nl = self.find("\n")
                if nl < 0:
                    self.add(" ", self.cur, self.cur)
                else:
                    start = nl - 1 if nl > 0 and self.src[nl - 1] == "\r" else nl
                    if t == "hardbreak":
                        start = min(start, self.cur)
                    self.add(" ", start, nl + 1)
                    self.cur = self.skip_prefix(nl + 1)
            elif t == "code_inline":
                r = self.code_span(tok.markup or "`")
                if r is None:
                    self.add(" ", self.cur, self.cur)
                else:
                    self.add(" ", r[0], r[1])
                    self.cur = r[1]
            elif t == "html_inline":
                r = self.locate(tok.content)
                if r is not None:
                    if _BR_TAG.match(tok.content):
                        self.add(" ", r[0], r[1])
                    self.cur = r[1]
            elif t == "link_open":
                href = tok.attrGet("href") or ""
                if tok.markup == "autolink":
                    # <https://...>: the URL is shown as text; keep it but mask it.
                    lt = self.find("<")
                    gt = self.src.find(">", lt + 1, self.limit) if lt >= 0 else -1
                    j = i + 1
                    while j < n and tokens[j].type != "link_close":
                        j += 1
                    if lt >= 0 and gt >= 0:
                        a = buf.n
                        buf.add(self.src[lt + 1:gt], lt + 1, gt)
                        buf.mask(a)
                        buf.link(a, href)
                        self.cur = gt + 1
                    i = j + 1
                    continue
                link_stack.append((buf.n, href))
            elif t == "link_close":
                if link_stack:
                    buf.link(*link_stack.pop())
                self.skip_link_tail()
            elif t == "image":
                bang = self.find("![")
                if bang >= 0:
                    self.cur = bang + 2
                self.walk(tok.children or [])
                self.skip_link_tail()
            # em/strong open/close and anything else: markup only, nothing to add.
            i += 1

    def text(self, content: str) -> None:
        if not content:
            return
        r = self.locate(content)
        if r is None and "|" in content:
            # A table cell's "\|" reaches the inline parser as a bare "|".
            parts = content.split("|")
            for k, part in enumerate(parts):
                if k:
                    r = self.locate("\\|")
                    if r is None:
                        self.add("|", self.cur, self.cur)
                    else:
                        self.add("|", r[0], r[1])
                        self.cur = r[1]
                if part:
                    self.text(part)
            return
        if r is None:
            # Should not happen; keep the words, mapped to where the cursor stands.
            self.add(content, self.cur, self.cur)
            return
        start = r[0]
        if not self.buf.n or self.buf.last in " \t":
            # no leading whitespace in a block, no doubled space after a code span
            stripped = content.lstrip() if not self.buf.n else content.lstrip(" \t")
            start += len(content) - len(stripped)
            content = stripped
        self.add(content, start, r[1])
        self.cur = r[1]


def read(path: str, source: str) -> Document:
    """Read Markdown into prose blocks; code, HTML and front matter are skipped."""
    doc = Document(path=path, source=source, format="markdown")
    fm_end, fm_title = _front_matter(source)
    # A same-length copy of the source for parsing and scanning: front matter blanked
    # (line breaks kept), lone CRs turned into line breaks, NULs into U+FFFD as
    # markdown-it does. Every offset in it is therefore an offset in ``source``.
    scan = source
    if fm_end:
        scan = re.sub(r"[^\r\n]", " ", scan[:fm_end]) + scan[fm_end:]
    if "\r" in scan:
        scan = _LONE_CR.sub("\n", scan)
    if "\0" in scan:
        scan = scan.replace("\0", "\ufffd")
    starts = line_starts(scan)
    nlines = len(starts)

    def offset(line: int) -> int:
        return starts[line] if line < nlines else len(scan)

    tokens = _parser().parse(scan)
    headings: list[tuple[int, str]] = []  # open (level, text) headings
    items: list[list] = []  # open list items: [first paragraph text or None]
    quote_depth = 0
    cell = False
    heading_level = 0
    cursor = 0  # never moves backwards: table cells share a line
    title = None

    for tok in tokens:
        t = tok.type
        if t == "blockquote_open":
            quote_depth += 1
        elif t == "blockquote_close":
            quote_depth -= 1
        elif t == "list_item_open":
            items.append([None])
        elif t == "list_item_close":
            if items:
                items.pop()
        elif t in ("th_open", "td_open"):
            cell = True
        elif t in ("th_close", "td_close"):
            cell = False
        elif t == "heading_open":
            heading_level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        elif t == "heading_close":
            heading_level = 0
        elif t == "inline":
            if heading_level:
                kind = HEADING
            elif cell:
                kind = TABLE_CELL
            elif items:
                kind = LIST_ITEM
            elif quote_depth:
                kind = QUOTE
            else:
                kind = PARAGRAPH
            buf = BlockBuilder()
            if tok.map:
                first, last = tok.map
                start, limit = offset(first), offset(last)
            else:
                start, limit = cursor, len(scan)
            walker = _Inline(scan, buf, max(start, cursor), max(limit, cursor), quote_depth)
            walker.walk(tok.children or [])
            cursor = walker.cur
            block = buf.build(kind, tuple(h for _, h in headings))
            if block is None:
                continue
            if kind == HEADING:
                block.level = heading_level
                while headings and headings[-1][0] >= heading_level:
                    headings.pop()
                block.heading_path = tuple(h for _, h in headings)
                headings.append((heading_level, block.text))
                if heading_level == 1 and title is None:
                    title = block.text
            elif kind == LIST_ITEM:
                block.level = len(items)
                if len(items) > 1:
                    block.lead = items[-2][0]
                if items[-1][0] is None:
                    items[-1][0] = block.text
            doc.blocks.append(block)
        # fence, code_block, html_block, hr, table rows...: nothing to read.

    doc.title = title or fm_title
    return doc
