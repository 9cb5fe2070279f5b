"""Cheap pre-tests for regexes: literal words that every match must contain.

Case-insensitive regexes run over whole sentences are a large part of the extractor's time: the
regex engine tries every position and folds the case of every character it compares. Most grammar
regexes cannot match unless some literal word occurs ("at the request of" needs "at the request
of", "(?:called|phoned) ..." needs "called" or "phoned"); on ASCII text ``word in text.lower()``
(a C substring search) answers that in a fraction of the time.

``required_words(rx)`` derives such words from the regex itself (its parse tree), so editing
patterns.json needs no code change. ``Gated(rx)`` wraps a compiled regex with that test: when the
test fails the regex cannot match and is not run; otherwise the regex runs as usual. Results are
therefore always the regex's own. Text that is not ASCII is never pre-tested (Unicode case folding
can match letters ``str.lower`` does not give).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from .phrases import trie_regex

try:  # Python >= 3.11
    from re import _constants as _c, _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_REPEATS = tuple(getattr(_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, n))
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)
_MIN_LEN = 3  # shorter words ("a", "of") occur in nearly every sentence: no use as a test
_MAX_LANGUAGE = 512  # strings of one finite run (a word list, a trie of words)
_MAX_SETS = 3  # tests of one regex (each a set of alternative words)
_MAX_WORDS = 8  # more alternatives: one regex over the lower-cased text instead of a loop of `in`


@lru_cache(maxsize=None)
def _folds_to_ascii(c: str) -> bool:
    """Can the (non-ASCII) character ``c`` match an ASCII character under IGNORECASE ("K" Kelvin sign)?"""
    rx = re.compile(re.escape(c), re.IGNORECASE)
    return any(rx.fullmatch(chr(a)) for a in range(128))


_COMMON = frozenset("a an the of to in on at by for with from and or is was be his her its their".split())
_NEVER = frozenset()  # in a list of requirements: the items cannot match ASCII text at all


def _content(word: str) -> int:
    """How telling a word is as a test: its letters outside very common words (" by " says little)."""
    return sum(len(t) for t in re.findall(r"[a-z0-9]+", word) if t not in _COMMON)


def _score(words: frozenset[str]) -> tuple[int, int]:
    return (min(map(_content, words)) if words else 0), -len(words)


def _language(items, limit: int = _MAX_LANGUAGE) -> frozenset[str] | None:
    """Every string (lower case, as found in ASCII text) the parsed ``items`` can match, when they
    are a small finite set (literals, alternatives, optional parts); otherwise None."""
    lang: set[str] = {""}
    for op, av in items:
        if op is _c.LITERAL:
            ch = chr(av)
            if ch.isascii():
                part: frozenset[str] | None = frozenset([ch.lower()])
            elif _folds_to_ascii(ch):
                return None
            else:
                part = frozenset()  # a character ASCII text cannot have: no string
        elif op is _c.AT:
            continue  # zero width
        elif op is _c.IN:
            # a class of single characters ("d|s" is parsed as [ds]); ranges, categories, negation: unknown
            if not all(kind is _c.LITERAL for kind, _ in av):
                return None
            chars = [chr(v) for _, v in av]
            if any(not ch.isascii() and _folds_to_ascii(ch) for ch in chars):
                return None
            part = frozenset(ch.lower() for ch in chars if ch.isascii())
        elif op is _c.SUBPATTERN:
            part = _language(av[-1], limit)
        elif op is _c.BRANCH:
            alts = [_language(sub, limit) for sub in av[1]]
            part = None if any(a is None for a in alts) else frozenset().union(*alts)
        elif op in _REPEATS and av[1] <= 1:
            sub = _language(av[2], limit)
            part = None if sub is None else (sub | {""} if av[0] == 0 else sub)
        else:
            return None
        if part is None or len(lang) * len(part) > limit:
            return None
        lang = {a + b for a in lang for b in part}
    return frozenset(lang)


def _requirements(items) -> list[frozenset[str]]:
    """Sets of words (lower case) such that, for each set, every match of the parsed ``items`` on
    ASCII text contains one of its words. [] : nothing known; a ``_NEVER`` in the list: no match.

    Runs of items with a small finite language ("at the (?:request|invitation) of") give the set of
    their strings; other items are looked into (groups, repeats of at least one, alternatives)."""
    reqs: list[frozenset[str]] = []
    seg: set[str] | None = None  # the strings of the current finite run

    def flush() -> None:
        nonlocal seg
        if seg is not None:
            reqs.append(frozenset(seg))
            seg = None

    for op, av in items:
        if op is _c.AT:
            continue  # zero width (\b, ^, $): the strings on both sides are adjacent in the text
        lang = _language([(op, av)])
        if lang is not None:
            if seg is not None and len(seg) * len(lang) > _MAX_LANGUAGE:
                flush()
            seg = {a + b for a in (seg if seg is not None else {""}) for b in lang}
            continue
        flush()
        if op is _c.SUBPATTERN:
            reqs.extend(_requirements(av[-1]))
        elif _ATOMIC is not None and op is _ATOMIC:
            reqs.extend(_requirements(av))
        elif op in _REPEATS:
            lo, _hi, sub = av
            if lo >= 1:
                reqs.extend(_requirements(sub))
        elif op is _c.BRANCH:
            # one of the alternatives matches: the union of each alternative's best set
            alts = [_best(_requirements(sub)) for sub in av[1]]
            if all(a is not None for a in alts):
                reqs.append(frozenset().union(*alts))
        if _NEVER in reqs:
            return [_NEVER]
    flush()
    return [_NEVER] if _NEVER in reqs else reqs


def _best(reqs: list[frozenset[str]]) -> frozenset[str] | None:
    if _NEVER in reqs:
        return _NEVER
    return max(reqs, key=_score) if reqs else None


def required_words(rx: re.Pattern) -> list[frozenset[str]]:
    """Sets of lower-case words, most telling first, such that wherever ``rx`` matches an ASCII
    ``text``, ``text.lower()`` contains a word of every set. [] when no useful set is known."""
    try:
        reqs = _requirements(_p.parse(rx.pattern, rx.flags))
    except Exception:  # noqa: BLE001 - a pattern the parser version does not take: no pre-test
        return []
    if _NEVER in reqs:
        return [_NEVER]
    useful = sorted({r for r in reqs if _score(r)[0] >= _MIN_LEN}, key=_score, reverse=True)
    return useful[:_MAX_SETS]


class Gated:
    """A compiled regex behind a cheap pre-test (see the module doc). Offers the ``re.Pattern``
    methods the extractor uses; ``low``: ``text.lower()`` when the caller has it already, or the
    lower-cased form of a text that contains ``text`` (a sentence for a part of it): the words a
    match needs are then in it too, so the test stays a necessary condition."""

    __slots__ = ("rx", "pattern", "flags", "_tests")

    def __init__(self, rx: re.Pattern | str, flags: int = 0):
        self.rx = re.compile(rx, flags) if isinstance(rx, str) else rx
        self.pattern = self.rx.pattern
        self.flags = self.rx.flags
        # each test: a tuple of words (a loop of `in`) or, for many words, one regex of them
        self._tests: list[tuple[str, ...] | re.Pattern] = []
        for words in required_words(self.rx):
            # a word containing another word of the set adds nothing ("phone call" beside "call")
            words = sorted({w for w in words if not any(o != w and o in w for o in words)}, key=lambda w: (len(w), w))
            if len(words) > _MAX_WORDS:
                self._tests.append(re.compile(trie_regex(words)))
            else:
                self._tests.append(tuple(words))

    def possible(self, text: str, low: str | None = None) -> bool:
        """False only when the regex cannot match anywhere in ``text``."""
        if not self._tests or not text.isascii():
            return True
        if low is None:
            low = text.lower()
        for test in self._tests:
            if isinstance(test, tuple):
                for w in test:
                    if w in low:
                        break
                else:
                    return False
            elif test.search(low) is None:
                return False
        return True

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize, *, low: str | None = None):
        return self.rx.search(text, pos, endpos) if self.possible(text, low) else None

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize, *, low: str | None = None):
        return self.rx.match(text, pos, endpos) if self.possible(text, low) else None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize, *, low: str | None = None):
        return self.rx.finditer(text, pos, endpos) if self.possible(text, low) else iter(())

    def __repr__(self) -> str:
        return f"Gated({self.rx!r}, tests={self._tests!r})"

