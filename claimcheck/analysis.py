"""Text analysis shared by every rule kind: sentences, tokens and the context of a hit.

A hit is judged in its sentence: is it negated ("not permanent"), hedged ("may",
"most patients"), asked as a question, quoted, or backed by a citation marker?
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimcheck.document import HEADLINE_KINDS, NAVIGATION, QUOTE, Block, Document

if TYPE_CHECKING:
    from claimcheck.lexicon import Lexicon, Subject

# One-to-one character normalisation, so offsets in the normalised text equal offsets
# in the block text: curly quotes, dashes and odd spaces match their plain forms.
_NORMALISE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
    "\u200b": " ", "\u2060": " ", "\ufeff": " ", "\t": " ", "\n": " ", "\r": " ",
    "\u00ad": "-",
})

TOKEN = re.compile(r"#?\w+(?:'\w+)*%?")

# Social copy ends sentences with emoji ("Frown lines? Not anymore \U0001f609 Book now"):
# pictographs, symbols and dingbats (with their joiners and variation selectors) end one too.
_SENTENCE_END = re.compile(r"[.!?\u2026\u2600-\u27bf\U0001f300-\U0001faff\ufe0f\u200d]+")
_CLOSERS = "'\")]*\u2020\u2021"
_ABBREVIATIONS = frozenset("""
    dr mr mrs ms mx prof st sr jr vs etc approx appt apt dept est fig figs inc ltd co corp
    no nos vol ca cf al eg ie e.g i.e u.s u.k a.m p.m min mins max hr hrs wk wks mo yr yrs
    ft in oz lb lbs mg ml cm mm sq tel ext jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
# "Label – text" list items and "Label: text" bullets: the label is its own sentence.
_LABEL = re.compile(r"^[^.!?:(]{1,60}?(?:\s+-\s+|:\s+)")

NEGATORS = frozenset(
    "not no never cannot nothing none neither nor hardly barely nobody dont doesnt didnt "
    "isnt arent wasnt werent cant wont wouldnt shouldnt couldnt havent hasnt".split())
# "not only", and idioms that affirm ("no wonder 92% rebook", "no doubt", "not surprisingly").
_NOT_NEGATING_NEXT = frozenset(
    "only just merely simply wonder surprise surprisingly secret doubt question coincidence".split())
# "no more than 5%", "not less than", "no fewer than": a bound, not a negation.
_COMPARATIVES = frozenset("more less fewer".split())
HEDGES = frozenset(
    "may might could typically usually generally often most many some likely normally "
    "mostly frequently occasionally possibly potentially probably tend tends sometimes "
    "help helps helping".split())
# Hedges that qualify a whole sentence wherever they stand in it.
_TRAILING_HEDGE = re.compile(
    r"\b(?:in (?:most|many|some) cases|for (?:most|many|some) (?:people|patients|clients|women|men"
    r"|individuals|skin types)|in (?:most|many|some) (?:people|patients|clients)|up to)\b")
# Where a sentence's clauses part, for the reach of a trailing hedge: "up to 80% better,
# and the results are permanent" hedges the figure, not the permanence.
_CLAUSE_SPLIT = re.compile(
    r"[;:()\[\]]|\s-\s|,\s*(?:and|but|while|whereas|yet|so|plus|with)\b|\bbut\b")
# Clause breakers: a negation or hedge does not reach across these.
_CLAUSE_WORDS = frozenset("but however although though whereas yet unlike while".split())
# "or" continues a negation ("no needles or downtime", "will not change X or remove Y").
_NEGATION_BREAK_WORDS = _CLAUSE_WORDS | {"and", "which", "so", "because", "then"}
# "none of them are a permanent cure", "none of which is permanent": a negated quantifier
# reaches further than one negation word.
_NONE_OF = frozenset({"none", "neither"})
_NONE_OF_WINDOW = 8
_CLAUSE_NO = frozenset({"no", "none", "neither", "nothing", "nobody"})
_CLAUSE_PUNCT = re.compile(r"[;:()\[\]]|\s-\s")
_NEGATION_PUNCT = re.compile(r"[;:,()\[\]]|\s-\s")
_NEGATION_WINDOW = 4
# How far back a hedge word may sit in the claim's clause. Real clauses are far shorter;
# the bound keeps a page with no punctuation linear rather than quadratic.
_HEDGE_WINDOW = 40
# A treatment named right after these is a comparison, not what the sentence is about.
_CLAUSE_BREAK = re.compile(r"[,;:.()!?]")
_COMPARED = frozenset("unlike than vs versus compared alternative alternatives instead without "
                      "replace replaces avoid avoiding".split())

