"""Store stage: the built graph in a persistent Oxigraph store inside the output folder.

Turtle/TriG stay the portable source of truth; the store is a rebuildable cache that ``kg query``
and ``kg validate`` read without re-parsing exports.

Two ways in, chosen per build by :class:`StoreWriter`:

* **Incremental** (few named graphs changed since the last build): each changed document graph is
  replaced in place by one SPARQL update - ``DROP GRAPH`` plus ``INSERT DATA`` - which Oxigraph runs
  as one transaction, so a killed build leaves every document complete (old or new) or absent.
* **Full** (first build, or many graphs changed): the N-Quads the build just wrote are bulk-loaded
  (Oxigraph's parallel loader, an order of magnitude faster than inserting statements) into a new
  store beside the old one, which is swapped in only when complete. The load runs in a separate
  process (``python -m kg.store``), started as soon as the N-Quads are on disk: the GraphML and
  HTML exports run beside it on the other core, the loader's few hundred MB of buffers are its own
  and go back to the system when it ends, and it stops by itself if the build is killed.

``kg-state.json`` inside the store folder records a hash of every named graph's statements as
loaded; it is rewritten (atomically) only after the store is flushed, so after a kill the next
build finds the graphs it did not confirm and loads them again: a re-run converges on exactly
the store a clean build makes.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from .lifetime import exit_with_parent
from .rdf.build import LOCAL_SUBJECTS

STORE_DIR = "store"
STATE_FILE = "kg-state.json"
STATE_FORMAT = 1
UPDATE_BATCH_CHARS = 4 << 20  # SPARQL text per store update when graphs are replaced in place
PATCH_MIN = 100  # statements: a changed graph at least this big is patched, not replaced (a shard of the
# shared "resolved" graph is ~300 statements at 100,000 articles, and one new article changes a few)

# distinct triples (a statement several documents make counts once), one predicate at a time:
# one DISTINCT over all 10 M statements of a 100,000-article build held 2.4 GB in Oxigraph
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { GRAPH ?g { ?s %s ?o } } }"
PREDICATES = "SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }"


KEY_BYTES = 12  # a statement's key: 96 bits of BLAKE2b of its line (collisions among ~4 M keys: odds < 1e-15)


class TripleCounter:
    """Distinct triples of the build, counted while the blocks stream by, not by the store.

    A statement several named graphs make counts once. Asking Oxigraph (one DISTINCT per
    predicate) took ~32 s at 100,000 articles, at the end of the build. Here statements about
    per-document subjects (kg.rdf.build.LOCAL_SUBJECTS) are counted directly - they cannot
    repeat in another graph - and every other statement leaves a 12-byte key, deduplicated
    bucket by bucket (by first byte) at the end: ~50 MB at 100k, never a set of all statements.
    Each block's figures (statements, local ones, keys) are kept: forked block writers hand
    theirs over (``state`` / ``merge``), and the next build reuses an unchanged block's figures
    without building it (``add_known``); the keys do not depend on the process.
    """

    def __init__(self) -> None:
        self.blocks: dict[str, tuple[int, int, bytes]] = {}
        self._quads: int | None = None
        self._distinct: int | None = None
        self._counting: _Counting | None = None
        self.spilled: dict | None = None

    def add(self, gid: str, triples) -> str:
        """Count one block; returns its hash: BLAKE2b-128 of its N-Triples lines ("s p o\\n"), in order."""
        h = hashlib.blake2b(digest_size=16)
        update, b2, local = h.update, hashlib.blake2b, LOCAL_SUBJECTS
        keys = bytearray()
        n_local = 0
        for t in triples:
            line = f"{t[0]} {t[1]} {t[2]}\n".encode("utf-8")
            update(line)
            if t[0].startswith(local):
                n_local += 1
            else:
                keys += b2(line, digest_size=KEY_BYTES).digest()
        self.blocks[gid] = (len(triples), n_local, bytes(keys))
        return h.hexdigest()

    def add_known(self, gid: str, statements: int, local: int, keys: bytes) -> None:
        self.blocks[gid] = (statements, local, keys)

    @property
    def quads(self) -> int:
        if self._quads is not None:
            return self._quads
        return sum(b[0] for b in self.blocks.values())

    def spill(self, gids: list[str], path: Path) -> None:
        """Write every block's keys to ``path`` (graph order) for the next build
        (kg.export.reuse), and let them go: at 100,000 articles they are ~100 MB the rest of the
        build (GraphML, HTML, the store's load: the memory peak) has no use for. The distinct
        keys are counted from that file by a forked process (~2 s at 100k, done beside the
        whole-file exports); :meth:`distinct` collects the count."""
        self._quads = self.quads
        h = hashlib.sha256()
        sizes, locals_, lengths = [], [], []
        with open(path, "wb") as fh:
            for g in gids:
                n, loc, keys = self.blocks[g]
                fh.write(keys)
                h.update(keys)
                sizes.append(n)
                locals_.append(loc)
                lengths.append(len(keys))
        self.spilled = {"sizes": sizes, "locals": locals_, "key_lengths": lengths, "keys_sha256": h.hexdigest()}
        self.blocks = {}
        self._counting = _Counting(Path(path), sum(locals_))

    def state(self) -> dict:
        return self.blocks

    def merge(self, state: dict) -> None:
        self.blocks.update(state)

    def distinct(self) -> int:
        if self._distinct is None and self._counting is not None:
            self._distinct, self._counting = self._counting.result(), None
        if self._distinct is not None:
            return self._distinct
        return sum(b[1] for b in self.blocks.values()) + _distinct_keys(b[2] for b in self.blocks.values())


def _distinct_keys(chunks) -> int:
    """How many distinct KEY_BYTES-long keys the byte strings ``chunks`` hold (each a whole number
    of keys), deduplicated bucket by bucket (by first byte): never a set of all of them."""
    buckets = [bytearray() for _ in range(256)]
    for keys in chunks:
        for i in range(0, len(keys), KEY_BYTES):
            buckets[keys[i]] += keys[i:i + KEY_BYTES]
    n = 0
    for b in buckets:
        view = bytes(b)
        n += len({view[i:i + KEY_BYTES] for i in range(0, len(view), KEY_BYTES)})
    return n


class _Counting:
    """The distinct keys of a spilled keys file, counted by a forked process (in this one where
    fork is not available, or if that process fails)."""

    def __init__(self, path: Path, local: int):
        self.path, self.local = path, local
        self.proc = self.conn = None
        if "fork" in mp.get_all_start_methods():
            ctx = mp.get_context("fork")
            self.conn, child_end = ctx.Pipe(duplex=False)
            self.proc = ctx.Process(target=_count_file, args=(str(path), child_end, os.getpid()), daemon=True)
            self.proc.start()
            child_end.close()

    def result(self) -> int:
        n = None
        if self.proc is not None:
            try:
                n = self.conn.recv()
            except EOFError:
                n = None
            self.proc.join()
            self.conn.close()
        if not isinstance(n, int):
            n = _distinct_keys([self.path.read_bytes()])
        return self.local + n


def _count_file(path: str, conn, parent: int) -> None:
    exit_with_parent(parent)
    try:
        with open(path, "rb") as fh:
            conn.send(_distinct_keys([fh.read()]))
    except BaseException as e:  # noqa: BLE001 - the parent counts itself
        conn.send(repr(e))
    finally:
        conn.close()


def _read_state(store_dir: Path) -> dict[str, str] | None:
    try:
        data = json.loads((store_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT or not isinstance(data.get("graphs"), dict):
        return None
    return {str(k): str(v) for k, v in data["graphs"].items()}


def _write_state(store_dir: Path, graphs: dict[str, str]) -> None:
    text = json.dumps({"format": STATE_FORMAT, "graphs": dict(sorted(graphs.items()))}, separators=(",", ":"))
    fd, tmp = tempfile.mkstemp(prefix=".state.", dir=store_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, store_dir / STATE_FILE)


class StoreWriter:
    """Fed every block of the build (``on_block``), then ``finish`` loads the store one way or the other."""

    def __init__(self, out_dir: Path, n_graphs: int, max_changed: int | None = None):
        self.out_dir = Path(out_dir)
        self.final = self.out_dir / STORE_DIR
        self.old = _read_state(self.final) if self.final.is_dir() else None
        self.limit = max_changed if max_changed is not None else max(64, n_graphs // 20)
        # SPARQL updates cost far more per statement than the bulk loader: past this many changed
        # statements (a new meeting changes the whole shared "resolved" graph) reload instead
        self.limit_statements = max(100_000, 5 * n_graphs)
        self.changed_statements = 0
        self.hashes: dict[str, str] = {}
        self.counter = TripleCounter()
        self.changed: dict[str, list] = {}
        # big graphs that were in the store already (the shared "resolved" graph: ~1.3 M statements
        # at 100,000 articles, a few of which change when articles are added) are patched with the
        # difference instead of being replaced: see _update_in_place
        self.patched: dict[str, list] = {}
        self.incremental = self.old is not None
        self.mode = ""
        self.timings: dict[str, float] = {}
        self._nquads: Path | Callable[[], Path] | None = None
        # (graph, the store's hash of it) -> (that graph's lines in the last build's N-Quads or
        # N-Triples, what ends each line after its triple), when they are what the store holds
        # (set by the build from kg.export.reuse; kg.pipeline._old_lines)
        self.old_blocks = None

    def on_block(self, gid: str, triples: list) -> str:
        """Hash and count one block (and keep it if the store must change it); returns its hash."""
        h = self.counter.add(gid, triples)
        self.hashes[gid] = h
        if self.incremental and self.old.get(gid) != h:  # type: ignore[union-attr]
            if len(triples) >= PATCH_MIN and gid in self.old:  # type: ignore[operator]
                self.patched[gid] = triples
                return h
            self.changed[gid] = triples
            self.changed_statements += len(triples)
            if len(self.changed) > self.limit or self.changed_statements > self.limit_statements:
                self._give_up_in_place()
        return h

    def _old_text(self, gid: str) -> tuple[bytes, str] | None:
        """The graph's block in the last build's N-Quads or N-Triples, if that is what the store
        holds, and what ends each of its lines after the triple."""
        if self.old_blocks is None or self.old is None:
            return None
        return self.old_blocks(gid, self.old.get(gid))

    def on_known(self, gid: str, h: str, statements: int, local: int, keys: bytes) -> None:
        """A block the last build made and the store holds as is (kg.export.reuse decided): its
        figures without its statements."""
        self.hashes[gid] = h
        self.counter.add_known(gid, statements, local, keys)

    def _give_up_in_place(self) -> None:
        self.incremental = False
        self.changed.clear()
        self.patched.clear()

    def export_state(self, without: set[str] | None = None) -> tuple:
        """What a forked block writer learned, for merge_state in the parent; ``without`` the
        graphs the parent tells itself (taken as the last build recorded them)."""
        hashes, counted = self.hashes, self.counter.state()
        if without:
            hashes = {g: h for g, h in hashes.items() if g not in without}
            counted = {g: b for g, b in counted.items() if g not in without}
        return hashes, self.changed, self.patched, self.incremental, counted

    def merge_state(self, state: tuple) -> None:
        hashes, changed, patched, incremental, counted = state
        self.hashes.update(hashes)
        self.counter.merge(counted)
        if self.incremental and incremental:
            self.changed.update(changed)
            self.patched.update(patched)
            self.changed_statements += sum(len(t) for t in changed.values())
            if len(self.changed) > self.limit or self.changed_statements > self.limit_statements:
                self._give_up_in_place()
        if not incremental or not self.incremental:
            self._give_up_in_place()

    def start_load(self, nquads: Path | Callable[[], Path]) -> None:
        """A full build starts bulk-loading ``nquads`` into a new store beside the live one, in
        its own process; ``wait_load`` collects it. Nothing visible changes until commit().
        ``nquads`` may be a function making the file, for a store updated in place: called only
        if it must be loaded in full after all."""
        self.timings = {}
        self._proc = None
        self._nquads = nquads
        if self.incremental:
            return
        if callable(nquads):
            nquads = self._nquads = nquads()
        tmp = self.out_dir / (STORE_DIR + ".new")
        if tmp.exists():
            shutil.rmtree(tmp)
        self._proc = subprocess.Popen([sys.executable, "-m", "kg.store", str(nquads), str(tmp), str(os.getpid())],
                                      stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      env=loader_env())

    def wait_load(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        out, err = proc.communicate()
        if proc.returncode != 0:
            msg = err.decode("utf-8", "replace").strip().splitlines()
            raise OSError(f"loading the store failed ({msg[-1] if msg else f'exit {proc.returncode}'})")
        data = json.loads(out)
        self.timings = {"store load": float(data["load_s"]), "store optimize": float(data["optimize_s"])}
        _write_state(self.out_dir / (STORE_DIR + ".new"), self.hashes)
        self.mode = "full: bulk load"

    def abort(self) -> None:
        """Stop a load still running (an export failed): the live store is untouched."""
        proc, self._proc = getattr(self, "_proc", None), None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.communicate()
        shutil.rmtree(self.out_dir / (STORE_DIR + ".new"), ignore_errors=True)

    def load(self, nquads: Path) -> None:
        self.start_load(nquads)
        self.wait_load()

    def commit(self) -> tuple[int, int]:
        """Make the new store live (swap it in, or replace the changed graphs in place); returns
        (quads, distinct triples)."""
        if self.incremental:
            try:
                return self._update_in_place()
            except _Reload:  # too much changed after all: load the N-Quads in bulk instead
                self._give_up_in_place()
                assert self._nquads is not None, "start_load() names the N-Quads first"
                self.load(self._nquads() if callable(self._nquads) else self._nquads)
            except OSError:  # e.g. the store is damaged: rebuild it from the N-Quads
                self.incremental = False
                raise
        self._swap()
        return self.counts()

    def counts(self) -> tuple[int, int]:
        """(quads, distinct triples) of everything streamed through ``on_block``."""
        t = time.perf_counter()
        n = self.counter.distinct()
        self.timings["store count"] = time.perf_counter() - t
        return self.counter.quads, n

    def _update_in_place(self) -> tuple[int, int]:
        removed = sorted(set(self.old or ()) - set(self.hashes))
        store = ox.Store(str(self.final))
        patches = {gid: _difference(store, gid, self.patched[gid], *(self._old_text(gid) or ())) for gid in sorted(self.patched)}
        if self.changed_statements + sum(d.count("\n") + a.count("\n") for d, a in patches.values()) \
                > self.limit_statements:
            del store
            raise _Reload
        ops = [f"DROP SILENT GRAPH <{gid}>" for gid in removed]
        for gid in sorted(self.changed):
            body = "".join(f"{s} {p} {o} .\n" for s, p, o in self.changed[gid])
            ops.append(f"DROP SILENT GRAPH <{gid}> ;\nINSERT DATA {{ GRAPH <{gid}> {{\n{body}}} }}")
        n_patched = _add_patches(ops, patches)
        _run_updates(store, ops)
        # the text diff misses a statement the store holds in another form than the last N-Quads
        # (only if the two disagree): then the sizes differ, and the terms are compared instead
        sizes = _graph_sizes(store, list(patches))
        again: list[str] = []
        n_patched += _add_patches(again, {gid: _difference(store, gid, self.patched[gid]) for gid in patches
                                          if sizes.get(gid, 0) != len(self.patched[gid])})
        _run_updates(store, again)
        store.flush()
        del store
        _write_state(self.final, self.hashes)
        self.mode = (f"incremental: {len(self.changed)} graph(s) replaced, {len(patches)} patched "
                     f"({n_patched} statements), {len(removed)} dropped")
        return self.counts()

    def _swap(self) -> None:
        tmp = self.out_dir / (STORE_DIR + ".new")
        old = self.out_dir / (STORE_DIR + ".old")
        if old.exists():
            shutil.rmtree(old)
        if self.final.exists():
            self.final.rename(old)
        tmp.rename(self.final)
        if old.exists():
            shutil.rmtree(old)


def _add_patches(ops: list[str], patches: dict[str, tuple[str, str]]) -> int:
    """Append to ``ops`` the update deleting and inserting each graph's statements (gone, new);
    returns how many statements they change."""
    n = 0
    for gid, (gone, new) in patches.items():
        if gone or new:
            ops.append(" ;\n".join(f"{verb} DATA {{ GRAPH <{gid}> {{\n{body}}} }}"
                                    for verb, body in (("DELETE", gone), ("INSERT", new)) if body))
            n += gone.count("\n") + new.count("\n")
    return n


def _run_updates(store: ox.Store, ops: list[str]) -> None:
    """Several graphs per update: Oxigraph runs an update as one transaction, so each graph is
    still changed whole or not at all; one update per graph cost ~10 ms each (~300 graphs for
    100 new articles at 100,000)."""
    batch: list[str] = []
    size = 0
    for op in ops:
        batch.append(op)
        size += len(op)
        if size >= UPDATE_BATCH_CHARS:
            store.update(" ;\n".join(batch))
            batch, size = [], 0
    if batch:
        store.update(" ;\n".join(batch))


def _graph_sizes(store: ox.Store, gids: list[str]) -> dict[str, int]:
    """Statements per graph, asked in one query (the graphs are kg's own IRIs: kg.rdf.iris)."""
    if not gids:
        return {}
    values = " ".join(f"<{g}>" for g in gids)
    rows = store.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g")
    return {r["g"].value: int(r["n"].value) for r in rows}  # type: ignore[index]


class _Reload(Exception):
    """The changes are too many for statement-level updates."""


def _difference(store: ox.Store, gid: str, triples: list, old_text: bytes | None = None,
                line_end: str | None = None) -> tuple[str, str]:
    """(statements to delete, statements to insert) turning the stored graph ``gid`` into ``triples``,
    as SPARQL DATA bodies.

    With ``old_text`` (the graph's block in the last build's N-Quads or N-Triples, which the
    store holds as is; each line ends with ``line_end`` after its triple: the N-Quads default is
    `` <gid> .\n``) the lines are compared as text: kg wrote both, one way. Otherwise both sides
    are compared as parsed terms, so the store's own canonical form of a literal matches the text
    kg writes (10x slower: 1.3 M statements of the "resolved" graph at 100,000 articles)."""
    if old_text is not None:
        cut = len(line_end if line_end is not None else f" <{gid}> .\n")
        old_lines = {line[:-cut] for line in old_text.decode("utf-8").splitlines(keepends=True)}
        new_lines = {f"{s} {p} {o}" for s, p, o in triples}
        return ("".join(t + " .\n" for t in sorted(old_lines - new_lines)),
                "".join(t + " .\n" for t in sorted(new_lines - old_lines)))
    graph = ox.NamedNode(gid)
    old = {q.triple for q in store.quads_for_pattern(None, None, None, graph)}
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode("utf-8")
    new = {q.triple for q in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)}
    gone = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in sorted(old - new, key=str))
    added = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in sorted(new - old, key=str))
    return gone, added


