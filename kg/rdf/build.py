"""Graph stage: resolved facts -> an rdflib Dataset under kg's ontology.

One named graph per document holds that document's claims and their PROV provenance, so
disagreeing readouts of one call stay attributable; shared graphs hold the ontology, the issue
scheme, people, places and the resolved meeting nodes.
"""

from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, TIME, DCTERMS

from .. import __version__
from ..model import Evidence, TimeValue
from ..resolve import Corpus
from ..resources import ontology_file
from ..vocab import Vocabulary
from . import iris
from .namespaces import ID, KG, KGI, SCHEMA, bind_all

DATATYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
UNIT = {"day": TIME.unitDay, "month": TIME.unitMonth, "year": TIME.unitYear}
TIME_PROP = {"day": TIME.inXSDDate, "month": TIME.inXSDgYearMonth, "year": TIME.inXSDgYear}
PLACE_CLASS = {"Country": KG.Country, "City": KG.City, "Region": KG.Region, "Venue": KG.Venue,
               "Organization": KG.Organization}
AGENT = URIRef(str(ID) + "agent/kg")

GRAPH_ONTOLOGY = iris.shared_graph("ontology")
GRAPH_ISSUES = iris.shared_graph("issues")
GRAPH_PEOPLE = iris.shared_graph("people")
GRAPH_PLACES = iris.shared_graph("places")
GRAPH_RESOLVED = iris.shared_graph("resolved")


def _date_literal(value: str | None, precision: str | None) -> Literal | None:
    if not value or not precision:
        return None
    return Literal(value, datatype=DATATYPE[precision])


def _add_time(g: Graph, subject: URIRef, tv: TimeValue) -> None:
    lit = _date_literal(tv.value, tv.precision)
    if lit is None:
        return
    g.add((subject, KG.date, lit))
    t = iris.time_instant(tv.value)  # type: ignore[arg-type]
    g.add((subject, KG.time, t))
    g.add((t, RDF.type, TIME.Instant))
    g.add((t, TIME_PROP[tv.precision], lit))  # type: ignore[index]
    g.add((t, TIME.unitType, UNIT[tv.precision]))  # type: ignore[index]
    g.add((subject, KG.datePrecision, UNIT[tv.precision]))  # type: ignore[index]


def _add_evidence(g: Graph, ev: Evidence, doc_iri: URIRef) -> URIRef:
    node = iris.evidence(ev.document, ev.start, ev.end)
    g.add((node, RDF.type, KG.Evidence))
    g.add((node, KG.document, doc_iri))
    g.add((node, KG.quote, Literal(ev.text)))
    g.add((node, KG.startOffset, Literal(ev.start, datatype=XSD.integer)))
    g.add((node, KG.endOffset, Literal(ev.end, datatype=XSD.integer)))
    return node


def _add_person(g: Graph, s: URIRef, name: str, aliases) -> None:
    g.add((s, RDF.type, KG.Person))
    g.add((s, RDFS.label, Literal(name, lang="en")))
    g.add((s, SCHEMA.name, Literal(name)))
    for a in sorted(set(aliases) - {name}):
        g.add((s, SKOS.altLabel, Literal(a, lang="en")))


def engagement_label(type_: str, names: list[str], date: str | None) -> str:
    kind = {"PhoneCall": "Phone call", "VideoCall": "Video call", "Meeting": "Meeting",
            "Letter": "Letter"}.get(type_, type_)
    return f"{kind} {' – '.join(names)}{', ' + date if date else ''}"