# Citation markers (the sentence is the scope, see docs/architecture.md).
_CITE_PATTERNS = re.compile(
    # word.1 (but "No.1", "Vol.2", "Fig.3" are numbers, not notes)
    r"(?:(?:(?<=[)\]%])|(?<=[a-z)\]%][.,;:!?)\]\"']))(?<!\b[Nn][Oo]\.)(?<!\b[Vv]ol\.)(?<!\b[Ff]ig\.)"
    r"(?<!\b[Pp]t\.)\d{1,3}(?:[,\u2013-]\d{1,3})*(?=\s|$))"
    r"|[\u00b9\u00b2\u00b3\u2070-\u2079]+"  # superscript digits
    r"|\[\^?[\w-]{1,12}\]"  # [1] or [^note]
    r"|\((?:[A-Z][\w'-]+(?: et al\.?| (?:and|&) [A-Z][\w'-]+)?,? (?:19|20)\d\d[a-z]?)\)"  # (Smith, 2020)
    r"|\b[nN]\s?=\s?\d"  # n=120
    # a source in brackets: "(Kybella prescribing information)", "(Source: ...)", or a
    # study named with its year or identifier: "(REFINE-1 and REFINE-2 trials)"
    r"|\((?:[^()]*\b(?:prescribing information|package insert|product label|SmPC|data on file"
    r"|[Ss]ources?:)[^()]*"
    r"|[^()]*\b(?:[Tt]rials?|[Ss]tudy|[Ss]tudies|[Ss]urvey|[Mm]eta-analysis|[Rr]eview)\b[^()]*"
    r"(?:\b(?:19|20)\d\d\b|\b[A-Z]{2,}[\w-]*\d)[^()]*"
    r"|[^()]*(?:\b(?:19|20)\d\d\b|\b[A-Z]{2,}[\w-]*\d)[^()]*\b(?:[Tt]rials?|[Ss]tudy|[Ss]tudies|[Ss]urvey)\b[^()]*)\)"
    # or one introduced in the sentence: "according to the prescribing information"
    r"|\b[Aa]ccording to (?:the |a |an |its |our )?(?:[\w-]+ ){0,3}?(?:prescribing information"
    r"|package insert|product label|data on file|(?:published |clinical |peer-reviewed )?(?:study|trial"
    r"|trials|survey|meta-analysis|review)\b(?: (?:published )?(?:in|by) [A-Z]))"
)
# "collagen1": digits right after a letter are a footnote only on a page that has notes
# (references, sources, a journal citation), and never in a name the lexicon knows
# ("Morpheus8"); elsewhere they are part of a product or device name ("Pixel8").
_BARE_NOTE = re.compile(r"(?<=[a-z])\d{1,3}(?:[,\u2013-]\d{1,3})*(?=\s|$)")
_NOTES_SECTION = re.compile(
    r"^\W*(?:references?|sources?|citations?|footnotes?|notes|bibliography|studies cited)\b"
    r"|\bet al\b|\bdoi\b|\bpmid\b|pubmed|(?:19|20)\d\d ?; ?\d+ ?[(:]", re.I)
