"""HTML reader: visible prose blocks from an HTML page, mapped exactly back to the source.

Built on the standard library's ``html.parser`` with ``convert_charrefs=False`` so that
every entity and character reference is seen with its own source range. Absolute offsets
come from the parser's ``getpos()`` and a line-start table; text is always taken from the
source at those offsets, never from the parser's strings. Whitespace runs collapse to one
space mapped to the whole run; a decoded reference maps as a unit to ``&amp;``.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from claimcheck.document import (
    CAPTION,
    HEADING,
    LIST_ITEM,
    NAVIGATION,
    PARAGRAPH,
    QUOTE,
    TABLE_CELL,
    TITLE,
    Document,
    line_starts,
)
from claimcheck.readers.builder import BlockBuilder

__all__ = ["read"]

# Elements whose content is never visible prose.
_SKIP = frozenset({
    "script", "style", "noscript", "template", "code", "pre", "svg", "math", "head",
    "textarea", "select", "object", "iframe", "canvas", "audio", "video", "kbd", "samp"})
# Skipped elements not in _BLOCK sit inside a line of text and do not end the block;
# these code-like ones stand as one space so the words around them do not join.
_SKIP_SPACE = frozenset({"code", "kbd", "samp", "math", "textarea", "select"})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen", "frame", "basefont", "isindex"})
# Elements that start and end a run of text (everything else is inline).
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
    "legend", "li", "main", "menu", "nav", "ol", "p", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "button", "label", "option", "pre",
    "head"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# The innermost open element among these decides a block's kind.
_KIND = {"td": TABLE_CELL, "th": TABLE_CELL, "li": LIST_ITEM, "figcaption": CAPTION,
         "caption": CAPTION, "blockquote": QUOTE}
# tag -> (open elements it closes implicitly, elements that stop the search)
_AUTOCLOSE = {
    "li": ({"li"}, {"ul", "ol", "menu", "dir"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "thead": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
}
_WS = re.compile(r"[ \t\n\r\f]+")
_SPACE = " \t\n\r\f"
_REF = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);?")
# "&#" that html.parser cannot read as a character reference: with no ";" later in the
# document it would stop parsing and return the whole rest of the page as text.
_BAD_CHARREF = re.compile(r"&#(?!(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F])")
_TAG_NAME = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*")
_ATTR = re.compile(  # html.parser's attrfind_tolerant; group 3 is the raw value
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?"
    r"(?:\s|/(?!>))*")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _add_raw(buf: BlockBuilder, source: str, start: int, end: int) -> None:
    """Append source[start:end] (text that may hold references), collapsing whitespace."""
    pos = start
    while pos < end:
        ws = _WS.search(source, pos, end)
        ws_at = ws.start() if ws else end
        ref = source.find("&", pos, ws_at)
        stop = ws_at if ref < 0 else ref
        if stop > pos:
            buf.add(source[pos:stop], pos, stop)
            pos = stop
        elif ws_at == pos:
            buf.space(pos, ws.end())
            pos = ws.end()
        else:
            m = _REF.match(source, pos, end)
            if not m:
                buf.add("&", pos, pos + 1)
                pos += 1
                continue
            raw = m.group()
            decoded = unescape(raw) if raw.endswith(";") else unescape(raw + ";")
            if not raw.endswith(";") and decoded.endswith(";"):
                decoded = unescape(raw)
            if decoded and decoded.strip(_SPACE) == "":
                buf.space(m.start(), m.end())  # &#10; and the like are whitespace
            else:
                buf.add(decoded, m.start(), m.end())
            pos = m.end()


class _Reader(HTMLParser):
    def __init__(self, doc: Document):
        super().__init__(convert_charrefs=False)
        self.doc = doc
        self.src = doc.source
        self.starts = line_starts(self.src)
        self.stack: list[str] = []  # open (non-skipped) elements
        self.items: list[list] = []  # open <li>: [its first block's text or None]
        self.headings: list[tuple[int, str]] = []
        self.buf: BlockBuilder | None = None
        self.buf_kind: tuple = ()  # build() arguments for self.buf: kind, path, level, lead
        self.skip: list[str] = []  # open elements inside a skipped one, outermost first
        self.skip_start = -1  # source offset of an inline code-like element being skipped
        self.links: list[list] = []  # open <a>: [href or None, BlockBuilder or None, text start]
        self.title_buf: BlockBuilder | None = None  # inside <title>
        self.title: str | None = None

    def _abs(self) -> int:
        """Absolute source offset of the construct being handled."""
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def _path(self) -> tuple[str, ...]:
        return tuple(h for _, h in self.headings)

    # -- blocks ---------------------------------------------------------------------------

    def flush(self) -> None:
        buf, self.buf = self.buf, None
        if buf is None:
            return
        for link in self.links:  # a link still open goes on in the next block
            if link[1] is buf:
                if link[0] is not None:
                    buf.link(link[2], link[0])
                link[1] = None
        block = buf.build(*self.buf_kind)
        if block is None:
            return
        if block.kind == HEADING:
            while self.headings and self.headings[-1][0] >= block.level:
                self.headings.pop()
            block.heading_path = self._path()
            self.headings.append((block.level, block.text))
            if block.level == 1 and self.doc.title is None:
                self.doc.title = block.text
        elif block.kind == LIST_ITEM and self.items and self.items[-1][0] is None:
            self.items[-1][0] = block.text
        self.doc.blocks.append(block)

    def current(self) -> BlockBuilder:
        if self.buf is None:
            kind, level, lead = PARAGRAPH, 0, None
            if "nav" in self.stack:
                kind = NAVIGATION  # menu entries, whatever elements hold them
            else:
                for tag in reversed(self.stack):
                    if tag in _HEADINGS:
                        kind, level = HEADING, _HEADINGS[tag]
                        break
                    if tag in _KIND:
                        kind = _KIND[tag]
                        break
                if kind == LIST_ITEM and self.items:
                    level = len(self.items)
                    if level > 1:
                        lead = self.items[-2][0]
            self.buf = BlockBuilder()
            self.buf_kind = (kind, self._path(), level, lead)
            for link in self.links:
                if link[1] is None:
                    link[1], link[2] = self.buf, 0
        return self.buf

    def add_text(self, start: int, end: int) -> None:
        if self.buf is None and not self.src[start:end].strip(_SPACE):
            return  # whitespace between elements
        _add_raw(self.current(), self.src, start, end)

    # -- element stack --------------------------------------------------------------------

    def close_to(self, index: int) -> None:
        """Pop the open elements down to (excluding) ``index``."""
        while len(self.stack) > index:
            tag = self.stack.pop()
            if tag == "li" and self.items:
                self.items.pop()
            elif tag == "a" and self.links:
                href, buf, start = self.links.pop()
                if href is not None and buf is not None:
                    buf.link(start, href)

    # -- parser callbacks -----------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def _start(self, tag: str, attrs) -> None:
        if self.skip:
            if tag == "body" and self.skip[0] == "head":
                self.skip.clear()  # </head> was left out
            elif tag == "title" and self.skip == ["head"]:
                self.title_buf = BlockBuilder()
                return
            elif tag == "meta" and self.skip == ["head"]:
                self._meta_description(attrs)
                return
            else:
                if tag not in _VOID:
                    self.skip.append(tag)
                return
        if tag == "title":
            self.title_buf = BlockBuilder()
            return
        if tag == "meta":
            self._meta_description(attrs)
            return
        attrd = dict(attrs)
        hidden = "hidden" in attrd or _HIDDEN_STYLE.search(attrd.get("style") or "")
        if tag in _SKIP or hidden:
            if tag in _BLOCK:
                self.flush()
            elif tag in _SKIP_SPACE and self.buf is not None:
                self.skip_start = self._abs()
            if tag not in _VOID:
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
                if stack[i] == "p" or stack[i] in _HEADINGS:
                    self.close_to(i)  # a block start closes an open <p> or heading
                    break
                if stack[i] in _BLOCK:
                    break
        if tag == "br":
            if self.buf is not None:
                start = self._abs()
                raw = self.get_starttag_text() or "<br>"
                self.buf.space(start, start + len(raw))
            return
        if tag == "img":
            self._alt(self.get_starttag_text() or "")
            return
        if tag in _VOID:
            return
        stack.append(tag)
        if tag == "li":
            self.items.append([None])
        elif tag == "a":
            buf = self.buf
            self.links.append([attrd.get("href"), buf, buf.n if buf else 0])

    def _alt(self, raw: str) -> None:
        """An <img alt> becomes its own CAPTION block mapped to the attribute value."""
        self._attribute_block(raw, "alt", CAPTION)

    def _meta_description(self, attrs) -> None:
        """<meta name="description"> is the page's search snippet: a TITLE block."""
        if any(k == "name" and (v or "").strip().lower() == "description" for k, v in attrs):
            self._attribute_block(self.get_starttag_text() or "", "content", TITLE)

    def _attribute_block(self, raw: str, attribute: str, kind: str) -> None:
        """A block of ``kind`` mapped to the value of ``attribute`` in the start tag ``raw``."""
        name = _TAG_NAME.match(raw)
        if not name:
            return
        base = self._abs()
        for m in _ATTR.finditer(raw, name.end()):
            if m.group(1).lower() != attribute or m.group(3) is None:
                continue
            v0, v1 = m.span(3)
            if v1 > v0 and raw[v0] in "\"'":
                v0, v1 = v0 + 1, v1 - 1
            buf = BlockBuilder()
            _add_raw(buf, self.src, base + v0, base + v1)
            block = buf.build(kind, self._path())
            if block is not None:
                self.doc.blocks.append(block)
            return

    def handle_endtag(self, tag):
        if self.skip:
            if tag == "title" and self.title_buf is not None:
                self._end_title()
            elif tag == "head" and self.skip[0] == "head":
                self.skip.clear()
            elif tag in self.skip:
                del self.skip[len(self.skip) - 1 - self.skip[::-1].index(tag):]
                if not self.skip and self.skip_start >= 0:
                    # An inline code span stands as one space, mapped to the whole element.
                    pos = self._abs()
                    end = self.src.find(">", pos)
                    end = len(self.src) if end < 0 else end + 1
                    if self.buf is not None:
                        self.buf.space(self.skip_start, end)
            if not self.skip:
                self.skip_start = -1
            return
        if tag == "title":
            self._end_title()
            return
        if tag in _VOID:
            if tag == "br" and self.buf is not None:  # browsers read </br> as <br>
                start = self._abs()
                self.buf.space(start, start + len("</br>"))
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
            return  # a stray inline end tag inside a later block: ignore it
        self.close_to(i)

    def _end_title(self) -> None:
        """The first <title> is the page title (unless an <h1> comes first) and a TITLE block."""
        buf, self.title_buf = self.title_buf, None
        block = buf.build(TITLE, ()) if buf is not None else None
        if block is not None and self.title is None:
            self.title = block.text
            self.doc.blocks.append(block)

    def handle_data(self, data):
        start = self._abs()
        end = start + len(data)
        if self.title_buf is not None:
            _add_raw(self.title_buf, self.src, start, end)  # <title> holds text only
            return
        if self.skip or not data:
            return
        if data[0] == "<" and len(data) > 1 and (data[1].isalpha() or data[1] in "/!?"):
            return  # an unterminated tag at the end of the page
        if not data.strip(_SPACE) and self.src[start:end].strip(_SPACE):
            return  # an unterminated comment, blanked out in the parsed copy
        self.add_text(start, end)

    def _ref(self, raw_len: int) -> None:
        start = self._abs()
        end = start + raw_len
        if self.src.startswith(";", end):
            end += 1
        if self.title_buf is not None:
            _add_raw(self.title_buf, self.src, start, end)
        elif not self.skip:
            self.add_text(start, end)

    def handle_entityref(self, name):
        self._ref(1 + len(name))

    def handle_charref(self, name):
        self._ref(2 + len(name))

    # Comments, declarations and processing instructions are ignored (the defaults).


def read(path: str, source: str) -> Document:
    """Read an HTML page into visible prose blocks.

    The title is the first <h1>, else the <title> element.
    """
    doc = Document(path=path, source=source, format="html")
    reader = _Reader(doc)
    # The parser reads a same-length copy; all text is taken from ``source`` by offset.
    parsed = _BAD_CHARREF.sub("\x01#", source) if "&#" in source else source
    last_close = parsed.rfind("-->")
    open_comment = parsed.find("<!--", last_close + 3 if last_close >= 0 else 0)
    if open_comment >= 0:
        # An unterminated comment runs to the end (as in browsers); html.parser would
        # return it as text. Blank it out, keeping line breaks.
        parsed = parsed[:open_comment] + re.sub(r"[^\n]", " ", parsed[open_comment:])
    try:
        reader.feed(parsed)
        reader.close()
    except Exception:  # pragma: no cover - html.parser is tolerant; never fail a lint
        pass
    reader.flush()
    reader._end_title()
    if doc.title is None:
        doc.title = reader.title
    # An <img alt> caption is emitted before the paragraph around it ends: restore
    # source order (the sort is stable).
    doc.blocks.sort(key=lambda b: b.start)
    return doc
