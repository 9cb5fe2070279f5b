"""Small typed values passed between the stages (ingest -> extract -> resolve -> graph -> export).

Stages never share mutable state other than these values, so each can be tested and run
(or parallelised) on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ENGAGEMENT_TYPES = ("PhoneCall", "VideoCall", "Meeting", "Letter")
Precision = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``id`` is a safe key derived from the file stem (never used raw in an IRI)."""

    id: str
    text: str
    source: str  # path relative to the input folder, for display and provenance
    published: str | None = None  # ISO date (or YYYY-MM) from metadata, when the file carries one
    sha256: str = ""
    title: str | None = None
    url: str | None = None
    media_type: str = "text/plain"

    def without_text(self) -> "Document":
        """The same document without its text (kept by the build after extraction: evidence
        carries its own sentences). Positional, so it must follow the fields above; 12x faster
        than dataclasses.replace, which took 1.8 s for 100,000 documents."""
        return Document(self.id, "", self.source, self.published, self.sha256, self.title, self.url, self.media_type)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: the sentence and its character span in ``Document.text``."""

    document: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A resolved date with the precision the text supports ("last month" is a month, not a day)."""

    value: str | None  # "2017-04-24" | "2017-04" | "2017" | None
    expression: str | None = None  # the words it came from: "on Monday", "last month", dateline
    anchor: str | None = None  # the article date it was resolved against

    @property
    def precision(self) -> Precision | None:
        if not self.value:
            return None
        return {10: "day", 7: "month", 4: "year"}.get(len(self.value))  # type: ignore[return-value]


@dataclass(slots=True)
class MeetingRef:
    """An earlier engagement referred back to, or an upcoming one announced."""

    label: str
    place: str | None
    date: TimeValue
    participants: list[str]
    relation: Literal["prior", "planned"]
    evidence: Evidence | None = None
    type: str = "Meeting"

    def to_schema(self) -> dict:
        return {"label": self.label, "place": self.place, "date": self.date.value,
                "participants": list(self.participants)}


@dataclass(slots=True)
class IssueMention:
    """An issue raised in an engagement, with who raised it and where the text says so."""

    issue: str  # concept id of the SKOS scheme, e.g. "Taiwan"
    speakers: list[str]
    evidence: Evidence


@dataclass(slots=True)
class Engagement:
    """One engagement the article reports as having happened."""

    document: str
    type: str  # one of ENGAGEMENT_TYPES
    date: TimeValue
    participants: list[str]  # canonical names
    evidence: Evidence  # the sentence that reports the engagement
    initiator: str | None = None
    initiator_evidence: Evidence | None = None
    issues: list[IssueMention] = field(default_factory=list)
    prior_meetings: list[MeetingRef] = field(default_factory=list)
    planned_meetings: list[MeetingRef] = field(default_factory=list)
    place: str | None = None

    def issue_ids(self) -> list[str]:
        seen: list[str] = []
        for m in self.issues:
            if m.issue not in seen:
                seen.append(m.issue)
        return seen

    def to_schema(self) -> dict:
        """The event in the format of ../shared/eval/SCHEMA.md."""
        speakers: dict[str, list[str]] = {}
        for m in self.issues:
            for s in m.speakers:
                lst = speakers.setdefault(m.issue, [])
                if s not in lst:
                    lst.append(s)
        return {
            "type": self.type,
            "date": self.date.value,
            "participants": list(self.participants),
            "initiator": self.initiator,
            "issues": self.issue_ids(),
            "issue_speakers": speakers,
            "prior_meetings": [m.to_schema() for m in self.prior_meetings],
            "planned_meetings": [m.to_schema() for m in self.planned_meetings],
        }


@dataclass(slots=True)
class Extraction:
    """What the extract stage returns for one document."""

    document: Document
    engagements: list[Engagement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    anchor: TimeValue | None = None  # the article's own date, as resolved


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file the ingest stage could not turn into a Document, and why."""

    source: str
    reason: str
