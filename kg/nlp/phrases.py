"""Fast matching of many fixed phrases (names, labels) by word tokens instead of huge regex alternations.

A phrase is split into word tokens (``\\w+``); it matches a run of text tokens with the same lower-cased
words separated only by spaces, hyphens, periods or apostrophes on one line ("Kim Jong-un" ~ "Kim Jong
Un", "U.S." ~ "U.S", "Mar-a-Lago"). Case rules per phrase: ``"any"`` (ignore case), ``"cap"`` (the
first letter in the text is upper case, for names) or ``"exact"`` (acronyms such as "AI").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Generic, Iterator, TypeVar

T = TypeVar("T")
_TOKEN = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_GAP = re.compile(r"[ \t\-.'\u2019+,]{1,3}|[ \t]*[-\u2013][ \t]*")


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[list[re.Match], list[str], list[str]]:
    """Word tokens of a text: their matches, words and lower-case forms (cached: several matchers read
    one text). The lists are built in C (``list(finditer)``, ``findall``); offsets are read from the
    match objects only where a phrase may start."""
    toks = list(_TOKEN.finditer(text))
    words = _TOKEN.findall(text)
    # lower-casing ASCII keeps every offset, so the tokens of the lower-cased text are the same tokens
    low = _TOKEN.findall(text.lower()) if text.isascii() else [w.lower() for w in words]
    return toks, words, low


@dataclass
class PhraseMatcher(Generic[T]):
    index: dict[str, list[tuple[tuple[str, ...], str, str, T]]] = field(default_factory=dict)
    _last: tuple | None = field(default=None, repr=False, compare=False)

    def add(self, phrase: str, payload: T, case: str = "any") -> None:
        toks = tuple(t.lower() for t in _TOKEN.findall(phrase))
        if not toks:
            return
        lst = self.index.setdefault(toks[0], [])
        lst.append((toks, case, phrase, payload))
        lst.sort(key=lambda x: -len(x[0]))
        self._last = None

    def _first_tokens(self, text: str) -> tuple[list[int], list[int]]:
        """Indices and offsets of the tokens of ``text`` that begin some phrase (the last text's are
        kept: the sentences of one document are matched one after the other)."""
        last = self._last
        if last is not None and last[0] is text:
            return last[1], last[2]
        toks, _, low = _tokens(text)
        index = self.index
        idx = [i for i, w in enumerate(low) if w in index]
        offsets = [toks[i].start() for i in idx]
        self._last = (text, idx, offsets)
        return idx, offsets

    def finditer(self, text: str) -> Iterator[tuple[int, int, str, T]]:
        """Longest matches, left to right, not overlapping: (start, end, phrase, payload).

        Only tokens that begin some phrase are visited (one dictionary test per token in a list
        comprehension), and a phrase of several words is compared word by word from its second
        word (common first words such as "the" or "trade" begin many phrases); a match resumes the
        scan after its last token."""
        toks, words, low = _tokens(text)
        index = self.index
        return self._scan(text, toks, words, low, [i for i, w in enumerate(low) if w in index], len(text))

    def finditer_span(self, text: str, start: int, end: int) -> Iterator[tuple[int, int, str, T]]:
        """The matches of ``finditer(text[start:end])``, with offsets into ``text``.

        When the span is cut at token boundaries (sentences are), its tokens are the tokens of
        ``text`` inside it: the tokens of the whole text (cached) are reused instead of tokenising
        each span again, and a span without a token that begins a phrase costs one bisection."""
        if not cut_at_tokens(text, start, end):
            return ((a + start, b + start, p, x) for a, b, p, x in self.finditer(text[start:end]))
        idx, offsets = self._first_tokens(text)
        lo, hi = bisect_left(offsets, start), bisect_left(offsets, end)
        if lo == hi:
            return iter(())
        toks, words, low = _tokens(text)
        return self._scan(text, toks, words, low, idx[lo:hi], end)

    def _scan(self, text: str, toks: list[re.Match], words: list[str], low: list[str], hits: list[int],
              end: int) -> Iterator[tuple[int, int, str, T]]:
        """Matches starting at the token indices ``hits`` (tokens that begin some phrase), within
        ``text[:end]``."""
        index = self.index
        n = len(low)
        resume = 0
        for i in hits:
            if i < resume:
                continue
            for ptoks, case, phrase, payload in index[low[i]]:
                k = len(ptoks)
                if k > 1:
                    if i + k > n or ptoks[1] != low[i + 1] or (k > 2 and tuple(low[i:i + k]) != ptoks):
                        continue
                    if toks[i + k - 1].end() > end:
                        continue
                    if any(not _GAP.fullmatch(text, toks[j].end(), toks[j + 1].start()) for j in range(i, i + k - 1)):
                        continue
                if case == "cap" and not words[i][0].isupper():
                    continue
                if case == "exact" and " ".join(words[i:i + k]) != " ".join(_TOKEN.findall(phrase)):
                    continue
                e = toks[i + k - 1].end()
                # a phrase ending in a period ("U.S.") takes it
                if phrase.endswith(".") and e < end and text[e] == ".":
                    e += 1
                yield toks[i].start(), e, phrase, payload
                resume = i + k
                break


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


_REGEX_SYNTAX = re.compile(r"[\\()\[\]?*+{}.^$]")


def cut_at_tokens(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` begin and end at token boundaries (no word token of ``text`` runs
    across either end)? Then its tokens are exactly the tokens of ``text`` inside [start, end)."""
    return not ((0 < start < len(text) and _WORD_CHAR.match(text, start - 1) and _WORD_CHAR.match(text, start))
                or (0 < end < len(text) and _WORD_CHAR.match(text, end - 1) and _WORD_CHAR.match(text, end)))


