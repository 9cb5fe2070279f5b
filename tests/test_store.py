"""The store writer's own bookkeeping: block hashes and the distinct-triple count it streams."""

from __future__ import annotations

import random

import pytest

from kg.rdf.build import LOCAL_SUBJECTS
from kg.store import TripleCounter


def block_hash(triples) -> str:
    """The block hash as documented, written out independently of the counter."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for s, p, o in triples:
        h.update(f"{s} {p} {o}\n".encode("utf-8"))
    return h.hexdigest()

DOC = LOCAL_SUBJECTS[0]  # "<https://w3id.org/kg/id/document/"
EV = LOCAL_SUBJECTS[2]
ENG = "<https://w3id.org/kg/id/engagement/phonecall-2025-01-02-abc>"
A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _quads(out) -> list[str]:
    """Every quad of the build's store, as sorted text."""
    from kg.store import open_store

    return sorted(str(q) for q in open_store(out))


def _blocks():
    shared = [(ENG, A, "<https://w3id.org/kg/ontology#PhoneCall>"),
              (ENG, "<https://w3id.org/kg/ontology#participant>", "<https://w3id.org/kg/id/person/a>")]
    blocks = []
    for d in range(6):
        local = [(f"{DOC}d{d}>", A, "<https://w3id.org/kg/ontology#Document>"),
                 (f"{EV}d{d}/1-9>", "<https://w3id.org/kg/ontology#quote>", '"same quote"')]
        # every document repeats the engagement's statements; half add one of their own
        extra = [(ENG, "<https://w3id.org/kg/ontology#date>", f'"2025-01-0{d % 2 + 1}"')]
        blocks.append(sorted(set(local + shared + extra)))
    return blocks


def _exact(blocks) -> int:
    return len({t for b in blocks for t in b})


def test_counter_counts_each_statement_once_and_hashes_each_block():
    blocks = _blocks()
    c = TripleCounter()
    hashes = [c.add(f"g{i}", b) for i, b in enumerate(blocks)]
    assert hashes == [block_hash(b) for b in blocks]
    assert c.quads == sum(len(b) for b in blocks) == 30
    # 12 local statements + 2 shared + 2 distinct dates
    assert c.distinct() == _exact(blocks) == 16


def test_counter_parts_merge_to_the_whole():
    rng = random.Random(3)
    blocks = _blocks() + [[(f"<urn:s{rng.randrange(50)}>", "<urn:p>", f'"{rng.randrange(9)}"')
                           for _ in range(40)] for _ in range(5)]
    blocks = [sorted(set(b)) for b in blocks]
    whole = TripleCounter()
    for i, b in enumerate(blocks):
        whole.add(f"g{i}", b)
    merged = TripleCounter()
    for k in range(3):
        part = TripleCounter()
        for i in range(k, len(blocks), 3):
            part.add(f"g{i}", blocks[i])
        merged.merge(part.state())
    assert (merged.quads, merged.distinct()) == (whole.quads, whole.distinct())
    assert whole.distinct() == _exact(blocks)


def test_known_blocks_count_like_built_ones():
    """A block reused from the last build (its figures, not its statements) counts the same."""
    blocks = _blocks()
    built = TripleCounter()
    for i, b in enumerate(blocks):
        built.add(f"g{i}", b)
    reused = TripleCounter()
    for i, b in enumerate(blocks):
        if i % 2:
            reused.add_known(f"g{i}", *built.blocks[f"g{i}"])
        else:
            reused.add(f"g{i}", b)
    assert (reused.quads, reused.distinct()) == (built.quads, built.distinct()) == (30, 16)