# A study described in the sentence itself, with its kind, size and year, is cited
# ("In our 2023 audit of 64 patients, 71% ..."); a bare "studies show" is not.
_STUDY_WORD = re.compile(r"\b(?:study|studies|trial|trials|survey|audit|evaluation|assessment)\b", re.I)
_STUDY_SIZE = re.compile(
    r"\b(?:of|in|with|among|on|by)\s+\d[\d,]*\s+(?:[a-z-]+\s+){0,2}?(?:patients|adults|women|men"
    r"|participants|volunteers|subjects|people|clients|users|customers|consumers)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_SHORT_RUN_WORDS = 25
_NOTE_MARK = re.compile(r"(?<=\w|[.,;:!?)%])([*\u2020\u2021]+)")


def normalise(text: str) -> str:
    """Map typographic variants to plain ASCII one-for-one (same length)."""
    return text.translate(_NORMALISE)


@dataclass
class Sentence:
    """A sentence inside a block: character span and the range of its tokens."""

    start: int
    end: int
    first_token: int
    last_token: int  # exclusive


@dataclass
class Context:
    """What the sentence around a hit says about it."""

    negated: bool = False
    hedged: bool = False
    question: bool = False
    quoted: bool = False
    cited: bool = False
    heading: bool = False

    def flags(self) -> frozenset[str]:
        return frozenset(k for k, v in vars(self).items() if v)


@dataclass
class AnalysedBlock:
    """A block with its normalised text, tokens and sentences."""

    index: int
    block: Block
    norm: str
    tokens: list[tuple[int, int, str]]
    sentences: list[Sentence]
    _token_starts: list[int] = field(default_factory=list, repr=False)
    _sentence_starts: list[int] = field(default_factory=list, repr=False)
    _positions: dict[str, list[int]] | None = field(default=None, repr=False)
    _folded: str | None = field(default=None, repr=False)
    # Per-sentence answers (keyed by sentence start) shared by every hit in the sentence.
    _trailing_hedge: dict[int, bool] = field(default_factory=dict, repr=False)
    _clause_splits: dict[int, list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _cited: dict[int, bool] = field(default_factory=dict, repr=False)

    @property
    def positions(self) -> dict[str, list[int]]:
        """Each distinct token's indexes, so phrase lookups visit only where a phrase can start."""
        if self._positions is None:
            pos: dict[str, list[int]] = {}
            for i, t in enumerate(self.tokens):
                pos.setdefault(t[2], []).append(i)
            self._positions = pos
        return self._positions

    @property
    def folded(self) -> str:
        """The normalised text case-folded, for literal pre-filters (see literals.py)."""
        if self._folded is None:
            self._folded = self.norm.casefold()
        return self._folded

    def token_index(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_right(self._token_starts, offset - 1)

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect_right(self._sentence_starts, offset) - 1)

    def sentence_at(self, offset: int) -> Sentence:
        return self.sentences[self.sentence_index(offset)]


@dataclass
class AnalysedDocument:
    """A document plus analysed blocks and document-wide facts (note markers, subjects)."""

    doc: Document
    blocks: list[AnalysedBlock]
    note_marks: frozenset[str]
    lexicon: Lexicon | None = None
    _subjects: dict = field(default_factory=dict, repr=False)
    _text_mentions: dict = field(default_factory=dict, repr=False)
    derived: dict = field(default_factory=dict, repr=False)  # per-document results other modules compute once

    @property
    def content_blocks(self) -> list[AnalysedBlock]:
        """The blocks that are page content: all but site navigation menus."""
        found = self.derived.get("content_blocks")
        if found is None:
            found = self.derived["content_blocks"] = [
                ab for ab in self.blocks if ab.block.kind != NAVIGATION]
        return found

    def subject_at(self, ab: AnalysedBlock, offset: int) -> Subject | None:
        """What the claim at ``offset`` is about.

        The nearest treatment or product named before it in its sentence, else the first
        one named in an earlier sentence of the block, its list item's lead, its headings
        (nearest first), the page title or the page's main subject, else the first one
        named after it in the sentence. A generic word
        ("this product", "the procedure") closer to the claim wins when the named subject
        is on the other side of the product/procedure divide.
        """
        if self.lexicon is None:
            return None
        si = ab.sentence_index(offset)
        mentions = self._sentence_mentions(ab, si)
        k = bisect_left(mentions, offset, key=lambda m: m[0])
        after = mentions[k:] if k < len(mentions) else ()
        specific = generic = None
        for j in range(k - 1, -1, -1):  # nearest first; stop at the nearest named subject
            subj = mentions[j][1]
            if not subj.generic:
                specific = subj
                break
            generic = generic or subj
        if specific is None:  # "FDA-approved Juvederm", "permanent results with HIFU"
            specific = _right_after(ab, offset, after)
        if specific is None:  # "It is ...": what came before, not what the sentence names later
            key = (ab.index, si)
            if key not in self._subjects:
                self._subjects[key] = self._inherited(ab, si)
            specific = self._subjects[key]
        if specific is None:
            specific = next((subj for _, subj in after if not subj.generic), None)
        if generic is None and specific is None:
            generic = next((subj for _, subj in after if subj.generic), None)
        if specific is None:
            return generic
        if generic is not None and (generic.type == "product") != (specific.type == "product"):
            return generic  # "this serum" on a procedure page is about a product
        return specific

    def _block_mentions(self, ab: AnalysedBlock) -> list[tuple[int, int, Subject]]:
        """(first token, last token, subject) of every subject named in a block, found once."""
        key = ("b", ab.index)
        if key not in self._subjects:
            self._subjects[key] = self.lexicon.mentions(ab.tokens, ab.norm, 0, len(ab.tokens), ab.positions)
        return self._subjects[key]

    def _sentence_mentions(self, ab: AnalysedBlock, si: int) -> list[tuple[int, Subject]]:
        """Subjects named in a sentence, except those only compared with ("unlike surgery")."""
        key = ("m", ab.index, si)
        if key not in self._subjects:
            s = ab.sentences[si]
            tokens = ab.tokens
            block_mentions = self._block_mentions(ab)  # in token order
            first = bisect_left(block_mentions, s.first_token, key=lambda m: m[0])
            out = []
            for i, j, subj in block_mentions[first:]:
                if i >= s.last_token:
                    break
                if j < s.last_token and not _compared(ab, s, i, subj):
                    out.append((tokens[i][0], subj))
            self._subjects[key] = out
        return self._subjects[key]

    def _inherited(self, ab: AnalysedBlock, si: int) -> Subject | None:
        # The nearest earlier sentence naming a subject. Answers for the sentences walked
        # over are cached, so a block of many subject-less sentences stays linear.
        walked = []
        for k in range(si - 1, -1, -1):
            named = next((subj for _, subj in self._sentence_mentions(ab, k) if not subj.generic), None)
            if named is None and (ab.index, k) in self._subjects:  # k inherits: so do we
                return self._remember(ab, walked, self._subjects[(ab.index, k)])
            if named is not None:
                return self._remember(ab, walked, named)
            walked.append(k)
        return self._remember(ab, walked, self._from_context(ab))

    def _remember(self, ab: AnalysedBlock, sentences: list[int], subject: Subject | None):
        for k in sentences:
            self._subjects[(ab.index, k)] = subject
        return subject

    def _from_context(self, ab: AnalysedBlock) -> Subject | None:
        """A block's subject from its list item's lead, headings, title or main subject."""
        block = ab.block
        hint = None
        for text in (block.lead, *reversed(block.heading_path), self.doc.title):
            if text:
                subj, generic = self._first_specific(text)
                if subj is not None:
                    return subj
                hint = hint or generic
        main = self.main_subject()
        if hint is not None and (main is None or (hint.type == "product") != (main.type == "product")):
            return hint  # a page titled "... Procedures" is about procedures, whatever it names most
        return main

    def main_subject(self) -> Subject | None:
        """The treatment or product the page names most often (first named wins a tie)."""
        key = "main"
        if key not in self._subjects:
            counts: dict[str, list] = {}
            for ab in self.content_blocks:
                for si in range(len(ab.sentences)):
                    for _, subj in self._sentence_mentions(ab, si):
                        if not subj.generic:
                            counts.setdefault(subj.id, [0, subj])[0] += 1
            best = max(counts.values(), key=lambda c: c[0], default=None)
            self._subjects[key] = best[1] if best else None
        return self._subjects[key]

    def _first_specific(self, text: str) -> tuple[Subject | None, Subject | None]:
        """The first specific and the first generic subject named in a heading or lead."""
        if text not in self._text_mentions:
            norm = normalise(text)
            tokens = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(norm)]
            found = [s for _, _, s in self.lexicon.mentions(tokens, norm, 0, len(tokens))]
            self._text_mentions[text] = (next((s for s in found if not s.generic), None),
                                         next((s for s in found if s.generic), None))
        return self._text_mentions[text]


# A treatment named this close after a claim, with no clause break between, is what the
# claim describes ("painless laser hair removal", "no downtime after microneedling").
_RIGHT_AFTER_TOKENS = 4


def _right_after(ab: AnalysedBlock, offset: int, after) -> Subject | None:
    named = next(((at, subj) for at, subj in after if not subj.generic), None)
    if named is None:
        return None
    at = named[0]
    if ab.token_index(at) - ab.token_index(offset) > _RIGHT_AFTER_TOKENS or \
            _CLAUSE_BREAK.search(ab.norm, offset, at):
        return None
    return named[1]


# "a non-surgical facelift", "a liquid facelift": the surgery named is what it is not.
_NOT_THE_THING = {("non", "surgical"), ("non", "invasive"), ("needle", "free"), ("scalpel", "free"),
                  ("nonsurgical",), ("liquid",)}


def _compared(ab: AnalysedBlock, sent: Sentence, i: int, subject: Subject | None = None) -> bool:
    """Whether the mention at token ``i`` follows "unlike", "than", "alternative to" ... in its
    clause, or names surgery as what the treatment is not ("non-surgical facelift")."""
    tokens, norm = ab.tokens, ab.norm
    if subject is not None and subject.surgical:
        before = tuple(t[2] for t in tokens[max(sent.first_token, i - 2):i])
        if before[-1:] in _NOT_THE_THING or before[-2:] in _NOT_THE_THING:
            return True
    for k in range(i - 1, max(sent.first_token, i - 3) - 1, -1):
        if _CLAUSE_BREAK.search(norm, tokens[k][1], tokens[k + 1][0]):
            return False
        if tokens[k][2] in _COMPARED:
            return True
    return False


def analyse(doc: Document, lexicon: Lexicon | None = None) -> AnalysedDocument:
    """Normalise, tokenise and split every block of a document into sentences."""
    blocks = [analyse_block(b, i) for i, b in enumerate(doc.blocks)]
    marks = set()
    for ab in blocks:
        head = ab.norm.lstrip()[:2]
        if head[:1] in "*\u2020\u2021" and head[:1]:
            marks.add(head[:1])
    return AnalysedDocument(doc, blocks, frozenset(marks), lexicon)


def analyse_block(block: Block, index: int = 0) -> AnalysedBlock:
    norm = normalise(block.text)
    lower = norm.lower()
    if len(lower) == len(norm):  # lower-casing once is faster; a few letters change length
        tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(lower)]
    else:
        tokens = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(norm)]
    starts = [t[0] for t in tokens]
    spans = [(0, len(norm))] if block.kind in HEADLINE_KINDS else split_sentences(norm)
    sentences = []
    for s, e in spans:
        a = bisect_right(starts, s - 1)
        b = bisect_right(starts, e - 1)
        sentences.append(Sentence(s, e, a, b))
    if not sentences:
        sentences.append(Sentence(0, len(norm), 0, len(tokens)))
    return AnalysedBlock(index, block, norm, tokens, sentences, starts, [s.start for s in sentences])


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of normalised text; abbreviations, decimals and footnotes survive."""
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    label = _LABEL.match(text, start)
    if label and len(label.group().split()) <= 7:
        cut = label.end()
        spans.append((start, len(text[:cut].rstrip(" -:"))))
        start = cut
    n = len(text)
    for m in _SENTENCE_END.finditer(text, start):
        end = m.end()
        if end <= start:
            continue
        while end < n and text[end] in _CLOSERS:
            end += 1
        if end < n and text[end].isdigit() and m.start() > 0 and not text[m.start() - 1].isdigit():
            d = end
            while d < n and (text[d].isdigit() or text[d] in ",-"):
                d += 1
            if d >= n or text[d] == " ":
                end = d
        if end < n and text[end] != " ":
            continue
        nxt = _skip_space(text, end)
        if nxt >= n:
            break
        if text[m.start()] == "." and (text[nxt].islower() or _is_abbreviation(text, m.start())):
            continue
        spans.append((start, end))
        start = nxt
    if start < n:
        spans.append((start, len(text.rstrip())))
    return [s for s in spans if s[1] > s[0]]


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] == " ":
        i += 1
    return i


def _is_abbreviation(text: str, dot: int) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def context_of(ad: AnalysedDocument, ab: AnalysedBlock, start: int, end: int) -> Context:
    """Judge a hit spanning ``start:end`` of a block's text in its sentence."""
    sent = ab.sentence_at(start)
    first = ab.token_index(start)
    text = ab.norm
    ctx = Context(heading=ab.block.kind in HEADLINE_KINDS)
    ctx.negated = _negated(ab, sent, first)
    ctx.hedged = _hedged(ab, sent, first, end)
    tail = text[sent.start:sent.end].rstrip(" " + _CLOSERS + "0123456789")
    ctx.question = tail.endswith("?")
    ctx.quoted = _is_testimonial_quote(ab) or _inside_quotes(text, sent.start, start)
    ctx.cited = _cited(ad, ab, sent)
    return ctx


