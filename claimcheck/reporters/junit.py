"""JUnit XML reporter: one test suite per file, one failing test case per finding."""

from __future__ import annotations

from xml.etree import ElementTree as ET


def render(result, options) -> str:
    by_path: dict[str, list] = {path: [] for path in options.sources}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    root = ET.Element("testsuites", name="claimcheck", tests=str(max(1, len(result.findings))),
                      failures=str(len(result.findings)), errors=str(len(result.errors)))
    for path, findings in by_path.items():
        suite = ET.SubElement(root, "testsuite", name=path, tests=str(max(1, len(findings))),
                              failures=str(len(findings)), errors="0")
        if not findings:
            ET.SubElement(suite, "testcase", name="no findings", classname=path)
        for f in findings:
            case = ET.SubElement(suite, "testcase", name=f"{f.rule} at {f.line}:{f.column}",
                                 classname=path, file=path, line=str(f.line))
            failure = ET.SubElement(case, "failure", message=f.message, type=f.severity)
            advice = " ".join(s["advice"] for s in f.suggestions if "advice" in s)
            failure.text = f"{f.path}:{f.line}:{f.column}: {f.match}\n{f.why}\n{advice}".strip()
    for e in result.errors:
        suite = ET.SubElement(root, "testsuite", name=str(e.path or "input"), tests="1", failures="0",
                              errors="1")
        case = ET.SubElement(suite, "testcase", name="read", classname=str(e.path or "input"))
        ET.SubElement(case, "error", message=e.args[0], type="input")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
