"""Project the resolved graph to networkx: the shape GraphML and the HTML viewer need.

People, engagements, referenced meetings, issues, places and documents become nodes keyed by
their IRIs; tooltips ("title") carry the evidence sentences as plain text.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

import networkx as nx
from rdflib import Dataset

from ..rdf import iris
from ..rdf.build import engagement_label
from ..rdf.namespaces import KGI
from ..resolve import Corpus
from ..vocab import load_vocabulary

KIND_LABEL = {"PhoneCall": "Phone call", "VideoCall": "Video call", "Meeting": "Meeting", "Letter": "Letter"}


def _q(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small dicts and tuples are built.

    Nothing built here forms reference cycles worth collecting, yet each full collection walks
    every object made so far: at 100,000 articles (over a million edges) the collector took
    about half of the time.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def to_networkx(corpus: Corpus, dataset: Dataset | None = None) -> nx.MultiDiGraph:
    """The graph, with nodes and edges inserted in sorted order so every writer is stable.

    Nodes and edges are collected in plain dicts first and the graph is built once (building it
    twice, or asking networkx per edge whether it exists, cost most of the time on big corpora).
    """
    with paused_gc():
        return _to_networkx(corpus)


def _to_networkx(corpus: Corpus) -> nx.MultiDiGraph:
    vocab = load_vocabulary()
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], dict] = {}
    names = {k: p.name for k, p in corpus.people.items()}
    issue_label = {i.id: i.pref_label for i in vocab.issues}
    eng_iri = {n.key: str(iris.engagement(n.type, n.date.value, n.key)) for n in corpus.engagements}
    meet_iri = {m.key: str(iris.meeting(m.key, m.date.value)) for m in corpus.meetings}
    person_iri: dict[str, str] = {}
    doc_iri: dict[str, str] = {}

    def add_edge(u: str, v: str, key: str, label: str, title: str, first: bool = False) -> None:
        """Like networkx's add_edge: a second edge with the same key replaces the first, unless
        ``first`` (the relations that are recorded once per engagement)."""
        if not (first and (u, v, key) in edges):
            edges[(u, v, key)] = {"label": label, "title": title}

    def person(key: str) -> str:
        pid = person_iri.get(key)
        if pid is None:
            pid = person_iri[key] = str(iris.person(key))
        if pid not in nodes:
            node = corpus.people[key]
            pl = vocab.place_by_key(node.known.country) if node.known and node.known.country else None
            nodes[pid] = {"iri": pid, "kind": "Person", "label": node.name,
                          "title": node.name + (f"\nCountry: {pl.name}" if pl else "")}
            if pl is not None:
                # the country as a node of its own, so views can group leaders by country
                cid = str(iris.place(pl.key))
                if cid not in nodes:
                    kind = "Country" if pl.kind == "Country" else "Place"
                    nodes[cid] = {"iri": cid, "kind": kind, "label": pl.name,
                                  "title": f"{pl.name} ({kind.lower()})"}
                add_edge(pid, cid, "represents", "represents", f"{node.name} represents {pl.name}")
        return pid

    def document(doc_id: str) -> str:
        did = doc_iri.get(doc_id)
        if did is None:
            did = doc_iri[doc_id] = str(iris.document(doc_id))
        return did

    def place(key: str) -> str:
        pid = str(iris.place(key))
        if pid not in nodes:
            node = corpus.places[key]
            kind = "Country" if node.known and node.known.kind == "Country" else "Place"
            nodes[pid] = {"iri": pid, "kind": kind, "label": node.name,
                          "title": f"{node.name} ({kind.lower()})"}
        return pid

    for doc in corpus.documents:
        did = document(doc.id)
        nodes[did] = {"date": doc.published or "", "iri": did, "kind": "Document", "label": doc.source,
                      "title": f"Document {doc.source}" + (f"\nPublished: {doc.published}"
                                                            if doc.published else "")}

    for n in corpus.engagements:
        eid = eng_iri[n.key]
        pnames = [names[k] for k in n.participants]
        first = n.claims[0]
        issues = sorted({m.issue for c in n.claims for m in c.issues})
        initiators = sorted({c.initiator for c in n.claims if c.initiator})
        lines = [engagement_label(n.type, pnames, n.date.value)]
        if n.date.expression:
            lines.append(f"Date from: {n.date.expression}")
        if initiators:
            lines.append("Requested by: " + ", ".join(initiators))
        if issues:
            lines.append("Issues: " + ", ".join(issue_label.get(i, i) for i in issues))
        for c in n.claims:
            lines.append(f"Evidence ({c.document}): {_q(c.evidence.text)}")
        nodes[eid] = {"date": n.date.value or "", "iri": eid,
                      "issues": [issue_label.get(i, i) for i in issues], "kind": n.type,
                      "label": f"{KIND_LABEL.get(n.type, n.type)} {n.date.value or ''}".strip(),
                      "title": "\n".join(lines)}
        for k in n.participants:
            add_edge(eid, person(k), "participant", "participant",
                     f"{names[k]} took part\nEvidence: {_q(first.evidence.text)}")
        for c in n.claims:
            add_edge(eid, document(c.document), f"reportedIn:{c.document}", "reportedIn",
                     f"Reported in {c.document}\nEvidence: {_q(c.evidence.text)}")
            if c.initiator:
                ev = c.initiator_evidence or c.evidence
                add_edge(eid, person(corpus.person_key(c.initiator)), f"initiator:{c.document}", "initiator",
                         f"{c.initiator} asked for it ({c.document})\nEvidence: {_q(ev.text)}")
            for m in c.issues:
                iid = str(KGI[m.issue])
                label = issue_label.get(m.issue, m.issue)
                if iid not in nodes:
                    nodes[iid] = {"iri": iid, "kind": "Issue", "label": label, "title": f"Issue: {label}"}
                add_edge(eid, iid, "issue", "issue", f"{label} raised{_by(m.speakers)}\n"
                                                     f"Evidence: {_q(m.evidence.text)}", first=True)
                for sp in m.speakers:
                    add_edge(person(corpus.person_key(sp)), iid, f"raised:{eid}", "raised",
                             f"{sp} raised {label} ({n.date.value or 'undated'})\n"
                             f"Evidence: {_q(m.evidence.text)}", first=True)

    for m in corpus.meetings:
        mid = meet_iri[m.key]
        pnames = [names[k] for k in m.participants]
        place_name = corpus.places[m.place].name if m.place else None
        lines = [m.label, f"Place: {place_name or 'not named'}", f"Date: {m.date.value or 'not known'}",
                 "Participants: " + ", ".join(pnames)]
        for mm in m.mentions:
            rel = "refers back to it" if mm.ref.relation == "prior" else "announces it"
            ev = f": {_q(mm.ref.evidence.text)}" if mm.ref.evidence else ""
            lines.append(f"{mm.document} {rel}{ev}")
        nodes[mid] = {"date": m.date.value or "", "iri": mid, "kind": "MeetingRef",
                      "label": f"{m.label} {m.date.value or ''}".strip(), "title": "\n".join(lines)}
        for k in m.participants:
            add_edge(mid, person(k), "participant", "participant", f"{names[k]} took part")
        if m.place:
            add_edge(mid, place(m.place), "place", "place", f"Held in {place_name}")
        for mm in m.mentions:
            rel = "refersBackTo" if mm.ref.relation == "prior" else "announces"
            add_edge(eng_iri[mm.engagement_key], mid, f"{rel}:{mm.document}", rel,
                     f"{rel} ({mm.document})" + (f"\nEvidence: {_q(mm.ref.evidence.text)}"
                                                 if mm.ref.evidence else ""), first=True)
    for u, v, _k in edges:  # an edge to a node nothing else described (as networkx would add it)
        nodes.setdefault(u, {})
        nodes.setdefault(v, {})
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, dict(sorted(nodes[n].items()))) for n in sorted(nodes))
    H.add_edges_from((u, v, k, edges[(u, v, k)]) for u, v, k in sorted(edges))
    return H


def _by(speakers: list[str]) -> str:
    return " by " + ", ".join(speakers) if speakers else ""

