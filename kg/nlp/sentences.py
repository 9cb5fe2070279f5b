"""Sentence splitting with character offsets into the original text.

Rules: every line break ends a sentence (headlines, captions and paragraphs are lines); inside a
line a sentence ends at ``.``, ``!`` or ``?`` (optionally followed by a closing quote or bracket)
when the next word starts with a capital, a digit or an opening quote, unless the period belongs
to a known abbreviation ("U.S.", "Mr.", "Nov.") or an initial ("Joseph R. Biden"); and at a period
that joins a lower-case word to a capitalised one with no space ("last week.Presidential").
``doc.text[s.start:s.end] == s.text`` always holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset("""
mr mrs ms dr jr sr st gen lt col capt sgt prof rev hon sen rep gov pres amb adm maj no nos vs etc inc co corp ltd
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
u.s u.k u.n e.u u.s.a a.m p.m d.c i.e e.g approx dept est fig vol op h.e h.h h.m h.r.h shri smt
""".split())

# US states as AP style abbreviates them after a city ("WOODSIDE, Calif. (AP) -"); only in a dateline,
# since several are words that can end a sentence ("ill.", "Mass.")
STATES = frozenset("""
ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore pa
tenn tex va vt wash wis wyo n.c n.d n.h n.j n.m n.y r.i s.c s.d w.va
""".split())

_LINE = re.compile(r"[^\n]+")
# (or a period with no space after it between a lower-case word and a capitalised one, as scraped
# pages run sentences together: "since taking office last week.Presidential spokesperson ...")
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u00C0-\u024F])"
                  r"|\.(?<=[a-z]{3}\.)(?=[A-Z][a-z]{2})")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int  # index of the line (paragraph) the sentence is in

    def __len__(self) -> int:
        return self.end - self.start


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the period at ``dot`` part of an abbreviation or an initial?"""
    m = _WORD_BEFORE.search(text, max(0, dot - 60), dot)  # (a bounded look back: linear in the text)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    if word in STATES and re.search(r"[A-Za-z],\s*$", text[max(0, m.start() - 3):m.start()]) \
            and (re.match(r"\s*[(\-\u2013\u2014]", text[dot + 1:dot + 4]) or
                 (m.start() < 120 and re.fullmatch(r"\s*[A-Z][A-Z .'\u2019-]*,\s*", text[:m.start()]))):
        return True  # a dateline ("WOODSIDE, Calif. (AP) -"), not "in Seattle, Wash. The next day"
    # single capital initial ("R." in "Joseph R. Biden"), but not a one-letter word ending a sentence ("I.")
    if len(word) == 1 and text[m.start()].isupper() and m.group(1) != "I":
        return True
    return False


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for para, line in enumerate(_LINE.finditer(text)):
        lstart = line.start()
        ltext = line.group(0)
        pos = 0
        for m in _END.finditer(ltext):
            if ltext[m.start()] == "." and m.end() - m.start() >= 1 and ltext[m.start():m.end()].startswith(".") \
                    and len(ltext[m.start():m.end()].rstrip("\"'\u201d\u2019)]")) == 1 \
                    and _is_abbreviation(ltext, m.start()):
                continue
            _add(out, text, lstart + pos, lstart + m.end(), para)
            pos = m.end()
        _add(out, text, lstart + pos, lstart + len(ltext), para)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, para: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 2 or not any(c.isalnum() for c in text[start:end]):
        return
    out.append(Sentence(len(out), start, end, text[start:end], para))
