"""Human-readable documentation of a rule, shared by `claimcheck explain` and docs/rules.md."""

from __future__ import annotations

from claimcheck.ruleset import Rule


def explain_text(rule: Rule) -> str:
    """Plain-text explanation of one rule."""
    lines = [
        f"{rule.id}  ({rule.category}, {rule.severity}, {rule.kind} rule)",
        "",
    ]
    if rule.description:
        lines += [rule.description, ""]
    lines += [
        f"Message:        {rule.message}",
        f"Why:            {rule.why}",
        f"Source:         {rule.source}",
        f"Jurisdictions:  {', '.join(rule.jurisdictions)}",
    ]
    if rule.ignore_when:
        lines.append(f"Not flagged when: {', '.join(sorted(rule.ignore_when))}")
    if rule.exceptions:
        lines.append(f"Exceptions:     {'; '.join(rule.exceptions)}")
    for s in rule.suggest:
        if "replace" in s:
            lines.append(f"Fix:            replace with \"{s['replace']}\""
                         + ("" if s.get("safe", True) else " (unsafe: may change meaning)"))
        else:
            lines.append(f"Advice:         {s['advice']}")
    lines.append("")
    lines.append("Flagged:")
    lines += [f"  - {t}" for t in rule.examples.get("flag", [])]
    lines.append("Not flagged:")
    lines += [f"  - {t}" for t in rule.examples.get("pass", [])]
    lines.append("")
    lines.append(f"Defined in {rule.path}")
    return "\n".join(lines)
