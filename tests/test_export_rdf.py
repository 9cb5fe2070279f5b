"""Every RDF export parses with an independent strict parser (pyoxigraph) to the same statements,
the GraphML reads back as the networkx view, and the exports are byte-stable."""

import json
import os
import subprocess
import sys
from operator import itemgetter
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.export import graphml
from kg.export.base import BuildContext
from kg.export.netx import project
from kg.pipeline import publish
from kg.resolve import resolve
from kg.vocab import load_vocabulary

from .factories import disputed_pair, make_extraction

HOSTILE = 'Evil "><img src=x onerror=alert(1)> \\ back\\slash\nnew line \u202e <script>alert(1)</script>'


def _corpus():
    xs = disputed_pair()
    xs.append(make_extraction("hostile_doc", HOSTILE + " Xi Jinping met Kim Jong Un in Pyongyang.", [{
        "type": "Meeting", "date": "2019-06", "participants": ["Xi Jinping", "Kim Jong Un", "Evil <b>Leader</b>"],
        "evidence": HOSTILE, "issues": ["KoreanPeninsula"], "issue_speakers": {"KoreanPeninsula": ["Xi Jinping"]},
        "prior_meetings": [{"label": 'summit "<b>x</b>"', "place": "Mount <Evil> \"Place\"", "date": "2018"}]}],
        published="2019-06-21"))
    return xs


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    report = publish(_corpus(), out)
    return out, report


def _quads(path: Path, fmt) -> set:
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
            for q in ox.parse(path=str(path), format=fmt)}


def test_all_rdf_exports_parse_to_the_same_statements(built):
    out, report = built
    nq = _quads(out / "graph.nq", ox.RdfFormat.N_QUADS)
    assert len(nq) == report.quads
    assert _quads(out / "graph.trig", ox.RdfFormat.TRIG) == nq
    assert _quads(out / "graph.jsonld", ox.RdfFormat.JSON_LD) == nq
    triples = {q[:3] for q in nq}
    assert {q[:3] for q in _quads(out / "graph.ttl", ox.RdfFormat.TURTLE)} == triples
    assert {q[:3] for q in _quads(out / "graph.nt", ox.RdfFormat.N_TRIPLES)} == triples
    assert len(triples) == report.triples


def test_hostile_text_stays_a_literal(built):
    out, _ = built
    for q in ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS):
        for t in (q.subject, q.predicate, q.graph_name):
            if isinstance(t, ox.NamedNode):
                assert "<" not in t.value and '"' not in t.value and " " not in t.value
        if isinstance(q.object, ox.NamedNode):
            ox.NamedNode(q.object.value)
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "Evil <b>Leader</b>" in ttl  # kept as data, inside a literal


def test_one_named_graph_per_document_plus_shared(built):
    out, _ = built
    graphs = {q[3] for q in _quads(out / "graph.nq", ox.RdfFormat.N_QUADS)}
    docs = {g for g in graphs if "/graph/document/" in g}
    assert docs == {f"<https://w3id.org/kg/id/graph/document/{d}>" for d in ("cn_readout", "us_readout", "hostile_doc")}
    for shared in ("ontology", "issues", "people", "places", "resolved"):
        assert f"<https://w3id.org/kg/id/graph/{shared}>" in graphs


def test_jsonld_is_compact_with_short_keys(built):
    out, _ = built
    doc = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["participant"]["@id"] == "kg:participant"
    text = (out / "graph.jsonld").read_text(encoding="utf-8")
    assert '"participant"' in text and "https://w3id.org/kg/ontology#participant" not in text.split('"@graph"', 1)[1]


def test_wikidata_links(built):
    out, _ = built
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "wd:Q15031" in ttl and "wd:Q22686" in ttl


def test_provenance_of_each_fact(built):
    out, _ = built
    store = ox.Store()
    store.load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    rows = list(store.query("""
        PREFIX kg: <https://w3id.org/kg/ontology#>
        SELECT ?g ?quote ?s ?e ?file ?sha WHERE { GRAPH ?g {
          ?eng kg:issueMention/kg:evidence ?ev . ?ev kg:quote ?quote ; kg:startOffset ?s ; kg:endOffset ?e ;
          kg:document ?d . ?d kg:sourceFile ?file ; kg:sha256 ?sha } }"""))
    assert rows
    for r in rows:
        assert int(r["e"].value) > int(r["s"].value) >= 0 and len(r["sha"].value) == 64


