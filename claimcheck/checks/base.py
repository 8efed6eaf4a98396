"""The interface every rule kind implements, and the shared step that turns a hit into a Finding."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.analysis import AnalysedBlock, AnalysedDocument, context_of, normalise
from claimcheck.errors import RuleError
from claimcheck.findings import Finding
from claimcheck.phrases import PhraseIndex, PhraseSpec, any_overlapping
from claimcheck.ruleset import Rule


class Check:
    """Base class for a rule kind: compiled once per run for all rules of the kind."""

    #: extra YAML keys the kind accepts, name -> type spec (see yamlio.check_type)
    KEYS: dict[str, object] = {}
    #: which of KEYS are required
    REQUIRED: tuple[str, ...] = ()

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        # rule id -> (index of its exceptions, longest in tokens), built at the rule's
        # first hit: most rules have no hit on a page, and parsing phrases costs start-up.
        self._exceptions: dict[str, tuple[PhraseIndex, int] | None] = {}

    def _exception_index(self, rule: Rule) -> tuple[PhraseIndex, int] | None:
        if rule.id not in self._exceptions:
            built = None
            if rule.exceptions:
                try:
                    specs = [PhraseSpec(p) for p in rule.exceptions]
                except ValueError as exc:
                    raise RuleError(f"exceptions: {exc}", rule.path) from None
                built = (PhraseIndex(specs), max(len(x.tokens) for x in specs))
            self._exceptions[rule.id] = built
        return self._exceptions[rule.id]

    @classmethod
    def validate(cls, rule: Rule, data, where: str) -> None:
        """Kind-specific checks beyond the key types; raise RuleError with a line."""

    @classmethod
    def derive(cls, rule: Rule) -> dict:
        """Plain data worked out from a valid rule once, when it is loaded from YAML, and
        cached with it (``Rule.derived``); a rule built another way has none."""
        return {}

    def run(self, ad: AnalysedDocument) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(self, rule: Rule, ad: AnalysedDocument, ab: AnalysedBlock, start: int,
                end: int) -> Finding | None:
        """The finding for a hit at block text ``start:end``, or None when context clears it."""
        block = ab.block
        for a, b in block.masked:
            if start < b and a < end:
                return None
        exceptions = self._exception_index(rule) if rule.exceptions else None
        if exceptions:
            sent = ab.sentence_at(start)
            index, longest = exceptions
            first = max(sent.first_token, ab.token_index(start) - longest + 1)
            last = min(sent.last_token, ab.token_index(end) + longest)
            if any_overlapping(index, ab.tokens, ab.norm, first, last, start, end):
                return None
        if rule.ignore_when:
            ctx = context_of(ad, ab, start, end)
            if rule.ignore_when & ctx.flags():
                return None
        subject = ad.subject_at(ab, start)
        if rule.when_subject and (subject.type if subject else "unknown") not in rule.when_subject:
            return None
        if rule.when_fda and (subject.fda if subject and not subject.generic else "unknown") \
                not in rule.when_fda:
            return None
        doc = ad.doc
        s, e = block.src_start(start), block.src_end(end)
        line, col = doc.line_col(s)
        end_line, end_col = doc.line_col(e)
        match = doc.source[s:e]
        sent = ab.sentence_at(start)
        return Finding(
            path=doc.path, rule=rule.id, category=rule.category, severity=rule.severity,
            message=rule.message.replace("{match}", " ".join(block.text[start:end].split())),
            match=match, line=line, column=col, end_line=end_line, end_column=end_col,
            start=s, end=e, suggestions=suggestions_for(rule, block.text[start:end]),
            source=rule.source,
            why=rule.why, sentence=" ".join(block.text[sent.start:sent.end].split()),
            subject=subject.name if subject else None,
        )


def document_finding(rule: Rule, ad: AnalysedDocument, message: str | None = None) -> Finding:
    """A finding about the whole page (scope "document"), placed at line 1, column 1."""
    return Finding(
        path=ad.doc.path, rule=rule.id, category=rule.category, severity=rule.severity,
        message=rule.message if message is None else message, match="", line=1, column=1,
        end_line=1, end_column=1, start=0, end=0, scope="document",
        suggestions=[dict(x) for x in rule.suggest], source=rule.source, why=rule.why)


def suggestions_for(rule: Rule, match: str) -> list[dict]:
    """The rule's suggestions that fit this match: a ``replace`` with a ``for`` list is a
    drop-in only for the phrases it names ("long-lasting" for "permanent", not for
    "for good"); ``word*`` names any word starting with ``word``."""
    out = []
    for s in rule.suggest:
        phrases = s.get("for")
        if phrases and not any(_phrase_fits(p, match) for p in phrases):
            continue
        out.append({k: v for k, v in s.items() if k != "for"})
    return out


def _phrase_fits(phrase: str, match: str) -> bool:
    m, p = _words(match), _words(phrase)
    if p.endswith("*"):
        return m.startswith(p[:-1]) and " " not in m[len(p) - 1:]
    return m == p


def _words(text: str) -> str:
    return " ".join(normalise(text).lower().replace("-", " ").split())
