"""Project the resolved graph to the shape GraphML and the HTML viewer need.

People, engagements, referenced meetings, issues, places and documents become nodes keyed by
their IRIs; tooltips ("title") carry the evidence sentences as plain text.

The projection is a :class:`Projection`, not a networkx graph. At 100,000 articles it has over
a million edges, and networkx keeps each one as an attribute dict of its own inside nested
adjacency dicts, beside the dicts it was built from: it was the biggest memory item of a build
after extraction. A Projection keeps one tuple per edge, and a tooltip that repeats an evidence
sentence keeps a reference to the sentence (a :class:`Text`), joined only when it is written.
:meth:`Projection.to_networkx` gives the networkx graph (``BuildContext.networkx``) for plugins.
"""

from __future__ import annotations

import gc
import hashlib
from contextlib import contextmanager
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any, Iterator

import networkx as nx
from rdflib import Dataset

from ..rdf import iris
from ..rdf.build import engagement_label
from ..rdf.namespaces import KGI
from ..resolve import Corpus
from ..vocab import load_vocabulary

__all__ = ["KIND_LABEL", "Projection", "Text", "Unmade", "engagement_index", "frame", "frozen", "joined",
           "owner_signatures", "paused_gc", "project", "record_members", "record_signatures", "refreeze",
           "to_networkx"]

KIND_LABEL = {"PhoneCall": "Phone call", "VideoCall": "Video call", "Meeting": "Meeting", "Letter": "Letter"}

# Relations recorded once per engagement: a second edge with the same (source, target, key) is
# dropped. Any other second edge replaces the first, as networkx's add_edge would.
_KEEP_FIRST = frozenset({"issue", "raised", "refersBackTo", "announces"})
# tooltip parts shared by every edge (a literal joined at run time would be a new string each time)
_EVIDENCE = "\nEvidence: "
_TOOK_PART = " took part"
_TOOK_PART_EV = _TOOK_PART + _EVIDENCE
_CLOSE_EV = ")" + _EVIDENCE


class Text(tuple):
    """A string kept as the parts it is joined from until it is written.

    The parts (evidence sentences, names, document ids) are held by the corpus anyway; the joined
    string would be one more copy of a sentence per edge.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return "".join(self)


def joined(value: Any) -> Any:
    """``value``, with a :class:`Text` joined into its string."""
    return "".join(value) if type(value) is Text else value


class Projection:
    """Nodes (sorted ids -> attribute dicts, keys sorted) and edges (rows ``(source, target, key,
    label, title)``, both ends being nodes, one per (source, target, key)), read like a networkx
    MultiDiGraph.

    The rows come grouped by their *owner*, the engagement, referenced meeting or person whose
    relations they are (an engagement owns who raised which issue in it, a meeting the mentions
    that refer to it), owners in the order of their ids, each owner's rows sorted by source,
    target and key: ``owners`` lists ``(owner id, end)``, the owner's rows ending at ``rows[end]``.
    So an owner's part of a written file depends on that owner only, and a writer can take it
    from its last output when the owner did not change (:func:`owner_signatures`).

    Node titles and edge titles may be :class:`Text`; ``nodes(data=True)``, ``edges(data=True)``
    and :meth:`to_networkx` give them joined. The writers read ``node_attrs`` and ``rows``
    directly and join a title only when they write it. Nothing here may be modified.
    """

    __slots__ = ("node_attrs", "rows", "owners", "partial")
    edge_attrs = ("label", "title")  # every edge has both, as strings (or Text)

    def __init__(self, node_attrs: dict[str, dict], rows: list[tuple[str, str, str, str, Any]],
                 owners: list[tuple[str, int]] | None = None, partial: bool = False):
        self.node_attrs = node_attrs
        self.rows = rows
        self.owners = owners if owners is not None else ([("", len(rows))] if rows else [])
        # made with project(skip=...): the skipped owners' nodes are Unmade, without rows
        self.partial = partial

    def is_directed(self) -> bool:
        return True

    def is_multigraph(self) -> bool:
        return True

    def number_of_nodes(self) -> int:
        return len(self.node_attrs)

    def number_of_edges(self) -> int:
        return len(self.rows)

    def __len__(self) -> int:
        return len(self.node_attrs)

    def nodes(self, data: bool = False) -> Iterator:
        if not data:
            return iter(self.node_attrs)
        return ((n, _joined_attrs(d)) for n, d in self.node_attrs.items())

    def edges(self, keys: bool = False, data: bool = False) -> Iterator:
        for u, v, k, label, title in self.rows:
            if data:
                d = {"label": label, "title": joined(title)}
                yield (u, v, k, d) if keys else (u, v, d)
            else:
                yield (u, v, k) if keys else (u, v)

    def to_networkx(self) -> nx.MultiDiGraph:
        """The same graph as a networkx MultiDiGraph, nodes and edges inserted in sorted order."""
        if self.partial:
            raise ValueError("a partial projection (project(skip=...)) is not the graph")
        with paused_gc():
            H = nx.MultiDiGraph()
            H.add_nodes_from(self.nodes(data=True))
            H.add_edges_from(self.edges(keys=True, data=True))
            return H


class Unmade(dict):
    """The node of an owner ``project(skip=...)`` did not make: its kind, and the names of the
    other attributes a made node of that kind has (with None). A writer takes such a node, and
    its owner's rows, from its last output; the names keep the keys a writer declares (GraphML)
    the same as a whole projection's."""

    __slots__ = ()