class AnyOf:
    """A case-insensitive test: does a text contain any of the literal word parts of a "|"-list
    ("phon|dial|call")? The same answer as ``re.search(pattern, text, re.IGNORECASE)``, faster.

    The regex engine runs an IGNORECASE alternation position by position, folding the case of every
    character; on ASCII text, lower-casing once and a substring test per word (C ``in``) gives the
    same answer several times faster. Text that is not ASCII keeps the IGNORECASE regex (Unicode
    case folding matches letters that ``str.lower`` does not give, e.g. the long s), as does a list
    with regex syntax. Word parts that are not ASCII ("tête") cannot occur in ASCII text and are left
    out of the fast test unless one of their letters has an ASCII case partner (the Kelvin sign)."""

    __slots__ = ("pattern", "rx", "_words", "_low_rx")

    def __init__(self, pattern: str):
        from .gates import _folds_to_ascii

        self.pattern = pattern
        self.rx = re.compile(pattern, re.IGNORECASE)
        words = pattern.split("|")
        self._words: tuple[str, ...] | None = None
        if any(_REGEX_SYNTAX.search(w) for w in words) or not all(words):
            return
        if any(not c.isascii() and _folds_to_ascii(c) for w in words for c in w):
            return  # could match ASCII letters under case folding: keep the regex
        self._words = tuple(w.lower() for w in words if w.isascii())
        # the same alternation in lower case (words ASCII text cannot hold left out: they never match)
        self._low_rx = re.compile("|".join(re.escape(w) for w in self._words) or "(?!)")

    def search(self, text: str, low: str | None = None) -> bool:
        """``low``: ``text.lower()`` when the caller has it already."""
        if self._words is not None and text.isascii():
            if low is None:
                low = text.lower()
            for w in self._words:
                if w in low:
                    return True
            return False
        return self.rx.search(text) is not None

    def finditer(self, text: str, low: str | None = None) -> Iterator[re.Match]:
        """The matches of the IGNORECASE regex; on ASCII text those of the lower-case alternation in
        the lower-cased text (the same offsets: lower-casing ASCII keeps the length)."""
        if self._words is not None and text.isascii():
            return self._low_rx.finditer(text.lower() if low is None else low)
        return self.rx.finditer(text)
