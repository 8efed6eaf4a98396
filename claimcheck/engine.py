"""The pipeline: read -> analyse -> check -> filter, for one source at a time."""

from __future__ import annotations

from claimcheck.findings import Finding
from claimcheck.lexicon import Lexicon
from claimcheck.ruleset import Rule


class Linter:
    """Runs a fixed set of rules over documents; build once, use for many files."""

    def __init__(self, rules: list[Rule], lexicon: Lexicon | None = None):
        self.rules = rules
        self.lexicon = lexicon
        self._once = {r.id for r in rules if r.once}  # rules reported once per document
        self._checks = None
        # The summary's reading grade uses the readability rules' settings; no readability
        # rule selected, no grade (and textstat is never imported).
        self.grade_settings = None
        readability = [r for r in rules if r.kind == "readability"]
        if readability:
            from claimcheck.readability import document_settings

            self.grade_settings = document_settings(readability)

    @property
    def checks(self) -> list:
        """One check per rule kind, built on first use: a run whose files all hit the
        result cache never builds them (nor imports the readers and analysis)."""
        if self._checks is None:
            from claimcheck.checks import kind_class

            by_kind: dict[str, list[Rule]] = {}
            for rule in self.rules:
                by_kind.setdefault(rule.kind, []).append(rule)
            self._checks = [kind_class(kind)(group) for kind, group in sorted(by_kind.items())]
        return self._checks

    def check_text(self, path: str, source: str, fmt: str | None = None) -> list[Finding]:
        """All findings for one source text, de-duplicated and in document order."""
        return self.check(path, source, fmt)[0]

    def check(self, path: str, source: str, fmt: str | None = None) -> tuple[list[Finding], float | None]:
        """``check_text`` plus the document's reading grade (None: no readability rules or
        too little prose)."""
        from claimcheck.analysis import analyse
        from claimcheck.readers import read_document

        ad = analyse(read_document(path, source, fmt), self.lexicon)
        findings = dedupe([f for check in self.checks for f in check.run(ad)])
        if self._once:
            seen: set[str] = set()
            findings = [f for f in findings
                        if f.rule not in self._once or not (f.rule in seen or seen.add(f.rule))]
        grade = None
        if self.grade_settings is not None:
            from claimcheck.readability import document_grade

            grade = document_grade(ad, *self.grade_settings)
        return findings, grade


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop repeats, and findings inside or overlapping an earlier finding of the same category.

    "safe" inside "safe for all skin types" is one claim, reported once by the more
    specific rule; so is "clinically proven to" found as "clinically proven" and "proven to".
    """
    findings.sort(key=lambda f: (f.start, -f.end, f.rule))
    kept: list[Finding] = []
    widest: dict[str, Finding] = {}  # category -> finding reaching furthest so far
    for f in findings:
        if f.scope == "document":  # about the whole page, never inside another finding
            kept.append(f)
            continue
        w = widest.get(f.category)
        if w is not None and w.start <= f.start and f.end <= w.end and (
                (w.end - w.start) > (f.end - f.start) or w.rule == f.rule):
            continue
        if w is not None and w.start < f.start < w.end < f.end:
            continue  # shares words with the earlier claim: the same claim, found twice
        if w is None or f.end > w.end:
            widest[f.category] = f
        kept.append(f)
    kept.sort(key=Finding.sort_key)
    return kept
