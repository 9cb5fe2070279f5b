"""Incremental builds: the per-document extraction cache (kg/cache.py) plugged into pipeline.build."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from kg.bench import generate_corpus
from kg.cache import CACHE_DIR, ExtractionCache, document_key, dump_extraction, load_extraction
from kg.model import Document
from kg.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.nq", "graph.nt", "graph.graphml", "graph.html")


LAST_PROGRESS: list[str] = []


def _build(inputs: Path, out: Path) -> tuple[int, int]:
    """Build and return (cached, extracted) from the progress line."""
    msgs: list[str] = []
    build([inputs], out, warn=lambda m: None, progress=msgs.append, workers=1)
    LAST_PROGRESS[:] = msgs
    for m in msgs:
        hit = re.match(r"extract: (\d+) cached, (\d+) extracted", m)
        if hit:
            return int(hit.group(1)), int(hit.group(2))
    raise AssertionError(f"no extract count in progress: {msgs}")


def trig_blocks(path: Path) -> dict[str, str]:
    """graph IRI -> the text of its block in graph.trig."""
    blocks: dict[str, str] = {}
    cur: str | None = None
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(<[^>]+>|[A-Za-z][\w-]*:[\w.-]*) \{$", line)
        if m and cur is None:
            cur, lines = m.group(1), []
        elif line == "}" and cur is not None:
            blocks[cur] = "\n".join(lines)
            cur = None
        elif cur is not None:
            lines.append(line)
    return blocks


@pytest.fixture(scope="module")
def incremental(tmp_path_factory):
    """One corpus taken through: clean build, unchanged rebuild, one edit, one deletion."""
    base = tmp_path_factory.mktemp("incr")
    corpus = base / "corpus"
    arts = generate_corpus(corpus, 8, seed=11)
    out = base / "out"
    r = {"arts": arts, "corpus": corpus, "out": out, "base": base}
    r["first"] = _build(corpus, out)
    r["trig1"] = trig_blocks(out / "graph.trig")
    r["second"] = _build(corpus, out)
    r["trig2"] = trig_blocks(out / "graph.trig")
    # edit one article: an extra issue sentence at its end (text above it keeps its offsets: a
    # referenced meeting's IRI currently depends on the offset of its first mention, see kg/resolve.py)
    pick = next(a for a in arts[1:] if not a.filename.endswith(".json"))
    edited = corpus / pick.filename
    name = pick.gold[0].participants[0]
    edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n")
                      + f"\n\n{name} also raised the issue of climate change.\n", encoding="utf-8")
    r["edited_id"] = Path(pick.filename).stem
    r["third"] = _build(corpus, out)
    r["store3"] = next(m for m in LAST_PROGRESS if m.startswith("store ("))
    r["trig3"] = trig_blocks(out / "graph.trig")
    # delete one article
    gone = next(a for a in reversed(arts) if a is not pick)
    (corpus / gone.filename).unlink()
    r["deleted_id"] = Path(gone.filename).stem
    r["fourth"] = _build(corpus, out)
    r["store4"] = next(m for m in LAST_PROGRESS if m.startswith("store ("))
    r["trig4"] = trig_blocks(out / "graph.trig")
    return r


def _doc_graph(blocks: dict[str, str], stem: str) -> str:
    hits = [g for g in blocks if g.endswith(f"/document/{stem}>")]
    assert len(hits) <= 1
    return hits[0] if hits else ""


def test_first_build_extracts_everything(incremental):
    assert incremental["first"] == (0, 8)


def test_second_build_reextracts_nothing(incremental):
    assert incremental["second"] == (8, 0)
    assert incremental["trig2"] == incremental["trig1"]


def test_editing_one_article_reextracts_exactly_one(incremental):
    assert incremental["third"] == (7, 1)
    before, after = incremental["trig2"], incremental["trig3"]
    g = _doc_graph(after, incremental["edited_id"])
    assert g, "the edited document's graph is missing"
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert changed == {g}


def test_deleting_one_article_removes_its_graph(incremental):
    assert incremental["fourth"] == (7, 0)
    assert _doc_graph(incremental["trig3"], incremental["deleted_id"])
    assert not _doc_graph(incremental["trig4"], incremental["deleted_id"])
    assert incremental["deleted_id"] not in (incremental["out"] / "graph.nq").read_text(encoding="utf-8")
    cache = ExtractionCache(incremental["out"] / CACHE_DIR)
    lines = [ln for seg in cache.segments() for ln in seg.read_bytes().splitlines()]
    assert len(lines) == 7  # the deleted document's entry (and every superseded one) was pruned
    assert len(cache.segments()) == 1
    assert incremental["deleted_id"].encode() not in b"".join(lines)


def test_incremental_exports_identical_to_clean_build(incremental, tmp_path):
    clean = tmp_path / "clean"
    assert _build(incremental["corpus"], clean) == (0, 7)
    for name in EXPORTS:
        a, b = incremental["out"] / name, clean / name
        if not a.exists() and not b.exists():
            continue
        assert a.read_bytes() == b.read_bytes(), f"{name} differs after an incremental build"


def _store_quads(out: Path) -> list[str]:
    from kg.store import open_store

    return sorted(str(q) for q in open_store(out))


def test_incremental_store_replaces_only_changed_graphs(incremental, tmp_path):
    """An edit replaces one document graph in place; a deletion drops one; the result is the
    store a clean build makes."""
    assert incremental["store3"].startswith("store (incremental: 1 graph(s) replaced, 0 patched")
    assert "incremental:" in incremental["store4"] and "1 dropped" in incremental["store4"]
    clean = tmp_path / "clean"
    _build(incremental["corpus"], clean)
    assert "full: bulk load" in next(m for m in LAST_PROGRESS if m.startswith("store ("))
    assert _store_quads(incremental["out"]) == _store_quads(clean)
    # the counts the builds streamed are the store's own
    import json

    from kg.store import _counts, open_store

    exact = _counts(open_store(clean))
    for out in (incremental["out"], clean):
        m = json.loads((out / "manifest.json").read_text())
        assert (m["stages"]["graph"]["quads"], m["triples"]) == exact


def _store_mode() -> str:
    return next(m for m in LAST_PROGRESS if m.startswith("store ("))


def test_added_articles_patch_the_shared_graphs_in_place(tmp_path, monkeypatch):
    """Big graphs the store has already (the shared "resolved" graph at scale) get only their
    changed statements; the store is the one a clean build makes, and so are its counts."""
    import json

    import kg.store

    corpus, out, clean = tmp_path / "c", tmp_path / "out", tmp_path / "clean"
    generate_corpus(corpus, 30, seed=5)
    _build(corpus, out)
    monkeypatch.setattr(kg.store, "PATCH_MIN", 1)  # every changed graph that existed is patched
    generate_corpus(corpus, 4, seed=5, start=30)
    assert _build(corpus, out) == (30, 4)
    mode = _store_mode()
    hit = re.search(r"incremental: (\d+) graph\(s\) replaced, (\d+) patched \((\d+) statements\)", mode)
    assert hit and int(hit.group(1)) == 4 and int(hit.group(2)) >= 1 and int(hit.group(3)) > 0, mode
    _build(corpus, clean)
    assert _store_quads(out) == _store_quads(clean)
    a, b = (json.loads((d / "manifest.json").read_text()) for d in (out, clean))
    assert (a["triples"], a["stages"]["graph"]["quads"]) == (b["triples"], b["stages"]["graph"]["quads"])


def test_too_many_patched_statements_reload_the_store_in_bulk(tmp_path, monkeypatch):
    import kg.store

    corpus, out, clean = tmp_path / "c", tmp_path / "out", tmp_path / "clean"
    arts = generate_corpus(corpus, 12, seed=5)
    _build(corpus, out)
    monkeypatch.setattr(kg.store, "PATCH_MIN", 1)
    real_init = kg.store.StoreWriter.__init__

    def tight(self, *a, **k):
        real_init(self, *a, **k)
        self.limit_statements = 0  # every patch is too big

    monkeypatch.setattr(kg.store.StoreWriter, "__init__", tight)
    edited = corpus / next(a.filename for a in arts if a.filename.endswith(".txt"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe two sides discussed trade.\n", encoding="utf-8")
    assert _build(corpus, out) == (11, 1)
    assert "full: bulk load" in _store_mode()
    _build(corpus, clean)
    assert _store_quads(out) == _store_quads(clean)


KILL_SCRIPT = """
import os, signal, sys
sys.path.insert(0, {root!r})
import kg.store
from kg.pipeline import build
real = kg.store.StoreWriter.{method}
def dying(self, *a, **k):
    {action}
