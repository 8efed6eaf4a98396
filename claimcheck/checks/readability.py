"""The ``readability`` kind: prose that is harder to read than a target grade.

``scope: block`` (the default) scores each prose block on its own and reports the
blocks over the target, the span being the whole block; ``scope: document`` scores all
the page's prose together and reports once, at line 1 column 1, when it is over. What
counts as prose (not headings, short list items, references, ingredient lists, legal
small print) is decided in ``claimcheck.readability``; textstat computes the scores
and is imported only when a rule has prose to score.

Keys: ``formula`` (default ``flesch_kincaid_grade``; also ``smog_index``,
``coleman_liau_index``, ``gunning_fog``, ``automated_readability_index`` and
``flesch_reading_ease``), ``max_grade`` (default 8) for the grade formulas or
``min_ease`` (default 60) for ``flesch_reading_ease`` (higher is easier), ``min_words``
(blocks, or for a document its prose, shorter than this are not scored; default 30 and
40) and ``scope``. Setting ``max_grade`` for reading ease, or ``min_ease`` for a grade, is
an error.
The message may use ``{level}`` ("grade 14.2" or "a reading ease of 32.5"), ``{score}``,
``{target}`` and ``{formula}``.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck import readability as rd
from claimcheck.analysis import AnalysedDocument
from claimcheck.checks.base import Check as BaseCheck
from claimcheck.checks.base import document_finding
from claimcheck.errors import RuleError
from claimcheck.findings import Finding
from claimcheck.ruleset import Rule


class Check(BaseCheck):
    KEYS = {
        "scope": ("enum", ("block", "document")),
        "formula": ("enum", tuple(rd.FORMULAS)),
        "max_grade": float,
        "min_ease": float,
        "min_words": int,
    }

    def __init__(self, rules: list[Rule]):
        super().__init__(rules)
        self.compiled = [(rule, *rd.rule_settings(rule)) for rule in rules]

    @classmethod
    def validate(cls, rule: Rule, data, where: str) -> None:
        from claimcheck import yamlio

        opts = rule.options
        formula = opts.get("formula", rd.DEFAULT_FORMULA)
        ease = rd.FORMULAS[formula][1] == "ease"
        if ease and "max_grade" in opts:
            raise RuleError(f"max_grade: {formula} is a score where higher is easier; "
                            "set min_ease instead", where, yamlio.line_of(data, "max_grade"))
        if not ease and "min_ease" in opts:
            raise RuleError(f"min_ease: applies to flesch_reading_ease only; {formula} is a grade, "
                            "set max_grade instead", where, yamlio.line_of(data, "min_ease"))
        if opts.get("min_words", 1) < 1:
            raise RuleError("min_words: must be 1 or more", where, yamlio.line_of(data, "min_words"))
        for key in ("max_grade", "min_ease"):
            if key in opts:
                opts[key] = float(opts[key])  # plain floats for the rules cache

    def run(self, ad: AnalysedDocument) -> Iterator[Finding]:
        blocks = rd.prose(ad)  # (block, text for textstat), shared by every rule
        document = None
        scores: dict[tuple, float | None] = {}  # (block index or "doc", formula, ...) -> score
        for rule, scope, formula, target, min_words in self.compiled:
            if scope == "document":
                key = ("doc", formula, min_words)
                if key not in scores:
                    if document is None:
                        document = rd.document_text(ad)
                    scores[key] = rd.score_prose(document, formula, min_words)
                score = scores[key]
                if score is not None and rd.is_over(score, formula, target):
                    yield self._finding(rule, ad, score, formula, target)
                continue
            for ab, text in blocks:
                key = (ab.index, formula, min_words)
                if key not in scores:
                    scores[key] = rd.score_prose(text, formula, min_words)
                score = scores[key]
                if score is not None and rd.is_over(score, formula, target):
                    yield self._finding(rule, ad, score, formula, target, ab)

    @staticmethod
    def _finding(rule: Rule, ad: AnalysedDocument, score: float, formula: str, target: float,
                 ab=None) -> Finding:
        message = format_message(rule.message, score, formula, target)
        if ab is None:
            return document_finding(rule, ad, message)
        common = dict(path=ad.doc.path, rule=rule.id, category=rule.category, severity=rule.severity,
                      message=message, suggestions=[dict(x) for x in rule.suggest],
                      source=rule.source, why=rule.why)
        block, doc = ab.block, ad.doc
        text = block.text
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        s, e = block.src_start(start), block.src_end(end)
        line, col = doc.line_col(s)
        end_line, end_col = doc.line_col(e)
        return Finding(match=doc.source[s:e], line=line, column=col, end_line=end_line,
                       end_column=end_col, start=s, end=e, **common)


def format_message(message: str, score: float, formula: str, target: float) -> str:
    """Fill in {level}, {score}, {target} and {formula}."""
    ease = rd.FORMULAS[formula][1] == "ease"
    shown = f"{target:g}" + (" or more" if ease else "")
    return (message.replace("{level}", rd.describe(score, formula))
            .replace("{score}", f"{score:.1f}")
            .replace("{target}", shown)
            .replace("{formula}", rd.FORMULAS[formula][0]))