def _walk_back(ab: AnalysedBlock, sent: Sentence, first: int, stop_words, stop_punct, limit):
    """Yield tokens before token ``first`` in its sentence, stopping at a clause break."""
    text = ab.norm
    i = first - 1
    count = 0
    gap_end = ab.tokens[first][0] if first < len(ab.tokens) else sent.end
    while i >= sent.first_token and (limit is None or count < limit):
        s, e, tok = ab.tokens[i]
        if stop_punct.search(text, e, gap_end) or tok in stop_words:
            return
        yield i, tok
        count += 1
        gap_end = s
        i -= 1


def _negated(ab: AnalysedBlock, sent: Sentence, first: int) -> bool:
    for i, tok in _walk_back(ab, sent, first, _NEGATION_BREAK_WORDS, _NEGATION_PUNCT,
                             _NEGATION_WINDOW):
        if (tok in NEGATORS or tok.endswith("n't")) and _negates(ab, i):
            return True
    last = None
    for i, tok in _walk_back(ab, sent, first, _NEGATION_BREAK_WORDS - {"which"}, _NEGATION_PUNCT,
                             _NONE_OF_WINDOW):
        if tok in _NONE_OF and i + 1 < len(ab.tokens) and ab.tokens[i + 1][2] == "of":
            return True
        last = (i, tok)
    # "No light-based treatment makes it go away for good": a "no" opening the clause
    # quantifies its subject, so it negates the whole clause.
    if last is not None and last[1] in _CLAUSE_NO and _opens_clause(ab, sent, last[0]) and \
            _negates(ab, last[0]):
        return True
    return False