SCRIPT = """
import sys, random
sys.path.insert(0, {root!r})
from tests.test_export_rdf import _corpus
from kg.pipeline import publish
xs = _corpus()
random.Random(int(sys.argv[2])).shuffle(xs)
publish(xs, sys.argv[1])
"""


def test_graphml_reads_back_as_the_networkx_view(built):
    """The streamed GraphML (written from the projection, with its own escaping) holds exactly
    the graph ctx.networkx gives, hostile text included."""
    out, report = built
    G = BuildContext(None, report.corpus).networkx
    R = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert list(R.nodes(data=True)) == [(n, {k: "; ".join(v) if isinstance(v, list) else v for k, v in d.items()})
                                        for n, d in G.nodes(data=True)]
    assert list(R.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    titles = [d["title"] for *_, d in G.edges(keys=True, data=True)]
    assert any('Evil "><img src=x onerror=alert(1)>' in t and "<script>" in t for t in titles)


@settings(max_examples=300, deadline=None)
@given(st.text() | st.sampled_from([HOSTILE, "", "'", '"', "'\"", "a&b", "\r\n\t", "]]>"]))
def test_graphml_escaping_is_saxutils(s):
    assert graphml._esc(s) == escape(s)
    assert graphml._attr(s) == quoteattr(s)


def test_projection_reads_like_its_networkx_graph_and_keeps_the_first_report_of_an_issue():
    corpus = resolve(disputed_pair(), load_vocabulary())
    P = project(corpus)
    G = P.to_networkx()
    assert list(G.nodes(data=True)) == list(P.nodes(data=True))
    assert all(list(d) == sorted(d) for _, d in G.nodes(data=True))
    by_key = itemgetter(0, 1, 2)
    assert sorted(G.edges(keys=True, data=True), key=by_key) == sorted(P.edges(keys=True, data=True), key=by_key)
    assert (P.number_of_nodes(), P.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    keys = [r[:3] for r in P.rows]
    assert len(keys) == len(set(keys))  # one edge per (source, target, key)
    # grouped by owner (owners in id order), each owner's rows sorted
    owners = [o for o, _ in P.owners]
    assert owners == sorted(set(owners)) and P.owners[-1][1] == len(P.rows)
    begin = 0
    for owner, end in P.owners:
        assert keys[begin:end] == sorted(keys[begin:end]) and end >= begin
        begin = end
    (n,) = corpus.engagements
    # the engagement owns who raised what in it (rows from the persons)
    k = owners.index(corpus.engagement_iris[n.key])
    own = P.rows[(P.owners[k - 1][1] if k else 0):P.owners[k][1]]
    assert {r[3] for r in own} >= {"raised", "participant", "issue", "reportedIn"}
    assert sum(r[3] == "raised" for r in own) == sum(r[3] == "raised" for r in P.rows)
    assert len(n.claims) == 2
    # both readouts report trade as raised by both leaders: the edges keep the first report
    first = next(m for m in n.claims[0].issues if m.issue == "TradeAndEconomy")
    raised = [d["title"] for u, v, k, d in G.edges(keys=True, data=True)
              if d["label"] in ("issue", "raised") and v.endswith("/TradeAndEconomy")]
    assert len(raised) == 3 and all(t.endswith("\nEvidence: " + first.evidence.text) for t in raised)
    # one reportedIn edge per document, each with its own evidence
    reported = sorted(d["title"] for *_, d in G.edges(keys=True, data=True) if d["label"] == "reportedIn")
    assert reported == sorted(f"Reported in {c.document}\nEvidence: {c.evidence.text}" for c in n.claims)


def test_exports_are_byte_identical_across_hash_seeds_and_order(tmp_path):
    tests = str(Path(__file__).parent)
    script = tmp_path / "s.py"
    script.write_text(SCRIPT.format(root=str(Path(__file__).parents[1])))
    outs = []
    for seed, order in (("0", 1), ("4242", 2)):
        out = tmp_path / f"out{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=tests + os.pathsep + os.environ.get("PYTHONPATH", ""))
        subprocess.run([sys.executable, str(script), str(out), str(order)], check=True, env=env, cwd=tests)
        outs.append(out)
    for name in ("graph.ttl", "graph.trig", "graph.jsonld", "graph.nq", "graph.nt", "graph.graphml", "graph.html"):
        a, b = (outs[0] / name), (outs[1] / name)
        if not a.exists():
            continue
        assert a.read_bytes() == b.read_bytes(), name


@pytest.mark.parametrize("target", ["rdf_formats.JsonLd.block", "netx.project", "graphml._write",
                                    "store.StoreWriter.wait_load"])
def test_failed_export_leaves_previous_exports_intact(tmp_path, monkeypatch, target):
    """A failure in the middle of the streamed pass, in a whole-file exporter or in the store."""
    from kg.export import graphml, netx

    from kg import store
    from kg.export import rdf_formats

    publish(disputed_pair(), tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("graph.*")}
    store_before = sorted(str(q) for q in store.open_store(tmp_path))

    def boom(*a, **k):
        raise RuntimeError("disk full")

    owner = {"rdf_formats.JsonLd": rdf_formats.JsonLd, "netx": netx, "graphml": graphml,
             "store.StoreWriter": store.StoreWriter}[target.rpartition(".")[0]]
    monkeypatch.setattr(owner, target.rpartition(".")[2], boom)
    with pytest.raises(RuntimeError, match="disk full"):
        publish(disputed_pair()[:1], tmp_path)
    monkeypatch.undo()
    after = {p.name: p.read_bytes() for p in tmp_path.glob("graph.*")}
    assert after == before
    assert sorted(str(q) for q in store.open_store(tmp_path)) == store_before
    assert not list(tmp_path.glob(".graph.*")) and not list(tmp_path.glob(".staging-*"))


def test_store_loader_process_dying_fails_the_build_and_keeps_the_previous_one(tmp_path, monkeypatch):
    import signal

    from kg import store

    publish(disputed_pair(), tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("graph.*")}
    store_before = sorted(str(q) for q in store.open_store(tmp_path))
    real = store.StoreWriter.start_load

    def start_then_kill(self, nquads):
        real(self, nquads)
        self._proc.send_signal(signal.SIGKILL)

    monkeypatch.setattr(store.StoreWriter, "start_load", start_then_kill)
    (tmp_path / "store" / store.STATE_FILE).unlink()  # no record of what it holds: a full reload
    with pytest.raises(OSError, match="loading the store failed"):
        publish(disputed_pair()[:1], tmp_path)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tmp_path.glob("graph.*")} == before
    assert sorted(str(q) for q in store.open_store(tmp_path)) == store_before
    assert not (tmp_path / "store.new").exists()


def test_killed_build_leaves_previous_exports_intact(tmp_path):
    """SIGKILL in the middle of writing an export: the old file is still whole."""
    import signal

    publish(disputed_pair(), tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("graph.*")}
    code = "\n".join([
        "import os, signal, sys",
        f"sys.path.insert(0, {str(Path(__file__).parents[1])!r})",
        "from tests.factories import disputed_pair",
        "from kg.pipeline import publish",
        "def dying_fsync(fd):",  # the temp file is written, not yet renamed over the export
        "    os.kill(os.getpid(), signal.SIGKILL)",
        "os.fsync = dying_fsync",
        "publish(disputed_pair()[:1], sys.argv[1])",
    ])
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=str(Path(__file__).parent))
    assert proc.returncode == -signal.SIGKILL
    after = {p.name: p.read_bytes() for p in tmp_path.glob("graph.*")}
    assert after == before


