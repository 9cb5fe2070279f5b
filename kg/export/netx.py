"""Project the resolved graph to networkx: the shape GraphML and the HTML viewer need.

People, engagements, referenced meetings, issues, places and documents become nodes keyed by
their IRIs; tooltips ("title") carry the evidence sentences as plain text.
"""

from __future__ import annotations

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


def to_networkx(corpus: Corpus, dataset: Dataset | None = None) -> nx.MultiDiGraph:
    vocab = load_vocabulary()
    G = nx.MultiDiGraph()
    names = {k: p.name for k, p in corpus.people.items()}
    issue_label = {i.id: i.pref_label for i in vocab.issues}
    eng_iri = {n.key: str(iris.engagement(n.type, n.date.value, n.key)) for n in corpus.engagements}
    meet_iri = {m.key: str(iris.meeting(m.key, m.date.value)) for m in corpus.meetings}
    counts: dict[str, int] = {}

    def person(key: str) -> str:
        pid = str(iris.person(key))
        if pid not in G:
            node = corpus.people[key]
            country = None
            if node.known and node.known.country:
                pl = vocab.place_by_key(node.known.country)
                country = pl.name if pl else None
            G.add_node(pid, kind="Person", label=node.name, iri=pid,
                       title=node.name + (f"\nCountry: {country}" if country else ""))
        return pid

    def place(key: str) -> str:
        pid = str(iris.place(key))
        if pid not in G:
            node = corpus.places[key]
            kind = "Country" if node.known and node.known.kind == "Country" else "Place"
            G.add_node(pid, kind=kind, label=node.name, iri=pid, title=f"{node.name} ({kind.lower()})")
        return pid

    for doc in corpus.documents:
        did = str(iris.document(doc.id))
        G.add_node(did, kind="Document", label=doc.source, iri=did,
                   title=f"Document {doc.source}" + (f"\nPublished: {doc.published}" if doc.published else ""),
                   date=doc.published or "")

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
        G.add_node(eid, kind=n.type, label=f"{KIND_LABEL.get(n.type, n.type)} {n.date.value or ''}".strip(),
                   iri=eid, title="\n".join(lines), date=n.date.value or "",
                   issues=[issue_label.get(i, i) for i in issues])
        for k in n.participants:
            pid = person(k)
            counts[pid] = counts.get(pid, 0) + 1
            G.add_edge(eid, pid, key="participant", label="participant",
                       title=f"{names[k]} took part\nEvidence: {_q(first.evidence.text)}")
        for c in n.claims:
            G.add_edge(eid, str(iris.document(c.document)), key=f"reportedIn:{c.document}", label="reportedIn",
                       title=f"Reported in {c.document}\nEvidence: {_q(c.evidence.text)}")
            if c.initiator:
                pid = person(corpus.person_key(c.initiator))
                ev = c.initiator_evidence or c.evidence
                G.add_edge(eid, pid, key=f"initiator:{c.document}", label="initiator",
                           title=f"{c.initiator} asked for it ({c.document})\nEvidence: {_q(ev.text)}")
            for m in c.issues:
                iid = str(KGI[m.issue])
                if iid not in G:
                    G.add_node(iid, kind="Issue", label=issue_label.get(m.issue, m.issue), iri=iid,
                               title=f"Issue: {issue_label.get(m.issue, m.issue)}")
                if not G.has_edge(eid, iid, key="issue"):
                    G.add_edge(eid, iid, key="issue", label="issue",
                               title=f"{issue_label.get(m.issue, m.issue)} raised\nEvidence: {_q(m.evidence.text)}")
                for sp in m.speakers:
                    pid = person(corpus.person_key(sp))
                    k = f"raised:{eid}"
                    if not G.has_edge(pid, iid, key=k):
                        G.add_edge(pid, iid, key=k, label="raised",
                                   title=f"{sp} raised {issue_label.get(m.issue, m.issue)} "
                                         f"({n.date.value or 'undated'})\nEvidence: {_q(m.evidence.text)}")

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
        G.add_node(mid, kind="MeetingRef", label=f"{m.label} {m.date.value or ''}".strip(), iri=mid,
                   title="\n".join(lines), date=m.date.value or "")
        for k in m.participants:
            G.add_edge(mid, person(k), key="participant", label="participant", title=f"{names[k]} took part")
        if m.place:
            G.add_edge(mid, place(m.place), key="place", label="place", title=f"Held in {place_name}")
        for mm in m.mentions:
            rel = "refersBackTo" if mm.ref.relation == "prior" else "announces"
            k = f"{rel}:{mm.document}"
            if not G.has_edge(eng_iri[mm.engagement_key], mid, key=k):
                G.add_edge(eng_iri[mm.engagement_key], mid, key=k, label=rel,
                           title=f"{rel} ({mm.document})" + (f"\nEvidence: {_q(mm.ref.evidence.text)}"
                                                               if mm.ref.evidence else ""))
    return _sorted_copy(G)


def _sorted_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Same graph with nodes and edges inserted in sorted order, so every writer is stable."""
    H = nx.MultiDiGraph()
    for n in sorted(G.nodes):
        H.add_node(n, **dict(sorted(G.nodes[n].items())))
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        H.add_edge(u, v, key=k, **dict(sorted(d.items())))
    return H
