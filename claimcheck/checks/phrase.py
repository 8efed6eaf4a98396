"""The ``phrase`` kind: word lists with inflections, all rules compiled into one token trie.

Every phrase of every phrase rule goes into a single trie keyed by normalised
lowercase tokens, so a block is scanned once however many rules are loaded; each
token position costs one dictionary lookup unless a phrase starts there.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.analysis import AnalysedDocument
from claimcheck.checks.base import Check as BaseCheck
from claimcheck.errors import RuleError
from claimcheck.phrases import PhraseSpec, span_ok, validate_phrases
from claimcheck.ruleset import Rule

_END = "\x00end"  # node key: list of (rule index, phrase index) that end here
_PREFIX = "\x00pre"  # node key: list of (prefix, child node)


class Check(BaseCheck):
    KEYS = {"phrases": ("list", str), "inflect": bool}
    REQUIRED = ("phrases",)

    def __init__(self, rules: list[Rule]):
        super().__init__(rules)
        self.root: dict = {}
        self.specs: list[PhraseSpec] = []
        self.owner: list[int] = []
        for ri, rule in enumerate(rules):
            inflect = rule.options.get("inflect", True)
            for text in rule.options["phrases"]:
                try:
                    spec = PhraseSpec(text, inflect)
                except ValueError as exc:
                    raise RuleError(f"phrases: {exc}", rule.path) from None
                self._insert(spec, len(self.specs))
                self.specs.append(spec)
                self.owner.append(ri)

    @classmethod
    def validate(cls, rule: Rule, data, where: str) -> None:
        validate_phrases(data["phrases"], "phrases", where)

    def _insert(self, spec: PhraseSpec, index: int) -> None:
        nodes = [self.root]
        for kind, value in spec.tokens:
            nxt = []
            for node in nodes:
                if kind == "prefix":
                    pre = node.setdefault(_PREFIX, [])
                    child = next((c for p, c in pre if p == value), None)
                    if child is None:
                        child = {}
                        pre.append((value, child))
                    nxt.append(child)
                else:
                    for form in value:
                        nxt.append(node.setdefault(form, {}))
            # Distinct forms may share a child when one phrase is inserted: dedupe by id.
            nodes = list({id(n): n for n in nxt}.values())
        for node in nodes:
            node.setdefault(_END, []).append(index)

    @staticmethod
    def _step(node: dict, token: str):
        child = node.get(token)
        if child is not None:
            yield child
        for prefix, child in node.get(_PREFIX, ()):
            if token.startswith(prefix):
                yield child

    def run(self, ad: AnalysedDocument) -> Iterator:
        root, step = self.root, self._step
        prefixes = tuple(p for p, _ in root.get(_PREFIX, ()))
        for ab in ad.blocks:
            tokens, norm = ab.tokens, ab.norm
            n = len(tokens)
            starts = sorted(i for tok, idx in ab.positions.items()
                            if tok in root or (prefixes and tok.startswith(prefixes)) for i in idx)
            for i in starts:
                tok = tokens[i][2]
                frontier = [(child, i) for child in step(root, tok)]
                while frontier:
                    node, j = frontier.pop()
                    for index in node.get(_END, ()):
                        hit = self._verify(index, tokens, norm, i, j)
                        if hit is not None:
                            f = self.finding(self.rules[self.owner[index]], ad, ab, *hit)
                            if f is not None:
                                yield f
                    if j + 1 < n:
                        frontier.extend((c, j + 1) for c in step(node, tokens[j + 1][2]))

    def _verify(self, index: int, tokens, norm: str, i: int, j: int):
        """The text span of a trie candidate when its gaps and boundaries hold, else None."""
        if not span_ok(self.specs[index], tokens, norm, i, j):
            return None
        return tokens[i][0], tokens[j][1]
