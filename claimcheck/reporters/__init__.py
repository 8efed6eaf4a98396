"""Output formats: each reporter module renders a RunResult to text for a stream."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from claimcheck.errors import ClaimcheckError
from claimcheck.findings import Finding

# format name -> module in claimcheck.reporters; each defines render(result, options).
REPORTERS = {
    "text": "text",
    "concise": "text",
    "json": "json_format",
    "github": "github",
    "sarif": "sarif",
    "junit": "junit",
}


@dataclass
class RunResult:
    """Everything one run produced, for any reporter."""

    files: int
    findings: list[Finding]
    errors: list[ClaimcheckError] = field(default_factory=list)
    rules: list = field(default_factory=list)  # the rules that ran (SARIF describes them)
    substantiated: list[Finding] = field(default_factory=list)  # covered by the claims register
    expired: dict[int, dict] = field(default_factory=dict)  # id(finding) -> its expired approval
    baselined: int = 0  # findings hidden because the baseline records them
    grades: dict[str, float] = field(default_factory=dict)  # path -> document reading grade
    grade_formula: str = ""  # the readability formula of ``grades``


@dataclass
class ReportOptions:
    """How a reporter should render (colour, verbosity, which format variant)."""

    format: str = "text"
    color: bool = False
    verbose: bool = False
    quiet: bool = False
    sources: dict[str, str] = field(default_factory=dict)  # path -> source text, for snippets


def render(result: RunResult, options: ReportOptions) -> str:
    module = importlib.import_module(f"claimcheck.reporters.{REPORTERS[options.format]}")
    return module.render(result, options)
