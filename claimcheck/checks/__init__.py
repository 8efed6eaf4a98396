"""Rule kinds: the registry mapping each kind name to the module that implements it."""

from __future__ import annotations

import importlib

# kind name -> module in claimcheck.checks; each module defines ``Check``.
KINDS = {
    "phrase": "phrase",
    "pattern": "pattern",
    "required": "required",
    "contradiction": "contradiction",
    "readability": "readability",
    "statistic": "statistic",
}


def kind_class(kind: str):
    """The Check class for a rule kind, or None for an unknown kind."""
    module = KINDS.get(kind)
    if module is None:
        return None
    return importlib.import_module(f"claimcheck.checks.{module}").Check
