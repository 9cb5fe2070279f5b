"""Text normalisation that keeps character offsets (one output character per input character)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_MAP = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
        "\u00a0": " ", "\u2010": "-", "\u2011": "-", "\u02bc": "'", "\u00b4": "'", "\u0131": "i"}


@lru_cache(maxsize=4096)
def _char(c: str) -> str:
    if c in _MAP:
        return _MAP[c]
    if ord(c) < 128:
        return c
    base = unicodedata.normalize("NFKD", c)
    if base and ord(base[0]) < 128 and base[0].isalnum():
        return base[0]
    return c


def plain(text: str) -> str:
    """Accents stripped, curly quotes and dashes made ASCII; same length as ``text``."""
    if text.isascii():
        return text
    for c in set(text) - _TABLE_DONE:
        _TABLE_DONE.add(c)
        r = _char(c)
        if r != c:
            _TABLE[ord(c)] = r
    return text.translate(_TABLE)


_TABLE: dict[int, str] = {}
_TABLE_DONE: set[str] = set(chr(i) for i in range(128))
