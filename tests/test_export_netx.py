"""The projection's parts: what a partial projection makes equals the whole one, and the
engagement index says what the whole one says."""

from __future__ import annotations

import random

import pytest

from kg.export.html import _Model
from kg.export.netx import (_DOCUMENT_KEYS, _ENGAGEMENT_KEYS, _MEETING_KEYS, Unmade, engagement_index, frame,
                            project, record_members)
from kg.resolve import resolve
from kg.vocab import load_vocabulary

from .factories import disputed_pair, make_extraction


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from kg.bench import CorpusGenerator
    from kg.extract import extract
    from kg.ingest import ingest

    root = tmp_path_factory.mktemp("netx")
    CorpusGenerator(11).write(root / "c", 0, 120)
    docs, _ = ingest([root / "c"], warn=lambda m: None)
    # an initiator who is not a participant, and the disputed pair (two readouts, initiators)
    odd = make_extraction("odd_doc", "Kim Jong Un asked for it. Xi Jinping spoke with Moon Jae-in.", [
        {"date": "2019-01-02", "participants": ["Xi Jinping", "Moon Jae-in"], "initiator": "Kim Jong Un",
         "issues": ["KoreanPeninsula"], "issue_speakers": {"KoreanPeninsula": ["Kim Jong Un"]}}])
    return resolve([extract(d) for d in docs] + disputed_pair() + [odd], load_vocabulary())


def _owned(P):
    out, begin = {}, 0
    for owner, end in P.owners:
        out[owner] = P.rows[begin:end]
        begin = end
    return out


def test_a_partial_projection_makes_the_same_parts_as_the_whole(corpus):
    whole = project(corpus)
    # the owned parts: engagements, referenced meetings, documents (persons own rows too, but are
    # never skipped: every writer writes them)
    owners = [n for n, d in whole.node_attrs.items() if d.get("kind") not in ("Person", "Country", "Place", "Issue")]
    rng = random.Random(3)
    skip = {n for n in owners if rng.random() < 0.7}
    part = project(corpus, skip)
    assert part.partial and not whole.partial
    assert list(part.node_attrs) == list(whole.node_attrs)  # every node id, in the same order
    for n, d in part.node_attrs.items():
        if n in skip:
            assert type(d) is Unmade and set(d) == set(whole.node_attrs[n]) and d["kind"] == whole.node_attrs[n]["kind"]
        else:
            assert d == whole.node_attrs[n]  # persons, places, issues are always made
    made, full = _owned(part), _owned(whole)
    assert list(made) == list(full)
    for owner, rows in made.items():
        assert rows == ([] if owner in skip else full[owner])
    with pytest.raises(ValueError):
        part.to_networkx()
    # from the frame (what every partial projection has), the same
    framed = project(corpus, skip, frame(corpus))
    assert list(framed.node_attrs.items()) == list(part.node_attrs.items())
    assert framed.rows == part.rows and framed.owners == part.owners and framed.partial
    assert project(corpus, set(), frame(corpus)).rows == whole.rows


def test_the_keys_of_unmade_nodes_are_the_made_ones(corpus):
    whole = project(corpus)
    by_kind = {d["kind"]: tuple(sorted(d)) for d in whole.node_attrs.values() if d}
    assert by_kind["Document"] == _DOCUMENT_KEYS and by_kind["MeetingRef"] == _MEETING_KEYS
    assert {by_kind[k] for k in ("PhoneCall", "Meeting") if k in by_kind} == {_ENGAGEMENT_KEYS}


def test_engagement_index_says_what_the_projection_says(corpus):
    whole = project(corpus)
    from_graph = _Model(whole).engagements
    from_index = _Model(whole, engagement_index(corpus)).engagements
    assert from_index == from_graph
    assert any(len(e["participants"]) > 2 for e in from_index)  # the initiator who did not take part


def test_record_members_are_the_documents_and_meetings_a_record_shows(corpus):
    whole = project(corpus)
    members = record_members(corpus, set(corpus.engagement_iris.values()))
    rows = _owned(whole)
    for eid, ms in members.items():
        docs = {r[1] for r in rows[eid] if r[3] == "reportedIn"}
        meetings = {o for o, rs in rows.items() for r in rs if r[0] == eid and r[3] in ("refersBackTo", "announces")}
        assert set(ms) == docs | meetings


def test_the_frame_has_every_person_place_and_issue_the_whole_projection_has(corpus):
    whole, fr = project(corpus), frame(corpus)
    assert list(fr.node_attrs) == list(whole.node_attrs)
    unowned = {n: d for n, d in whole.node_attrs.items() if d.get("kind") in ("Person", "Country", "Place", "Issue")}
    assert unowned and {n: d for n, d in fr.node_attrs.items() if type(d) is not Unmade} == unowned
    assert all(type(d) is Unmade for n, d in fr.node_attrs.items() if n not in unowned)
    person_rows = [r for r in whole.rows if r[3] == "represents"]
    assert person_rows and fr.rows == person_rows
