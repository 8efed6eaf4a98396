"""Text reporter for people: ruff-style ``path:line:col`` lines, a source snippet and the fix."""

from __future__ import annotations

import click

_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}
_WINDOW = 50  # characters of context either side of a match on a long line
_GRADES_LISTED = 5  # up to this many files, the summary lists each one's reading grade


def render(result, options) -> str:
    style = _styler(options.color)
    line_starts: dict[str, list[int]] = {}
    out: list[str] = []
    concise = options.format == "concise"
    for f in result.findings:
        where = style(f"{f.path}:{f.line}:{f.column}:", bold=True)
        sev = style(f.severity, fg=_COLORS[f.severity], bold=True)
        out.append(f"{where} {sev} [{style(f.rule, fg='magenta')}] {f.message}")
        if concise:
            continue
        source = options.sources.get(f.path)
        if source is not None and f.scope == "span":
            if f.path not in line_starts:
                line_starts[f.path] = _line_starts(source)
            out.extend(_snippet(source, line_starts[f.path], f, style))
        for s in f.suggestions:
            if "replace" in s:
                out.append(f"    {style('fix:', fg='green', bold=True)} replace with "
                           f"\"{s['replace']}\"" + ("" if s.get("safe", True) else " (unsafe)"))
            else:
                out.append(f"    {style('advice:', fg='green', bold=True)} {s['advice']}")
        for r in f.related:
            out.append(f"    {style('see:', fg='blue', bold=True)} {f.path}:{r['line']}:{r['column']}: "
                       f"\"{r['match']}\"")
        if options.verbose:
            out.append(f"    {style('why:', bold=True)} {f.why}")
            out.append(f"    {style('source:', bold=True)} {f.source}")
            expired = result.expired.get(id(f))
            if expired:
                out.append(f"    {style('register:', bold=True)} approval expired on "
                           f"{expired['expires']} ({expired['register']}:{expired['line']})")
        out.append("")
    if options.verbose and result.substantiated and not concise:
        out.append(style("Substantiated (approved-claims register):", bold=True))
        for f in result.substantiated:
            info = f.substantiated
            out.append(f"  {f.path}:{f.line}:{f.column}: [{f.rule}] \"{f.match}\" approved by "
                       f"{info.get('approver') or 'unknown'}: {info['source']} "
                       f"({info['register']}:{info['line']})")
        out.append("")
    if not options.quiet or result.findings:
        out.append(_summary(result, style))
        if result.grades and not concise:
            out.append(_grades(result))
    return "\n".join(out) + "\n"


def _grades(result) -> str:
    """The documents' reading grades: each one for a few files, else the median and hardest."""
    from claimcheck.readability import FORMULAS, describe

    formula = result.grade_formula
    label = FORMULAS[formula][0]
    grades = result.grades
    if len(grades) <= _GRADES_LISTED:
        each = ", ".join(f"{path} {describe(g, formula)}" for path, g in grades.items())
        return f"Reading level ({label}): {each}."
    ordered = sorted(grades.values())
    median = ordered[len(ordered) // 2]
    hardest = max(grades, key=lambda p: grades[p] if FORMULAS[formula][1] == "grade" else -grades[p])
    return (f"Reading level ({label}): median {describe(median, formula)} across {len(grades)} "
            f"files; hardest {hardest} at {describe(grades[hardest], formula)}.")


def _summary(result, style) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in result.findings:
        counts[f.severity] += 1
    files = f"{result.files} file" + ("" if result.files == 1 else "s")
    extra = ""
    if result.substantiated:
        extra += f" {len(result.substantiated)} substantiated by the claims register."
    if result.baselined:
        extra += f" {result.baselined} in the baseline, not shown."
    if not result.findings:
        return style(f"No findings in {files}.", fg="green", bold=True) + extra
    n = len(result.findings)
    parts = ", ".join(f"{v} {k}" + ("s" if v != 1 and k != "info" else "")
                      for k, v in counts.items() if v)
    return style(f"Found {n} finding{'s' if n != 1 else ''} ({parts}) in {files}.", bold=True) + extra


def _snippet(source: str, starts: list[int], f, style) -> list[str]:
    line_start = starts[f.line - 1]
    line_end = source.find("\n", line_start)
    line = source[line_start: len(source) if line_end < 0 else line_end].rstrip("\r")
    line = line.replace("\t", " ")
    col0 = f.column - 1
    width = (f.end_column - f.column) if f.end_line == f.line else len(line) - col0
    width = max(1, width)
    left = max(0, col0 - _WINDOW)
    right = min(len(line), col0 + width + _WINDOW)
    shown = ("…" if left else "") + line[left:right] + ("…" if right < len(line) else "")
    caret_col = col0 - left + (1 if left else 0)
    gutter = " " * len(str(f.line))
    return [
        f"  {gutter} |",
        f"  {style(str(f.line), fg='blue')} | {shown}",
        f"  {gutter} | {' ' * caret_col}{style('^' * width, fg=_COLORS[f.severity], bold=True)}",
    ]


def _line_starts(source: str) -> list[int]:
    starts = [0]
    i = source.find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = source.find("\n", i + 1)
    return starts


def _styler(color: bool):
    if not color:
        return lambda text, **_: text
    return lambda text, **kw: click.style(text, **kw)