def _counts(store: ox.Store) -> tuple[int, int]:
    """(quads, distinct triples) asked of a store: for a store loaded from a file, not a build."""
    predicates = sorted(str(r["p"]) for r in store.query(PREDICATES))  # type: ignore[index]
    triples = sum(int(next(iter(store.query(COUNT_TRIPLES % p)))["n"].value)  # type: ignore[index]
                  for p in predicates if p.startswith("<") and p.endswith(">") and ">" not in p[1:-1])
    return len(store), triples


MALLOC_ENV = "KG_MALLOC"  # "system": the loader keeps the C library's allocator


def mimalloc_path() -> str | None:
    """mimalloc's shared library from the cmeel-mimalloc wheel (a dependency on Linux), if installed."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        files = distribution("cmeel-mimalloc").files or []
    except (ImportError, PackageNotFoundError):
        return None
    libs = sorted(str(f.locate()) for f in files if f.name.startswith("libmimalloc.so"))
    return next((p for p in libs if os.path.isfile(p)), None)


def loader_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a process that bulk-loads the store: mimalloc preloaded when available.

    Oxigraph's loader parses on one thread and encodes, sorts and writes index files on others,
    allocating a buffer per term and batch: under glibc's malloc a third of its time went to
    malloc itself. With mimalloc the 10.8 million quads of a 100,000-article build loaded in 58 s
    instead of 73 s, peaking at 1.74 GB instead of 1.98 GB, because freed pages go back to the
    system at once (``MIMALLOC_PURGE_DELAY=0``); keeping them (``-1``) loaded in 46 s but held
    3.4 GB, which took the build's peak over 4 GB. Only the loader's own process is changed: the
    build and its exports keep the C allocator. ``KG_MALLOC=system`` turns it off (a platform
    where preloading misbehaves)."""
    env = dict(os.environ if base is None else base)
    lib = None if env.get(MALLOC_ENV, "").lower() == "system" else mimalloc_path()
    if lib:
        env["LD_PRELOAD"] = " ".join(p for p in (lib, env.get("LD_PRELOAD", "")) if p)
        env.setdefault("MIMALLOC_PURGE_DELAY", "0")  # freed pages go back at once: the build's memory peak
    return env


