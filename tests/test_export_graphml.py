"""GraphML parts taken from the last build: equal signature, equal bytes; anything else rewritten."""

from __future__ import annotations

import os

import networkx as nx
import pytest

from kg.export import graphml, reuse
from kg.export.netx import owner_signatures, project
from kg.pipeline import publish
from kg.rdf.build import build_graphs
from kg.resolve import resolve
from kg.vocab import load_vocabulary

from .factories import SharedLog, make_extraction


def _bench_extractions(tmp_path, n, seed=5):
    from kg.bench import CorpusGenerator
    from kg.extract import extract
    from kg.ingest import ingest

    CorpusGenerator(seed).write(tmp_path / "c", 0, n)
    docs, _ = ingest([tmp_path / "c"], warn=lambda m: None)
    return [extract(d) for d in docs]


def _copied(monkeypatch) -> list[int]:
    """Bytes the GraphML writer copies from the last file, per run of neighbouring parts."""
    copied: list[int] = []
    real = graphml.carry_out

    def carry_out(plans, *args, **kwargs):
        copied.extend(op[2] - op[1] for plan in plans for op in plan.ops if type(op) is list)
        return real(plans, *args, **kwargs)

    monkeypatch.setattr(graphml, "carry_out", carry_out)
    return copied


def test_incremental_graphml_copies_unchanged_parts_and_equals_a_clean_build(tmp_path, monkeypatch):
    xs = _bench_extractions(tmp_path, 60)
    out, clean = tmp_path / "out", tmp_path / "clean"
    publish(xs[:50], out)
    assert reuse.load_parts(out / "graph.graphml", graphml._code()) is not None
    copied = _copied(monkeypatch)
    publish(xs, out)
    monkeypatch.undo()
    publish(xs, clean)
    assert (out / "graph.graphml").read_bytes() == (clean / "graph.graphml").read_bytes()
    # most of the file came from the last build (50 of 60 articles unchanged)
    assert sum(copied) > 0.6 * (out / "graph.graphml").stat().st_size
    G = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert G.number_of_nodes() > 100
    # the parts recorded for the next build match the file just written
    index, ranges, width = reuse.load_parts(out / "graph.graphml", graphml._code())
    data = (out / "graph.graphml").read_bytes()
    starts = [ranges[k * width] for k in range(len(index)) if ranges[k * width + 1]]
    assert starts and all(data[s:s + 10] == b"<node id=\"" for s in starts)


def test_an_edited_graphml_is_written_in_full(tmp_path, monkeypatch):
    xs = _bench_extractions(tmp_path, 20)
    out, clean = tmp_path / "out", tmp_path / "clean"
    publish(xs[:15], out)
    path = out / "graph.graphml"
    path.write_bytes(path.read_bytes().replace(b"<node id=", b"<node  id=", 1))
    copied = _copied(monkeypatch)
    publish(xs, out)
    monkeypatch.undo()
    publish(xs, clean)
    assert copied == []
    assert path.read_bytes() == (clean / "graph.graphml").read_bytes()


def test_a_damaged_or_foreign_parts_index_is_ignored(tmp_path):
    xs = _bench_extractions(tmp_path, 12)
    out = tmp_path / "out"
    publish(xs, out)
    path = out / "graph.graphml"
    idx = reuse.parts_index_path(path)
    assert reuse.load_parts(path, graphml._code()) is not None
    assert reuse.load_parts(path, "another writer") is None
    raw = idx.read_bytes()
    idx.write_bytes(raw[:-5])
    assert reuse.load_parts(path, graphml._code()) is None
    idx.write_bytes(b"not json\n")
    assert reuse.load_parts(path, graphml._code()) is None
    idx.unlink()
    assert reuse.load_parts(path, graphml._code()) is None


def _signatures(xs):
    corpus = resolve(xs, load_vocabulary())
    graphs = build_graphs(corpus, load_vocabulary())
    sigs = owner_signatures(corpus, {d: graphs.signature(g) for d, g in graphs.document_graph_ids.items()})
    return corpus, sigs


def test_owner_signatures_follow_what_resolution_gives_an_older_article():
    """A new article that joins "Kamau" to "Wanjiru Kamau" renames the participant of an older
    engagement: its signature changes; an unrelated engagement's does not."""
    a = make_extraction("a_doc", "Xi Jinping spoke with Kamau.", [
        {"date": "2024-02-03", "participants": ["Xi Jinping", "Kamau"]}])
    b = make_extraction("b_doc", "Xi Jinping met Kim Jong Un.", [
        {"type": "Meeting", "date": "2019-06-20", "participants": ["Xi Jinping", "Kim Jong Un"],
         "prior_meetings": [{"label": "Singapore summit", "place": "Singapore", "date": "2018-06-12"}]}])
    c = make_extraction("c_doc", "Xi Jinping spoke with Wanjiru Kamau.", [
        {"date": "2024-05-01", "participants": ["Xi Jinping", "Wanjiru Kamau"]}])
    before_corpus, before = _signatures([a, b])
    after_corpus, after = _signatures([a, b, c])
    eid = {x.document.id: x for x in (a, b)}
    a_eng = before_corpus.engagement_iris[before_corpus.engagement_of[id(eid["a_doc"].engagements[0])]]
    b_eng = before_corpus.engagement_iris[before_corpus.engagement_of[id(eid["b_doc"].engagements[0])]]
    a_after = after_corpus.engagement_iris[after_corpus.engagement_of[id(a.engagements[0])]]
    assert a_eng in before and b_eng in before
    assert after[a_after] != before[a_eng]  # "Kamau" is now "Wanjiru Kamau"
    assert after[b_eng] == before[b_eng]
    (meeting,) = before_corpus.meetings
    mid = before_corpus.meeting_iris[meeting.key]
    assert after[mid] == before[mid]
    # the signed owners are the projection's: their nodes and their rows
    P = project(after_corpus)
    assert {o for o, _ in P.owners if o in after} >= {a_after, b_eng, mid}
    assert {a_after, b_eng, mid} <= set(P.node_attrs)