# the attributes of each kind of owned node, as _project makes them (tested)
_DOCUMENT_KEYS = ("date", "iri", "kind", "label", "title")
_ENGAGEMENT_KEYS = ("date", "iri", "issues", "kind", "label", "title")
_MEETING_KEYS = ("date", "iri", "kind", "label", "title")


@lru_cache(maxsize=None)
def _unmade(kind: str, keys: tuple[str, ...]) -> Unmade:
    return Unmade({k: (kind if k == "kind" else None) for k in keys})


def _joined_attrs(d: dict) -> dict:
    t = d.get("title")
    return {**d, "title": "".join(t)} if type(t) is Text else d


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


_FROZEN = [0]  # builds under way that keep their long-lived objects frozen (frozen())


@contextmanager
def frozen() -> Iterator[None]:
    """Move every object made so far, and what :func:`refreeze` is asked to add while inside,
    out of the collector's sight until the end (``gc.freeze``, then ``gc.unfreeze``).

    Asking ``gc.get_freeze_count()`` whether a caller froze walks every frozen object: 0.5 s
    at 100,000 articles, each time it was asked."""
    gc.freeze()
    _FROZEN[0] += 1
    try:
        yield
    finally:
        _FROZEN[0] -= 1
        gc.unfreeze()


def refreeze() -> None:
    """Freeze what was made since, when inside :func:`frozen` (nothing otherwise)."""
    if _FROZEN[0]:
        gc.freeze()


def to_networkx(corpus: Corpus, dataset: Dataset | None = None) -> nx.MultiDiGraph:
    """The projection as a networkx graph (for plugins; kg's own writers read :func:`project`)."""
    return project(corpus).to_networkx()


def project(corpus: Corpus, skip: set[str] | frozenset[str] = frozenset(),
            frame: Projection | None = None) -> Projection:
    """The graph, nodes and edges in sorted order so every writer is stable.

    The engagements, referenced meetings and documents named in ``skip`` (node ids) are not
    made: their nodes are :class:`Unmade` and their rows left out, while the persons, places and
    issues they name are still made (those belong to no owner: every writer writes them). That
    is for an incremental writer that takes the skipped parts from its last output (at 100,000
    articles a whole projection took ~7 s; the few hundred parts 100 new articles change, a
    fraction of a second). ``frame`` (:func:`frame` of the same corpus) holds what every
    partial projection has (the persons, places and issues, every node's place): given, only the
    parts not skipped are made (going through every owner for the persons it names was ~2 s).

    When the caller keeps its long-lived objects frozen (:func:`frozen`, as ``kg build`` does with
    the extractions until it ends), the projection is frozen with them: it holds no reference
    cycles and lives until the exports are written, yet the first collection after the pause
    would walk every one of its rows and titles (about a sixth of the projection's time), and
    later full collections again. Nothing is frozen for a caller that does not freeze itself.
    """
    with paused_gc():
        projection = _project(corpus, skip, frame)
        refreeze()
        return projection


