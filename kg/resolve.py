"""Resolve stage: one node per real-world thing across documents.

Rules (documented in the README, tested in tests/test_resolve.py):

* **People.** A name resolves to the vocabulary person whose name or alias it is. A name the
  vocabulary does not know becomes a new person keyed by its folded name; a single-word unknown
  name ("Ruto") joins the one unknown multi-word person whose last word it is ("William Ruto").
* **Engagements.** Reports of the same type, with the same participants and the same date are
  one engagement, whatever the document. When one report gives only the month (or year) and
  exactly one engagement of that type and participants falls in it, they are merged too.
  Undated engagements are never merged across documents.
* **Referenced meetings** (prior and planned). Two mentions are the same meeting when they have
  the same participants, compatible places (equal, or one inside the other: Beijing is in
  China; a missing place is compatible) and compatible dates (one a prefix of the other:
  "2017" and "2017-11"; a missing date is compatible), and a mention joins a cluster only when
  it is compatible with every member. Each meeting keeps the most specific place and date.

Every document's own claims stay attached to it, so the graph can say who asserts what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .model import Document, Engagement, Extraction, MeetingRef, TimeValue
from .rdf import iris
from .vocab import Person, Place, Vocabulary, fold


@dataclass
class PersonNode:
    key: str
    name: str
    known: Person | None = None
    aliases: set[str] = field(default_factory=set)


@dataclass
class PlaceNode:
    key: str
    name: str
    known: Place | None = None


@dataclass
class EngagementNode:
    key: str
    type: str
    date: TimeValue
    participants: list[str]  # person keys, sorted
    claims: list[Engagement] = field(default_factory=list)

    @property
    def documents(self) -> list[str]:
        return sorted({c.document for c in self.claims})


@dataclass
class MeetingMention:
    document: str
    engagement_key: str
    ref: MeetingRef
    participants: frozenset[str]
    place: str | None  # place key


@dataclass
class MeetingNode:
    key: str
    label: str
    type: str
    place: str | None
    date: TimeValue
    participants: list[str]
    mentions: list[MeetingMention] = field(default_factory=list)


@dataclass
class Corpus:
    documents: list[Document]
    extractions: list[Extraction]
    people: dict[str, PersonNode]
    places: dict[str, PlaceNode]
    engagements: list[EngagementNode]
    meetings: list[MeetingNode]
    engagement_of: dict[int, str]  # id(Engagement) -> engagement key
    key_of: dict[str, str]  # every name seen -> person key
    meeting_of: dict[int, str]  # id(MeetingRef) -> meeting key

    def person_key(self, name: str) -> str:
        return self.key_of[name]

    # engagement / meeting key -> IRI: asked by the graph stage and the projection (minting
    # ~265,000 IRIs at 100,000 articles took ~2 s each time)
    @cached_property
    def engagement_iris(self) -> dict[str, str]:
        mint = iris.engagement_text
        return {n.key: mint(n.type, n.date.value, n.key) for n in self.engagements}

    @cached_property
    def meeting_iris(self) -> dict[str, str]:
        mint = iris.meeting_text
        return {m.key: mint(m.key, m.date.value) for m in self.meetings}

    @cached_property
    def document_iris(self) -> dict[str, str]:
        mint = iris.document_text
        return {d.id: mint(d.id) for d in self.documents}

    @cached_property
    def meeting_iris_mentioned(self) -> dict[str, list[str]]:
        """Engagement key -> the IRIs of the referenced meetings it mentions, sorted (asked by
        both views of a build's page: made once)."""
        meet_iri = self.meeting_iris
        return {k: sorted(meet_iri[m] for m in ms) for k, ms in self.meetings_mentioned.items()}

    @cached_property
    def meetings_mentioned(self) -> dict[str, tuple[str, ...]]:
        """Engagement key -> the keys of the referenced meetings it mentions."""
        out: dict[str, set[str]] = {}
        for m in self.meetings:
            for mm in m.mentions:
                out.setdefault(mm.engagement_key, set()).add(m.key)
        return {k: tuple(sorted(v)) for k, v in out.items()}  # (a tuple is a quarter of a set's size)


def _person_nodes(names: set[str], vocab: Vocabulary) -> tuple[dict[str, PersonNode], dict[str, str]]:
    nodes: dict[str, PersonNode] = {}
    key_of: dict[str, str] = {}
    unknown: list[str] = []
    for name in sorted(names):
        known = vocab.person(name)
        if known:
            node = nodes.setdefault(known.key, PersonNode(known.key, known.name, known))
            node.aliases.add(name)
            key_of[name] = known.key
        else:
            unknown.append(name)
    multi = [n for n in unknown if len(fold(n).split()) > 1]
    for name in sorted(unknown, key=lambda n: (-len(fold(n).split()), fold(n))):
        toks = fold(name).split()
        target = name
        if len(toks) == 1:
            cands = sorted({m for m in multi if fold(m).split()[-1] == toks[0]})
            if len(cands) == 1:
                target = cands[0]
        key = "p-" + iris.slug(fold(target))
        node = nodes.setdefault(key, PersonNode(key, target))
        node.aliases.add(name)
        key_of[name] = key
    return nodes, key_of


def _place_key(name: str | None, vocab: Vocabulary, places: dict[str, PlaceNode], memo: dict[str, str]) -> str | None:
    if not name:
        return None
    if name in memo:
        return memo[name]
    known = vocab.place(name)
    if known:
        places.setdefault(known.key, PlaceNode(known.key, known.name, known))
        key = known.key
    else:
        key = "x-" + iris.slug(fold(name))
        places.setdefault(key, PlaceNode(key, name))
    memo[name] = key
    return key


def _more_specific(a: TimeValue, b: TimeValue) -> TimeValue:
    return b if len(b.value or "") > len(a.value or "") else a


def _place_compatible(a: str | None, b: str | None, vocab: Vocabulary) -> bool:
    if not a or not b or a == b:
        return True
    pa, pb = vocab.place_by_key(a), vocab.place_by_key(b)
    if pa is None or pb is None:
        return False
    return a in {p.key for p in vocab.ancestors(pb)} or b in {p.key for p in vocab.ancestors(pa)}


def _depth(key: str | None, vocab: Vocabulary) -> int:
    if not key:
        return -1
    p = vocab.place_by_key(key)
    return len(vocab.ancestors(p)) if p else 0


def resolve(extractions: list[Extraction], vocab: Vocabulary) -> Corpus:
    extractions = sorted(extractions, key=lambda x: x.document.id)
    names: set[str] = set()
    for x in extractions:
        for e in x.engagements:
            names.update(e.participants)
            if e.initiator:
                names.add(e.initiator)
            for m in e.issues:
                names.update(m.speakers)
            for r in (*e.prior_meetings, *e.planned_meetings):
                names.update(r.participants)
    people, key_of = _person_nodes(names, vocab)
    places: dict[str, PlaceNode] = {}
    place_memo: dict[str, str] = {}  # place name -> key (a few hundred names, 200,000 mentions at 100k)

    # engagements -----------------------------------------------------------------------
    nodes: list[EngagementNode] = []
    by_exact: dict[tuple, EngagementNode] = {}
    engagement_of: dict[int, str] = {}
    pending_partial: list[tuple[Engagement, tuple]] = []
    for x in extractions:
        for e in x.engagements:
            parts = tuple(sorted({key_of[n] for n in e.participants}))
            if e.place:
                _place_key(e.place, vocab, places, place_memo)
            if e.date.precision == "day":
                k = (e.type, parts, e.date.value)
                node = by_exact.get(k)
                if node is None:
                    node = EngagementNode("|".join((e.type, ",".join(parts), e.date.value or "")), e.type,
                                          e.date, list(parts))
                    by_exact[k] = node
                    nodes.append(node)
                node.claims.append(e)
                engagement_of[id(e)] = node.key
            else:
                pending_partial.append((e, parts))
    # index day-precise engagements by (type, participants): a partial date is matched within
    # its group only, so resolution stays linear in the corpus size
    by_group: dict[tuple, list[EngagementNode]] = {}
    for n in nodes:
        by_group.setdefault((n.type, tuple(n.participants)), []).append(n)
    for e, parts in pending_partial:
        node = None
        if e.date.value:
            cands = [n for n in by_group.get((e.type, parts), ())
                     if (n.date.value or "").startswith(e.date.value)]
            if len(cands) == 1:
                node = cands[0]
        if node is None:
            node = EngagementNode("|".join((e.type, ",".join(parts), e.date.value or "", e.document,
                                            str(e.evidence.start))), e.type, e.date, list(parts))
            nodes.append(node)
        node.claims.append(e)
        engagement_of[id(e)] = node.key
    nodes.sort(key=lambda n: (n.date.value or "9999", n.type, n.key))

    # referenced meetings ---------------------------------------------------------------
    mentions: list[MeetingMention] = []
    for x in extractions:
        for e in x.engagements:
            for r in (*e.prior_meetings, *e.planned_meetings):
                mentions.append(MeetingMention(
                    document=e.document, engagement_key=engagement_of[id(e)], ref=r,
                    participants=frozenset(key_of[n] for n in r.participants),
                    place=_place_key(r.place, vocab, places, place_memo)))
    # places and their compatibility, once per place (pair): a 100,000-article corpus asks
    # about ~1.2 M pairs of a few hundred places, each walking the place tree
    depths: dict[str | None, int] = {}
    compatible: dict[tuple[str | None, str | None], bool] = {}

    def depth_of(k: str | None) -> int:
        d = depths.get(k)
        if d is None:
            d = depths[k] = _depth(k, vocab)
        return d

    def place_compatible(a: str | None, b: str | None) -> bool:
        r = compatible.get((a, b))
        if r is None:
            r = compatible[(a, b)] = _place_compatible(a, b, vocab)
        return r

    # most informative mentions first, so clusters grow around specific ones
    mentions.sort(key=lambda m: (-depth_of(m.place), -len(m.ref.date.value or ""), m.document,
                                 m.ref.evidence.start if m.ref.evidence else 0, m.ref.label))
    # Members of a cluster are pairwise compatible, so their places form a chain in the place
    # tree and their dates a chain of prefixes: a mention is compatible with every member exactly
    # when it is compatible with the deepest place and the longest date. Clusters are indexed by
    # participant set, so this stays near-linear at 100k articles.
    clusters: list[list[MeetingMention]] = []
    by_parts: dict[frozenset, list[list]] = {}
    for m in mentions:
        d = m.ref.date.value
        for slot in by_parts.get(m.participants, ()):
            c, place, date = slot
            # compatible dates (one a prefix of the other; a missing one is) tested first: most
            # clusters of a busy pair differ there, and the test is cheaper than the places'
            if (not date or not d or date.startswith(d) or d.startswith(date)) and place_compatible(place, m.place):
                c.append(m)
                if m.place and (place is None or depth_of(m.place) > depth_of(place)):
                    slot[1] = m.place
                if len(m.ref.date.value or "") > len(date or ""):
                    slot[2] = m.ref.date.value
                break
        else:
            c = [m]
            clusters.append(c)
            by_parts.setdefault(m.participants, []).append([c, m.place, m.ref.date.value])
    meetings: list[MeetingNode] = []
    seen_keys: dict[str, int] = {}
    for c in clusters:
        place = max((m.place for m in c if m.place), key=lambda k: (depth_of(k), k), default=None)
        date = TimeValue(None)
        for m in c:
            date = _more_specific(date, m.ref.date)
        parts = sorted(c[0].participants)
        label = c[0].ref.label
        types = sorted({m.ref.type for m in c})
        # the key (and so the IRI) depends on what the meeting is, not on where it was first
        # mentioned, so editing an article does not rename meetings other articles link to
        key = "|".join((",".join(parts), place or "", date.value or ""))
        n = seen_keys.get(key, 0)
        seen_keys[key] = n + 1
        if n:
            key += f"|{n}"
        meetings.append(MeetingNode(key=key, label=label, type=types[0] if len(types) == 1 else "Meeting",
                                    place=place, date=date, participants=parts,
                                    mentions=sorted(c, key=lambda m: (m.document, m.engagement_key))))
    meetings.sort(key=lambda n: (n.date.value or "9999", n.key))
    meeting_of = {id(mm.ref): m.key for m in meetings for mm in m.mentions}
    docs = [x.document for x in extractions]
    return Corpus(docs, extractions, people, places, nodes, meetings, engagement_of, key_of, meeting_of)