class GraphBuilder:
    def __init__(self, corpus: Corpus, vocab: Vocabulary):
        self.corpus = corpus
        self.vocab = vocab
        self.ds = Dataset()
        bind_all(self.ds)
        self.eng_iri = {n.key: iris.engagement(n.type, n.date.value, n.key) for n in corpus.engagements}
        self.meeting_iri = {m.key: iris.meeting(m.key, m.date.value) for m in corpus.meetings}

    def person_iri(self, name: str) -> URIRef:
        return iris.person(self.corpus.person_key(name))

    def build(self) -> Dataset:
        self._ontology()
        self._people()
        self._places()
        self._resolved()
        for x in self.corpus.extractions:
            self._document(x)
        return self.ds

    # shared graphs -----------------------------------------------------------------------
    def _ontology(self) -> None:
        self.ds.graph(GRAPH_ONTOLOGY).parse(ontology_file("kg.ttl"), format="turtle")
        self.ds.graph(GRAPH_ISSUES).parse(ontology_file("issues.ttl"), format="turtle")

    def _people(self) -> None:
        g = self.ds.graph(GRAPH_PEOPLE)
        people = {p.key: p for p in self.vocab.people}
        for node in self.corpus.people.values():
            if node.key not in people:
                _add_person(g, iris.person(node.key), node.name, node.aliases)
        for p in self.vocab.people:
            s = iris.person(p.key)
            _add_person(g, s, p.name, p.aliases)
            if p.country and self.vocab.place_by_key(p.country):
                g.add((s, KG.country, iris.place(p.country)))
            wd = iris.wikidata(p.wikidata)
            if wd is not None:
                g.add((s, OWL.sameAs, wd))
            for i, o in enumerate(p.offices):
                t = iris.office(p.key, i)
                g.add((s, KG.heldOffice, t))
                g.add((t, RDF.type, KG.OfficeTerm))
                g.add((t, KG.holder, s))
                g.add((t, KG.officeTitle, Literal(o.title)))
                g.add((t, KG.officeRole, Literal(o.role)))
                if o.country and self.vocab.place_by_key(o.country):
                    g.add((t, KG.officeOf, iris.place(o.country)))
                for prop, value in ((SCHEMA.startDate, o.start), (SCHEMA.endDate, o.end)):
                    lit = _date_literal(value, TimeValue(value).precision)
                    if lit is not None:
                        g.add((t, prop, lit))

    def _places(self) -> None:
        g = self.ds.graph(GRAPH_PLACES)
        for p in self.vocab.places:
            s = iris.place(p.key)
            g.add((s, RDF.type, KG.Place))
            g.add((s, RDF.type, PLACE_CLASS.get(p.kind, KG.Place)))
            g.add((s, RDFS.label, Literal(p.name, lang="en")))
            for a in sorted(set(p.aliases) - {p.name}):
                g.add((s, SKOS.altLabel, Literal(a, lang="en")))
            if p.within and self.vocab.place_by_key(p.within):
                g.add((s, KG.within, iris.place(p.within)))
            wd = iris.wikidata(p.wikidata)
            if wd is not None:
                g.add((s, OWL.sameAs, wd))
        for node in self.corpus.places.values():
            if node.known is None:
                s = iris.place(node.key)
                g.add((s, RDF.type, KG.Place))
                g.add((s, RDFS.label, Literal(node.name, lang="en")))

    def _resolved(self) -> None:
        """Canonical descriptions of referenced meetings (most specific place and date)."""
        g = self.ds.graph(GRAPH_RESOLVED)
        names = {k: p.name for k, p in self.corpus.people.items()}
        for m in self.corpus.meetings:
            s = self.meeting_iri[m.key]
            g.add((s, RDF.type, KG[m.type] if m.type in ("PhoneCall", "VideoCall", "Meeting", "Letter") else KG.Meeting))
            g.add((s, RDF.type, KG.ReferencedEngagement))
            g.add((s, RDFS.label, Literal(m.label, lang="en")))
            for k in m.participants:
                g.add((s, KG.participant, iris.person(k)))
            if m.place:
                g.add((s, KG.place, iris.place(m.place)))
            _add_time(g, s, m.date)
            g.add((s, SKOS.note, Literal(
                f"Mentioned in {len({x.document for x in m.mentions})} document(s); participants "
                + ", ".join(names.get(k, k) for k in m.participants))))

    # per-document graphs -----------------------------------------------------------------
    def _document(self, x) -> None:
        doc = x.document
        g = self.ds.graph(iris.document_graph(doc.id))
        d = iris.document(doc.id)
        g.add((d, RDF.type, KG.Document))
        g.add((d, KG.sourceFile, Literal(doc.source)))
        if doc.sha256:
            g.add((d, KG.sha256, Literal(doc.sha256)))
        if doc.title:
            g.add((d, DCTERMS.title, Literal(doc.title)))
        if doc.published:
            tv = TimeValue(doc.published)
            lit = _date_literal(doc.published, tv.precision)
            if lit is not None:
                g.add((d, SCHEMA.datePublished, lit))
        if doc.url and doc.url.startswith(("http://", "https://")):
            g.add((d, SCHEMA.url, Literal(doc.url, datatype=XSD.anyURI)))
        run = iris.extraction(doc.id)
        g.add((run, RDF.type, KG.Extraction))
        g.add((run, PROV.used, d))
        g.add((run, PROV.wasAssociatedWith, AGENT))
        g.add((run, KG.extractorVersion, Literal(__version__)))
        g.add((AGENT, RDF.type, PROV.SoftwareAgent))
        g.add((AGENT, RDFS.label, Literal("kg", lang="en")))
        for e in x.engagements:
            key = self.corpus.engagement_of[id(e)]
            s = self.eng_iri[key]
            g.add((s, RDF.type, KG[e.type]))
            g.add((s, RDF.type, KG.ReportedEngagement))
            g.add((s, RDFS.label, Literal(engagement_label(e.type, e.participants, e.date.value), lang="en")))
            for n in e.participants:
                g.add((s, KG.participant, self.person_iri(n)))
            if e.initiator:
                g.add((s, KG.initiator, self.person_iri(e.initiator)))
                if e.initiator_evidence:
                    g.add((s, KG.initiatorEvidence, _add_evidence(g, e.initiator_evidence, d)))
            _add_time(g, s, e.date)
            if e.date.value and e.date.expression:
                g.add((s, KG.dateExpression, Literal(e.date.expression)))
            if e.date.anchor:
                g.add((s, KG.dateAnchor, Literal(e.date.anchor)))
            if e.place:
                pk = self.vocab.place(e.place)
                key_ = pk.key if pk else "x-" + iris.slug(e.place)
                g.add((s, KG.place, iris.place(key_)))
            g.add((s, KG.reportedIn, d))
            g.add((s, KG.evidence, _add_evidence(g, e.evidence, d)))
            g.add((s, PROV.wasGeneratedBy, run))
            for m in e.issues:
                mi = iris.issue_mention(str(s), doc.id, m.issue, m.evidence.start)
                g.add((s, KG.issueMention, mi))
                g.add((mi, RDF.type, KG.IssueMention))
                g.add((mi, KG.issue, KGI[m.issue]))
                for sp in m.speakers:
                    g.add((mi, KG.speaker, self.person_iri(sp)))
                g.add((mi, KG.evidence, _add_evidence(g, m.evidence, d)))
            for rel, refs in ((KG.refersBackTo, e.prior_meetings), (KG.announces, e.planned_meetings)):
                for r in refs:
                    mk = self._meeting_key(e, r)
                    if mk is None:
                        continue
                    mt = self.meeting_iri[mk]
                    g.add((s, rel, mt))
                    if r.evidence:
                        g.add((mt, KG.mentionedIn, _add_evidence(g, r.evidence, d)))

    def _meeting_key(self, e, r) -> str | None:
        return self.corpus.meeting_of.get(id(r))


def build_dataset(corpus: Corpus, vocab: Vocabulary) -> Dataset:
    return GraphBuilder(corpus, vocab).build()
