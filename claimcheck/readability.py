"""Readability scores of a document's prose, computed by textstat, offline and without NLTK.

Which text is prose: paragraphs and list items that read as sentences. Headings, table
cells, captions and quotes (a client's words) are not; nor are references, ingredient
lists ("Ingredients: Aqua, Glycerin, ..."), legal small print (copyright lines, terms and
conditions), notes starting with ``*`` or ``†``, and blocks under a heading such as
"References", "Ingredients" or "Terms and conditions". ``prose_blocks`` applies these
rules; ``block_grade`` and ``document_grade`` score what is left.

textstat does the computing. Two things keep it fast and offline:

- textstat (0.7.10 and later) imports NLTK when it is imported (~0.3-0.45 s), only to
  look up words in the CMU pronouncing dictionary, which NLTK downloads on first use.
  ``_load_textstat`` imports textstat with a stand-in for the ``nltk`` module that
  imports the real one only if something touches it, and removes the stand-in from
  ``sys.modules`` afterwards: another caller of textstat in the same process still gets
  NLTK, on first use.
- syllables are counted by pyphen's hyphenation dictionary, never by the CMU
  dictionary: textstat looks the CMU dictionary up only for a language whose root (the
  part before ``_``) is ``en``; the language tag ``en-US`` (BCP 47 spelling) has the
  root ``en-US``, which pyphen resolves to its ``en_US`` dictionary and textstat's
  formulas resolve to their English constants. So NLTK is never asked for anything and
  no download is ever attempted.

Importing this module imports neither textstat nor pyphen; the first score does.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from claimcheck.document import LIST_ITEM, PARAGRAPH

if TYPE_CHECKING:
    from claimcheck.analysis import AnalysedBlock, AnalysedDocument

# formula name -> (label, kind): kind "grade" is a school grade (lower is easier),
# "ease" is the Flesch reading-ease score (0-100, higher is easier).
FORMULAS: dict[str, tuple[str, str]] = {
    "flesch_kincaid_grade": ("Flesch-Kincaid grade", "grade"),
    "smog_index": ("SMOG index", "grade"),
    "coleman_liau_index": ("Coleman-Liau index", "grade"),
    "gunning_fog": ("Gunning fog index", "grade"),
    "automated_readability_index": ("Automated Readability Index", "grade"),
    "flesch_reading_ease": ("Flesch reading ease", "ease"),
}
DEFAULT_FORMULA = "flesch_kincaid_grade"
# Defaults of the readability rule keys.
DEFAULT_MAX_GRADE = 8.0
DEFAULT_MIN_EASE = 60.0
# A block (scope "block") or a document's prose (scope "document") needs this many words.
BLOCK_MIN_WORDS = 30
DOCUMENT_MIN_WORDS = 40
# A list item shorter than this, without a full stop, is a label, not a sentence.
_ITEM_MIN_WORDS = 8
# The language handed to textstat: English hyphenation by pyphen, no CMU dictionary.
TEXTSTAT_LANG = "en-US"

_PROSE_KINDS = (PARAGRAPH, LIST_ITEM)

# Sections whose blocks are not prose to score: the heading is one of these, or starts
# with one of the prefixes ("Sources" is a reference list, "Sources of collagen" is not).
# Plain string tests: regexes here would cost start-up time.
_SECTION_NAMES = frozenset((
    "references", "reference", "sources", "source", "bibliography", "citations", "footnotes",
    "notes", "further reading", "ingredients", "ingredient list", "full ingredients", "inci",
    "terms", "t&cs", "t&c", "t & cs", "legal", "privacy", "cookies", "copyright", "small print",
    "the small print", "sources and references", "references and further reading"))
_SECTION_PREFIXES = ("references", "bibliography", "footnotes", "terms and conditions",
                     "terms & conditions", "terms of ", "full ingredient", "ingredients (",
                     "ingredient list", "privacy policy", "privacy notice", "cookie policy",
                     "legal notice", "legal information", "copyright", "disclaimer")
# A reference: "... et al.", a DOI or PubMed id, "Dermatol Surg. 2014;40(5):569-575".
_REFERENCE_MARKS = (" et al.", " et al,", " et al ", "doi:", "doi.org", "pmid", "pmcid",
                    "retrieved from", "available at: ", "available from: ", "accessed on ")
_JOURNAL = re.compile(r"(?:19|20)\d\d ?; ?\d+ ?[(:]")
# Legal small print.
_LEGAL_MARKS = ("\u00a9", "(c) 19", "(c) 20", "copyright", "all rights reserved", "terms and conditions",
                "terms & conditions", "t&c", "t & c", "registered in england", "registered office",
                "company number", "company no.", "company no:", "company registration", "privacy policy",
                "cookie policy")
# Notes and footnotes: "*Results may vary.", "\u2020 Based on ...", "\u00b9 Data on file."
_NOTE_MARKS = "*\u2020\u2021\u00a7\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"
# Inside a sentence, a full stop between word characters (4.8, e.g., U.S.) is not an end.
_INNER_STOP = re.compile(r"(?<=\w)\.(?=\w)")
_ENDS = re.compile(r"[.!?\u2026]+")
_section_cache: dict[str, bool] = {}


def word_count(text: str) -> int:
    from claimcheck.analysis import TOKEN  # the engine's words (importing analysis here keeps
    # this module light for runs that only read the grade settings)

    return len(TOKEN.findall(text))


def _skipped_section(heading: str) -> bool:
    skip = _section_cache.get(heading)
    if skip is None:
        h = heading.lower().strip(" #*-.:)(0123456789\u2013\u2014")
        skip = _section_cache[heading] = h in _SECTION_NAMES or h.startswith(_SECTION_PREFIXES)
    return skip


def _ingredient_list(lowered: str) -> bool:
    """"Ingredients: Aqua, ...", "Full ingredient list (INCI): ...", "INCI: ..."."""
    label, colon, _ = lowered.partition(":")
    return bool(colon) and len(label) <= 40 and ("ingredient" in label or label.strip(" *-") == "inci")


def skip_reason(ab: AnalysedBlock) -> str | None:
    """Why a block is not prose to score (None when it is prose)."""
    block = ab.block
    if block.kind not in _PROSE_KINDS:
        return block.kind
    if any(_skipped_section(h) for h in block.heading_path):
        return "section"
    text = block.text.strip()
    lowered = ab.norm.strip().lower()
    if text[:1] in _NOTE_MARKS or lowered.startswith(("note:", "notes:")):
        return "note"
    if _ingredient_list(lowered):
        return "ingredients"
    if any(m in lowered for m in _REFERENCE_MARKS) or _JOURNAL.search(lowered):
        return "reference"
    if any(m in lowered for m in _LEGAL_MARKS):
        return "legal"
    words = len(ab.tokens)
    commas = text.count(",")
    if commas >= 5 and commas >= 0.3 * words and not _ENDS.search(text.rstrip(".!? ")):
        return "list"  # a comma-separated list: ingredients, areas, conditions
    if block.kind == LIST_ITEM and words < _ITEM_MIN_WORDS and not text.endswith((".", "!", "?")):
        return "label"  # a short list item: "Fine lines", "No downtime"
    return None


def prose_blocks(ad: AnalysedDocument) -> Iterable[AnalysedBlock]:
    """The blocks of a document that are prose to score."""
    return (ab for ab in ad.blocks if skip_reason(ab) is None)


def _blank(m: re.Match) -> str:
    return " " * (m.end() - m.start())


def prose_text(ab: AnalysedBlock) -> str:
    """A block's text as textstat should see it: one line, clear sentence ends.

    Sentences come from claimcheck's own splitter (which knows "Dr.", "e.g." and "4.8"),
    so full stops inside a sentence are dropped and each sentence ends with one. Masked
    text (bare URLs, e-mail addresses) and citation markers are left out.
    """
    norm = ab.norm
    if ab.block.masked:
        chars = list(norm)
        for a, b in ab.block.masked:
            chars[a:b] = " " * (b - a)
        norm = "".join(chars)
    # _CITE_PATTERNS: the citation markers claimcheck knows (footnote digits, [1], (Smith, 2020))
    from claimcheck.analysis import _CITE_PATTERNS

    # Same-length substitutions over the whole block, so sentence offsets still hold.
    norm = _CITE_PATTERNS.sub(_blank, norm)
    plain = _ENDS.sub(_blank, _INNER_STOP.sub("\x00", norm))
    out = []
    for s in ab.sentences:
        words = plain[s.start:s.end].replace("\x00", "").split()
        if not words:
            continue
        tail = norm[s.start:s.end].rstrip("'\")]*\u2020\u2021 ")
        mark = "?" if tail.endswith("?") else "!" if tail.endswith("!") else "."
        out.append(" ".join(words) + mark)
    return " ".join(out)


def prose(ad: AnalysedDocument) -> list[tuple[AnalysedBlock, str]]:
    """Each prose block of a document with its text for textstat (see ``prose_text``).

    Found once per document: the readability rules and the summary grade share it.
    """
    if "prose" not in ad.derived:
        ad.derived["prose"] = [(ab, text) for ab in prose_blocks(ad) if (text := prose_text(ab))]
    return ad.derived["prose"]


def score_text(text: str, formula: str = DEFAULT_FORMULA) -> float:
    """textstat's ``formula`` score of ``text`` (see FORMULAS)."""
    if formula not in FORMULAS:
        raise ValueError(f"unknown readability formula {formula!r} (known: {', '.join(FORMULAS)})")
    ts = _textstat()
    import warnings

    with warnings.catch_warnings():
        # gunning_fog: textstat has no easy-word list filed under "en-US" and says it falls
        # back to the English one, which is what we want.
        warnings.filterwarnings("ignore", message="There is no easy words vocabulary")
        return float(getattr(ts, formula)(text))