def frame(corpus: Corpus) -> Projection:
    """The projection with no engagement, meeting or document made (see :func:`project`).

    Made without going through every engagement's names: resolution makes a person of exactly
    the names engagements and meetings give (participants, initiators, speakers; a meeting's
    participants are its mentions'), so the persons are all of ``corpus.people`` (tested
    against the whole projection)."""
    skip = {*corpus.document_iris.values(), *corpus.engagement_iris.values(), *corpus.meeting_iris.values()}
    with paused_gc():
        projection = _project(corpus, skip, every_person=True)
        refreeze()
        return projection


def _project(corpus: Corpus, skip: set[str] | frozenset[str] = frozenset(),
             frame: Projection | None = None, every_person: bool = False) -> Projection:
    vocab = load_vocabulary()
    nodes: dict[str, dict] = dict(frame.node_attrs) if frame is not None else {}
    # the rows of each owner (an engagement, a referenced meeting, a person): what a writer can
    # take from its last output when the owner's signature (owner_signatures) did not change
    owned: dict[str, list[tuple[str, str, str, str, Any]]] = {}
    names = {k: p.name for k, p in corpus.people.items()}
    issue_label = {i.id: i.pref_label for i in vocab.issues}
    eng_iri = corpus.engagement_iris
    meet_iri = corpus.meeting_iris
    person_iri: dict[str, str] = {}
    doc_iri: dict[str, str] = {}
    issue_iri: dict[str, str] = {}
    place_iri: dict[str, str] = {}
    quoted: dict[str, str] = {}

    def q(text: str) -> str:
        """Evidence as one line of at most 400 characters, made once per sentence (a sentence
        is quoted by several edges and its engagement)."""
        out = quoted.get(text)
        if out is None:
            out = " ".join(text.split())
            if len(out) > 400:
                out = out[:399] + "…"
            elif out == text:
                out = text
            quoted[text] = out
        return out

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
                owned[pid] = [(pid, cid, "represents", "represents", Text((node.name, " represents ", pl.name)))]
        return pid

    def document(doc_id: str) -> str:
        did = doc_iri.get(doc_id)
        if did is None:
            did = doc_iri[doc_id] = str(iris.document(doc_id))
        return did

    doc_iri.update(corpus.document_iris)
    if every_person:
        for key in corpus.people:
            person(key)

    def place(key: str) -> str:
        pid = place_iri.get(key)
        if pid is None:
            pid = place_iri[key] = str(iris.place(key))
        if pid not in nodes:
            node = corpus.places[key]
            kind = "Country" if node.known and node.known.kind == "Country" else "Place"
            nodes[pid] = {"iri": pid, "kind": kind, "label": node.name,
                          "title": f"{node.name} ({kind.lower()})"}
        return pid

    def issue(key: str, label: str) -> str:
        iid = issue_iri.get(key)
        if iid is None:
            iid = issue_iri[key] = str(KGI[key])
        if iid not in nodes:
            nodes[iid] = {"iri": iid, "kind": "Issue", "label": label, "title": f"Issue: {label}"}
        return iid

    for doc in corpus.documents:
        did = document(doc.id)
        if did in skip:
            if frame is None:
                nodes[did] = _unmade("Document", _DOCUMENT_KEYS)
            continue
        nodes[did] = {"date": doc.published or "", "iri": did, "kind": "Document", "label": doc.source,
                      "title": f"Document {doc.source}" + (f"\nPublished: {doc.published}"
                                                            if doc.published else "")}

    for n in corpus.engagements:
        eid = eng_iri[n.key]
        rows: list[tuple[str, str, str, str, Any]] = []
        if eid in skip:  # not made; the persons and issues it names are
            if frame is not None:
                continue
            nodes[eid] = _unmade(n.type, _ENGAGEMENT_KEYS)
            owned[eid] = rows
            for c in n.claims:
                for m in c.issues:
                    if m.issue not in issue_iri:
                        issue(m.issue, issue_label.get(m.issue, m.issue))
                if every_person:
                    continue
                if c.initiator:
                    person(corpus.person_key(c.initiator))
                for m in c.issues:
                    for sp in m.speakers:
                        person(corpus.person_key(sp))
            if not every_person:
                for k in n.participants:
                    person(k)
            continue
        add_row = rows.append
        date = n.date.value
        pnames = [names[k] for k in n.participants]
        raised_key = f"raised:{eid}"
        first_ev = q(n.claims[0].evidence.text)
        issues = sorted({m.issue for c in n.claims for m in c.issues})
        initiators = sorted({c.initiator for c in n.claims if c.initiator})
        parts = [engagement_label(n.type, pnames, date)]
        if n.date.expression:
            parts += ("\nDate from: ", n.date.expression)
        if initiators:
            parts += ("\nRequested by: ", ", ".join(initiators))
        if issues:
            parts += ("\nIssues: ", ", ".join(issue_label.get(i, i) for i in issues))
        for c in n.claims:
            parts += ("\nEvidence (", c.document, "): ", q(c.evidence.text))
        nodes[eid] = {"date": date or "", "iri": eid,
                      "issues": [issue_label.get(i, i) for i in issues], "kind": n.type,
                      "label": f"{KIND_LABEL.get(n.type, n.type)} {date or ''}".strip(),
                      "title": Text(parts)}
        for k in n.participants:
            add_row((eid, person(k), "participant", "participant",
                     Text((names[k], _TOOK_PART_EV, first_ev))))
        for c in n.claims:
            add_row((eid, document(c.document), f"reportedIn:{c.document}", "reportedIn",
                     Text(("Reported in ", c.document, _EVIDENCE, q(c.evidence.text)))))
            if c.initiator:
                ev = c.initiator_evidence or c.evidence
                add_row((eid, person(corpus.person_key(c.initiator)), f"initiator:{c.document}", "initiator",
                         Text((c.initiator, " asked for it (", c.document, _CLOSE_EV, q(ev.text)))))
            for m in c.issues:
                label = issue_label.get(m.issue, m.issue)
                iid = issue(m.issue, label)
                ev = q(m.evidence.text)
                add_row((eid, iid, "issue", "issue", Text((label, " raised", _by(m.speakers), _EVIDENCE, ev))))
                for sp in m.speakers:
                    add_row((person(corpus.person_key(sp)), iid, raised_key, "raised",
                             Text((sp, " raised ", label, " (", date or "undated", _CLOSE_EV, ev))))
        owned[eid] = rows

    for m in corpus.meetings:
        mid = meet_iri[m.key]
        rows = []
        if mid in skip:  # not made; the persons and place it names are
            if frame is not None:
                continue
            nodes[mid] = _unmade("MeetingRef", _MEETING_KEYS)
            owned[mid] = rows
            if not every_person:
                for k in m.participants:
                    person(k)
            if m.place:
                place(m.place)
            continue
        add_row = rows.append
        place_name = corpus.places[m.place].name if m.place else None
        parts = [m.label, "\nPlace: ", place_name or "not named", "\nDate: ", m.date.value or "not known",
                 "\nParticipants: ", ", ".join(names[k] for k in m.participants)]
        for mm in m.mentions:
            rel = "refers back to it" if mm.ref.relation == "prior" else "announces it"
            parts += ("\n", mm.document, " ", rel)
            if mm.ref.evidence:
                parts += (": ", q(mm.ref.evidence.text))
        nodes[mid] = {"date": m.date.value or "", "iri": mid, "kind": "MeetingRef",
                      "label": f"{m.label} {m.date.value or ''}".strip(), "title": Text(parts)}
        for k in m.participants:
            add_row((mid, person(k), "participant", "participant", Text((names[k], _TOOK_PART))))
        if m.place:
            add_row((mid, place(m.place), "place", "place", Text(("Held in ", place_name))))
        for mm in m.mentions:
            rel = "refersBackTo" if mm.ref.relation == "prior" else "announces"
            title = (rel, " (", mm.document, ")")
            if mm.ref.evidence:
                title += (_EVIDENCE, q(mm.ref.evidence.text))
            add_row((eng_iri[mm.engagement_key], mid, f"{rel}:{mm.document}", rel, Text(title)))
        owned[mid] = rows
    del quoted, person_iri, doc_iri, issue_iri, place_iri

    if frame is None:
        rows, owners = _owned_rows(owned, nodes)
        return Projection({n: nodes[n] for n in sorted(nodes)}, rows, owners, partial=bool(skip))
    # the parts made here in the frame's owners (the same owners, in the same order)
    n_framed = len(nodes)
    made_rows, made_ends = _owned_rows(owned, nodes)
    made: dict[str, tuple[int, int]] = {}
    begin = 0
    for owner, end in made_ends:
        made[owner] = (begin, end)
        begin = end
    rows, owners = [], []
    begin = matched = 0
    for owner, end in frame.owners:
        at = made.get(owner)
        if at is not None:
            rows.extend(made_rows[at[0]:at[1]])
            matched += 1
        else:
            rows.extend(frame.rows[begin:end])
        owners.append((owner, len(rows)))
        begin = end
    if matched != len(made):
        raise ValueError("the frame is not this corpus' (netx.frame)")
    if len(nodes) != n_framed:  # (an end nothing described was added)
        nodes = {n: nodes[n] for n in sorted(nodes)}
    return Projection(nodes, rows, owners, partial=bool(skip))