def bulk_load(nquads: Path, store_dir: Path, count: bool = True) -> dict:
    """Load ``nquads`` into a new store at ``store_dir``; the figures go back to the build (which
    counts the statements itself as it streams them: ``count=False``)."""
    t = time.perf_counter()
    store = ox.Store(str(store_dir))
    # lenient: the N-Quads are kg's own output (IRIs minted and checked by kg.rdf.iris,
    # literals escaped by kg.rdf.terms); the strict parse is done by the tests
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS, lenient=True)
    store.flush()
    load_s = time.perf_counter() - t
    # a freshly bulk-loaded store is many small sorted files: an index lookup cost 100-200 us
    # at 100,000 articles, ~30 us after compaction (saved queries 2-8x faster; 15 s, in this
    # process, beside the GraphML and HTML exports)
    t = time.perf_counter()
    store.optimize()
    optimize_s = time.perf_counter() - t
    out = {"load_s": load_s, "optimize_s": optimize_s}
    if count:
        t = time.perf_counter()
        out["quads"], out["triples"] = _counts(store)
        out["count_s"] = time.perf_counter() - t
    return out


def write_store(nquads: Path, out_dir: Path) -> tuple[int, int]:
    """A fresh store from an N-Quads file (no incremental reuse); returns (quads, distinct triples)."""
    w = StoreWriter(out_dir, 0)
    tmp = w.out_dir / (STORE_DIR + ".new")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        data = bulk_load(nquads, tmp)
        _write_state(tmp, {})  # no graph hashes: the next build reloads it in full
        w._swap()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return data["quads"], data["triples"]


def open_store(out_dir: Path) -> ox.Store:
    """The last build's store, read-only; falls back to loading graph.trig (or graph.nq, when
    the build wrote no TriG: ``kg build --formats``) into memory."""
    path = out_dir / STORE_DIR
    if path.is_dir():
        try:
            return ox.Store.read_only(str(path))
        except OSError:
            pass
    store = ox.Store()
    for name, fmt in (("graph.trig", ox.RdfFormat.TRIG), ("graph.nq", ox.RdfFormat.N_QUADS)):
        if (out_dir / name).is_file():
            store.load(path=str(out_dir / name), format=fmt)
            return store
    from .errors import KgError

    raise KgError(f"{out_dir} has no readable store and no graph.trig or graph.nq to load")


if __name__ == "__main__":  # the build's loader process: python -m kg.store NQUADS STORE_DIR PARENT_PID
    exit_with_parent(int(sys.argv[3]))
    print(json.dumps(bulk_load(Path(sys.argv[1]), Path(sys.argv[2]), count=False)))