def test_owners_made_from_an_unhashed_article_have_no_signature():
    a = make_extraction("a_doc", "Xi Jinping spoke with Kamau.", [
        {"date": "2024-02-03", "participants": ["Xi Jinping", "Kamau"]}])
    corpus = resolve([a], load_vocabulary())
    assert not any(k.startswith(str(corpus.engagement_iris[corpus.engagements[0].key]))
                   for k in owner_signatures(corpus, {}))


def test_deleted_and_changed_articles_give_the_clean_build_graphml_and_page(tmp_path, monkeypatch):
    """Articles removed: the reused parts never keep what a clean build no longer has; and a page
    that was aggregated and is now drawn in detail (the last page's blocks then of no use) is
    made from the whole projection."""
    from functools import partial

    from kg.export import html as html_mod

    xs = _bench_extractions(tmp_path, 40)
    out, clean = tmp_path / "out", tmp_path / "clean"
    monkeypatch.setattr(html_mod, "write_html", partial(html_mod.write_html, aggregate_above=20))
    publish(xs, out)
    assert reuse.load_parts(out / "graph.html", html_mod._code()) is not None  # aggregated, blocks signed
    fewer = xs[:12] + xs[20:]
    publish(fewer, out)
    publish(fewer, clean)
    for name in ("graph.graphml", "graph.html"):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
    monkeypatch.setattr(html_mod, "write_html", partial(html_mod.write_html.func, aggregate_above=100_000))
    tried = SharedLog(tmp_path / "tried.log")
    real_render = html_mod._render
    monkeypatch.setattr(html_mod, "_render", lambda G, *a: tried.append(G.partial) or real_render(G, *a))
    publish(fewer, out)  # nothing changed: every block could be copied, but none is shown
    assert tried.take() == [True, False]  # the partial projection first, then the whole one
    publish(fewer, tmp_path / "clean2")
    assert (out / "graph.html").read_bytes() == (tmp_path / "clean2" / "graph.html").read_bytes()
    assert b'"mode":"detail"' in (out / "graph.html").read_bytes()
    assert reuse.load_parts(out / "graph.html", html_mod._code()) is None  # a detail page has no blocks


def test_a_failed_copy_in_the_graphml_thread_fails_the_build_and_keeps_the_last_one(tmp_path, monkeypatch):
    xs = _bench_extractions(tmp_path, 30)
    out, clean = tmp_path / "out", tmp_path / "clean"
    publish(xs[:25], out)
    before = {p.name: p.read_bytes() for p in out.glob("graph.*")}

    def full(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reuse, "_can_spawn", lambda: False)  # copied here, where the failure is injected
    monkeypatch.setattr(reuse._copy, "copy_range", full)
    try:
        publish(xs, out)
    except OSError as e:
        assert e.errno == 28
    else:
        raise AssertionError("the build went on without its GraphML")
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.glob("graph.*")} == before
    assert not list(out.glob(".staging-*"))
    publish(xs, out)  # and the next build is whole again
    publish(xs, clean)
    assert (out / "graph.graphml").read_bytes() == (clean / "graph.graphml").read_bytes()


def test_a_page_failing_beside_graphml_fails_the_build_and_keeps_the_last_one(tmp_path, monkeypatch):
    """An incremental build writes the page in a forked process beside GraphML: its failure is
    the build's, with its reason, and leaves the last build as it was."""
    from kg.export import html as html_mod

    xs = _bench_extractions(tmp_path, 30)
    out, clean = tmp_path / "out", tmp_path / "clean"
    publish(xs[:25], out)
    before = {p.name: p.read_bytes() for p in out.glob("graph.*")}
    pid = os.getpid()

    def broken(*a, **k):
        raise ValueError("the page broke" if os.getpid() != pid else "the page was written in the build's process")

    monkeypatch.setattr(html_mod, "write_html", broken)
    with pytest.raises(RuntimeError, match="the page broke"):
        publish(xs, out)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.glob("graph.*")} == before
    assert not list(out.glob(".staging-*"))
    publish(xs, out)
    publish(xs, clean)
    for name in ("graph.graphml", "graph.html"):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