def _owned_rows(owned: dict[str, list[tuple]], nodes: dict[str, dict]) -> tuple[list[tuple], list[tuple[str, int]]]:
    """Every owner's rows, owners in the order of their ids, and where each owner's rows end.

    Within an owner the rows are sorted by (source, target, key), rows with equal keys staying in
    the order they were added, then one row per key (as the networkx graph this replaced had): a
    later row replaces the one kept so far, except for the relations recorded once per engagement
    (_KEEP_FIRST). Every key names its owner (an engagement's, a meeting's or a person's own
    relations), so no two owners have rows with equal keys. An end that is not in ``nodes``
    (nothing else described it) is added there as a node without attributes, as networkx would
    add it. ``owned`` is emptied.
    """
    out: list[tuple] = []
    add = out.append
    ends: list[tuple[str, int]] = []
    by_source_target_key = itemgetter(0, 1, 2)
    for owner in sorted(owned):
        group = owned.pop(owner)
        if len(group) > 1:
            group.sort(key=by_source_target_key)
        prev = None
        for row in group:
            if prev is not None and row[2] == prev[2] and row[1] == prev[1] and row[0] == prev[0]:
                if row[3] not in _KEEP_FIRST:  # a later edge replaces the one kept so far
                    out[-1] = prev = row
                continue
            if row[0] not in nodes:
                nodes[row[0]] = {}
            if row[1] not in nodes:
                nodes[row[1]] = {}
            add(row)
            prev = row
        ends.append((owner, len(out)))
    return out, ends


