"""Applies findings' `replace` suggestions to a source text and writes fixed files back safely."""

from __future__ import annotations

import difflib
import hashlib
import html
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field

from claimcheck.errors import InputError
from claimcheck.findings import Finding
from claimcheck.sourcefile import SourceText

__all__ = ["Edit", "FixResult", "choose_replacement", "edit_for", "plan_edits", "apply_edits",
           "fix_text", "encode_source", "write_atomic", "unified_diff", "match_case",
           "article_for"]

# Characters that make a Markdown match unsafe to rewrite: emphasis, code, links,
# inline HTML / autolinks / blockquote markers, escapes and entities.
_MD_MARKUP = frozenset("*_`[]<>\\&")
_MD_ESCAPE = re.compile(r"([\\`*_\[\]<>&|])")
# HTML: a match holding a tag or a character reference is not plain text-node text.
_HTML_MARKUP = frozenset("<>&")
_HTML_FORMATS = ("html",)

# "a"/"an" as a whole word, then only spaces or tabs (no line break, no markup) up to the match.
_ARTICLE = re.compile(r"(?<![\w'\u2019-])(an|a)([ \t\u00a0]+)\Z", re.I)
_WORD = re.compile(r"[A-Za-z0-9]+")
# Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = re.compile(
    r"(?:uni(?!n|mp)|use|usu|uti|ura|ure|uro|eu|ewe|one\b|once\b|ubiq|ufo|u\b)", re.I)
_VOWEL_SOUND = re.compile(r"(?:hour|honest|honou?r|heir|herb\b)", re.I)
# Letters whose spoken name starts with a vowel sound ("an FDA-cleared", "an SPF 30").
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of",
                          "on", "or", "per", "the", "to", "vs", "via", "with"})
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Edit:
    """One planned change: replace ``text[start:end]`` (``old``) by ``new``.

    ``start`` may lie before the finding's match when the indefinite article in front of
    it is corrected too; offsets are into the text the edit was planned on.
    """

    start: int
    end: int
    old: str
    new: str
    rule: str
    safe: bool = True
    match_start: int = -1  # the finding's own span (start/end may include an article)
    match_end: int = -1

    def __post_init__(self):
        if self.match_start < 0:
            object.__setattr__(self, "match_start", self.start)
        if self.match_end < 0:
            object.__setattr__(self, "match_end", self.end)


@dataclass
class FixResult:
    """What ``fix_text`` did: the fixed text, the edits applied, the findings left."""

    text: str
    edits: int = 0
    remaining: list[Finding] = field(default_factory=list)
    applied: list[Edit] = field(default_factory=list)  # in order; offsets are per pass
    passes: int = 0  # lint passes that applied at least one edit
    converged: bool = True  # False: stopped by max_passes or a cycle; output may change again

    @property
    def changed(self) -> bool:
        return self.edits > 0


# --------------------------------------------------------------------------- planning

def _source_format(path: str, fmt: str | None) -> str:
    if fmt:
        return fmt
    from claimcheck.readers import format_for

    return format_for(path)


def choose_replacement(finding: Finding, unsafe: bool = False) -> dict | None:
    """The first `replace` suggestion of a finding allowed in this mode.

    A finding carries only the replacements that fit its match (a rule's ``for`` lists
    are applied when the finding is made), so any of them is a drop-in.
    """
    for s in finding.suggestions:
        if "replace" not in s or not isinstance(s["replace"], str):
            continue
        if s.get("safe", True) is False and not unsafe:
            continue
        return s
    return None


