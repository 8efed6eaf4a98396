"""Human-readable documentation of a rule, shared by `claimcheck explain` and docs/rules.md."""

from __future__ import annotations

from claimcheck.ruleset import Rule


def rules_markdown(rules: list[Rule]) -> str:
    """docs/rules.md: every rule, grouped by pack (its id's first part), generated from the YAML."""
    out = ["# Rules", "",
           "Generated from the YAML files in `rules/` by `claimcheck rules doc`; do not edit by hand.",
           ""]
    packs: dict[str, list[Rule]] = {}
    for rule in sorted(rules, key=lambda r: r.id):
        packs.setdefault(rule.id.split("/")[0], []).append(rule)
    out.append("| rule | category | severity | jurisdictions | what it flags |")
    out.append("|---|---|---|---|---|")
    for rule in sorted(rules, key=lambda r: r.id):
        out.append(f"| [`{rule.id}`](#{_anchor(rule.id)}) | {rule.category} | {rule.severity} | "
                   f"{', '.join(rule.jurisdictions)} | {_cell(rule.description or rule.message)} |")
    for pack, members in packs.items():
        out += ["", f"## {pack}"]
        for rule in members:
            out += ["", f"### {rule.id}", ""]
            if rule.description:
                out += [rule.description, ""]
            out += [f"- **Category:** {rule.category}; **severity:** {rule.severity}; **kind:** {rule.kind}; "
                    f"**jurisdictions:** {', '.join(rule.jurisdictions)}",
                    f"- **Message:** {rule.message}",
                    f"- **Why:** {rule.why}",
                    f"- **Source:** {rule.source}"]
            if rule.ignore_when:
                out.append(f"- **Not flagged when:** {', '.join(sorted(rule.ignore_when))}")
            for s in rule.suggest:
                out.append(f"- **Fix:** replace with \"{s['replace']}\"" if "replace" in s
                           else f"- **Advice:** {s['advice']}")
            for label, key in (("Flagged", "flag"), ("Not flagged", "pass")):
                quoted = "; ".join(f"“{_cell(t)}”" for t in rule.examples.get(key, []))
                out.append(f"- **{label}:** {quoted}")
    return "\n".join(out) + "\n"


def _anchor(rule_id: str) -> str:
    return rule_id.replace("/", "").replace(" ", "-").lower()


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


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
