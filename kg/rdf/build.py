"""Graph stage: resolved facts -> named graphs of statements under kg's ontology.

One named graph per document holds that document's claims and their PROV provenance, so
disagreeing readouts of one call stay attributable; shared graphs hold the ontology, the issue
scheme, people, places and the resolved meeting nodes.

The stage emits statements as N-Triples term strings (see :mod:`kg.rdf.terms`), one sorted block
per named graph, produced lazily in graph-IRI order: every writer (exports, the store) consumes
the same blocks in one pass, so a 100,000-article build never holds the whole graph in memory
and the output order is stable by construction. :func:`build_dataset` still gives an rdflib
Dataset for code that wants one (small graphs, plugins, tests).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterator

from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from .. import __version__
from ..model import Evidence, TimeValue
from ..resolve import Corpus
from ..resources import ontology_file
from ..vocab import Vocabulary, fold
from . import iris
from .namespaces import ID, KG, KGI, SCHEMA
from .terms import en, iri, literal, typed

Triple = tuple[str, str, str]


def _i(u) -> str:
    """Term text of an IRI held as rdflib URIRef or str (kg.rdf.iris mints URIRefs)."""
    return iri(str(u))


DATATYPE = {"day": str(XSD.date), "month": str(XSD.gYearMonth), "year": str(XSD.gYear)}
UNIT = {"day": _i(TIME.unitDay), "month": _i(TIME.unitMonth), "year": _i(TIME.unitYear)}
TIME_PROP = {"day": _i(TIME.inXSDDate), "month": _i(TIME.inXSDgYearMonth), "year": _i(TIME.inXSDgYear)}
PLACE_CLASS = {"Country": _i(KG.Country), "City": _i(KG.City), "Region": _i(KG.Region), "Venue": _i(KG.Venue),
               "Organization": _i(KG.Organization)}
ENGAGEMENT_TYPES = ("PhoneCall", "VideoCall", "Meeting", "Letter")
AGENT = str(ID) + "agent/kg"

# Subjects minted per document (their IRIs carry the document's id): only that document's graph
# says anything about them, so their statements cannot repeat in another named graph. Counting
# distinct triples needs a set of the other statements only (see kg.store.StoreWriter).
LOCAL_SUBJECTS = tuple(f"<{ID}{kind}/" for kind in ("document", "extraction", "evidence", "mention"))

GRAPH_ONTOLOGY = iris.shared_graph("ontology")
GRAPH_ISSUES = iris.shared_graph("issues")
GRAPH_PEOPLE = iris.shared_graph("people")
GRAPH_PLACES = iris.shared_graph("places")
GRAPH_RESOLVED = iris.shared_graph("resolved")
# The resolved graph is cut into parts of about this many subjects (referenced meetings,
# corroborated engagements), each its own named graph <graph/resolved/PART>: at 100,000 articles
# it holds 1.3 M statements, and 100 new articles change a few hundred of its subjects. As one
# graph, every incremental build made, hashed and formatted all of it and patched it in the
# store; in parts, the parts no new article touched are copied and left alone like unchanged
# document graphs. A subject's part is the top bits of a hash of its IRI, so doubling the parts
# splits each in two; a corpus with up to RESOLVED_PER_PART subjects has the one graph <graph/resolved>.
RESOLVED_PER_PART = 32
RESOLVED_MAX_BITS = 14
_TIME_PREFIX = "<" + str(iris.time_instant("2000"))[:-len("2000")]  # term text of every time instant's IRI
SHARED_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_ISSUES, GRAPH_PEOPLE, GRAPH_PLACES, GRAPH_RESOLVED)

# predicates and classes as term text, computed once
A = _i(RDF.type)
LABEL, ALT, NOTE = _i(RDFS.label), _i(SKOS.altLabel), _i(SKOS.note)
SAME_AS = _i(OWL.sameAs)
S_NAME, S_START, S_END, S_PUBLISHED, S_URL = (_i(SCHEMA.name), _i(SCHEMA.startDate), _i(SCHEMA.endDate),
                                             _i(SCHEMA.datePublished), _i(SCHEMA.url))
P_USED, P_ASSOC, P_GEN, P_AGENT_CLS = (_i(PROV.used), _i(PROV.wasAssociatedWith), _i(PROV.wasGeneratedBy),
                                      _i(PROV.SoftwareAgent))
T_INSTANT, T_UNIT = _i(TIME.Instant), _i(TIME.unitType)
DC_TITLE = _i(DCTERMS.title)
XSD_INTEGER, XSD_ANYURI = str(XSD.integer), str(XSD.anyURI)
K = {name: _i(KG[name]) for name in (
    "date", "time", "datePrecision", "Evidence", "document", "quote", "startOffset", "endOffset", "Person",
    "country", "heldOffice", "OfficeTerm", "holder", "officeTitle", "officeRole", "officeOf", "Place", "within",
    "ReferencedEngagement", "participant", "place", "Document", "sourceFile", "sha256", "Extraction",
    "extractorVersion", "ReportedEngagement", "initiator", "initiatorEvidence", "dateExpression", "dateAnchor",
    "reportedIn", "evidence", "issueMention", "IssueMention", "issue", "speaker", "refersBackTo", "announces",
    "mentionedIn", "lookupKey", "CorroboratedEngagement", *ENGAGEMENT_TYPES)}


def _date_literal(value: str | None, precision: str | None) -> str | None:
    if not value or not precision:
        return None
    return typed(value, DATATYPE[precision])


def _add_time(out: list[Triple], subject: str, tv: TimeValue) -> None:
    lit = _date_literal(tv.value, tv.precision)
    if lit is None:
        return
    t = _i(iris.time_instant(tv.value))  # type: ignore[arg-type]
    out += [(subject, K["date"], lit), (subject, K["time"], t), (t, A, T_INSTANT),
            (t, TIME_PROP[tv.precision], lit), (t, T_UNIT, UNIT[tv.precision]),  # type: ignore[index]
            (subject, K["datePrecision"], UNIT[tv.precision])]  # type: ignore[index]


def _add_evidence(out: list[Triple], ev: Evidence, doc_iri: str) -> str:
    node = _i(iris.evidence(ev.document, ev.start, ev.end))
    out += [(node, A, K["Evidence"]), (node, K["document"], doc_iri), (node, K["quote"], literal(ev.text)),
            (node, K["startOffset"], typed(ev.start, XSD_INTEGER)),
            (node, K["endOffset"], typed(ev.end, XSD_INTEGER))]
    return node


def _add_keys(out: list[Triple], s: str, names) -> None:
    for k in sorted({fold(n) for n in names} - {""}):
        out.append((s, K["lookupKey"], literal(k)))


def _add_person(out: list[Triple], s: str, name: str, aliases) -> None:
    out += [(s, A, K["Person"]), (s, LABEL, en(name)), (s, S_NAME, literal(name))]
    for a in sorted(set(aliases) - {name}):
        out.append((s, ALT, en(a)))
    _add_keys(out, s, {name, *aliases})


def engagement_label(type_: str, names: list[str], date: str | None) -> str:
    kind = {"PhoneCall": "Phone call", "VideoCall": "Video call", "Meeting": "Meeting",
            "Letter": "Letter"}.get(type_, type_)
    return f"{kind} {' – '.join(names)}{', ' + date if date else ''}"


def _block(triples: list[Triple]) -> list[Triple]:
    return sorted(set(triples))


@dataclass
class GraphSet:
    """The built graph: sorted, duplicate-free statement blocks, one per named graph.

    ``blocks()`` yields ``(graph_iri, triples)`` in graph-IRI order, computing each block when it is
    asked for; ``graph_ids`` is known up front (writers need no second pass).
    """

    corpus: Corpus
    vocab: Vocabulary

    def __post_init__(self) -> None:
        self.eng_iri = {k: f"<{v}>" for k, v in self.corpus.engagement_iris.items()}
        self.meeting_iri = {k: f"<{v}>" for k, v in self.corpus.meeting_iris.items()}
        self._person_iri: dict[str, str] = {}
        producers: dict[str, Callable[[], list[Triple]]] = {
            str(GRAPH_ONTOLOGY): lambda: _parsed("kg.ttl"),
            str(GRAPH_ISSUES): lambda: _parsed("issues.ttl"),
            str(GRAPH_PEOPLE): self._people,
            str(GRAPH_PLACES): self._places,
        }
        self._parts = self._resolved_parts()
        self._parted = str(GRAPH_RESOLVED) not in self._parts
        for gid, members in self._parts.items():
            producers[gid] = (lambda members=members: self._resolved(members))
        if self._parted:
            # the time instants the meetings' dates point to, described once in a part of their
            # own (described in every part that uses them, they were ~20% more statements)
            producers[f"{GRAPH_RESOLVED}/time"] = self._resolved_time
        self._doc_of: dict[str, object] = {}
        for x in self.corpus.extractions:
            gid = str(iris.document_graph(x.document.id))
            producers[gid] = (lambda x=x: self._document(x))
            self._doc_of[gid] = x
        self._producers = producers

    @cached_property
    def graph_ids(self) -> list[str]:
        return sorted(self._producers)

    @cached_property
    def document_graph_ids(self) -> dict[str, str]:
        """Document id -> the id of its named graph."""
        return {x.document.id: gid for gid, x in self._doc_of.items()}  # type: ignore[attr-defined]

    def block(self, gid: str) -> list[Triple]:
        return _block(self._producers[gid]())

    def blocks(self) -> Iterator[tuple[str, list[Triple]]]:
        for gid in self.graph_ids:
            yield gid, self.block(gid)

    def signature(self, gid: str) -> str | None:
        """Everything a document graph's statements are made from, hashed: the extraction (by its
        cache key: the article's sha256, its metadata and the extractor's code, data and
        version), what resolution gave its engagements, people and meetings, and this module's
        code. Equal signatures mean equal blocks, so an incremental build reuses the last build's
        block without making it (kg.export.reuse). The parts of the resolved graph have one
        too (_part_signature); None for the other shared graphs and unhashed articles."""
        x = self._doc_of.get(gid)
        if x is None:
            members = self._parts.get(gid)
            return self._part_signature(members) if members else None
        if not x.document.sha256:  # type: ignore[attr-defined]
            return None
        from ..cache import context_hash, document_key

        c = self.corpus
        h = hashlib.blake2b(digest_size=16)
        h.update(_graph_code_hash().encode() + b"\x1e")
        h.update(document_key(x.document, context_hash()).encode() + b"\x1e")  # type: ignore[attr-defined]
        for e in x.engagements:  # type: ignore[attr-defined]
            terms = [self.eng_iri[c.engagement_of[id(e)]]]
            names = [*e.participants, *([e.initiator] if e.initiator else []), *(sp for m in e.issues for sp in m.speakers)]
            terms += [self.person_iri(n) for n in names]
            for r in (*e.prior_meetings, *e.planned_meetings):
                mk = c.meeting_of.get(id(r))
                terms.append(self.meeting_iri[mk] if mk is not None else "-")
            h.update("\x1f".join(terms).encode("utf-8") + b"\x1e")
        return h.hexdigest()

    def _part_signature(self, members: list) -> str:
        """What a part of the resolved graph is made from (see _resolved), hashed: an incremental
        build takes the parts no new article touched from the last build without making them
        (at 100,000 articles making them all was 1.3 M statements)."""
        h = hashlib.blake2b(digest_size=16)
        h.update(_graph_code_hash().encode() + (b"\x1eparted\x1e" if self._parted else b"\x1ewhole\x1e"))
        names = self._names
        for s, m in members:
            if m is None:
                h.update(s.encode("utf-8") + b"\x1fC\x1e")
                continue
            fields = (s, m.type, m.label, m.place or "", m.date.value or "", ",".join(m.participants),
                      str(len({x.document for x in m.mentions})), ",".join(names.get(k, k) for k in m.participants))
            h.update("\x1f".join(fields).encode("utf-8") + b"\x1e")
        return h.hexdigest()

    def person_iri(self, name: str) -> str:
        t = self._person_iri.get(name)
        if t is None:
            t = self._person_iri[name] = _i(iris.person(self.corpus.person_key(name)))
        return t

    # shared graphs -----------------------------------------------------------------------
    def _people(self) -> list[Triple]:
        out: list[Triple] = []
        people = {p.key: p for p in self.vocab.people}
        for node in self.corpus.people.values():
            if node.key not in people:
                _add_person(out, _i(iris.person(node.key)), node.name, node.aliases)
        for p in self.vocab.people:
            s = _i(iris.person(p.key))
            _add_person(out, s, p.name, p.aliases)
            if p.country and self.vocab.place_by_key(p.country):
                out.append((s, K["country"], _i(iris.place(p.country))))
            wd = iris.wikidata(p.wikidata)
            if wd is not None:
                out.append((s, SAME_AS, _i(wd)))
            for n, o in enumerate(p.offices):
                t = _i(iris.office(p.key, n))
                out += [(s, K["heldOffice"], t), (t, A, K["OfficeTerm"]), (t, K["holder"], s),
                        (t, K["officeTitle"], literal(o.title)), (t, K["officeRole"], literal(o.role))]
                if o.country and self.vocab.place_by_key(o.country):
                    out.append((t, K["officeOf"], _i(iris.place(o.country))))
                for prop, value in ((S_START, o.start), (S_END, o.end)):
                    lit = _date_literal(value, TimeValue(value).precision)
                    if lit is not None:
                        out.append((t, prop, lit))
        return out

    def _places(self) -> list[Triple]:
        out: list[Triple] = []
        for p in self.vocab.places:
            s = _i(iris.place(p.key))
            out += [(s, A, K["Place"]), (s, A, PLACE_CLASS.get(p.kind, K["Place"])), (s, LABEL, en(p.name))]
            for a in sorted(set(p.aliases) - {p.name}):
                out.append((s, ALT, en(a)))
            _add_keys(out, s, {p.name, *p.aliases})
            if p.within and self.vocab.place_by_key(p.within):
                out.append((s, K["within"], _i(iris.place(p.within))))
            wd = iris.wikidata(p.wikidata)
            if wd is not None:
                out.append((s, SAME_AS, _i(wd)))
        for node in self.corpus.places.values():
            if node.known is None:
                s = _i(iris.place(node.key))
                out += [(s, A, K["Place"]), (s, LABEL, en(node.name))]
                _add_keys(out, s, {node.name})
        return out

    def _resolved_parts(self) -> dict[str, list]:
        """Part graph IRI -> its subjects: (engagement IRI, None) or (meeting IRI, MeetingNode)."""
        subjects: list[tuple[str, object]] = [(self.eng_iri[n.key], None) for n in self.corpus.engagements
                                              if len(n.documents) > 1]
        subjects += [(self.meeting_iri[m.key], m) for m in self.corpus.meetings]
        bits = min(RESOLVED_MAX_BITS, max(0, (len(subjects) - 1) // RESOLVED_PER_PART).bit_length())
        if bits == 0:
            return {str(GRAPH_RESOLVED): subjects}
        width = (bits + 3) // 4
        parts: dict[str, list] = {}
        b2 = hashlib.blake2b
        for sub in subjects:
            k = int.from_bytes(b2(sub[0].encode("utf-8"), digest_size=4).digest(), "big") >> (32 - bits)
            parts.setdefault(f"{GRAPH_RESOLVED}/{k:0{width}x}", []).append(sub)
        return parts

    def _resolved(self, members: list) -> list[Triple]:
        """Canonical descriptions of referenced meetings (most specific place and date), and the
        reported engagements that several documents report, typed kg:CorroboratedEngagement (a
        cross-document fact no single document graph can state; one index lookup finds them all)."""
        out: list[Triple] = []
        names = self._names
        for s, m in members:
            if m is None:
                out.append((s, A, K["CorroboratedEngagement"]))
                continue
            out += [(s, A, K[m.type] if m.type in ENGAGEMENT_TYPES else K["Meeting"]),
                    (s, A, K["ReferencedEngagement"]), (s, LABEL, en(m.label))]
            for k in m.participants:
                out.append((s, K["participant"], _i(iris.person(k))))
            if m.place:
                out.append((s, K["place"], _i(iris.place(m.place))))
            _add_time(out, s, m.date)
            out.append((s, NOTE, literal(
                f"Mentioned in {len({x.document for x in m.mentions})} document(s); participants "
                + ", ".join(names.get(k, k) for k in m.participants))))
        if self._parted:
            out = [t for t in out if not t[0].startswith(_TIME_PREFIX)]
        return out

    def _resolved_time(self) -> list[Triple]:
        # an instant's statements depend on its date only (the precision is the date's length):
        # the 136,000 meetings of a 100,000-article build have a few thousand dates. Made per
        # meeting, this was 1.4 s of an incremental build, which makes the graph again whenever
        # a new article brings a meeting
        out: list[Triple] = []
        for tv in {m.date.value: m.date for m in self.corpus.meetings}.values():
            _add_time(out, "", tv)
        return [t for t in out if t[0].startswith(_TIME_PREFIX)]

    @cached_property
    def _names(self) -> dict[str, str]:
        return {k: p.name for k, p in self.corpus.people.items()}

    # per-document graphs -----------------------------------------------------------------
    def _document(self, x) -> list[Triple]:
        out: list[Triple] = []
        doc = x.document
        d = _i(iris.document(doc.id))
        out += [(d, A, K["Document"]), (d, K["sourceFile"], literal(doc.source))]
        if doc.sha256:
            out.append((d, K["sha256"], literal(doc.sha256)))
        if doc.title:
            out.append((d, DC_TITLE, literal(doc.title)))
        if doc.published:
            lit = _date_literal(doc.published, TimeValue(doc.published).precision)
            if lit is not None:
                out.append((d, S_PUBLISHED, lit))
        if doc.url and doc.url.startswith(("http://", "https://")):
            out.append((d, S_URL, typed(doc.url, XSD_ANYURI)))
        run = _i(iris.extraction(doc.id))
        agent = _i(AGENT)
        out += [(run, A, K["Extraction"]), (run, P_USED, d), (run, P_ASSOC, agent),
                (run, K["extractorVersion"], literal(__version__)), (agent, A, P_AGENT_CLS),
                (agent, LABEL, en("kg"))]
        for e in x.engagements:
            key = self.corpus.engagement_of[id(e)]
            s = self.eng_iri[key]
            out += [(s, A, K[e.type]), (s, A, K["ReportedEngagement"]),
                    (s, LABEL, en(engagement_label(e.type, e.participants, e.date.value)))]
            for n in e.participants:
                out.append((s, K["participant"], self.person_iri(n)))
            if e.initiator:
                out.append((s, K["initiator"], self.person_iri(e.initiator)))
                if e.initiator_evidence:
                    out.append((s, K["initiatorEvidence"], _add_evidence(out, e.initiator_evidence, d)))
            _add_time(out, s, e.date)
            if e.date.value and e.date.expression:
                out.append((s, K["dateExpression"], literal(e.date.expression)))
            if e.date.anchor:
                out.append((s, K["dateAnchor"], literal(e.date.anchor)))
            if e.place:
                pk = self.vocab.place(e.place)
                key_ = pk.key if pk else "x-" + iris.slug(e.place)
                out.append((s, K["place"], _i(iris.place(key_))))
            out += [(s, K["reportedIn"], d), (s, K["evidence"], _add_evidence(out, e.evidence, d)),
                    (s, P_GEN, run)]
            for m in e.issues:
                mi = _i(iris.issue_mention(s[1:-1], doc.id, m.issue, m.evidence.start))
                out += [(s, K["issueMention"], mi), (mi, A, K["IssueMention"]), (mi, K["issue"], _i(KGI[m.issue]))]
                for sp in m.speakers:
                    out.append((mi, K["speaker"], self.person_iri(sp)))
                out.append((mi, K["evidence"], _add_evidence(out, m.evidence, d)))
            for rel, refs in ((K["refersBackTo"], e.prior_meetings), (K["announces"], e.planned_meetings)):
                for r in refs:
                    mk = self.corpus.meeting_of.get(id(r))
                    if mk is None:
                        continue
                    mt = self.meeting_iri[mk]
                    out.append((s, rel, mt))
                    if r.evidence:
                        out.append((mt, K["mentionedIn"], _add_evidence(out, r.evidence, d)))
        return out


@lru_cache(maxsize=1)
def _graph_code_hash() -> str:
    """The graph stage's own code (this package) and kg's version: a change re-makes every block."""
    h = hashlib.sha256(__version__.encode())
    for f in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


_PARSED: dict[str, list[Triple]] = {}


def _parsed(name: str) -> list[Triple]:
    """A Turtle file of the ontology as statements (parsed once per process, by pyoxigraph)."""
    if name not in _PARSED:
        import pyoxigraph as ox

        with open(ontology_file(name), "rb") as fh:
            _PARSED[name] = [(str(t.subject), str(t.predicate), str(t.object))
                             for t in ox.parse(fh, format=ox.RdfFormat.TURTLE)]
    return list(_PARSED[name])


def build_graphs(corpus: Corpus, vocab: Vocabulary) -> GraphSet:
    return GraphSet(corpus, vocab)


def to_dataset(graphs: GraphSet):
    """The graph as an rdflib Dataset, parsed from the N-Quads exporter's own blocks (one code
    path writes statements)."""
    from rdflib import Dataset

    from ..export.rdf_formats import NQuads
    from .namespaces import bind_all

    fmt = NQuads()
    ds = Dataset()
    bind_all(ds)
    ds.parse(data="".join(fmt.block(gid, triples) for gid, triples in graphs.blocks()), format="nquads")
    return ds


def build_dataset(corpus: Corpus, vocab: Vocabulary):
    return to_dataset(build_graphs(corpus, vocab))