def _negates(ab: AnalysedBlock, i: int) -> bool:
    """Whether the negator at token ``i`` negates: not "not only", "no wonder", "no more than"."""
    nxt = ab.tokens[i + 1][2] if i + 1 < len(ab.tokens) else ""
    after = ab.tokens[i + 2][2] if i + 2 < len(ab.tokens) else ""
    return nxt not in _NOT_NEGATING_NEXT and not (nxt in _COMPARATIVES and after == "than")


def _opens_clause(ab: AnalysedBlock, sent: Sentence, i: int) -> bool:
    """Whether token ``i`` is the first of its sentence or follows a clause break."""
    if i == sent.first_token:
        return True
    prev = ab.tokens[i - 1]
    return prev[2] in _NEGATION_BREAK_WORDS or bool(
        _NEGATION_PUNCT.search(ab.norm, prev[1], ab.tokens[i][0]))


def _hedged(ab: AnalysedBlock, sent: Sentence, first: int, end: int) -> bool:
    for _, tok in _walk_back(ab, sent, first, _CLAUSE_WORDS, _CLAUSE_PUNCT, _HEDGE_WINDOW):
        if tok in HEDGES:
            return True
    # Judged once per clause: every hit in a clause shares the answer.
    start = ab.tokens[first][0] if first < len(ab.tokens) else end
    splits = ab._clause_splits.get(sent.start)
    if splits is None:  # once per sentence, so a long sentence stays linear
        splits = ab._clause_splits[sent.start] = [
            m.span() for m in _CLAUSE_SPLIT.finditer(ab.norm, sent.start, sent.end)]
    k = bisect_right(splits, (start, start))
    a = splits[k - 1][1] if k and splits[k - 1][1] <= start else sent.start
    b = next((s for s, _ in splits[k:] if s >= end), sent.end)
    found = ab._trailing_hedge.get(a)
    if found is None:
        found = ab._trailing_hedge[a] = bool(_TRAILING_HEDGE.search(ab.norm[a:b].lower()))
    return found