def block_grade(ab: AnalysedBlock, formula: str = DEFAULT_FORMULA) -> float | None:
    """The score of one prose block, or None when it is not prose (see ``skip_reason``)."""
    if skip_reason(ab) is not None:
        return None
    text = prose_text(ab)
    return score_text(text, formula) if text else None


def document_text(ad: AnalysedDocument) -> str:
    """All the prose of a document, as one text for textstat."""
    return " ".join(text for _, text in prose(ad))


def document_grade(ad: AnalysedDocument, formula: str = DEFAULT_FORMULA,
                   min_words: int = DOCUMENT_MIN_WORDS) -> float | None:
    """The readability score of a document's prose as a whole (a grade, or the reading ease
    for ``flesch_reading_ease``), or None when it has fewer than ``min_words`` words of prose.

    Cheap when the document has no prose: textstat is imported only to score something.
    """
    return score_prose(document_text(ad), formula, min_words)


@lru_cache(maxsize=16)  # the document rule and the summary grade score the same text
def score_prose(text: str, formula: str, min_words: int) -> float | None:
    """``score_text``, or None for a text shorter than ``min_words`` words."""
    if not text or word_count(text) < min_words:
        return None
    return score_text(text, formula)


def rule_settings(rule) -> tuple[str, str, float, int]:
    """A readability rule's (scope, formula, target, min_words), defaults filled in."""
    opts = rule.options
    scope = opts.get("scope", "block")
    formula = opts.get("formula", DEFAULT_FORMULA)
    if FORMULAS[formula][1] == "ease":
        target = float(opts.get("min_ease", DEFAULT_MIN_EASE))
    else:
        target = float(opts.get("max_grade", DEFAULT_MAX_GRADE))
    default_words = DOCUMENT_MIN_WORDS if scope == "document" else BLOCK_MIN_WORDS
    return scope, formula, target, int(opts.get("min_words", default_words))