def match_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``original``.

    ALL CAPS (two or more letters) -> upper case; Title Case of several words -> each
    word's first letter capitalised (small words after the first stay lower); a capital
    first letter -> capital first letter; anything else -> as written.
    """
    letters = [c for c in original if c.isalpha()]
    if not letters or not replacement:
        return replacement
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return replacement.upper()
    if not letters[0].isupper():
        return replacement
    words = [w for w in re.split(r"[\s\-\u2010\u2011]+", original) if w and w[0].isalpha()]
    if len(words) >= 2 and all(w[0].isupper() for w in words):
        parts = re.split(r"(\s+|-)", replacement)
        out, first = [], True
        for part in parts:
            if part and part[0].isalpha() and not part.isspace():
                if first or part.lower() not in _SMALL_WORDS:
                    part = part[0].upper() + part[1:]
                first = False
            out.append(part)
        return "".join(out)
    return _capitalise_first(replacement)


def _capitalise_first(text: str) -> str:
    for i, c in enumerate(text):
        if c.isalpha():
            return text[:i] + c.upper() + text[i + 1:]
    return text


def article_for(text: str) -> str | None:
    """'a' or 'an' for a word sequence by its first sound (a heuristic), None if unsure."""
    m = _WORD.search(text)
    if not m or m.start() > 1:
        return None
    word = m.group()
    if word[0].isdigit():
        # eight, eleven, eighteen, 8x, 11, 18, 80 ...: the spoken number decides
        n = re.match(r"\d+", word).group().lstrip("0") or "0"
        return "an" if n[0] == "8" or (len(n) in (2, 5) and n[:2] in ("11", "18")) else "a"
    if len(word) >= 2 and word.isupper() and not _is_word_like(word):
        return "an" if word[0] in _VOWEL_LETTERS else "a"
    if _VOWEL_SOUND.match(word):
        return "an"
    if _CONSONANT_SOUND.match(word):
        return "a"
    return "an" if word[0].lower() in "aeiou" else "a"


def _is_word_like(word: str) -> bool:
    """An all-caps word read as a word, not spelled out (NASA, LASER, SAFE)."""
    return len(word) >= 4 and any(c in "AEIOU" for c in word[1:]) and word[0] not in "AEIOU"


def _article_case(old: str, new: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old[0].isupper():
        return new[0].upper() + new[1:]
    return new


def _escape(text: str, fmt: str) -> str:
    if fmt in _HTML_FORMATS:
        return html.escape(text, quote=False)
    if fmt == "markdown":
        return _MD_ESCAPE.sub(r"\\\1", text)
    return text


def _editable(match: str, fmt: str) -> bool:
    """Whether the match is plain prose in this format (no markup inside the span)."""
    if fmt in _HTML_FORMATS:
        return not (_HTML_MARKUP & set(match))
    if fmt == "markdown":
        return not (_MD_MARKUP & set(match))
    return True


def _inside_tag(text: str, start: int) -> bool:
    """Whether ``start`` lies inside an HTML tag (an ``alt`` value, say), not a text node."""
    return text.rfind("<", 0, start) > text.rfind(">", 0, start)


def edit_for(finding: Finding, text: str, fmt: str, unsafe: bool = False) -> Edit | None:
    """The edit one finding asks for, or None when it has none that can be applied here.

    Skipped: document-scope findings, findings without an allowed `replace`, a match no
    longer at its offsets, and, in HTML and Markdown, a match holding markup (tags,
    entities; in Markdown also emphasis, code, link brackets, escapes, quote markers) or
    lying inside a tag (an ``alt`` value). The replacement is escaped for the format.

    A match spanning a line break is replaced as a whole by the one-line replacement
    (the two lines are joined); that only happens inside one paragraph, list item or
    text node, and in Markdown never across a blockquote marker.
    """
    if finding.scope != "span" or finding.end <= finding.start:
        return None
    s = choose_replacement(finding, unsafe)
    if s is None:
        return None
    start, end = finding.start, finding.end
    old = text[start:end]
    if old != finding.match or not old.strip() or not _editable(old, fmt) \
            or (fmt != "text" and _inside_tag(text, start)):
        return None
    new = _escape(match_case(old, s["replace"]), fmt)
    if new == old:
        return None
    safe = s.get("safe", True) is not False
    # Correct "a"/"an" right in front when the replacement changes the first sound, and
    # only when the heuristic agrees with the article the author wrote for the original.
    am = _ARTICLE.search(text, max(0, start - 12), start)
    if am:
        written, now, wanted = am.group(1), article_for(old), article_for(new)
        if now and wanted and written.lower() == now and wanted != now:
            return Edit(am.start(), end, text[am.start():end],
                        _article_case(written, wanted) + am.group(2) + new, finding.rule, safe,
                        start, end)
    return Edit(start, end, old, new, finding.rule, safe)


def plan_edits(findings: list[Finding], text: str, path: str = "", fmt: str | None = None,
               unsafe: bool = False) -> list[Edit]:
    """Non-overlapping edits for one text, in order of position.

    Candidates are sorted by the start of their match, then longest match first, then
    rule id and replacement, so the plan is the same whatever order the findings come in;
    an edit whose span (article included) overlaps one already kept is dropped (the next
    pass re-checks the text and picks it up if it still applies).
    """
    fmt = _source_format(path, fmt)
    candidates = [e for e in (edit_for(f, text, fmt, unsafe) for f in findings) if e is not None]
    candidates.sort(key=lambda e: (e.match_start, -(e.match_end - e.match_start), e.rule, e.new))
    plan: list[Edit] = []
    for e in candidates:
        if plan and e.start < plan[-1].end:
            continue
        plan.append(e)
    return plan


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (sorted by start) to ``text``."""
    out, pos = [], 0
    for e in edits:
        if e.start < pos or text[e.start:e.end] != e.old:
            raise ValueError(f"edit at {e.start}:{e.end} overlaps or does not match the text")
        out += [text[pos:e.start], e.new]
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def fix_text(path: str, text: str, linter, unsafe: bool = False, max_passes: int = 10,
             fmt: str | None = None) -> FixResult:
    """Lint, plan and apply until no edit applies (or ``max_passes``); re-check the result.

    ``remaining`` holds the findings for the final text. Running ``fix_text`` on its own
    output changes nothing when ``converged`` is true. A sequence of replacements that
    comes back to an earlier text (rule A's replacement flagged by rule B, whose
    replacement is A's match) stops at once with ``converged`` false.
    """
    fmt = _source_format(path, fmt)
    result = FixResult(text=text)
    seen = {hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()}
    findings = linter.check_text(path, text, fmt)
    for _ in range(max_passes):
        plan = plan_edits(findings, text, path, fmt, unsafe)
        if not plan:
            break
        text = apply_edits(text, plan)
        result.edits += len(plan)
        result.applied += plan
        result.passes += 1
        findings = linter.check_text(path, text, fmt)
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        if key in seen:
            result.converged = False
            break
        seen.add(key)
    else:
        result.converged = not plan_edits(findings, text, path, fmt, unsafe)
    result.text = text
    result.remaining = findings
    return result