def test_parallel_block_pass_writes_the_same_bytes(tmp_path):
    """Forked processes formatting runs of graphs give files byte-identical to one process, and
    the store writer learns the same hash for every graph."""
    from kg.export.base import default_exporters, write_blocks
    from kg.rdf.build import build_graphs
    from kg.resolve import resolve
    from kg.store import StoreWriter
    from kg.vocab import load_vocabulary

    vocab = load_vocabulary()
    graphs = build_graphs(resolve(_corpus(), vocab), vocab)
    exps = [e for e in default_exporters() if e.blocks is not None]
    outs = {}
    for parts in (1, 3):
        d = tmp_path / f"p{parts}"
        d.mkdir()
        sw = StoreWriter(d, len(graphs.graph_ids))
        n = write_blocks(graphs, [(e, d / e.filename) for e in exps], collector=sw, parts=parts, min_per_part=1)
        outs[parts] = (n, {e.filename: (d / e.filename).read_bytes() for e in exps}, dict(sw.hashes))
        assert not list(d.glob(".parts-*"))
    assert len(graphs.graph_ids) >= 3
    assert outs[1] == outs[3]
    json.loads(outs[3][1]["graph.jsonld"])  # separators between parts are right


def _reuse_setup(tmp_path):
    """14 generated articles extracted, the block exporters, and the folders of a previous, a
    reusing and a fresh pass."""
    from kg.bench import generate_corpus
    from kg.export.base import default_exporters
    from kg.ingest import ingest
    from kg.pipeline import extract_all

    generate_corpus(tmp_path / "articles", 14, seed=4)
    corpus = extract_all(ingest([tmp_path / "articles"])[0])
    exps = [e for e in default_exporters() if e.blocks is not None]
    dirs = tuple(tmp_path / n for n in ("old", "new", "fresh"))
    for d in dirs:
        d.mkdir()
    return corpus, exps, dirs