def document_settings(rules) -> tuple[str, int]:
    """(formula, min_words) for a per-file document grade: those of the first document-scope
    readability rule among ``rules`` (normally ``readability/document-grade``), else the
    defaults, so a summary grade agrees with what the rule reports."""
    for rule in rules:
        if rule.kind == "readability" and rule.options.get("scope") == "document":
            _, formula, _, min_words = rule_settings(rule)
            return formula, min_words
    return DEFAULT_FORMULA, DOCUMENT_MIN_WORDS


def is_over(score: float, formula: str, target: float) -> bool:
    """Whether a score is harder than the target (a grade above it, a reading ease below it)."""
    return score < target if FORMULAS[formula][1] == "ease" else score > target


def describe(score: float, formula: str) -> str:
    """'grade 14.2' or 'a reading ease of 32.5'."""
    return f"a reading ease of {score:.1f}" if FORMULAS[formula][1] == "ease" else f"grade {score:.1f}"


# --------------------------------------------------------------------------- textstat

_TS = None


def _textstat():
    """A textstat instance of our own (language en-US, no rounding), imported on first use."""
    global _TS
    if _TS is None:
        _TS = _load_textstat()
    return _TS


class _DeferredModule(types.ModuleType):
    """Stands in for a module during an import; the real module is imported on first use."""

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        import importlib

        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


