"""The common extractor interface: a shared per-document context and pipeline components.

Like a spaCy pipeline, extraction is a list of named components registered in
``kg.registry.extractors``; each is a callable object with a ``name`` that reads and updates one
``ExtractContext`` (sentences, mentions, dates, candidate engagements, events). They run in the
order of ``PIPELINE``; a new extractor is one module with one ``@extractors.register(...)``.
"""

from __future__ import annotations

import json
from bisect import bisect_left
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from ..model import Document, Engagement, Evidence, MeetingRef, TimeValue
from ..nlp.dates import DateMention, dateline_span, find_dates
from ..nlp.mentions import Lexicon, PersonMention
from ..nlp.gates import Gated
from ..nlp.phrases import AnyOf, trie_regex
from ..nlp.sentences import Sentence
from ..resources import ontology_file
from ..vocab import Vocabulary

_DATEISH = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
                      r"today|tonight|yesterday|tomorrow|week|month|year|ago|morning|afternoon|evening|night)", re.I)

# the office's country after a leader's name, optional: "President Donald J. Trump of the United
# States and President Vladimir Putin of the Russian Federation spoke today" (shared by the pair
# subject of a talk verb and the subject of what the leaders said)
OFFICE_COUNTRY = r"(?:\s+of\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?"

# the declared order of the built-in components
PIPELINE = ("sentences", "dates", "participants", "engagements", "initiator", "issues", "meetings")


class Component(Protocol):
    name: str

    def __call__(self, ctx: "ExtractContext") -> None: ...


@dataclass
class Candidate:
    """One mention of an engagement in one sentence (before merging into events)."""

    sentence: Sentence
    start: int  # trigger offsets in doc.text
    end: int
    trigger: str
    type: str | None  # None: an engagement of unknown kind ("discussed ... with X")
    weak: bool  # the type comes from a word that only suggests it ("conversation")
    participants: list[str]
    group: bool  # "the two leaders", "they", "their"
    status: str  # "reported" | "planned" | "prior" | "negated"
    primary: bool  # a clause that reports the engagement (not a back-reference "during the call")
    date: DateMention | None = None
    place: str | None = None
    quoted: bool = False
    clause: tuple[int, int] = (0, 0)
    sender: str | None = None  # letters: who wrote
    recent: bool = False  # "recently"
    dated_before: bool = False  # a report made a back-reference only by its date (weeks before the article's)
    day_before: tuple[str, ...] = ()  # "On the eve of the conversation with Putin, ...": whose engagement it preceded


@dataclass
class EventDraft:
    type: str | None
    participants: list[str]
    candidates: list[Candidate] = field(default_factory=list)
    date: TimeValue | None = None
    initiator: str | None = None
    initiator_evidence: Evidence | None = None
    sender: str | None = None
    weak_only: bool = False
    engagement: Engagement | None = None
    prior: list[MeetingRef] = field(default_factory=list)
    planned: list[MeetingRef] = field(default_factory=list)

    @property
    def first(self) -> Candidate:
        return self.candidates[0]