# A blockquote is someone's words when it has quote marks or ends with who said it
# ("- Sarah, Bondi"); otherwise it is a styled callout of the advertiser's own copy.
_ATTRIBUTION = re.compile(r"(?:^|\s)(?:-|--)\s*[A-Z][\w.']*(?:[ ,]+[A-Z0-9][\w.']*){0,4}\s*$")


def _is_testimonial_quote(ab: AnalysedBlock) -> bool:
    if ab.block.kind != QUOTE:
        return False
    return '"' in ab.norm or bool(_ATTRIBUTION.search(ab.norm.rstrip()))


def _inside_quotes(text: str, sent_start: int, pos: int) -> bool:
    return text.count('"', sent_start, pos) % 2 == 1


def _cited(ad: AnalysedDocument, ab: AnalysedBlock, sent: Sentence) -> bool:
    """A marker in the sentence cites it; so does one closing the next sentence when that
    sentence is short (a footnote placed after a two-sentence run)."""
    if _sentence_cited(ad, ab, sent):
        return True
    i = ab.sentence_index(sent.start)
    if i + 1 < len(ab.sentences):
        nxt = ab.sentences[i + 1]
        if nxt.last_token - nxt.first_token <= _SHORT_RUN_WORDS and \
                _has_marker(ad, ab, max(nxt.start, nxt.end - 6), nxt.end):
            return True
    return False


