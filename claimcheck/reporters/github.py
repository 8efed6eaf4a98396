"""GitHub Actions reporter: one workflow command per finding, shown as annotations on the diff."""

from __future__ import annotations

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape(text: str, prop: bool = False) -> str:
    """Escape per the workflow-command syntax (%, CR, LF; plus : and , in properties)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render(result, options) -> str:
    lines = []
    for f in result.findings:
        props = (f"file={_escape(f.path, True)},line={f.line},col={f.column},"
                 f"endLine={f.end_line},endColumn={f.end_column},title={_escape(f.rule, True)}")
        advice = next((s["advice"] for s in f.suggestions if "advice" in s), "")
        message = f.message + (f"\n{advice}" if advice else "")
        lines.append(f"::{_LEVEL[f.severity]} {props}::{_escape(message)}")
    for e in result.errors:
        lines.append(f"::error file={_escape(str(e.path or ''), True)}::{_escape(e.args[0])}")
    return "".join(line + "\n" for line in lines)
