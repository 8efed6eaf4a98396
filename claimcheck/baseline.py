"""Baseline files: record a site's existing findings so a gate fails only on new ones.

An entry is keyed on the rule, the file's path relative to the baseline file's folder,
the matched text and the sentence around it, all normalised (case, punctuation,
whitespace), never on line numbers: editing elsewhere in a file does not resurrect an
old finding, while changing the claim's sentence makes it new. Keys are counted, so a
second copy of a baselined claim in the same file is reported.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from claimcheck import __version__
from claimcheck.errors import ConfigError
from claimcheck.findings import Finding
from claimcheck.register import normalise_claim as normalise_text

FORMAT = "claimcheck-baseline"
FORMAT_VERSION = 1
DEFAULT_NAME = ".claimcheck-baseline.json"

Key = tuple[str, str, str, str]


def relative_path(path: str, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes (stdin names are kept as given)."""
    if path.startswith("<"):
        return path
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


def key_of(finding: Finding, root: Path) -> Key:
    return (finding.rule, relative_path(finding.path, root), normalise_text(finding.match),
            normalise_text(finding.sentence))


class Baseline:
    """The counted keys of a baseline file, consumed as findings are matched."""

    def __init__(self, keys: Counter, root: Path):
        self.keys = keys
        self.root = root

    def filter(self, findings: list[Finding]) -> tuple[list[Finding], int]:
        """Findings not in the baseline, in order, and how many were baselined."""
        remaining = Counter(self.keys)
        kept, hidden = [], 0
        for f in findings:
            k = key_of(f, self.root)
            if remaining[k] > 0:
                remaining[k] -= 1
                hidden += 1
            else:
                kept.append(f)
        return kept, hidden


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; a missing or malformed one is a one-line config error."""
    where = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("baseline file not found (create it with 'claimcheck baseline create')",
                          where) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", where) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", where) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"invalid JSON: {exc.msg}", where, exc.lineno) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f"not a claimcheck baseline (expected \"format\": \"{FORMAT}\")", where)
    if data.get("format_version") != FORMAT_VERSION:
        raise ConfigError(f"unsupported baseline format_version {data.get('format_version')!r} "
                          f"(this claimcheck reads {FORMAT_VERSION}); re-create it", where)
    keys: Counter = Counter()
    for i, entry in enumerate(data.get("findings") or []):
        try:
            key = (entry["rule"], entry["path"], normalise_text(entry["match"]),
                   normalise_text(entry["sentence"]))
            count = int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise ConfigError(f"findings[{i}]: each entry needs rule, path, match and sentence",
                              where) from None
        keys[key] += max(count, 0)
    return Baseline(keys, path.resolve().parent)


def baseline_json(findings: list[Finding], root: Path) -> str:
    """The baseline file's text for ``findings``: sorted, one entry per key with a count."""
    counts = Counter(key_of(f, root) for f in findings)
    entries = [{"rule": rule, "path": path, "match": match, "sentence": sentence, "count": n}
               for (rule, path, match, sentence), n in sorted(counts.items(),
                                                             key=lambda kv: (kv[0][1], kv[0][0], kv[0][2:]))]
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, "claimcheck": __version__,
            "findings": entries}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
