"""Inline suppression comments: ``claimcheck-disable`` and friends, parsed and applied to findings.

Grammar (docs/suppressions.md is the user-facing version)::

    directive  = "claimcheck-" kind [":"] selectors [reason]
    kind       = "disable" | "enable" | "disable-next-line" | "disable-line" | "disable-file"
    selectors  = selector *( ("," | whitespace) selector )    ; none: every rule
    selector   = 1*(any character but whitespace and ",")      ; category, rule id, id prefix, "all"
    reason     = "--" text                                      ; "--" after whitespace (or first)

The keyword is case-insensitive; selectors are matched exactly as ``--select`` matches
them (a category, a rule id, a leading part of an id such as ``absolute/``, or ``all``).

Where a directive may stand:

- Markdown and HTML: an HTML comment whose text starts with the directive,
  ``<!-- claimcheck-disable absolute/permanent -- approved by legal -->``, anywhere
  (own line or trailing) and possibly spanning lines. In Markdown a comment must be
  real HTML to Markdown: comments in fenced or indented code blocks, in code spans or
  after a backslash are quoted syntax, not directives. In HTML, ``<script>``,
  ``<style>``, ``<textarea>`` and ``<title>`` hold text, not comments.
- Plain text: the same HTML comment form anywhere, or the directive as the rest of a
  line, either at the start of the line (after optional indentation and an optional
  ``#``/``##``… or ``//`` marker) or after whitespace and a ``#`` or ``//`` marker
  (trailing: ``Results are permanent. # claimcheck-disable-line absolute/permanent``).

What a directive covers (a span finding is judged at its start):

- ``disable``: from the end of the directive to the start of the next ``enable`` that
  matches the finding (an ``enable`` without selectors matches every finding), else to
  the end of the file. ``enable`` only ends ``disable`` regions; regions may nest and
  overlap, and a finding is covered when any matching ``disable`` before it has not
  been ended by a matching ``enable`` since.
- ``disable-next-line``: the first line after the directive's last line that holds
  something besides whitespace, HTML comments and directives (so blank lines, comments
  and stacked directives are skipped).
- ``disable-line``: every line the directive is on (a trailing comment's line).
- ``disable-file``: the whole file, wherever it stands.
- Document-scope findings (a missing statement, reported at 1:1) are covered only by
  ``disable-file`` and by a ``disable`` region still open at the end of the file.

Line numbers count ``\\n`` only, as ``Document.line_col`` does (CRLF is one break), and
columns count characters, so positions agree with findings. Problems (unknown
``claimcheck-`` words, a missing hyphen, unterminated comments, directives that can
never apply) are collected, never raised. A file without the word ``claimcheck`` costs
one lower-casing and one substring test.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from claimcheck.findings import Finding
from claimcheck.ruleset import selector_matches

__all__ = ["KINDS", "Directive", "Problem", "Selector", "Suppressions", "UnusedSuppression",
           "parse_suppressions"]

DISABLE, ENABLE, NEXT_LINE, SAME_LINE, FILE = (
    "disable", "enable", "disable-next-line", "disable-line", "disable-file")
KINDS = (DISABLE, ENABLE, NEXT_LINE, SAME_LINE, FILE)
UNUSED_RULE = "suppression/unused"

# An HTML comment (HTML5: "<!-->" and "<!--->" are empty comments; "--!>" also closes).
_HTML = re.compile(
    r"<!--(?:-?>|(?P<body>.*?)(?P<close>--!?>|\Z))"
    r"|<(?P<raw>script|style|textarea|title)(?=[\s/>])[^>]*>.*?(?:</(?P=raw)\s*>|\Z)",
    re.S | re.I)
# A CommonMark comment: "-->" is the only terminator.
_MD = re.compile(r"<!--(?:-?>|(?P<body>.*?)(?P<close>-->|\Z))", re.S)
# Text: an HTML comment anywhere, or a directive filling the rest of a line, either from
# the line's start (after an optional marker) or after whitespace and a marker.
_TEXT_COMMENT = re.compile(r"<!--(?:-?>|(?P<body>.*?)(?P<close>--!?>|\Z))", re.S)
_LINE_LEAD = re.compile(r"[ \t]*(?:(?:#+|//)[ \t]*)?")
_TRAILING_LEAD = re.compile(r"[ \t](?:#+|//)[ \t]*$")
_WORD = re.compile("claimcheck", re.I)
# A fence opening line, possibly inside block quotes or list items.
_FENCE = re.compile(r"^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*(?:`{3,}|~{3,})", re.M)
_HEAD = re.compile(r"\s*(claimcheck(-[\w-]*)?)(?:\s*:)?", re.I)
_NO_HYPHEN = re.compile(r"[\s:_]*(?:disable|enable)", re.I)
_REASON = re.compile(r"(?:^|(?<=\s))--")
_SELECTOR = re.compile(r"[^\s,]+")
_INLINE = re.compile(r"\\[\s\S]|`+|<!--")
_TICKS = re.compile(r"`+")
_LONE_CR = re.compile(r"\r(?!\n)")

_md_parser = None


@dataclass(frozen=True)
class Selector:
    """One selector as written in a directive, with its position (1-based line and column)."""

    text: str
    line: int
    column: int
    start: int
    end: int

    def matches(self, rule_id: str, category: str) -> bool:
        return selector_matches(self.text, rule_id, category)


@dataclass(eq=False)
class Directive:
    """One suppression directive: its kind, selectors (none: every rule), reason and place.

    ``text`` is the directive as written (the whole comment, or from the ``#``/``//``
    marker to the end of the line); ``start``/``end`` are its source offsets and
    ``line``…``end_column`` their positions (end exclusive, as in findings).
    ``lines`` is the range of lines a ``disable-line`` or ``disable-next-line`` covers
    (first, last), or None.
    """

    kind: str
    selectors: tuple[Selector, ...]
    reason: str | None
    text: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    index: int = 0
    lines: tuple[int, int] | None = None

    @property
    def keyword(self) -> str:
        return f"claimcheck-{self.kind}"

    def match(self, rule_id: str, category: str) -> tuple[int, ...] | None:
        """Indices of the selectors covering a rule ((-1,) when there are none), or None."""
        if not self.selectors:
            return (-1,)
        hit = tuple(i for i, s in enumerate(self.selectors) if s.matches(rule_id, category))
        return hit or None


@dataclass(frozen=True)
class Problem:
    """A malformed or useless directive, for a warning line ``path:line:column: message``."""

    message: str
    line: int
    column: int
    start: int
    end: int
    text: str

    def format(self, path: str) -> str:
        return f"{path}:{self.line}:{self.column}: {self.message}"

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class UnusedSuppression:
    """A directive, or some of its selectors, that suppressed no finding.

    ``selectors`` are the unused ones (empty when the directive has none and so covers
    every rule); ``whole`` says the directive as a whole did nothing and can go.
    """

    directive: Directive
    selectors: tuple[Selector, ...]
    whole: bool

    @property
    def line(self) -> int:
        return self.directive.line if self.whole else self.selectors[0].line

    @property
    def column(self) -> int:
        return self.directive.column if self.whole else self.selectors[0].column

    @property
    def text(self) -> str:
        return self.directive.text

    @property
    def message(self) -> str:
        d = self.directive
        if not self.selectors:
            return f"unused suppression: {d.keyword} (all rules) suppresses no finding"
        names = ", ".join(f"'{s.text}'" for s in self.selectors)
        if self.whole:
            return f"unused suppression: {d.keyword} {names} suppresses no finding"
        return f"unused selector{'s' if len(self.selectors) > 1 else ''} {names} in " \
               f"{d.keyword}: no finding suppressed"


class Suppressions:
    """The directives of one source text; decides which findings they suppress.

    Call ``is_suppressed`` for every finding of the file (or ``filter`` them); only then
    does ``unused`` know which directives did something.
    """

    def __init__(self, source: str, directives: list[Directive], problems: list[Problem]):
        self.source = source
        self.directives = directives
        self.problems = problems
        self.spans = [(d.start, d.end) for d in directives]  # in source order
        self._events = [d for d in directives if d.kind in (DISABLE, ENABLE)]
        self._files = [d for d in directives if d.kind == FILE]
        self._by_line: dict[int, list[Directive]] = {}
        for d in directives:
            if d.lines is not None:
                for line in range(d.lines[0], d.lines[1] + 1):
                    self._by_line.setdefault(line, []).append(d)
        self._used: set[tuple[int, int]] = set()  # (directive index, selector index or -1)
        self._starts: list[int] | None = None

    def __bool__(self) -> bool:
        return bool(self.directives)

    def __repr__(self) -> str:
        return f"<Suppressions {len(self.directives)} directives, {len(self.problems)} problems>"

    # -- applying ------------------------------------------------------------------------

    def is_suppressed(self, finding: Finding) -> bool:
        """Whether a directive covers the finding; records the directives that do."""
        if not self.directives:
            return False
        rule, category = finding.rule, finding.category
        hits: list[tuple[Directive, tuple[int, ...]]] = []
        if finding.scope == "document":
            pos = None
        else:
            pos = finding.start
            if self._inside_directive(pos):
                return True  # a plain-text directive read as prose: never a claim
            for d in self._by_line.get(finding.line, ()):
                m = d.match(rule, category)
                if m is not None:
                    hits.append((d, m))
        open_: list[tuple[Directive, tuple[int, ...]]] = []
        for d in self._events:
            if pos is not None and d.end > pos:
                break
            m = d.match(rule, category)
            if m is None:
                continue
            if d.kind == DISABLE:
                open_.append((d, m))
            else:
                open_.clear()
        hits.extend(open_)
        for d in self._files:
            m = d.match(rule, category)
            if m is not None:
                hits.append((d, m))
        for d, m in hits:
            for i in m:
                self._used.add((d.index, i))
        return bool(hits)

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings no directive suppresses (every finding is judged, for ``unused``)."""
        return [f for f in findings if not self.is_suppressed(f)]

    def _inside_directive(self, pos: int) -> bool:
        i = bisect_right(self.spans, (pos, float("inf"))) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]

    # -- reporting -----------------------------------------------------------------------

    def selectors(self) -> list[tuple[Directive, Selector]]:
        """Every selector of every directive (enable included), in source order."""
        return [(d, s) for d in self.directives for s in d.selectors]

    def unknown_selectors(self, rules: Iterable) -> list[Problem]:
        """Selectors that match none of ``rules`` (objects with ``id`` and ``category``).

        Pass every loaded rule, not only the selected ones, so that a directive for a
        rule this run does not select is not called unknown.
        """
        known = [(r.id, r.category) for r in rules]
        out = []
        for d, s in self.selectors():
            if any(s.matches(rid, cat) for rid, cat in known):
                continue
            names = {rid for rid, _ in known} | {cat for _, cat in known}
            from difflib import get_close_matches

            close = get_close_matches(s.text.rstrip("/"), sorted(names), n=1, cutoff=0.75)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            out.append(Problem(f"unknown rule or category '{s.text}' in {d.keyword}{hint}",
                               s.line, s.column, s.start, s.end, d.text))
        return out

    def unused(self, rules: Iterable | None = None) -> list[UnusedSuppression]:
        """``disable*`` directives (or selectors) that suppressed nothing, in source order.

        With ``rules`` (the rules this run checked, objects with ``id`` and
        ``category``), a selector matching none of them is left out: it could not have
        been used (``unknown_selectors`` reports the unknown ones). ``enable`` is never
        unused.
        """
        active = None if rules is None else [(r.id, r.category) for r in rules]
        out = []
        for d in self.directives:
            if d.kind == ENABLE:
                continue
            if not d.selectors:
                if (d.index, -1) not in self._used and (active is None or active):
                    out.append(UnusedSuppression(d, (), True))
                continue
            idle = tuple(s for i, s in enumerate(d.selectors)
                         if (d.index, i) not in self._used and
                         (active is None or any(s.matches(rid, cat) for rid, cat in active)))
            if idle:
                out.append(UnusedSuppression(d, idle, len(idle) == len(d.selectors)))
        return out

    def unused_findings(self, path: str, *, rules: Iterable | None = None,
                        rule: str = UNUSED_RULE, category: str = "regulatory",
                        severity: str = "warning") -> list[Finding]:
        """``unused()`` as findings (rule ``suppression/unused``) for reporters.

        The category defaults to one in the JSON contract's fixed set; pass
        another if the taxonomy gains one.
        """
        out = []
        for u in self.unused(rules):
            d = u.directive
            if u.whole:
                start, end, match = d.start, d.end, d.text
                line, col, end_line, end_col = d.line, d.column, d.end_line, d.end_column
                advice = "Remove the directive: nothing it covers is flagged any more."
            else:
                first, last = u.selectors[0], u.selectors[-1]
                start, end = first.start, last.end
                match = self.source[start:end]
                line, col = first.line, first.column
                if self._starts is None:
                    self._starts = _starts(self.source)
                end_line, end_col = _line_col(self.source, self._starts, end)
                advice = "Remove " + ", ".join(f"'{s.text}'" for s in u.selectors) + \
                    f" from the {d.keyword} directive."
            out.append(Finding(
                path=path, rule=rule, category=category, severity=severity,
                message=u.message, match=match, line=line, column=col, end_line=end_line,
                end_column=end_col, start=start, end=end, scope="span",
                suggestions=[{"advice": advice}], source="claimcheck inline suppressions",
                why="A suppression that silences nothing would hide a claim added there "
                    "later without review."))
        return out


