"""Phrase syntax shared by rules: words with inflections, ``word*`` prefixes, flexible gaps.

A phrase like ``"stimulate collagen"`` matches "stimulates collagen", "stimulating
collagen" and "stimulate-collagen", across line breaks, but never inside a hyphenated
compound ("semi-permanent" does not contain the phrase "permanent").
"""

from __future__ import annotations

import regex

from claimcheck.analysis import TOKEN, normalise

# Words that are never inflected: function words and words whose inflections mean
# something else.
_NO_INFLECT = frozenset("""
    a an the no not any all every each for of to in on at by with without from as is are be
    was were been am it its this that these those your our their my his her and or nor but
    so if than then very more most less least only just ever never
""".split())
_VOWELS = "aeiou"


def inflections(word: str) -> set[str]:
    """Regular English inflections of a base word (plural/3rd person, -ed, -ing)."""
    forms = {word}
    if len(word) < 3 or not word.isalpha() or word in _NO_INFLECT:
        return forms
    forms |= {word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if (len(word) <= 5 and word[-1] not in _VOWELS + "wxy" and word[-2] in _VOWELS
            and word[-3] not in _VOWELS):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


class PhraseSpec:
    """A parsed phrase: per-token alternatives (exact forms or a prefix) and the gaps."""

    __slots__ = ("text", "tokens", "gaps")

    def __init__(self, text: str, inflect: bool = True):
        self.text = text
        norm = normalise(text).lower()
        matches = list(regex.finditer(r"#?\w+(?:'\w+)*%?\*?", norm))
        if not matches:
            raise ValueError(f"phrase {text!r} has no words")
        self.tokens: list[tuple[str, object]] = []
        for m in matches:
            word = m.group()
            if word.endswith("*"):
                self.tokens.append(("prefix", word[:-1]))
            else:
                forms = inflections(word) if inflect else {word}
                self.tokens.append(("forms", frozenset(forms)))
        self.gaps = tuple(gap_key(norm[a.end():b.start()]) for a, b in zip(matches, matches[1:]))

    def regex_source(self) -> str:
        """An equivalent regular expression over normalised lowercase text."""
        parts = []
        for (kind, value), gap in zip(self.tokens, (*self.gaps, None)):
            if kind == "prefix":
                parts.append(regex.escape(value) + r"\w*")
            else:
                parts.append("(?:" + "|".join(regex.escape(f) for f in sorted(value, key=len,
                                                                              reverse=True)) + ")")
            if gap is not None:
                parts.append(r"[\s-]*" + "".join(regex.escape(c) + r"[\s-]*" for c in gap)
                             if gap else r"[\s-]+")
        return r"(?<![\w-])(?<!\w-)" + "".join(parts) + r"(?![\w])(?!-\w)"


def gap_key(gap: str) -> str:
    """What must stand between two words of a phrase: its punctuation, ignoring spaces and hyphens."""
    return "".join(c for c in gap if not c.isspace() and c != "-")


def compile_phrases(phrases: list[str], inflect: bool = True):
    """One regex (normalised lowercase text) matching any of the phrases, or None."""
    if not phrases:
        return None
    return regex.compile("|".join(PhraseSpec(p, inflect).regex_source() for p in phrases))


__all__ = ["PhraseSpec", "compile_phrases", "gap_key", "inflections", "TOKEN"]