kg.store.StoreWriter.{method} = dying
build([sys.argv[1]], sys.argv[2], warn=lambda m: None, workers=1)
"""


@pytest.mark.parametrize("where", ["bulk", "in_place"])
def test_build_killed_halfway_then_rerun_equals_clean_build(tmp_path, where):
    """SIGKILL in the middle of loading the store (a full load, or the in-place update of the
    second document of an incremental build); re-running gives the store and exports of a
    clean build."""
    import signal
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    generate_corpus(corpus, 6, seed=5)
    out = tmp_path / "out"
    if where == "bulk":
        # the loader process is mid-load when the build dies; it must die with it
        action = ("import time\n    time.sleep(0.3)\n"
                  "    print(self._proc.pid, flush=True)\n    os.kill(os.getpid(), signal.SIGKILL)")
        method = "wait_load"
    else:
        _build(corpus, out)
        for f in sorted(corpus.iterdir())[:3]:  # edit three articles
            f.write_text(f.read_text(encoding="utf-8") + "\nThe two leaders also discussed trade.\n",
                         encoding="utf-8")
        # let the first graph's update commit, die in the second (one graph per update: the
        # build batches graphs into updates of UPDATE_BATCH_CHARS)
        action = ("kg.store.UPDATE_BATCH_CHARS = 1\n"
                  "    import pyoxigraph as ox\n    n = [0]\n    orig = ox.Store.update\n"
                  "    def upd(st, q, *a, **k):\n        n[0] += 1\n"
                  "        if n[0] == 2: os.kill(os.getpid(), signal.SIGKILL)\n"
                  "        return orig(st, q, *a, **k)\n"
                  "    ox.Store.update = upd\n    return real(self, *a, **k)")
        method = "_update_in_place"
    script = KILL_SCRIPT.format(root=str(ROOT), method=method, action=action)
    proc = subprocess.run([sys.executable, "-c", script, str(corpus), str(out)], cwd=str(ROOT),
                          stdout=subprocess.PIPE, text=True)
    assert proc.returncode == -signal.SIGKILL
    if where == "bulk":
        import time

        loader = int(proc.stdout.split()[-1])
        for _ in range(50):  # the loader is gone (killed with the build), not writing store.new
            try:
                os.kill(loader, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the store loader outlived the killed build")
    _build(corpus, out)  # the re-run
    clean = tmp_path / "clean"
    _build(corpus, clean)
    assert _store_quads(out) == _store_quads(clean)
    for name in EXPORTS:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
    assert not list(out.glob("store.new")) and not list(out.glob(".staging-*"))


def test_corrupt_cache_entry_is_ignored_and_recomputed(incremental, tmp_path):
    work = tmp_path / "work"
    shutil.copytree(incremental["out"], work, ignore=shutil.ignore_patterns("store*", ".kg-build.lock"))
    (seg,) = ExtractionCache(work / CACHE_DIR).segments()
    lines = seg.read_bytes().splitlines()
    lines[0] = lines[0][: len(lines[0]) - 20]  # cut short, as by a kill mid-write
    lines[1] = lines[1][:64]  # a key and nothing else
    lines[2] = lines[2][:65] + b'[3, null, [], [["d", "Meeting", null, "Xi Jinping", null]]]'  # a broken engagement
    lines[3] = b"\x00\xff" + lines[3][2:]  # a damaged key: the entry is simply not found
    seg.write_bytes(b"\n".join(lines))  # and no final newline
    assert _build(incremental["corpus"], work) == (3, 4)
    for name in ("graph.nq", "graph.trig"):
        assert (work / name).read_bytes() == (incremental["out"] / name).read_bytes()


def test_extraction_round_trips_through_the_cache(tmp_path):
    from kg.extract import extract
    from kg.ingest import ingest

    docs, _ = ingest([ROOT / "inputs"], warn=lambda m: None)
    assert docs
    cache = ExtractionCache(tmp_path / "c")
    for d in docs:
        x = extract(d)
        assert load_extraction(dump_extraction(x), d) == x
        cache.put(x)
        assert cache.get(d) == x
    found, todo = cache.lookup(docs)
    assert todo == [] and found == [cache.get(d) for d in docs]
    cache.close()
    fresh = ExtractionCache(tmp_path / "c")  # another process reading what this one wrote
    assert fresh.lookup(docs)[0] == found
    assert fresh.prune(docs[1:]) == 1 and fresh.lookup(docs)[1] == [0]
    assert not list((tmp_path / "c").rglob("*.tmp"))


def test_key_depends_on_content_metadata_and_context():
    d = Document(id="a", text="Xi met Trump.", source="a.txt", sha256="1" * 64)
    k = document_key(d, "ctx")
    assert document_key(d, "ctx") == k
    assert document_key(d, "other-context") != k
    assert document_key(Document(id="a", text="x", source="a.txt", sha256="2" * 64), "ctx") != k
    assert document_key(Document(id="b", text="Xi met Trump.", source="b.txt", sha256="1" * 64), "ctx") != k
    assert document_key(Document(id="a", text="Xi met Trump.", source="a.txt", sha256="1" * 64,
                                 published="2020-01-01"), "ctx") != k


def test_unchanged_blocks_are_copied_from_the_last_build(tmp_path):
    """The second build copies every unchanged graph's bytes (only the edited article's graph and
    the shared graphs it touches are formatted again) and its files equal a clean build's."""
    corpus, out, clean = tmp_path / "c", tmp_path / "out", tmp_path / "clean"
    arts = generate_corpus(corpus, 10, seed=9)
    _build(corpus, out)
    assert not any("copied from the last build" in m for m in LAST_PROGRESS)
    edited = corpus / next(a.filename for a in arts if a.filename.endswith(".txt"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe two sides discussed trade.\n", encoding="utf-8")
    _build(corpus, out)
    hit = next(re.search(r"(\d+) of (\d+) graphs copied", m) for m in LAST_PROGRESS if "graphs copied" in m)
    copied, total = int(hit.group(1)), int(hit.group(2))
    assert total - 5 <= copied < total  # the edited document's graph at least was formatted again
    not_made = int(re.search(r"\((\d+) not made again\)", next(m for m in LAST_PROGRESS if "graphs copied" in m)).group(1))
    # every other document's graph (signature unchanged), and the resolved graph if the edit
    # left it as it was; never the edited one or the four other shared graphs
    assert total - 6 <= not_made <= total - 5
    _build(corpus, clean)
    for name in EXPORTS:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


def test_an_export_changed_by_hand_is_written_in_full(tmp_path):
    corpus, out, clean = tmp_path / "c", tmp_path / "out", tmp_path / "clean"
    generate_corpus(corpus, 6, seed=9)
    _build(corpus, out)
    nq = out / "graph.nq"
    data = nq.read_bytes()
    nq.write_bytes(data.replace(b"<https://w3id.org/kg/", b"<https://w3id.org/KG/", 3))  # same size
    generate_corpus(corpus, 1, seed=9, start=6)
    _build(corpus, out)
    _build(corpus, clean)
    for name in EXPORTS:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


def test_prune_after_a_clean_lookup_reads_nothing_and_still_drops_what_went_stale(tmp_path, monkeypatch):
    """A lookup that read only live entries lets prune skip its scan; a deleted document, a
    superseded or a corrupt entry still gets the full prune."""
    from kg import cache as cache_mod
    from kg.extract import extract
    from kg.ingest import ingest

    docs, _ = ingest([ROOT / "inputs"], warn=lambda m: None)
    c = ExtractionCache(tmp_path / "c")
    for d in docs[:-1]:
        c.put(extract(d))
    c.close()
    reads = []
    real = cache_mod._lines
    monkeypatch.setattr(cache_mod, "_lines", lambda seg: reads.append(seg) or real(seg))
    c = ExtractionCache(tmp_path / "c")
    found, todo = c.lookup(docs)
    assert todo == [len(docs) - 1]
    c.put(extract(docs[-1]))  # what the build extracts for the miss
    n = len(reads)
    assert c.prune(docs) == 0 and len(reads) == n  # nothing read again
    assert ExtractionCache(tmp_path / "c").lookup(docs)[1] == []
    # a deleted document: the lookup of the others is not clean, prune drops its entry
    c = ExtractionCache(tmp_path / "c")
    c.lookup(docs[1:])
    assert c.prune(docs[1:]) == 1
    # a superseded entry (the same document twice) is dropped too
    c = ExtractionCache(tmp_path / "c")
    c.put(extract(docs[1]))
    c.close()
    c = ExtractionCache(tmp_path / "c")
    c.lookup(docs[1:])
    assert c.prune(docs[1:]) == 1
    # and a prune without a lookup of the same documents always scans
    c = ExtractionCache(tmp_path / "c")
    c.lookup(docs[1:])
    n = len(reads)
    c.prune(list(docs[1:]))
    assert len(reads) > n


def test_cache_entries_share_equal_evidence_and_refuse_foreign_layouts():
    from kg.model import Document, Engagement, Evidence, Extraction, IssueMention, TimeValue

    doc = Document("d1", "", "d1.txt")
    ev = Evidence("d1", "Xi and Biden spoke on Taiwan.", 0, 29)
    x = Extraction(doc, [Engagement("d1", "PhoneCall", TimeValue("2024-04-02", "on Tuesday", "2024-04-03"),
                                    ["Joe Biden", "Xi Jinping"], ev, "Joe Biden", Evidence("d1", "Biden asked.", 30, 42),
                                    [IssueMention("Taiwan", ["Xi Jinping"], Evidence("d1", ev.text, 0, 29))])],
                   ["a warning"], TimeValue("2024-04-03"))
    y = load_extraction(dump_extraction(x), doc)
    assert y == x
    assert y.engagements[0].issues[0].evidence is y.engagements[0].evidence  # one object for equal evidence
    for bad in (b'{"format": 2, "engagements": [], "warnings": [], "anchor": null}', b"[2, null, [], []]",
                b'[3, null, [], [["d1", "PhoneCall", null, "Joe Biden", null, null, null, [], [], [], null]]]'):
        with pytest.raises((ValueError, TypeError)):
            load_extraction(bad, doc)
