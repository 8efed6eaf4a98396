"""Phrase syntax shared by rules: words with inflections, ``word*`` prefixes, flexible gaps.

A phrase like ``"stimulate collagen"`` matches "stimulates collagen", "stimulating
collagen" and "stimulate-collagen", across line breaks, but never inside a hyphenated
compound ("semi-permanent" does not contain the phrase "permanent").
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimcheck.analysis import normalise
from claimcheck.errors import RuleError

# Words that are never inflected: function words and words whose inflections mean
# something else.
_NO_INFLECT = frozenset("""
    a an the no not any all every each for of to in on at by with without from as is are be
    was were been am it its this that these those your our their my his her and or nor but
    so if than then very more most less least only just ever never
""".split())
_VOWELS = "aeiou"
_WORD = re.compile(r"#?\w+(?:'\w+)*%?\*?")


@lru_cache(maxsize=4096)  # rules and the lexicon repeat words; building the linter asks often
def inflections(word: str) -> frozenset[str]:
    """Regular English inflections of a base word (plural/3rd person, -ed, -ing)."""
    forms = {word}
    if len(word) < 3 or not word.isalpha() or word in _NO_INFLECT:
        return frozenset(forms)
    forms |= {word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if (len(word) <= 5 and word[-1] not in _VOWELS + "wxy" and word[-2] in _VOWELS
            and word[-3] not in _VOWELS):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return frozenset(forms)


class PhraseSpec:
    """A parsed phrase: per-token alternatives (exact forms or a prefix) and the gaps."""

    __slots__ = ("text", "tokens", "gaps")

    def __init__(self, text: str, inflect: bool = True):
        self.text = text
        norm = normalise(text).lower()
        matches = list(_WORD.finditer(norm))
        if not matches:
            raise ValueError(f"phrase {text!r} has no words")
        self.tokens: list[tuple[str, object]] = []
        for m in matches:
            word = m.group()
            if word.endswith("*"):
                self.tokens.append(("prefix", word[:-1]))
            else:
                self.tokens.append(("forms", inflections(word) if inflect else frozenset((word,))))
        self.gaps = tuple(gap_key(norm[a.end():b.start()]) for a, b in zip(matches, matches[1:]))

    def token_matches(self, k: int, token: str) -> bool:
        kind, value = self.tokens[k]
        return token.startswith(value) if kind == "prefix" else token in value

    def match_at(self, tokens, norm: str, i: int) -> int | None:
        """Index of the last token when the phrase matches starting at token ``i``, else None."""
        n = len(self.tokens)
        if i + n > len(tokens):
            return None
        for k in range(n):
            if not self.token_matches(k, tokens[i + k][2]):
                return None
        j = i + n - 1
        return j if span_ok(self, tokens, norm, i, j) else None


def validate_phrases(items, label: str, where: str) -> None:
    """Raise RuleError naming file:line for the first entry of a YAML list that is no phrase."""
    from claimcheck import yamlio

    for i, text in enumerate(items):
        try:
            PhraseSpec(text)
        except ValueError as exc:
            raise RuleError(f"{label}: {exc}", where, yamlio.item_line(items, i)) from None


def gap_key(gap: str) -> str:
    """What must stand between two words of a phrase: its punctuation, ignoring spaces and hyphens."""
    if gap == " ":  # by far the commonest gap, in phrases and in text
        return ""
    return "".join(c for c in gap if not c.isspace() and c != "-")


class PhraseIndex:
    """Many phrases indexed by their first token: find every match in a token range."""

    def __init__(self, specs: list[PhraseSpec]):
        self.specs = specs
        self._by_first: dict[str, list[int]] = {}
        # Prefix phrases ("regenerat*") by their first two letters, so a token costs one
        # lookup rather than a test of every prefix.
        self._prefixed: dict[str, list[int]] = {}
        for n, spec in enumerate(specs):
            kind, value = spec.tokens[0]
            if kind == "prefix":
                self._prefixed.setdefault(value[:2], []).append(n)
            else:
                for form in value:
                    self._by_first.setdefault(form, []).append(n)
        for entries in (*self._by_first.values(), *self._prefixed.values()):
            entries.sort(key=lambda n: -len(specs[n].tokens))  # longest first

    def find(self, tokens, norm: str, first: int = 0, last: int | None = None, longest: bool = False,
             positions: dict[str, list[int]] | None = None):
        """Yield (first token, last token, phrase index) of matches in tokens first..last-1.

        With ``longest``, only the longest match at a position is yielded and the scan
        resumes after it (for naming mentions, not for finding every phrase).
        ``positions`` (token -> indexes, see AnalysedBlock.positions) lets the scan visit
        only the positions where some phrase can start.
        """
        last = len(tokens) if last is None else last
        by_first, prefixed, specs = self._by_first, self._prefixed, self.specs
        if positions is not None:
            starts = [i for tok, idx in positions.items()
                      if tok in by_first or (prefixed and tok[:2] in prefixed) for i in idx]
            starts = sorted(i for i in starts if first <= i < last)
        else:
            starts = range(first, last)
        resume = first
        for i in starts:
            if i < resume:
                continue
            tok = tokens[i][2]
            candidates = by_first.get(tok, ())
            pre = prefixed.get(tok[:2]) if prefixed else None
            if pre:
                more = [n for n in pre if tok.startswith(specs[n].tokens[0][1])]
                if more:
                    candidates = [*candidates, *more]
            if not candidates:
                continue
            for n in candidates:
                j = specs[n].match_at(tokens, norm, i)
                if j is not None and j < last:
                    yield i, j, n
                    if longest:
                        resume = j + 1
                        break


def span_ok(spec: PhraseSpec, tokens, norm: str, i: int, j: int) -> bool:
    """Tokens i..j match ``spec``'s gaps and do not sit inside a hyphenated compound."""
    for k in range(i, j):
        if gap_key(norm[tokens[k][1]:tokens[k + 1][0]]) != spec.gaps[k - i]:
            return False
    start, end = tokens[i][0], tokens[j][1]
    if start >= 2 and norm[start - 1] == "-" and norm[start - 2].isalnum():
        return False  # inside a compound: "semi-permanent"
    if end + 1 < len(norm) and norm[end] == "-" and norm[end + 1].isalnum():
        return False  # "permanent-looking"
    return True


def any_overlapping(index: PhraseIndex, tokens, norm: str, first: int, last: int,
                    start: int, end: int) -> bool:
    """Whether a phrase of ``index`` matching within tokens first..last-1 overlaps ``start:end``."""
    return any(tokens[i][0] < end and start < tokens[j][1]
               for i, j, _ in index.find(tokens, norm, first, last))
