"""Text reporter for people: ruff-style ``path:line:col`` lines, a source snippet and the fix."""

from __future__ import annotations

import click

_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}
_WINDOW = 50  # characters of context either side of a match on a long line


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
        out.append("")
    if not options.quiet or result.findings:
        out.append(_summary(result, style))
    return "\n".join(out) + "\n"


def _summary(result, style) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in result.findings:
        counts[f.severity] += 1
    files = f"{result.files} file" + ("" if result.files == 1 else "s")
    if not result.findings:
        return style(f"No findings in {files}.", fg="green", bold=True)
    n = len(result.findings)
    parts = ", ".join(f"{v} {k}" + ("s" if v != 1 and k != "info" else "")
                      for k, v in counts.items() if v)
    return style(f"Found {n} finding{'s' if n != 1 else ''} ({parts}) in {files}.", bold=True)


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
