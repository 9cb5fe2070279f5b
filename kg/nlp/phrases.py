"""Fast matching of many fixed phrases (names, labels) by word tokens instead of huge regex alternations.

A phrase is split into word tokens (``\\w+``); it matches a run of text tokens with the same lower-cased
words separated only by spaces, hyphens, periods or apostrophes on one line ("Kim Jong-un" ~ "Kim Jong
Un", "U.S." ~ "U.S", "Mar-a-Lago"). Case rules per phrase: ``"any"`` (ignore case), ``"cap"`` (the
first letter in the text is upper case, for names) or ``"exact"`` (acronyms such as "AI").
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Generic, Iterator, TypeVar

T = TypeVar("T")
_TOKEN = re.compile(r"\w+")
_GAP = re.compile(r"[ \t\-.'\u2019+,]{1,3}|[ \t]*[-\u2013][ \t]*")


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Word tokens of a text and their lower-case forms (cached: several matchers read one text)."""
    toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    return toks, [t[2].lower() for t in toks]


@dataclass
class PhraseMatcher(Generic[T]):
    index: dict[str, list[tuple[tuple[str, ...], str, str, T]]] = field(default_factory=dict)

    def add(self, phrase: str, payload: T, case: str = "any") -> None:
        toks = tuple(t.lower() for t in _TOKEN.findall(phrase))
        if not toks:
            return
        lst = self.index.setdefault(toks[0], [])
        lst.append((toks, case, phrase, payload))
        lst.sort(key=lambda x: -len(x[0]))

    def finditer(self, text: str) -> Iterator[tuple[int, int, str, T]]:
        """Longest matches, left to right, not overlapping: (start, end, phrase, payload)."""
        toks, low = _tokens(text)
        i, n = 0, len(toks)
        while i < n:
            cands = self.index.get(low[i])
            hit = None
            if cands:
                for ptoks, case, phrase, payload in cands:
                    k = len(ptoks)
                    if i + k > n or tuple(low[i:i + k]) != ptoks:
                        continue
                    if any(not _GAP.fullmatch(text[toks[j][1]:toks[j + 1][0]]) for j in range(i, i + k - 1)):
                        continue
                    first = toks[i][2]
                    if case == "cap" and not first[0].isupper():
                        continue
                    if case == "exact" and " ".join(t[2] for t in toks[i:i + k]) != " ".join(_TOKEN.findall(phrase)):
                        continue
                    end = toks[i + k - 1][1]
                    # a phrase ending in a period ("U.S.") takes it
                    if phrase.endswith(".") and text[end:end + 1] == ".":
                        end += 1
                    hit = (toks[i][0], end, phrase, payload, k)
                    break
            if hit:
                yield hit[:4]
                i += hit[4]
            else:
                i += 1


def trie_regex(phrases, *, ignore_case: bool = False, space: str | None = None, suffix: str = "") -> str:
    """A regex alternation of literal ``phrases`` as a prefix tree ("Prime Minister|Premier" ->
    "Pr(?:ime Minister|emier)"): the same matches as the plain alternation sorted longest first, but the
    regex engine compares each text position with one branch per letter instead of every phrase.

    ``space``: the regex a space stands for (e.g. ``r"\\s+"``); ``suffix``: a regex added after each
    phrase (e.g. ``"s?"``); ``ignore_case``: fold the phrases to lower case (for use under ``(?i)``)."""
    trie: dict = {}
    END = ""
    for p in phrases:
        if not p:
            continue
        if ignore_case:
            p = p.lower()
        node = trie
        for ch in p:
            atom = space if (space is not None and ch == " ") else re.escape(ch)
            node = node.setdefault(atom, {})
        node[END] = True

    def emit(node: dict) -> str:
        branches = []
        # longer continuations first, the end of a phrase last (longest match preferred, as in an
        # alternation sorted by length)
        for atom in sorted(k for k in node if k != END):
            branches.append(atom + emit(node[atom]))
        if node.get(END):
            branches.append(suffix)
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(trie)
