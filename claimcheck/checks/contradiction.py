"""The ``contradiction`` kind: two statements about one subject that cannot both hold.

A rule names an attribute and its two sides: ``absolute`` (the claim that gets
reported, e.g. "non-invasive") and ``evidence`` (what contradicts it, e.g. "needles",
"minimally invasive"). Each side lists phrases and/or patterns. Every hit becomes a
claim (side, subject, place): a negated absolute claim ("not permanent") counts as
evidence, a hedged or questioned absolute claim does not count. A claim in a heading
speaks for its whole section ("Invasive Skin Tightening Techniques" classifies the
items below it). An absolute claim is reported when evidence about the same subject
(or covering its section) stands elsewhere on the page, with that evidence as
``related``. Claims in the same sentence are never paired: a sentence that contrasts
two things ("unlike laser ...") is not contradicting itself, and it is not used as
evidence against other sentences either.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from claimcheck.analysis import AnalysedBlock, AnalysedDocument, context_of
from claimcheck.checks.base import Check as BaseCheck
from claimcheck.checks.pattern import compile_pattern, validate_patterns
from claimcheck.document import HEADING
from claimcheck.errors import RuleError
from claimcheck.literals import present, required_literals
from claimcheck.phrases import PhraseIndex, PhraseSpec, any_overlapping, validate_phrases
from claimcheck.ruleset import Rule

_SIDE_KEYS = {"label", "phrases", "patterns", "triggers", "exceptions"}
_MAX_RELATED = 3


@dataclass
class _Claim:
    side: str  # "absolute" or "evidence"
    ab: AnalysedBlock
    start: int
    end: int
    subject: str | None
    section: tuple[int, int] | None  # block range a heading claim speaks for

    @property
    def sentence(self) -> tuple[int, int]:
        return self.ab.index, self.ab.sentence_index(self.start)


class _Side:
    """One side of an attribute: its patterns and exceptions (phrases go in the shared index)."""

    def __init__(self, data: dict, where: str, requires: list | None = None):
        self.phrases = [PhraseSpec(p) for p in data.get("phrases", [])]
        self.pattern_sources = list(data.get("patterns", []))
        self._patterns: dict[int, object] = {}
        # Patterns run (and compile, which is slow) only for blocks holding a trigger word
        # and the literal text each pattern requires (Check.derive).
        self.requires = requires or []
        self.triggers = frozenset(w.lower() for w in data.get("triggers", []))
        ex = [PhraseSpec(p) for p in data.get("exceptions", [])]
        self.exceptions = PhraseIndex(ex) if ex else None
        self.longest_exception = max((len(e.tokens) for e in ex), default=0)

    def patterns(self, ab: AnalysedBlock) -> Iterator:
        """The side's compiled patterns that could match in the block."""
        for i, source in enumerate(self.pattern_sources):
            if i < len(self.requires) and not present(self.requires[i], ab.folded):
                continue
            compiled = self._patterns.get(i)
            if compiled is None:
                compiled = self._patterns[i] = compile_pattern(source)
            yield compiled

    def may_match(self, ab: AnalysedBlock) -> bool:
        """Whether the side's patterns need to run on a block (a trigger word is present)."""
        return not self.triggers or not self.triggers.isdisjoint(ab.positions.keys())

    def hits(self, ab: AnalysedBlock, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
        """The side's hits in a block: ``spans`` from the shared phrase index, plus patterns."""
        tokens, norm = ab.tokens, ab.norm
        spans = list(spans)
        for pattern in self.patterns(ab) if self.may_match(ab) else ():
            for m in pattern.finditer(norm, timeout=2.0):
                span = m.span("claim") if "claim" in pattern.groupindex else m.span()
                if span[1] > span[0]:
                    spans.append(span)
        reach = self.longest_exception
        for start, end in sorted(set(spans)):
            if self.exceptions is not None and any_overlapping(
                    self.exceptions, tokens, norm, max(0, ab.token_index(start) - reach + 1),
                    min(len(tokens), ab.token_index(end) + reach), start, end):
                continue
            yield start, end


class Check(BaseCheck):
    KEYS = {"attribute": str, "absolute": dict, "evidence": dict}
    REQUIRED = ("attribute", "absolute", "evidence")

    def __init__(self, rules: list[Rule]):
        super().__init__(rules)
        self.sides = {r.id: tuple(_Side(r.options[name], r.path,
                                        r.derived.get("requires", {}).get(name))
                                  for name in ("absolute", "evidence"))
                      for r in rules}
        # Every side's phrases in one index: one pass over a block serves all rules.
        specs, self._owner = [], []
        for r in rules:
            for side_name, side in zip(("absolute", "evidence"), self.sides[r.id]):
                specs.extend(side.phrases)
                self._owner.extend([(r.id, side_name)] * len(side.phrases))
        self.index = PhraseIndex(specs)

    @classmethod
    def derive(cls, rule: Rule) -> dict:
        return {"requires": {name: [required_literals(s) for s in rule.options[name].get("patterns", [])]
                             for name in ("absolute", "evidence")}}

    @classmethod
    def validate(cls, rule: Rule, data, where: str) -> None:
        from claimcheck import yamlio

        for name in ("absolute", "evidence"):
            side = data[name]
            line = yamlio.line_of(data, name)
            for key in side:
                if key not in _SIDE_KEYS:
                    raise RuleError(f"{name}: unknown key {key!r}{yamlio.did_you_mean(key, _SIDE_KEYS)}",
                                    where, yamlio.line_of(side, key))
            if not side.get("phrases") and not side.get("patterns"):
                raise RuleError(f"{name}: needs 'phrases' or 'patterns'", where, line)
            for key in ("phrases", "patterns", "triggers", "exceptions"):
                if key in side:
                    yamlio.check_type(side[key], ("list", str), f"{name}.{key}", where,
                                      yamlio.line_of(side, key), RuleError)
            for key in ("phrases", "exceptions"):
                validate_phrases(side.get(key, []), f"{name}.{key}", where)
            validate_patterns(side.get("patterns", []), f"{name}.patterns", where)

    def run(self, ad: AnalysedDocument):
        sections, enclosing = _sections(ad)
        spans: dict[tuple[str, str], dict[int, list]] = {}
        for ab in ad.content_blocks:
            for i, j, n in self.index.find(ab.tokens, ab.norm, positions=ab.positions):
                spans.setdefault(self._owner[n], {}).setdefault(ab.index, []).append(
                    (ab.tokens[i][0], ab.tokens[j][1]))
        for rule in self.rules:
            absolute, evidence = self.sides[rule.id]
            claims = list(self._claims(rule, ad, "absolute", absolute, sections, spans))
            abs_claims = [c for c in claims if c.side == "absolute"]
            if not abs_claims:
                continue  # nothing to contradict: the evidence side need not be scanned
            claims += self._claims(rule, ad, "evidence", evidence, sections, spans)
            claims.sort(key=lambda c: c.ab.index)  # stable: block order, absolute side first
            contrastive = {c.sentence for c in abs_claims}
            index = _EvidenceIndex([c for c in claims
                                    if c.side == "evidence" and c.sentence not in contrastive], enclosing)
            for a in abs_claims:
                others = index.against(a)
                finding = self._finding(rule, ad, a, others) if others else None
                if finding is not None:
                    yield finding

    def _claims(self, rule, ad, side_name: str, side: _Side, sections, spans) -> Iterator[_Claim]:
        """One side's hits over the page as claims (a negated absolute hit is evidence)."""
        by_block = spans.get((rule.id, side_name), {})
        for ab in ad.content_blocks:
            section = sections.get(ab.index) if ab.block.kind == HEADING else None
            found = by_block.get(ab.index, [])
            if found or (side.pattern_sources and side.may_match(ab)):
                yield from self._block_claims(rule, ad, ab, side_name, side, found, section)

    def _block_claims(self, rule, ad, ab, side_name: str, side: _Side, found, section) -> Iterator[_Claim]:
        for start, end in side.hits(ab, found):
            ctx = context_of(ad, ab, start, end)
            if ctx.question or ctx.quoted:
                continue
            name = side_name
            if ctx.negated:
                if side_name == "evidence":
                    continue
                name = "evidence"  # "not permanent" is on the temporary side
            elif side_name == "absolute" and (ctx.hedged or rule.ignore_when & ctx.flags()):
                continue
            yield _Claim(name, ab, start, end, _subject_key(ad, ab, start), section)

    def _finding(self, rule: Rule, ad: AnalysedDocument, a: _Claim, others: list[_Claim]):
        doc = ad.doc
        related = []
        for e in others[:_MAX_RELATED]:
            block = e.ab.block
            s, t = block.src_start(e.start), block.src_end(e.end)
            line, col = doc.line_col(s)
            end_line, end_col = doc.line_col(t)
            related.append({"line": line, "column": col, "end_line": end_line, "end_column": end_col,
                            "match": " ".join(doc.source[s:t].split())})
        first = related[0]
        message = (rule.message.replace("{other}", _quote(others[0]))
                   .replace("{other_line}", str(first["line"])))
        finding = self.finding(rule, ad, a.ab, a.start, a.end)
        if finding is None:
            return None
        finding.message = message.replace("{match}", " ".join(a.ab.block.text[a.start:a.end].split()))
        finding.related = related
        return finding


def _quote(claim: _Claim, width: int = 70) -> str:
    """The evidence as a reader needs it: its sentence, shortened around the hit."""
    sent = claim.ab.sentence_at(claim.start)
    text = " ".join(claim.ab.block.text[sent.start:sent.end].split())
    if len(text) <= width:
        return text
    hit = " ".join(claim.ab.block.text[claim.start:claim.end].split())
    at = max(0, text.find(hit) - width // 3)
    return ("…" if at else "") + text[at:at + width].rstrip() + "…"


def _subject_key(ad: AnalysedDocument, ab: AnalysedBlock, start: int) -> str | None:
    """Which subject a claim speaks for: a generic one ("the treatment") is the page's
    main subject when that is of the same kind (product or procedure)."""
    subj = ad.subject_at(ab, start)
    if subj is None or subj.generic:
        main = ad.main_subject()
        if main is not None and subj is not None and (subj.type == "product") != (main.type == "product"):
            return subj.id  # "the treatment" on a page that mostly names products
        return None if main is None else main.id
    return subj.id


class _EvidenceIndex:
    """Evidence claims indexed so that pairing costs O(1) per absolute claim, not O(n).

    Evidence pairs with an absolute claim when both are about the same subject, when a
    heading holding one side covers the other's block, and never within one sentence.
    """

    def __init__(self, evidence: list[_Claim], enclosing: list[tuple[int, ...]]):
        self.enclosing = enclosing
        self.by_subject: dict[str | None, list[_Claim]] = {}
        self.by_heading: dict[int, list[_Claim]] = {}
        self.by_block: list[_Claim] = []
        for e in evidence:
            if e.section:
                self.by_heading.setdefault(e.ab.index, []).append(e)
            else:
                self.by_subject.setdefault(e.subject, []).append(e)
            self.by_block.append(e)
        self.by_block.sort(key=lambda e: e.ab.index)
        self.block_keys = [e.ab.index for e in self.by_block]

    def against(self, a: _Claim) -> list[_Claim]:
        from bisect import bisect_left

        out: list[_Claim] = []

        def take(candidates) -> bool:
            for e in candidates:
                if e.sentence != a.sentence and e not in out:
                    out.append(e)
                    if len(out) >= _MAX_RELATED:
                        return True
            return False

        if a.section:  # a heading claim speaks for every block in its section
            lo = bisect_left(self.block_keys, a.section[0])
            hi = bisect_left(self.block_keys, a.section[1])
            if take(self.by_block[lo:hi]):
                return out
        else:
            if take(self.by_subject.get(a.subject, ())):
                return out
        for heading in self.enclosing[a.ab.index]:
            if take(self.by_heading.get(heading, ())):
                break
        return out


def _sections(ad: AnalysedDocument) -> tuple[dict[int, tuple[int, int]], list[tuple[int, ...]]]:
    """For each heading block, the range of blocks it heads (up to the next heading at its
    level); and for each block, the heading blocks that enclose it."""
    out: dict[int, tuple[int, int]] = {}
    enclosing: list[tuple[int, ...]] = []
    open_headings: list[tuple[int, int]] = []  # (level, block index)
    for ab in ad.blocks:
        if ab.block.kind == HEADING:
            level = ab.block.level or 2
            while open_headings and open_headings[-1][0] >= level:
                _, i = open_headings.pop()
                out[i] = (i + 1, ab.index)
            enclosing.append(tuple(i for _, i in open_headings))
            open_headings.append((level, ab.index))
        else:
            enclosing.append(tuple(i for _, i in open_headings))
    for _, i in open_headings:
        out[i] = (i + 1, len(ad.blocks))
    return out, enclosing
