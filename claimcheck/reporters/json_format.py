"""JSON reporter: the stable machine-readable contract (docs/json-format.md)."""

from __future__ import annotations

import json

from claimcheck import __version__
from claimcheck.findings import SEVERITIES


def render(result, options) -> str:
    summary = {s: 0 for s in SEVERITIES}
    for f in result.findings:
        summary[f.severity] += 1
    data = {
        "version": __version__,
        "files": result.files,
        "findings": [f.to_json() for f in result.findings],
        "summary": summary,
        "substantiated": [f.to_json() for f in result.substantiated],
        "baselined": result.baselined,
        "grades": {"formula": result.grade_formula or None,
                   "files": {path: round(g, 1) for path, g in result.grades.items()}},
    }
    if result.errors:
        data["errors"] = [{"path": e.path, "message": e.args[0]} for e in result.errors]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