def owner_signatures(corpus: Corpus, document_signatures: dict[str, str]) -> dict[str, bytes]:
    """What each engagement's, referenced meeting's and document's part of the projection (its
    node, and its rows: see :class:`Projection`) is made from, hashed, keyed by the node's id.

    The documents an engagement or meeting is made from enter by their graph's signature
    (kg.rdf.build.GraphSet.signature, ``document_signatures`` by document id: the extraction's
    cache key and every IRI resolution gave the article's engagements, people and meetings);
    what resolution decides beyond one article (the engagement's date, participants and their
    names, a meeting's place, label, the mentions it gathered) enters directly, with this
    module's code and the vocabulary. Equal signatures mean equal parts, so a writer takes an
    unchanged part from its last file (kg.export.graphml). An owner made from a document without
    a signature (an article without a content hash) has none, and is always written again.
    """
    code = _projection_code_hash()
    sig_of = {d: f"{d}\x1d{sig}" for d, sig in document_signatures.items()}  # (the claims' part, made once)
    named = {k: f"{k}\x1d{p.name}" for k, p in corpus.people.items()}
    eng_iri, meet_iri, doc_iri = corpus.engagement_iris, corpus.meeting_iris, corpus.document_iris
    blake = hashlib.blake2b
    out: dict[str, bytes] = {}
    for d in corpus.documents:
        did = doc_iri[d.id]
        text = "\x1f".join((code, "D", did, d.source, d.published or ""))
        out[did] = blake(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    for n in corpus.engagements:
        try:
            claims = [sig_of[c.document] for c in n.claims]
        except KeyError:
            continue
        eid = eng_iri[n.key]
        text = "\x1f".join((code, "E", eid, n.type, n.date.value or "", n.date.expression or "",
                            *[named[k] for k in n.participants], *claims))
        out[eid] = blake(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    places = corpus.places
    for m in corpus.meetings:
        try:
            mentions = [f"{sig_of[mm.document]}\x1d{eng_iri[mm.engagement_key]}\x1d{mm.ref.relation}"
                        for mm in m.mentions]
        except KeyError:
            continue
        mid = meet_iri[m.key]
        text = "\x1f".join((code, "M", mid, m.label, m.place or "", places[m.place].name if m.place else "",
                            m.date.value or "", *[named[k] for k in m.participants], *mentions))
        out[mid] = blake(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return out


def record_signatures(corpus: Corpus, owners: dict[str, bytes]) -> dict[str, bytes]:
    """What an engagement's record in a viewer is made from, keyed by its id: its own node and
    rows, the nodes at their other ends and the referenced meetings' own nodes and rows. Its
    signature (:func:`owner_signatures`, ``owners``) holds all but the meetings (its documents'
    nodes are made from what their graphs' signatures hold; persons, issues and places from the
    names and vocabulary it holds), so the meetings' signatures are added. None is given when one
    of them has none."""
    meetings_of = _meetings_of(corpus)
    eng_iri = corpus.engagement_iris
    out: dict[str, bytes] = {}
    for n in corpus.engagements:
        eid = eng_iri[n.key]
        own = owners.get(eid)
        if own is None:
            continue
        ms = meetings_of.get(n.key)
        if not ms:
            out[eid] = own
            continue
        parts = [owners.get(mid) for mid in ms]
        if None not in parts:
            out[eid] = hashlib.blake2b(own + b"".join(parts), digest_size=16).digest()  # type: ignore[arg-type]
    return out


def record_members(corpus: Corpus, ids: set[str]) -> dict[str, list[str]]:
    """Per engagement of ``ids``, the other owners its record in a viewer shows: its documents
    and the referenced meetings it mentions."""
    eng_iri = corpus.engagement_iris
    doc_iri = corpus.document_iris
    meetings_of = _meetings_of(corpus)
    return {eid: [doc_iri[d] for d in sorted({c.document for c in n.claims})] + meetings_of.get(n.key, [])
            for n in corpus.engagements if (eid := eng_iri[n.key]) in ids}


def _meetings_of(corpus: Corpus) -> dict[str, list[str]]:
    """Engagement key -> the ids of the referenced meetings it mentions, sorted."""
    return corpus.meeting_iris_mentioned


def engagement_index(corpus: Corpus) -> list[tuple[str, str, str, list[str], list[str]]]:
    """Per engagement, in id order: (id, kind, date, its issues' labels, the persons linked to
    it), what its node and rows in the projection say (tested), without making them: a viewer
    filters and counts every engagement but draws the details of few."""
    vocab = load_vocabulary()
    issue_label = {i.id: i.pref_label for i in vocab.issues}
    eng_iri = corpus.engagement_iris
    pid = {k: str(iris.person(k)) for k in corpus.people}
    of_name = {name: pid[k] for name, k in corpus.key_of.items()}
    out = []
    add = out.append
    for n in corpus.engagements:
        persons = [pid[k] for k in n.participants]  # sorted: person IRIs sort as their keys
        initiators = [of_name[c.initiator] for c in n.claims if c.initiator]
        if initiators:
            persons = sorted(set(persons).union(initiators))
        issues = {m.issue for c in n.claims for m in c.issues}
        add((eng_iri[n.key], n.type, n.date.value or "",
             [issue_label.get(i, i) for i in (sorted(issues) if len(issues) > 1 else issues)], persons))
    out.sort(key=itemgetter(0))
    return out


@lru_cache(maxsize=1)
def _projection_code_hash() -> str:
    """This module's code, the vocabulary (issue labels, countries) and kg's version."""
    from .. import __version__
    from ..cache import data_hash

    h = hashlib.sha256(f"{__version__}\0{data_hash()}".encode())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()


def _by(speakers: list[str]) -> str:
    return " by " + ", ".join(speakers) if speakers else ""