def test_patch_by_text_falls_back_to_terms_when_the_store_holds_something_else(tmp_path):
    """A big graph is patched with the difference of its old and new lines; if the store does
    not hold what the old lines say, the sizes disagree and the terms are compared instead."""
    import pyoxigraph as ox

    from kg.store import STORE_DIR, StoreWriter, _write_state

    g = "https://w3id.org/kg/id/graph/resolved"
    a, b, c = ((f"<urn:s{i}>", "<urn:p>", f'"v{i}"') for i in range(3))
    store = ox.Store(str(tmp_path / STORE_DIR))
    for s, p, o in (a, b):
        store.add(ox.Quad(ox.NamedNode(s[1:-1]), ox.NamedNode(p[1:-1]), ox.Literal(o[1:-1]), ox.NamedNode(g)))
    store.flush()
    del store
    _write_state(tmp_path / STORE_DIR, {g: "old"})
    sw = StoreWriter(tmp_path, 1)
    new = [b, c]
    sw.patched = {g: new}
    sw.counter.add(g, new)
    sw.hashes[g] = "new"
    # what the last build's N-Quads claim the store holds: b only (a is missing)
    sw.old_blocks = lambda gid, h: (f"{b[0]} {b[1]} {b[2]} <{g}> .\n".encode(), f" <{g}> .\n") if h == "old" else None
    assert sw._update_in_place() == (2, 2)
    got = sorted((q.subject.value, q.object.value) for q in ox.Store(str(tmp_path / STORE_DIR)))
    assert got == [("urn:s1", "v1"), ("urn:s2", "v2")]
    assert "1 patched" in sw.mode


@pytest.mark.parametrize("exporters", [None, ["turtle", "ntriples"]], ids=["nquads", "ntriples"])
def test_build_patches_from_the_last_lines_without_reading_the_store(tmp_path, monkeypatch, exporters):
    """In a real incremental build the old lines come from graph.nq (or, when N-Quads are not
    exported, graph.nt) and match the store: the slow comparison of parsed terms is never needed,
    and the store is the one a clean build loads."""
    import kg.store
    from kg.bench import generate_corpus
    from kg.pipeline import build

    monkeypatch.setattr(kg.store, "PATCH_MIN", 1)
    real = kg.store._difference
    by_terms: list[str] = []

    def spy(store, gid, triples, old_text=None, line_end=None):
        if old_text is None:
            by_terms.append(gid)
        return real(store, gid, triples, old_text, line_end)

    monkeypatch.setattr(kg.store, "_difference", spy)
    # a corpus whose growth changes a shared graph in place (not every one does: when the new
    # articles re-shard the resolved graph, its parts are replaced, not patched)
    modes = []
    for seed in range(2, 10):
        corpus, out = tmp_path / f"c{seed}", tmp_path / f"out{seed}"
        generate_corpus(corpus, 20, seed=seed)
        build([corpus], out, warn=lambda m: None, workers=1, exporters=exporters)
        generate_corpus(corpus, 2, seed=seed, start=20)
        msgs: list[str] = []
        build([corpus], out, warn=lambda m: None, progress=msgs.append, workers=1, exporters=exporters)
        modes.append(next(m for m in msgs if m.startswith("store (")))
        if " 0 patched" not in modes[-1]:
            break
    assert "patched" in modes[-1] and " 0 patched" not in modes[-1], modes
    assert by_terms == []
    clean = tmp_path / "clean"
    build([corpus], clean, warn=lambda m: None, workers=1, exporters=exporters)
    assert _quads(out) == _quads(clean)


def test_spilled_keys_are_counted_by_a_forked_process_or_here(tmp_path, monkeypatch):
    from kg import store

    rng = random.Random(5)
    blocks = _blocks() + [sorted({(f"<urn:s{rng.randrange(60)}>", "<urn:p>", f'"{rng.randrange(9)}"')
                                  for _ in range(40)}) for _ in range(6)]
    for forked in (True, False):
        if not forked:  # where the child cannot answer, the parent counts the file itself
            monkeypatch.setattr(store, "_count_file", lambda path, conn: (conn.send("failed"), conn.close()))
        c = TripleCounter()
        for i, b in enumerate(blocks):
            c.add(f"g{i}", b)
        c.spill([f"g{i}" for i in range(len(blocks))], tmp_path / f"keys{forked}")
        assert c.blocks == {} and c._counting is not None and c._counting.proc is not None
        assert (c.quads, c.distinct()) == (sum(map(len, blocks)), _exact(blocks))
        assert c.distinct() == _exact(blocks)  # asked again: the same, no process left
        assert c._counting is None