@dataclass
class ExtractContext:
    doc: Document
    vocab: Vocabulary
    lex: Lexicon
    pats: "Patterns"
    anchor: TimeValue | None = None
    anchor_year: int | None = None
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    places: list[tuple[int, int, object]] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    events: list[EventDraft] = field(default_factory=list)
    sentence_event: dict[int, int] = field(default_factory=dict)
    meeting_mentions: list[tuple[Candidate, int | None]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ptext: str = ""  # doc.text made plain (same offsets), see kg.nlp.text.plain
    _dates: dict[tuple[int, bool], list[DateMention]] = field(default_factory=dict)
    _starts: list[int] | None = None
    _place_starts: list[int] | None = None
    _dateline: tuple[int, int] | None | bool = False  # (kg.nlp.dates.dateline_span; False: not looked for)

    # helpers ---------------------------------------------------------------------------------
    def pt(self, s: Sentence) -> str:
        """The plain text of a sentence (same length as s.text)."""
        return self.ptext[s.start:s.end]

    @property
    def anchor_value(self) -> str | None:
        return self.anchor.value if self.anchor else None

    def evidence(self, s: Sentence) -> Evidence:
        return Evidence(self.doc.id, s.text, s.start, s.end)

    def dates_in(self, s: Sentence, future: bool = False) -> list[DateMention]:
        key = (s.index, future)
        if key not in self._dates:
            if not _DATEISH.search(s.text):
                self._dates[key] = []
                return self._dates[key]
            found = find_dates(s.text, self.anchor_value, future=future, anchor_year=self.anchor_year)
            if s.start < 1500:  # (where kg.nlp.dates.dateline_span looks)
                if self._dateline is False:
                    self._dateline = dateline_span(self.doc.text)
                span = self._dateline
                if span:
                    found = [d for d in found if not (s.start + d.start < span[1] and s.start + d.end > span[0])]
            self._dates[key] = found
        return self._dates[key]

    def people_in(self, start: int, end: int) -> list[PersonMention]:
        """Person mentions starting in [start, end) (ctx.people is sorted by start)."""
        if self._starts is None or len(self._starts) != len(self.people):
            self._starts = [m.start for m in self.people]
        return self.people[bisect_left(self._starts, start):bisect_left(self._starts, end)]

    def places_in(self, start: int, end: int) -> list[tuple[int, int, object]]:
        """Place mentions starting in [start, end) (ctx.places is in text order): a lookup per
        clause stays cheap in an article with thousands of them."""
        if self._place_starts is None or len(self._place_starts) != len(self.places):
            self._place_starts = [p[0] for p in self.places]
        return self.places[bisect_left(self._place_starts, start):bisect_left(self._place_starts, end)]

    def in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quotes)

    def is_principal(self, name: str) -> bool:
        return name in self.lex.principals or name not in self.lex.person_by_name

    def country_of(self, name: str) -> str | None:
        p = self.lex.person_by_name.get(name)
        if p is not None:
            if p.country:
                return p.country
            for o in p.offices:
                if o.country:
                    return o.country
        for m in self.people:
            if m.people == [name] and m.country:
                return m.country
        return None


@dataclass
class Patterns:
    raw: dict
    triggers: list[tuple[str, re.Pattern, AnyOf | None]]  # kind, trigger regex, stem pre-test
    # regexes matched over whole sentences sit behind a cheap pre-test (kg.nlp.gates)
    speech: Gated
    media_speech: Gated
    group: Gated
    planned_before: re.Pattern
    planned_just_before: re.Pattern
    planned_after: Gated
    negation_before: re.Pattern
    prior_cues: Gated
    reference_before: re.Pattern
    clause_breaks: re.Pattern
    initiator: dict[str, Gated]
    weak_words: set[str]
    visit_words: set[str]
    reception_words: set[str]


def _literal_alternation(rx: str) -> str:
    """A "|"-list of plain words as a prefix tree (faster, the same matches where a match is only tested);
    a list with regex syntax is kept as written."""
    words = rx.split("|")
    if any(re.search(r"[\\()\[\]?*+{}.^$]", w) for w in words):
        return rx
    return trie_regex(words, ignore_case=True)


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    raw = json.loads(ontology_file("patterns.json").read_text(encoding="utf-8"))
    I = re.IGNORECASE
    trig = []
    stems = raw.get("trigger_stems", {})
    for typ, lst in raw["triggers"].items():
        stem = AnyOf(stems[typ]) if typ in stems else None
        trig.append((typ, re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{rx})" for rx in lst) + r")(?![\w])", I), stem))
    return Patterns(
        raw=raw,
        triggers=trig,
        speech=Gated(r"\b(?:" + _literal_alternation(raw["speech_verbs"]) + r")\b", I),
        media_speech=Gated(r"\b(?:" + raw["media_speech"] + r")\b", I),
        group=Gated(r"\b(?:" + raw["group_refs"] + r")\b", I),
        planned_before=re.compile(raw["planned_before"], I),
        planned_just_before=re.compile(raw["planned_just_before"], I),
        planned_after=Gated(raw["planned_after"], I),
        negation_before=re.compile(raw["negation_before"], I),
        prior_cues=Gated(raw["prior_cues"], I),
        reference_before=re.compile(raw["reference_before"], I),
        clause_breaks=re.compile(raw["clause_breaks"], I),
        # each starts a word: "recalled" is no "called", "newsletter from" no "letter from"
        initiator={k: Gated(r"(?<![\w-])(?:" + v + ")", I) for k, v in raw["initiator"].items()},
        weak_words=set(raw["weak_phone_words"]),
        visit_words=set(raw["visit_words"]),
        reception_words=set(raw["reception_words"]),
    )
