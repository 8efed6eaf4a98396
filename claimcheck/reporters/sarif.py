"""SARIF 2.1.0 reporter: rules with help text, results with regions, fixes and related locations."""

from __future__ import annotations

import json
from urllib.parse import quote

from claimcheck import __version__

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_INFO_URI = "https://github.com/claimcheck/claimcheck"  # project home, for tool.driver


def _uri(path: str) -> str:
    return "stdin" if path == "<stdin>" else quote(path.replace("\\", "/"))


def _region(line: int, column: int, end_line: int, end_column: int, snippet: str | None = None) -> dict:
    region = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _rule(rule) -> dict:
    advice = " ".join(s["advice"] for s in rule.suggest if "advice" in s)
    help_text = f"{rule.why}\n\nSource: {rule.source}" + (f"\n\nAdvice: {advice}" if advice else "")
    return {
        "id": rule.id,
        "name": rule.id.replace("/", "-"),
        "shortDescription": {"text": rule.description or rule.message},
        "fullDescription": {"text": rule.why},
        "help": {"text": help_text,
                 "markdown": f"{rule.why}\n\n**Source:** {rule.source}"
                             + (f"\n\n**Advice:** {advice}" if advice else "")},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"category": rule.category, "jurisdictions": list(rule.jurisdictions),
                       "tags": [rule.category]},
    }


def _result(f, rule_index: dict[str, int]) -> dict:
    location = {"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}}}
    if f.scope == "span":
        location["physicalLocation"]["region"] = _region(f.line, f.column, f.end_line, f.end_column, f.match)
    result = {"ruleId": f.rule, "level": _LEVEL[f.severity], "message": {"text": f.message},
              "locations": [location], "properties": {"category": f.category, "scope": f.scope}}
    if f.rule in rule_index:
        result["ruleIndex"] = rule_index[f.rule]
    if f.subject:
        result["properties"]["subject"] = f.subject
    if f.related:
        result["relatedLocations"] = [
            {"id": i + 1, "message": {"text": r["match"]},
             "physicalLocation": {"artifactLocation": {"uri": _uri(f.path)},
                                  "region": _region(r["line"], r["column"], r["end_line"], r["end_column"])}}
            for i, r in enumerate(f.related)]
    replacements = [s for s in f.suggestions if "replace" in s]
    if replacements and f.scope == "span":
        result["fixes"] = [{
            "description": {"text": f"Replace with \"{s['replace']}\""
                                    + ("" if s.get("safe", True) else " (may change the meaning)")},
            "artifactChanges": [{"artifactLocation": {"uri": _uri(f.path)},
                                 "replacements": [{"deletedRegion": _region(f.line, f.column, f.end_line,
                                                                            f.end_column),
                                                   "insertedContent": {"text": s["replace"]}}]}],
        } for s in replacements]
    return result


def render(result, options) -> str:
    rules = sorted(result.rules, key=lambda r: r.id)
    rule_index = {r.id: i for i, r in enumerate(rules)}
    run = {
        "tool": {"driver": {"name": "claimcheck", "version": __version__, "semanticVersion": __version__,
                            "informationUri": _INFO_URI, "rules": [_rule(r) for r in rules]}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, rule_index) for f in result.findings],
    }
    if result.errors:
        run["invocations"] = [{
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": e.args[0]},
                 "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(str(e.path or ""))}}}]}
                for e in result.errors]}]
    else:
        run["invocations"] = [{"executionSuccessful": True}]
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