# --------------------------------------------------------------------------- writing

def encode_source(text: str, source: SourceText, path: str = "<stdin>") -> bytes:
    """The bytes for ``text`` in the source's encoding, BOM first, line endings untouched."""
    try:
        return source.bom + text.encode(source.encoding)
    except UnicodeEncodeError as exc:
        ch = exc.object[exc.start]
        line = exc.object.count("\n", 0, exc.start) + 1
        raise InputError(f"cannot encode {ch!r} (U+{ord(ch):04X}) as {source.encoding}; "
                         "file left unchanged", path, line) from None
    except LookupError:
        raise InputError(f"unknown encoding {source.encoding!r}; file left unchanged",
                         path) from None


def write_atomic(path: str | os.PathLike, text: str, source: SourceText,
                 expected: bytes | None = None) -> None:
    """Replace the file at ``path`` with ``text`` encoded like ``source``, atomically.

    The text keeps its own line endings (no newline translation), the source's encoding
    and BOM. A symlink is followed and its target replaced. The new content goes to a
    temporary file in the target's folder, gets the original's permission bits (and
    owner, where allowed), is fsynced and renamed over the original; the original is
    never opened for writing, so a failure leaves it intact and no temporary file behind.

    ``expected`` is the file's bytes as read; by default they are re-derived from
    ``source`` (decoding is lossless for the encodings claimcheck reads). The write is
    refused with a one-line InputError when the file vanished, is not a regular file, was
    changed since it was read, is read-only, or its folder is not writable.
    """
    name = os.fspath(path)
    data = encode_source(text, source, name)
    if expected is None:
        expected = encode_source(source.text, source, name)
    target = os.path.realpath(name)
    folder = os.path.dirname(target) or "."
    st = _stat_target(target, name)
    _check_unchanged(target, name, expected)
    if not st.st_mode & stat.S_IWUSR or not os.access(target, os.W_OK):
        raise InputError("file is read-only; not fixed", name)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cannot write into folder {folder}; not fixed", name)
    tmp = None
    try:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.",
                                       suffix=".claimcheck-tmp", dir=folder)
        except OSError as exc:
            raise InputError(f"cannot write into folder {folder}: "
                             f"{exc.strerror or exc}; not fixed", name) from None
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode))
            if hasattr(os, "fchown"):
                try:
                    os.fchown(fh.fileno(), st.st_uid, st.st_gid)
                except OSError:
                    pass  # only root or the owner can keep the group; the mode still holds
            os.fsync(fh.fileno())
        if not hasattr(os, "fchmod"):
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
        # Last look just before the rename: never clobber an edit made meanwhile.
        _stat_target(target, name)
        _check_unchanged(target, name, expected)
        os.replace(tmp, target)
        tmp = None
        _fsync_folder(folder)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}; file left unchanged", name) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _stat_target(target: str, name: str) -> os.stat_result:
    try:
        st = os.stat(target)
    except FileNotFoundError:
        raise InputError("file vanished since it was read; not fixed", name) from None
    except OSError as exc:
        raise InputError(f"cannot stat: {exc.strerror or exc}; not fixed", name) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file; not fixed", name)
    return st


def _check_unchanged(target: str, name: str, expected: bytes) -> None:
    try:
        with open(target, "rb") as fh:
            current = fh.read()
    except FileNotFoundError:
        raise InputError("file vanished since it was read; not fixed", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}; not fixed", name) from None
    if current != expected:
        raise InputError("file changed since it was read; not fixed (run again)", name)


def _fsync_folder(folder: str) -> None:
    """Make the rename durable; best effort (not possible on every platform)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- diff

def _display_lines(text: str) -> list[str]:
    """Lines with any line ending shown as "\\n"; a last line without one is marked like git."""
    parts = _LINE_BREAK.split(text)
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1] + "\n\\ No newline at end of file\n")
    return lines


def _diff_name(path: str) -> str:
    name = path.replace(os.sep, "/") if os.sep != "/" else path
    while name.startswith("./"):
        name = name[2:]
    return name.lstrip("/")


def unified_diff(path: str, before: str, after: str, context: int = 3) -> str:
    """A git-style unified diff (``--- a/path`` / ``+++ b/path``); "" when nothing changed."""
    if before == after:
        return ""
    name = _diff_name(path)
    return "".join(difflib.unified_diff(_display_lines(before), _display_lines(after),
                                        f"a/{name}", f"b/{name}", n=context, lineterm="\n"))