@pytest.mark.parametrize("how", ["during the pass", "at commit"])
def test_a_store_loaded_in_full_after_all_without_nquads_exported(tmp_path, monkeypatch, how):
    """With N-Quads not exported an incremental build writes none for the store; when the store
    must be loaded in full after all (too much changed), they are made then, and the store is
    the one a clean build loads."""
    import kg.store
    from kg.bench import generate_corpus
    from kg.pipeline import build

    corpus, out = tmp_path / "c", tmp_path / "out"
    generate_corpus(corpus, 20, seed=3)
    build([corpus], out, warn=lambda m: None, workers=1, exporters=["turtle"])
    made: list[str] = []
    real_make = __import__("kg.pipeline", fromlist=["_nquads_for_store"])._nquads_for_store

    def spy_make(graphs, path, parts):
        made.append(path.name)
        return real_make(graphs, path, parts)

    monkeypatch.setattr("kg.pipeline._nquads_for_store", spy_make)
    if how == "during the pass":
        init = kg.store.StoreWriter.__init__
        monkeypatch.setattr(kg.store.StoreWriter, "__init__",
                            lambda self, out_dir, n, max_changed=None: init(self, out_dir, n, 0))
    else:
        def too_much(self):
            raise kg.store._Reload

        monkeypatch.setattr(kg.store.StoreWriter, "_update_in_place", too_much)
    generate_corpus(corpus, 3, seed=3, start=20)
    msgs: list[str] = []
    build([corpus], out, warn=lambda m: None, progress=msgs.append, workers=1, exporters=["turtle"])
    assert any(m.startswith("store (full: bulk load)") for m in msgs), msgs
    assert made == [".store.nq"]
    assert not (out / "graph.nq").exists() and not list(out.glob(".staging-*"))
    monkeypatch.undo()
    clean = tmp_path / "clean"
    build([corpus], clean, warn=lambda m: None, workers=1, exporters=["turtle"])
    assert _quads(out) == _quads(clean)


def test_an_incremental_build_without_nquads_writes_none(tmp_path, monkeypatch):
    """The store updated in place needs no N-Quads: none is formatted for it."""
    from kg.bench import generate_corpus
    from kg.pipeline import build

    corpus, out = tmp_path / "c", tmp_path / "out"
    generate_corpus(corpus, 20, seed=4)
    build([corpus], out, warn=lambda m: None, workers=1, exporters=["trig"])
    monkeypatch.setattr("kg.pipeline._nquads_for_store", lambda *a: pytest.fail("N-Quads made"))
    import kg.export.base as base

    real = base.write_blocks
    written: list[str] = []

    def spy(graphs, targets, *a, **kw):
        targets = list(targets)
        written.extend(p.name for _, p in targets)
        return real(graphs, targets, *a, **kw)

    monkeypatch.setattr(base, "write_blocks", spy)
    generate_corpus(corpus, 2, seed=4, start=20)
    msgs: list[str] = []
    build([corpus], out, warn=lambda m: None, progress=msgs.append, workers=1, exporters=["trig"])
    assert any(m.startswith("store (incremental") for m in msgs), msgs
    assert written == ["graph.trig"]


def test_the_loader_runs_with_mimalloc_unless_told_not_to(tmp_path):
    import subprocess
    import sys

    from kg.store import bulk_load, loader_env, mimalloc_path

    if mimalloc_path() is None:
        pytest.skip("cmeel-mimalloc is installed on Linux only")
    env = loader_env({"PATH": "/usr/bin:/bin", "LD_PRELOAD": "/nonexistent-but-kept.so"})
    assert env["LD_PRELOAD"].split()[0] == mimalloc_path() and "/nonexistent-but-kept.so" in env["LD_PRELOAD"]
    assert "LD_PRELOAD" not in loader_env({"KG_MALLOC": "system"})
    # a process in that environment really has it mapped, and loads a store correctly with it
    nq = tmp_path / "x.nq"
    nq.write_text('<http://e/a> <http://e/p> "x\\u00e9" <http://e/g> .\n<http://e/a> <http://e/p> <http://e/b> .\n',
                  encoding="utf-8")
    script = ("import sys, json; from pathlib import Path; from kg.store import bulk_load; "
              "maps = open('/proc/self/maps').read(); "
              "print(json.dumps(['libmimalloc' in maps, bulk_load(Path(sys.argv[1]), Path(sys.argv[2]))['quads']]))")
    out = subprocess.run([sys.executable, "-c", script, str(nq), str(tmp_path / "st")], env=loader_env(),
                         capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[true, 2]"
    assert bulk_load(nq, tmp_path / "st2")["quads"] == 2  # and the same without it, here