def test_reusing_pass_in_parts_writes_the_same_bytes_as_a_fresh_pass(tmp_path):
    """Blocks copied from a previous build's files (kg.export.reuse), with the graphs cut into
    forked runs, give the files a fresh one-process pass writes; so does the index they leave."""
    from kg.export import reuse
    from kg.export.base import write_blocks
    from kg.rdf.build import build_graphs
    from kg.resolve import resolve
    from kg.store import StoreWriter
    from kg.vocab import load_vocabulary

    vocab = load_vocabulary()
    corpus, exps, (old_dir, new_dir, fresh_dir) = _reuse_setup(tmp_path)
    # the previous build: all but the last two documents
    old_graphs = build_graphs(resolve(corpus[:-2], vocab), vocab)
    sw = StoreWriter(old_dir, 0)
    ranges: dict = {}
    write_blocks(old_graphs, [(e, old_dir / e.filename) for e in exps], collector=sw, ranges=ranges)
    reuse.save(old_dir, old_graphs.graph_ids, sw.hashes,
               {e.filename: (old_dir / e.filename, reuse.fingerprint(e.blocks), ranges[e.filename]) for e in exps})
    previous = reuse.load(old_dir, {e.filename: e.blocks for e in exps})
    assert previous is not None and set(previous.files) == {e.filename for e in exps}
    graphs = build_graphs(resolve(corpus, vocab), vocab)
    out: dict = {}
    for d, prev, parts in ((new_dir, previous, 3), (fresh_dir, None, 1)):
        sw = StoreWriter(d, 0)
        rng: dict = {}
        copied: dict = {}
        n = write_blocks(graphs, [(e, d / e.filename) for e in exps], collector=sw, parts=parts, min_per_part=1,
                         previous=prev, ranges=rng, reused=copied)
        out[d.name] = (n, {e.filename: (d / e.filename).read_bytes() for e in exps}, dict(sw.hashes), rng, copied)
    assert out["new"][:4] == out["fresh"][:4]
    # the 12 old documents' graphs and the unchanged shared ones were copied
    assert 12 <= min(out["new"][4].values()) <= len(old_graphs.graph_ids)
    assert not out["fresh"][4]


def test_forked_runs_hand_over_the_graphs_they_took_unmade(tmp_path, monkeypatch):
    """A forked run sends back only what it made: for the graphs it took as the last build recorded
    them, the parent tells its collector and the signatures itself. Hashes, counts, keys and
    signatures end up as a fresh one-process pass gives them."""
    from kg.export import base, reuse
    from kg.export.base import write_blocks
    from kg.rdf.build import build_graphs
    from kg.resolve import resolve
    from kg.store import StoreWriter
    from kg.vocab import load_vocabulary

    vocab = load_vocabulary()
    corpus, exps, (old_dir, new_dir, fresh_dir) = _reuse_setup(tmp_path)
    old_graphs = build_graphs(resolve(corpus[:-2], vocab), vocab)
    sw, ranges, sigs = StoreWriter(old_dir, 0), {}, {}
    write_blocks(old_graphs, [(e, old_dir / e.filename) for e in exps], collector=sw, ranges=ranges, signatures=sigs)
    sw.counter.spill(old_graphs.graph_ids, old_dir / "keys")
    reuse.save(old_dir, old_graphs.graph_ids, sw.hashes,
               {e.filename: (old_dir / e.filename, reuse.fingerprint(e.blocks), ranges[e.filename]) for e in exps},
               figures=sw.counter.spilled, keys=old_dir / "keys", signatures=sigs)
    previous = reuse.load(old_dir, {e.filename: e.blocks for e in exps})
    known = previous.known([e.filename for e in exps], None)
    assert len(known) >= 12
    graphs = build_graphs(resolve(corpus, vocab), vocab)
    # (runs weighed so that every one holds documents' graphs: a small corpus's shared graphs
    # outweigh its documents)
    monkeypatch.setattr(base, "KNOWN_DOCUMENT_US", 10**6)
    out: dict = {}
    for d, prev, parts, kn in ((new_dir, previous, 3, known), (fresh_dir, None, 1, {})):
        sw, rng, sigs = StoreWriter(d, 0), {}, {}
        n = write_blocks(graphs, [(e, d / e.filename) for e in exps], collector=sw, parts=parts, min_per_part=1,
                         previous=prev, ranges=rng, known=kn, signatures=sigs)
        out[d.name] = (n, {e.filename: (d / e.filename).read_bytes() for e in exps}, dict(sw.hashes),
                       dict(sw.counter.blocks), sigs, rng)
    assert out["new"] == out["fresh"]
    taken = [g for g, k in known.items() if out["new"][4].get(g) == k[0]]
    assert len(taken) >= 12  # the old documents' graphs were not made again