# -- parsing -------------------------------------------------------------------------------

def parse_suppressions(source: str, fmt: str) -> Suppressions:
    """The directives in ``source`` (a decoded, BOM-stripped text) of format ``fmt``.

    ``fmt`` is "markdown", "html" or "text" (``readers.format_for``'s names).
    """
    if fmt not in ("markdown", "html", "text"):
        raise ValueError(f"unknown format {fmt!r}")
    low = source.lower()
    if "claimcheck" not in low:  # the fast path: no regex, no parse
        return Suppressions(source, [], [])
    parser = _Parser(source)
    if fmt == "html":
        for m in _HTML.finditer(source):
            if m.group("raw") is None:
                parser.comment(m)
    elif fmt == "markdown":
        parser.markdown()
    else:
        parser.text(low)
    return parser.finish()


def _starts(source: str) -> list[int]:
    """Offsets at which lines start (after each "\\n"), as ``document.line_starts``."""
    return [0, *accumulate(len(line) + 1 for line in source.split("\n")[:-1])]


def _line_col(source: str, starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


class _Parser:
    def __init__(self, source: str):
        self.src = source
        self.starts = _starts(source)
        self.directives: list[Directive] = []
        self.problems: list[Problem] = []
        self.quiet: list[tuple[int, int]] = []  # comments and directives: not content

    def pos(self, offset: int) -> tuple[int, int]:
        return _line_col(self.src, self.starts, offset)

    def problem(self, message: str, start: int, end: int) -> None:
        line, col = self.pos(start)
        self.problems.append(Problem(message, line, col, start, end, self.src[start:end]))

    def comment(self, m: re.Match) -> None:
        self.quiet.append((m.start(), m.end()))
        body = m.group("body")
        if body is None or not _HEAD.match(body):
            return
        if not m.group("close"):
            self.problem("unterminated directive comment: add '-->'", m.start(), m.end())
            return
        self.directive(m.start(), m.end(), m.start("body"), m.end("body"))

    def directive(self, start: int, end: int, body_start: int, body_end: int,
                  bare: bool = False) -> None:
        """Parse ``src[body_start:body_end]`` (starting with "claimcheck") as a directive."""
        src = self.src
        head = _HEAD.match(src, body_start, body_end)
        if head is None:
            return
        word = head.group(1)
        if head.group(2) is None:  # "claimcheck" alone
            if not bare and _NO_HYPHEN.match(src, head.end(1), body_end):
                self.problem("malformed directive: write 'claimcheck-disable…' with a hyphen",
                             start, end)
            return
        kind = head.group(2)[1:].lower()
        if kind not in KINDS:
            from difflib import get_close_matches

            close = get_close_matches(kind, KINDS, n=1, cutoff=0.6)
            hint = f" (did you mean 'claimcheck-{close[0]}'?)" if close else \
                f" (known: {', '.join('claimcheck-' + k for k in KINDS)})"
            wstart = head.start(1)
            self.problem(f"unknown directive '{word}'{hint}", wstart, wstart + len(word))
            return
        rest_start = head.end()
        rest = src[rest_start:body_end]
        reason = None
        r = _REASON.search(rest)
        if r is not None:
            reason = " ".join(rest[r.end():].split()) or None
            rest = rest[:r.start()]
        selectors = []
        for s in _SELECTOR.finditer(rest):
            a = rest_start + s.start()
            line, col = self.pos(a)
            selectors.append(Selector(s.group(), line, col, a, rest_start + s.end()))
        line, col = self.pos(start)
        end_line, end_col = self.pos(end)
        self.directives.append(Directive(
            kind=kind, selectors=tuple(selectors), reason=reason, text=src[start:end],
            line=line, column=col, end_line=end_line, end_column=end_col, start=start, end=end,
            index=len(self.directives)))

    # -- plain text ------------------------------------------------------------------------

    def text(self, low: str) -> None:
        src = self.src
        for m in _TEXT_COMMENT.finditer(src):
            self.comment(m)
        comments = list(self.quiet)
        # Occurrences of the keyword; str.lower() keeps offsets unless a rare character
        # changes length, when a case-insensitive regex finds them instead.
        if len(low) == len(src):
            hits, i = [], low.find("claimcheck")
            while i >= 0:
                hits.append(i)
                i = low.find("claimcheck", i + 10)
        else:
            hits = [m.start() for m in _WORD.finditer(src)]
        line_end = -1
        for i in hits:
            if i < line_end or any(a <= i < b for a, b in comments):
                continue  # one directive a line; comments were read above
            line_start = src.rfind("\n", 0, i) + 1
            nl = src.find("\n", i)
            line_end = len(src) if nl < 0 else nl
            lead = _LINE_LEAD.match(src, line_start, i)
            if lead.end() == i:
                start = line_start + len(lead.group()) - len(lead.group().lstrip(" \t"))
                bare = start == i
            else:
                trail = _TRAILING_LEAD.search(src, line_start, i)
                if trail is None:
                    continue
                start, bare = trail.start() + 1, False
            end = i + len(src[i:line_end].rstrip())
            self.directive(start, end, i, end, bare=bare)

    # -- Markdown --------------------------------------------------------------------------

    def markdown(self) -> None:
        src = self.src
        comments = list(_MD.finditer(src))
        candidates = [m for m in comments if m.group("body") is not None
                      and _HEAD.match(m.group("body"))]
        if not candidates:
            return
        if self._may_be_code(candidates):
            comments = self._markdown_comments()
        for m in comments:
            if not _escaped(src, m.start()):
                self.comment(m)

    def _may_be_code(self, candidates: list[re.Match]) -> bool:
        """Whether a candidate could be inside code (else Markdown need not be parsed):
        after a fence line, in an indented or container line, or after a backtick in
        its paragraph."""
        src = self.src
        fence = _FENCE.search(src) if "```" in src or "~~~" in src else None
        fence_at = fence.start() if fence else len(src)
        for m in candidates:
            if m.start() > fence_at:
                return True
            line_start = src.rfind("\n", 0, m.start()) + 1
            prefix = src[line_start:m.start()]
            body = prefix.lstrip(" ")
            if "\t" in prefix or len(prefix) - len(body) > 3 or \
                    body[:1] in (">", "-", "*", "+") or body[:1].isdigit():
                return True
            para = line_start
            while para > 0:
                prev = src.rfind("\n", 0, para - 1) + 1
                if not src[prev:para].strip():
                    break
                para = prev
            if "`" in src[para:m.start()]:
                return True
        return False

    def _markdown_comments(self) -> list[re.Match]:
        """Comments that markdown-it reads as HTML (blocks, or inline outside code spans)."""
        global _md_parser
        if _md_parser is None:
            from markdown_it import MarkdownIt

            _md_parser = MarkdownIt("commonmark").enable("table")
        src = self.src
        # Same length as the source: markdown-it reads a lone CR as a line break.
        scan = _LONE_CR.sub("\n", src) if "\r" in src else src
        if "\0" in scan:
            scan = scan.replace("\0", "\ufffd")
        starts = _starts(scan)

        def offset(line: int) -> int:
            return starts[line] if line < len(starts) else len(scan)

        found: dict[int, re.Match] = {}
        seen: set[tuple[int, int]] = set()
        for tok in _md_parser.parse(scan):
            if tok.map is None or tok.type not in ("html_block", "inline"):
                continue
            a, b = offset(tok.map[0]), offset(tok.map[1])
            if (a, b) in seen:
                continue  # table cells share their row's lines
            seen.add((a, b))
            if tok.type == "html_block":
                for m in _MD.finditer(src, a):
                    if m.start() >= b:
                        break
                    found.setdefault(m.start(), m)
            else:
                for at in _inline_comments(src, a, b):
                    m = _MD.match(src, at)
                    if m is not None:
                        found.setdefault(at, m)
        return [found[k] for k in sorted(found)]

    # -- after parsing -------------------------------------------------------------------

    def finish(self) -> Suppressions:
        ds = self.directives
        ds.sort(key=lambda d: d.start)
        for i, d in enumerate(ds):
            d.index = i
        spans = sorted(set(self.quiet) | {(d.start, d.end) for d in ds})
        disabled = False
        for d in ds:
            if d.kind == SAME_LINE:
                d.lines = (d.line, d.end_line)
                if not any(self._has_content(n, spans) for n in range(d.line, d.end_line + 1)):
                    self.problem(f"{d.keyword} has no claim on its line; use "
                                 "claimcheck-disable-next-line above the claim", d.start, d.end)
            elif d.kind == NEXT_LINE:
                n = d.end_line + 1
                while n <= len(self.starts) and not self._has_content(n, spans):
                    n += 1
                if n <= len(self.starts):
                    d.lines = (n, n)
                else:
                    self.problem(f"{d.keyword} has no line after it", d.start, d.end)
            elif d.kind == DISABLE:
                disabled = True
            elif d.kind == ENABLE and not disabled:
                self.problem("claimcheck-enable without an earlier claimcheck-disable",
                             d.start, d.end)
        self.problems.sort(key=lambda p: (p.start, p.message))
        return Suppressions(self.src, ds, self.problems)

    def _has_content(self, line: int, spans: list[tuple[int, int]]) -> bool:
        """Whether a line holds anything but whitespace, comments and directives."""
        a = self.starts[line - 1]
        b = self.starts[line] - 1 if line < len(self.starts) else len(self.src)
        pos = a
        for s, e in spans:
            if e <= pos or s >= b:
                continue
            if self.src[pos:s].strip():
                return True
            pos = max(pos, e)
        return pos < b and bool(self.src[pos:b].strip())


def _escaped(src: str, i: int) -> bool:
    """Whether the character at ``i`` follows an odd run of backslashes (Markdown escape)."""
    n = 0
    while i - n - 1 >= 0 and src[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _inline_comments(src: str, a: int, b: int) -> list[int]:
    """Starts of the HTML comments in an inline range, skipping code spans and escapes."""
    out = []
    pos = a
    while True:
        m = _INLINE.search(src, pos, b)
        if m is None:
            return out
        tok = m.group()
        if tok[0] == "\\":
            pos = m.end()
        elif tok[0] == "`":
            pos = m.end()
            for close in _TICKS.finditer(src, m.end(), b):
                if len(close.group()) == len(tok):
                    pos = close.end()
                    break
        else:
            after = m.end()
            if src.startswith(">", after) or src.startswith("->", after):
                out.append(m.start())
                pos = after + 1
                continue
            end = src.find("-->", after, b)
            if end < 0:
                pos = after
                continue
            out.append(m.start())
            pos = end + 3
