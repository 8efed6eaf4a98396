"""The literal text a regular expression cannot match without: a pre-filter for rule patterns.

Compiling a pattern with ``regex`` costs about a millisecond per few hundred characters,
and a page usually triggers only a few of a rule's patterns. So each pattern's
requirements are worked out once, when its rule is loaded (and cached with it): a list
of clauses, each a list of lowercase strings of which at least one must occur in the
case-folded text for the pattern to have any chance of matching. A pattern is compiled
and run on a block only when every clause holds there.

The analysis is an over-approximation that errs toward compiling: it reads the pattern
with the standard library's parser (``regex``'s VERSION0 syntax is the same for what
rules use); anything that parser refuses, and every construct it does not model
(lookarounds, back-references, character classes, optional parts), simply adds no
requirement. Only runs of ASCII word characters count as literals.
"""

from __future__ import annotations

import re

_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789#%'")
_MIN_LENGTH = 3  # shorter literals occur nearly everywhere: not worth a test


def required_literals(pattern: str) -> list[list[str]]:
    """Clauses the pattern needs (see the module docstring); [] when nothing is certain."""
    from re import _constants, _parser  # the stdlib parser; only at rule-load time

    try:
        parsed = _parser.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError, ValueError):
        return []
    return [sorted(clause) for clause in _clauses(parsed, _constants)]


def present(clauses: list[list[str]], folded: str) -> bool:
    """Whether every clause has one of its strings in ``folded`` (case-folded text)."""
    return all(any(s in folded for s in clause) for clause in clauses)


def _clauses(items, c) -> list[frozenset[str]]:
    """What a sequence of parsed items requires: each literal run, and each part's needs."""
    out: list[frozenset[str]] = []
    run: list[str] = []

    def end_run() -> None:
        if len(run) >= _MIN_LENGTH:
            out.append(frozenset(("".join(run),)))
        run.clear()

    repeats = {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)}
    for op, av in items:
        if op is c.LITERAL and chr(av).lower() in _WORD:
            run.append(chr(av).lower())
            continue
        end_run()
        if op is c.SUBPATTERN:
            out.extend(_clauses(av[3], c))
        elif op is getattr(c, "ATOMIC_GROUP", None):
            out.extend(_clauses(av, c))
        elif op in repeats and av[0] >= 1:
            out.extend(_clauses(av[2], c))
        elif op is c.BRANCH:
            # One branch must match: the union of each branch's most selective clause.
            best = [_most_selective(_clauses(branch, c)) for branch in av[1]]
            if all(best):
                out.append(frozenset().union(*best))
    end_run()
    return out


def _most_selective(clauses: list[frozenset[str]]) -> frozenset[str] | None:
    return max(clauses, key=lambda cl: (min(map(len, cl)), -len(cl)), default=None)