def test_a_new_article_that_renames_a_person_remakes_the_old_articles_graph(tmp_path):
    """Blocks are skipped on their signature, which holds what resolution gave them: a new
    article that joins "Kamau" to "Wanjiru Kamau" changes an old article's graph, and the
    incremental build remakes it; the unrelated article's graph is not made again."""
    a = make_extraction("a_doc", "Xi Jinping spoke with Kamau.", [
        {"date": "2024-02-03", "participants": ["Xi Jinping", "Kamau"]}])
    b = make_extraction("b_doc", "Xi Jinping met Kim Jong Un.", [
        {"type": "Meeting", "date": "2019-06-20", "participants": ["Xi Jinping", "Kim Jong Un"]}])
    c = make_extraction("c_doc", "Xi Jinping spoke with Wanjiru Kamau.", [
        {"date": "2024-05-01", "participants": ["Xi Jinping", "Wanjiru Kamau"]}])
    out, clean = tmp_path / "out", tmp_path / "clean"
    import re

    publish([a, b], out)
    msgs: list[str] = []
    inc = publish([a, b, c], out, progress=msgs.append)
    full = publish([a, b, c], clean)
    assert (inc.quads, inc.triples) == (full.quads, full.triples)
    note = next(m for m in msgs if "copied from the last build" in m)
    assert re.search(r"\((\d+) not made again\)", note).group(1) == "1"  # b_doc's graph only
    for name in ("graph.nq", "graph.trig", "graph.ttl", "graph.jsonld", "graph.nt", "graph.graphml", "graph.html"):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
    assert "wanjiru-kamau" in (out / "graph.nq").read_text()


def _bench_extractions(tmp_path, n, start=0, seed=13):
    from kg.bench import CorpusGenerator
    from kg.extract import extract
    from kg.ingest import ingest

    CorpusGenerator(seed).write(tmp_path / "c", start, n)
    docs, _ = ingest([tmp_path / "c"], warn=lambda m: None)
    return [extract(d) for d in docs]


def test_resolved_graph_in_parts_holds_the_same_statements(tmp_path, monkeypatch):
    """A big resolved graph is cut into parts by subject: every subject in exactly one part, time
    instants once in their own part, and together the statements of the one-graph layout."""
    from kg.rdf import build as rb

    vocab = load_vocabulary()
    xs = _bench_extractions(tmp_path, 60)
    graphs = rb.build_graphs(resolve(xs, vocab), vocab)
    root = str(rb.GRAPH_RESOLVED)
    parts = [g for g in graphs.graph_ids if g.startswith(root + "/")]
    assert root not in graphs.graph_ids and len(parts) > 2 and root + "/time" in parts
    owner: dict[str, str] = {}
    union = set()
    for gid in parts:
        block = graphs.block(gid)
        union.update(block)
        for s, _, _ in block:
            assert (gid == root + "/time") == s.startswith(rb._TIME_PREFIX), (gid, s)
            assert owner.setdefault(s, gid) == gid, f"{s} in {owner[s]} and {gid}"
    monkeypatch.setattr(rb, "RESOLVED_PER_PART", 10**9)
    whole = rb.build_graphs(resolve(xs, vocab), vocab)
    assert [g for g in whole.graph_ids if g.startswith(root)] == [root]
    assert set(whole.block(root)) == union


