"""The Finding record every check produces and every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


@dataclass
class Finding:
    """One claim a rule flagged, located exactly in the source file."""

    path: str
    rule: str
    category: str
    severity: str
    message: str
    match: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int  # source offsets, for sorting, fixing and de-duplication
    end: int
    scope: str = "span"
    suggestions: list[dict] = field(default_factory=list)
    source: str = ""
    subject: str | None = None
    why: str = ""
    related: list[dict] = field(default_factory=list)
    sentence: str = ""  # the sentence around the match: baseline keys and register matching
    substantiated: dict | None = None  # the approved-claims register entry that covers it

    def to_json(self) -> dict:
        """The finding as the JSON contract in docs/json-format.md spells it."""
        out = {
            "path": self.path,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "match": self.match,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "scope": self.scope,
            "suggestions": self.suggestions,
            "source": self.source,
            "subject": self.subject,
        }
        if self.related:
            out["related"] = self.related
        if self.substantiated:
            out["substantiated"] = self.substantiated
        return out

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule)
