"""Vocabularies as data: the SKOS issue scheme, people with their offices, places with containment.

Everything here is read from files under ``ontology/`` (shipped in the wheel), never from Python
literals, so analysts can add a leader or an alias without touching code.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .resources import ontology_file

ISSUE_NS = "https://w3id.org/kg/issue/"


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: 'Erdoğan' -> 'erdogan', 'U.S.' -> 'us'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("-", " ").replace("\u2019", "'")
    text = re.sub(r"[.']", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Office:
    title: str  # "President", "Prime Minister", "Chancellor", ...
    country: str | None  # place key of the country
    role: str = "head_of_state"  # head_of_state | head_of_government | principal | other (kg.nlp.mentions)
    start: str | None = None  # ISO date
    end: str | None = None  # ISO date, None while in office

    def held_on(self, date: str | None) -> bool:
        if not date:
            return self.end is None
        d = date[:10]
        return (self.start is None or self.start[: len(d)] <= d) and (self.end is None or d <= self.end[: len(d)])


@dataclass(frozen=True)
class Person:
    key: str  # stable slug, e.g. "xi-jinping"
    name: str  # canonical full name, e.g. "Xi Jinping"
    aliases: tuple[str, ...] = ()
    country: str | None = None
    wikidata: str | None = None  # "Q15031"
    offices: tuple[Office, ...] = ()
    family_name: str | None = None


@dataclass(frozen=True)
class Place:
    key: str  # stable slug, e.g. "beijing"
    name: str
    kind: str = "Place"  # Country | City | Region | Venue | Organization
    within: str | None = None  # key of the containing place
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()  # "Chinese", "U.S.", "American"
    iso: str | None = None
    # for a country: the office "its leader" means ("the Japanese leader" is the prime minister,
    # not the emperor); head_of_state unless places.json says head_of_government
    leader: str = "head_of_state"
    # a venue that stands for its country's government in a readout ("Downing Street said"): a bare
    # "the Prime Minister" there is that country's
    seat_of_government: bool = False


@dataclass(frozen=True)
class Issue:
    id: str  # concept id, e.g. "Taiwan"
    pref_label: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()  # extra match terms the extractor uses (skos:hiddenLabel)
    definition: str | None = None

    @property
    def iri(self) -> str:
        return ISSUE_NS + self.id

    def labels(self) -> tuple[str, ...]:
        return (self.pref_label, *self.alt_labels, *self.hidden_labels)


@dataclass
class Vocabulary:
    people: list[Person] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._person_by_key = {p.key: p for p in self.people}
        self._person_index: dict[str, Person] = {}
        for p in self.people:
            for n in (p.name, *p.aliases):
                self._person_index.setdefault(fold(n), p)
        self._place_by_key = {p.key: p for p in self.places}
        self._place_index: dict[str, Place] = {}
        for p in self.places:
            for n in (p.name, *p.aliases):
                self._place_index.setdefault(fold(n), p)
        self._issue_by_id = {i.id: i for i in self.issues}

    # people -------------------------------------------------------------------------------
    def person(self, name: str | None) -> Person | None:
        """The known person a name or alias refers to ("Mr. Xi", "Xi Jinping", "xi")."""
        if not name:
            return None
        key = fold(name)
        if key in self._person_index:
            return self._person_index[key]
        stripped = re.sub(r"^(mr|mrs|ms|dr|president|prime minister|premier|chancellor)\s+", "", key)
        return self._person_index.get(stripped)

    def person_by_key(self, key: str) -> Person | None:
        return self._person_by_key.get(key)

    def office_holder(self, country: str | None, title: str, date: str | None) -> Person | None:
        """Who held ``title`` (e.g. "President") of ``country`` on ``date``: "the U.S. President" in 2019."""
        t = fold(title)
        for p in self.people:
            for o in p.offices:
                if fold(o.title) == t and (country is None or o.country == country) and o.held_on(date):
                    return p
        return None

    # places -------------------------------------------------------------------------------
    def place(self, name: str | None) -> Place | None:
        if not name:
            return None
        key = fold(name)
        hit = self._place_index.get(key)
        if hit is None and key.startswith("the "):
            hit = self._place_index.get(key[4:])
        return hit

    def place_by_key(self, key: str) -> Place | None:
        return self._place_by_key.get(key)

    def ancestors(self, place: Place) -> list[Place]:
        """Containing places, nearest first (Beijing -> China)."""
        out: list[Place] = []
        seen = {place.key}
        cur = place
        while cur.within and cur.within not in seen:
            nxt = self._place_by_key.get(cur.within)
            if nxt is None:
                break
            out.append(nxt)
            seen.add(nxt.key)
            cur = nxt
        return out

    def country_of_demonym(self, word: str) -> Place | None:
        w = fold(word)
        for p in self.places:
            if p.kind == "Country" and (w in (fold(d) for d in p.demonyms) or w == fold(p.name)
                                        or w in (fold(a) for a in p.aliases)):
                return p
        return None

    # issues -------------------------------------------------------------------------------
    def issue(self, issue_id: str) -> Issue | None:
        return self._issue_by_id.get(issue_id)


def _load_issues(path: Path) -> list[Issue]:
    """Read the SKOS scheme with rdflib; the extractor's keywords are these labels."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, SKOS

    g = Graph()
    g.parse(path, format="turtle")
    issues = []
    for c in sorted(set(g.subjects(RDF.type, SKOS.Concept))):
        if not isinstance(c, URIRef) or not str(c).startswith(ISSUE_NS):
            continue
        cid = str(c)[len(ISSUE_NS):]
        pref = g.value(c, SKOS.prefLabel)
        issues.append(Issue(
            id=cid,
            pref_label=str(pref) if pref else cid,
            alt_labels=tuple(sorted(str(x) for x in g.objects(c, SKOS.altLabel))),
            hidden_labels=tuple(sorted(str(x) for x in g.objects(c, SKOS.hiddenLabel))),
            definition=(str(g.value(c, SKOS.definition)) if g.value(c, SKOS.definition) else None),
        ))
    return issues


def _load_people(path: Path) -> list[Person]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for p in data["people"]:
        out.append(Person(
            key=p["key"], name=p["name"], aliases=tuple(p.get("aliases", ())),
            country=p.get("country"), wikidata=p.get("wikidata"),
            family_name=p.get("family_name"),
            offices=tuple(Office(title=o["title"], country=o.get("country"), role=o.get("role", "head_of_state"),
                                 start=o.get("start"), end=o.get("end")) for o in p.get("offices", ())),
        ))
    return out


def _load_places(path: Path) -> list[Place]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Place(key=p["key"], name=p["name"], kind=p.get("kind", "Place"), within=p.get("within"),
                  wikidata=p.get("wikidata"), aliases=tuple(p.get("aliases", ())),
                  demonyms=tuple(p.get("demonyms", ())), iso=p.get("iso"),
                  leader=p.get("leader", "head_of_state"), seat_of_government=bool(p.get("seat_of_government")))
            for p in data["places"]]


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    return Vocabulary(
        people=_load_people(ontology_file("people.json")),
        places=_load_places(ontology_file("places.json")),
        issues=_load_issues(ontology_file("issues.ttl")),
    )