def test_an_added_article_changes_few_resolved_parts(tmp_path):
    """What makes the parts worth having: one more article leaves most parts' statements as they were."""
    from kg.rdf import build as rb

    vocab = load_vocabulary()
    xs = _bench_extractions(tmp_path, 400)
    before = rb.build_graphs(resolve(xs, vocab), vocab)
    after = rb.build_graphs(resolve(xs + _bench_extractions(tmp_path / "more", 401, start=400), vocab), vocab)
    root = str(rb.GRAPH_RESOLVED) + "/"
    parts = [g for g in before.graph_ids if g.startswith(root)]
    assert parts == [g for g in after.graph_ids if g.startswith(root)] and len(parts) > 16
    changed = [g for g in parts if before.block(g) != after.block(g)]
    assert 1 <= len(changed) <= 4, changed
    # the parts' signatures let the next build skip making them: equal signature, equal block
    resigned = {g for g in parts if before.signature(g) != after.signature(g)}
    assert set(changed) <= resigned and len(resigned) <= 4, (changed, resigned)
    assert all(before.signature(g) is not None for g in parts if not g.endswith("/time"))


def test_carry_out_writes_copies_and_text_in_order_in_a_process_or_not(tmp_path, monkeypatch):
    from kg.export import reuse

    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"0123456789")
    b.write_bytes(b"abcdefghij")
    expected = b"<23456>cdef!789"
    for fork in (True, False):
        monkeypatch.setattr(reuse, "_can_spawn", lambda fork=fork: fork)
        plan = reuse.Plan(tmp_path / f"out-{fork}", [a, b])
        plan.text(b"<")
        plan.copy(0, 2, 3)
        plan.copy(0, 5, 2)  # touches the range before it: one copy
        plan.text(b">")
        plan.copy(1, 2, 4)
        plan.text(b"!")
        plan.copy(0, 7, 3)
        assert sum(1 for op in plan.ops if type(op) is list) == 3 and plan.pos == len(expected)
        reuse.carry_out([plan])
        assert plan.path.read_bytes() == expected


def test_carry_out_reports_a_failure_of_the_copying_process_with_its_errno(tmp_path, monkeypatch):
    from kg.export import reuse

    plan = reuse.Plan(tmp_path / "out", [tmp_path / "missing"])
    plan.copy(0, 0, 5)
    for fork in (True, False):
        monkeypatch.setattr(reuse, "_can_spawn", lambda fork=fork: fork)
        with pytest.raises(OSError) as err:
            reuse.carry_out([plan])
        assert err.value.errno == 2 and "missing" in str(err.value)


def test_forked_writers_die_with_a_killed_build(tmp_path):
    """SIGKILL while forked processes format runs of graphs: they go at once, not on writing
    into the staging folder and holding the build's files (its lock) open."""
    import signal
    import time

    pids = tmp_path / "pids"
    code = "\n".join([
        "import os, sys, time",
        f"sys.path.insert(0, {str(Path(__file__).parents[1])!r})",
        "from pathlib import Path",
        "import kg.export.base as base",
        "from kg.export.base import default_exporters, write_blocks",
        "from kg.rdf.build import build_graphs",
        "from kg.resolve import resolve",
        "from kg.vocab import load_vocabulary",
        "from tests.test_export_rdf import _corpus",
        "def slow_child(*args):",  # a formatting process that would outlive its build
        f"    open({str(pids)!r}, 'a').write(f'{{os.getpid()}}\\n')",
        "    time.sleep(60)",
        "base._part_child = slow_child",
        "vocab = load_vocabulary()",
        "graphs = build_graphs(resolve(_corpus(), vocab), vocab)",
        "exps = [e for e in default_exporters() if e.blocks is not None]",
        "write_blocks(graphs, [(e, Path(sys.argv[1]) / e.filename) for e in exps], parts=3, min_per_part=1)",
    ])
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=str(Path(__file__).parent))
    try:
        for _ in range(300):
            if pids.exists() and len(pids.read_text().split()) == 2:
                break
            time.sleep(0.1)
        children = [int(p) for p in pids.read_text().split()]
        assert len(children) == 2
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                return fh.read().split(")")[-1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.time() + 5
    while any(alive(p) for p in children) and time.time() < deadline:
        time.sleep(0.05)
    assert not any(alive(p) for p in children)