def _has_marker(ad: AnalysedDocument, ab: AnalysedBlock, start: int, end: int) -> bool:
    """Whether a citation marker stands in ``ab.norm[start:end]``."""
    if _CITE_PATTERNS.search(ab.norm, start, end):
        return True
    for m in _BARE_NOTE.finditer(ab.norm, start, end):
        if _page_has_notes(ad) and not _known_name(ad, ab, m.start()):
            return True
    return False


def _page_has_notes(ad: AnalysedDocument) -> bool:
    found = ad.derived.get("has_notes")
    if found is None:
        found = ad.derived["has_notes"] = any(_NOTES_SECTION.search(ab.norm) for ab in ad.blocks)
    return found


def _known_name(ad: AnalysedDocument, ab: AnalysedBlock, offset: int) -> bool:
    """Whether the token ending in digits at ``offset`` is a name the lexicon knows."""
    if ad.lexicon is None:
        return False
    tok = ab.tokens[max(0, ab.token_index(offset + 1) - 1)]
    return tok[2] in ad.lexicon.single_word_names


def _sentence_cited(ad: AnalysedDocument, ab: AnalysedBlock, sent: Sentence) -> bool:
    found = ab._cited.get(sent.start)
    if found is None:
        found = ab._cited[sent.start] = _scan_cited(ad, ab, sent)
    return found


def _scan_cited(ad: AnalysedDocument, ab: AnalysedBlock, sent: Sentence) -> bool:
    text = ab.norm
    if _has_marker(ad, ab, sent.start, sent.end):
        return True
    if _STUDY_SIZE.search(text, sent.start, sent.end) and \
            _STUDY_WORD.search(text, sent.start, sent.end) and _YEAR.search(text, sent.start, sent.end):
        return True
    if any(a < sent.end and b > sent.start for a, b, _ in ab.block.links):
        return True
    if ad.note_marks:
        for m in _NOTE_MARK.finditer(text, sent.start, sent.end):
            if m.group(1)[0] in ad.note_marks:
                return True
    return False