def _load_textstat():
    stand_in = None
    if "textstat" not in sys.modules and "nltk" not in sys.modules:
        stand_in = _DeferredModule("nltk")
        sys.modules["nltk"] = stand_in
    try:
        from textstat.textstat import textstatistics
    finally:
        if stand_in is not None and sys.modules.get("nltk") is stand_in:
            del sys.modules["nltk"]
    _load_hyphenation(TEXTSTAT_LANG)
    ts = textstatistics()
    ts.set_lang(TEXTSTAT_LANG)
    ts.set_rounding_points(None)
    return ts


# --------------------------------------------------------------------------- pyphen patterns

# Where the parsed hyphenation patterns are cached (see configure_cache).
_cache_settings: dict = {"use": True, "root": None}


def configure_cache(use_cache: bool = True, root=None) -> None:
    """Follow the run's cache settings (--no-cache, --cache-dir) for the hyphenation patterns."""
    _cache_settings["use"] = use_cache
    _cache_settings["root"] = root


def _load_hyphenation(lang: str) -> None:
    """Put pyphen's parsed patterns for ``lang`` in its per-file cache, from our marshal cache.

    pyphen parses its ~11,000 English patterns on first use (~0.2 s); textstat counts
    syllables with them. The parsed patterns are plain data, cached like the rules (keyed
    on the dictionary file's path, size and modification time), so a run after the first
    loads them in a few milliseconds. If anything about pyphen is not as expected, pyphen
    simply parses the file itself.
    """
    try:
        from pathlib import Path

        import pyphen

        from claimcheck.caching import cached

        path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
        if path in pyphen.hdcache or not isinstance(path, Path):
            return
        fresh = []

        def build():
            hd = pyphen.HyphDict(path)
            fresh.append(hd)
            patterns, shared = {}, {}
            for key, (offset, values) in hd.patterns.items():
                if any(type(v) is not int for v in values):
                    return None  # nonstandard hyphenation data: let pyphen keep its own
                entry = (offset, tuple(values))
                # ~1,500 distinct entries for ~11,000 patterns: marshal stores each once,
                # which makes loading 4 times faster
                patterns[key] = shared.setdefault(entry, entry)
            return {"patterns": patterns, "maxlen": hd.maxlen}

        version = getattr(pyphen, "__version__", "")
        data = cached(f"pyphen-{version}-{path.stem}", [path], _cache_settings["use"], build,
                      _cache_settings["root"])
        if fresh:
            pyphen.hdcache[path] = fresh[0]
        elif data:
            hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
            hd.patterns, hd.maxlen, hd.cache = data["patterns"], data["maxlen"], {}
            hd.positions("hyphenation")  # still the HyphDict this was made for
            pyphen.hdcache[path] = hd
    except Exception:  # an optimisation must never fail a run
        return
