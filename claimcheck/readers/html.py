"""HTML reader: visible prose blocks from an HTML page, mapped exactly back to the source.

Built on the standard library's ``html.parser`` with ``convert_charrefs=False`` so that
every entity and character reference is seen with its own source range. Absolute offsets
come from the parser's ``getpos()`` and a line-start table. Whitespace runs collapse to
one space mapped to the whole run; a decoded reference maps as a unit to ``&amp;``.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from claimcheck.document import (
    CAPTION, HEADING, LIST_ITEM, PARAGRAPH, QUOTE, TABLE_CELL, Block, Document)

__all__ = ["read"]

# Elements whose content is never visible prose.
_SKIP = frozenset({
    "script", "style", "noscript", "template", "code", "pre", "svg", "math", "head",
    "textarea", "select", "object", "iframe", "canvas", "audio", "video", "kbd", "samp"})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen", "frame", "basefont", "isindex"})
# Elements that start and end a block of text (everything else is inline).
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
    "legend", "li", "main", "menu", "nav", "ol", "p", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "button", "label", "option"}) | _SKIP
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Innermost of these decides a block's kind.
_KIND = {"td": TABLE_CELL, "th": TABLE_CELL, "li": LIST_ITEM, "figcaption": CAPTION,
         "caption": CAPTION, "blockquote": QUOTE}
# An open element of the key closes implicitly when one of the value opens.
_AUTOCLOSE = {
    "li": ({"li"}, {"ul", "ol", "menu", "dir"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "option": ({"option"}, {"select", "datalist"}),
    "thead": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
}
_WS = re.compile(r"[ \t\n\r\f]+")
_REF = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);?")
_TAG_NAME = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*")
_ATTR = re.compile(  # as html.parser's attrfind_tolerant; group 3 is the raw value
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"‘’“”]"
                  r"|[\w.+-]+@[\w-]+\.[\w.-]+\w")


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def _add_raw(block: Block, source: str, start: int, end: int) -> None:
    """Append source[start:end] (text with references) collapsing whitespace runs."""
    pos = start
    while pos < end:
        ws = _WS.search(source, pos, end)
        ref = source.find("&", pos, end)
        stop = min(ws.start() if ws else end, ref if ref >= 0 else end)
        if stop > pos:
            block.add(source[pos:stop], pos, stop)
            pos = stop
            continue
        if ws and ws.start() == pos:
            if block.text and not block.text[-1].isspace():
                block.add(" ", pos, ws.end())
            pos = ws.end()
            continue
        m = _REF.match(source, pos, end)
        if m:
            raw = m.group()
            decoded = unescape(raw if raw.endswith(";") else raw + ";")
            if decoded.endswith(";") and not raw.endswith(";"):
                decoded = unescape(raw)
            if decoded == raw:
                block.add(raw, m.start(), m.end())
            elif decoded:
                if decoded.isspace() and decoded not in ("\u00a0",):
                    if block.text and not block.text[-1].isspace():
                        block.add(" ", m.start(), m.end())
                else:
                    block.add(decoded, m.start(), m.end())
            pos = m.end()
        else:
            block.add("&", pos, pos + 1)
            pos += 1


def _trim_range(text: str, start: int, end: int, url: str) -> tuple[int, int, str]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end, url


def _finish(block: Block) -> bool:
    """Strip trailing whitespace, clamp ranges, mask bare URLs; False if empty."""
    while block.pieces and block.text[block.pieces[-1][0]:].isspace():
        t0 = block.pieces.pop()[0]
        block.text = block.text[:t0]
    if not block.text:
        return False
    n = len(block.text)
    block.links = [(a, min(b, n), u) for a, b, u in block.links if a < min(b, n)]
    block.links = list(dict.fromkeys(block.links))
    for m in _URL.finditer(block.text):
        a, b = m.span()
        block.masked.append((a, b))
        if not any(x < b and a < y for x, y, _ in block.links):
            block.links.append((a, b, m.group()))
    block.links.sort()
    return True


class _Reader(HTMLParser):
    def __init__(self, doc: Document):
        super().__init__(convert_charrefs=False)
        self.doc = doc
        self.src = doc.source
        self.starts = _line_starts(self.src)
        self.stack: list[str] = []  # open elements
        self.items: list[list] = []  # open <li>: [first text or None, depth in stack]
        self.headings: list[tuple[int, str]] = []
        self.block: Block | None = None
        self.skip: list[str] = []  # open skipped elements (names), innermost last
        self.skip_depth = 0  # len(stack) when the outermost skipped element opened
        self.links: list[list] = []  # open <a>: [href, block, text start]
        self.title_parts: list[str] | None = None
        self.title: str | None = None

    # -- positions ------------------------------------------------------------------------

    def _abs(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    # -- blocks ---------------------------------------------------------------------------

    def flush(self) -> None:
        block, self.block = self.block, None
        if block is None:
            return
        # A link still open continues into the next block from its start.
        for link in self.links:
            if link[1] is block:
                if link[0] is not None and len(block.text) > link[2]:
                    block.links.append(_trim_range(block.text, link[2], len(block.text), link[0]))
                link[1] = None
        if not _finish(block):
            return
        if block.kind == HEADING:
            while self.headings and self.headings[-1][0] >= block.level:
                self.headings.pop()
            block.heading_path = tuple(h for _, h in self.headings)
            self.headings.append((block.level, block.text))
            if block.level == 1 and self.doc.title is None:
                self.doc.title = block.text
        elif block.kind == LIST_ITEM and self.items and self.items[-1][0] is None:
            self.items[-1][0] = block.text
        self.doc.blocks.append(block)

    def current(self) -> Block:
        if self.block is None:
            kind, level = PARAGRAPH, 0
            for tag in reversed(self.stack):
                if tag in _HEADINGS:
                    kind, level = HEADING, _HEADINGS[tag]
                    break
                if tag in _KIND:
                    kind = _KIND[tag]
                    break
            block = Block(kind, heading_path=tuple(h for _, h in self.headings), level=level)
            if kind == LIST_ITEM and self.items:
                block.level = len(self.items)
                if len(self.items) > 1:
                    block.lead = self.items[-2][0]
            self.block = block
            for link in self.links:
                if link[1] is None:
                    link[1], link[2] = block, 0
        return self.block

    def add_text(self, start: int, end: int) -> None:
        if self.block is None and not self.src[start:end].strip(" \t\n\r\f"):
            return  # inter-element whitespace
        _add_raw(self.current(), self.src, start, end)

    # -- element stack --------------------------------------------------------------------

    def open(self, tag: str) -> None:
        self.stack.append(tag)
        if tag == "li":
            self.items.append([None, len(self.stack)])

    def close_to(self, index: int) -> None:
        """Pop the stack down to (excluding) ``index``."""
        while len(self.stack) > index:
            tag = self.stack.pop()
            if tag == "li" and self.items:
                self.items.pop()
            if tag == "a" and self.links:
                self._end_link()

    def _end_link(self) -> None:
        href, block, start = self.links.pop()
        if href is not None and block is not None and block is self.block:
            block.links.append(_trim_range(block.text, start, len(block.text), href))

    # -- parser callbacks -----------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, self.get_starttag_text() or "")

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, self.get_starttag_text() or "")
        if tag not in _VOID:
            self.handle_endtag(tag)

    def _start(self, tag: str, attrs, raw: str) -> None:
        if self.skip:
            if tag == "body" and self.skip[0] == "head":
                self.skip.clear()  # </head> was left out
            elif tag == "title" and self.skip == ["head"]:
                self.title_parts = []
                return
            else:
                if tag not in _VOID:
                    self.skip.append(tag)
                return
        if tag == "title":
            self.title_parts = []
            return
        attrd = dict(attrs)
        if "hidden" in attrd or _HIDDEN_STYLE.search(attrd.get("style") or ""):
            if tag in _BLOCK:
                self.flush()
            if tag not in _VOID:
                self.skip.append(tag)
            return
        if tag in _SKIP:
            self.flush()
            self.skip.append(tag)
            return
        stack = self.stack
        if tag in _AUTOCLOSE:
            closes, scope = _AUTOCLOSE[tag]
            for i in range(len(stack) - 1, -1, -1):
                if stack[i] in closes:
                    self.flush()
                    self.close_to(i)
                    break
                if stack[i] in scope:
                    break
        if tag in _BLOCK:
            self.flush()
            for i in range(len(stack) - 1, -1, -1):
                if stack[i] == "p":
                    self.close_to(i)  # a block start closes an open <p>
                    break
                if stack[i] in _BLOCK:
                    break
        if tag == "br":
            block = self.block
            if block is not None and block.text and not block.text[-1].isspace():
                start = self._abs()
                block.add(" ", start, start + len(raw))
            return
        if tag == "img":
            if raw:
                self._alt(raw)
            return
        if tag in _VOID:
            return
        self.open(tag)
        if tag == "a":
            block = self.block
            self.links.append([attrd.get("href"), block, len(block.text) if block else 0])

    def _alt(self, raw: str) -> None:
        """An <img alt> becomes its own CAPTION block mapped to the attribute value."""
        base = self._abs()
        name = _TAG_NAME.match(raw)
        for m in _ATTR.finditer(raw, name.end() if name else 1):
            if m.group(1).lower() != "alt" or m.group(3) is None:
                continue
            v0, v1 = m.span(3)
            if v1 > v0 and raw[v0] in "\"'":
                v0, v1 = v0 + 1, v1 - 1
            block = Block(CAPTION, heading_path=tuple(h for _, h in self.headings))
            _add_raw(block, self.src, base + v0, base + v1)
            if _finish(block):
                self.doc.blocks.append(block)
            return

    def handle_endtag(self, tag):
        if self.skip:
            if tag == "title" and self.title_parts is not None:
                self._end_title()
            elif tag == "head" and self.skip[0] == "head":
                self.skip.clear()
            elif tag in self.skip:
                del self.skip[len(self.skip) - 1 - self.skip[::-1].index(tag):]
            return
        if tag == "title":
            self._end_title()
            return
        if tag in _VOID:
            if tag == "br":  # browsers read </br> as <br>
                self._start("br", [], "</br>")
            return
        stack = self.stack
        if tag not in stack:
            if tag in _BLOCK:
                self.flush()  # a stray block end still ends the text run
            return
        i = len(stack) - 1 - stack[::-1].index(tag)
        if tag in _BLOCK:
            self.flush()
        elif any(t in _BLOCK for t in stack[i + 1:]):
            return  # a stray inline end inside a later block: ignore it
        self.close_to(i)

    def _end_title(self) -> None:
        if self.title_parts is not None:
            text = " ".join("".join(self.title_parts).split())
            if text and self.title is None:
                self.title = text
            self.title_parts = None

    def handle_data(self, data):
        if self.title_parts is not None:
            self.title_parts.append(data)
            return
        if self.skip or not data:
            return
        start = self._abs()
        self.add_text(start, start + len(data))

    def _ref(self, raw_len: int, text: str) -> None:
        if self.title_parts is not None:
            self.title_parts.append(text)
            return
        if self.skip:
            return
        start = self._abs()
        end = start + raw_len
        if end < len(self.src) and self.src[end] == ";":
            end += 1
        self.add_text(start, end)

    def handle_entityref(self, name):
        self._ref(1 + len(name), unescape(f"&{name};"))

    def handle_charref(self, name):
        self._ref(2 + len(name), unescape(f"&#{name};"))

    # comments, declarations, processing instructions: ignored by default.

    def finish(self) -> None:
        self.flush()
        self._end_title()


def read(path: str, source: str) -> Document:
    """Read an HTML page into visible prose blocks; the <title> becomes the title."""
    doc = Document(path=path, source=source, format="html")
    reader = _Reader(doc)
    try:
        reader.feed(source)
        reader.close()
    except Exception:  # pragma: no cover - html.parser is tolerant; never fail a lint
        pass
    reader.finish()
    if doc.title is None:
        doc.title = reader.title
    # An <img alt> caption is emitted before the paragraph around it ends: restore
    # source order (the sort is stable).
    doc.blocks.sort(key=lambda b: b.start)
    return doc
