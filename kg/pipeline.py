"""The one-way flow behind ``kg build``: ingest -> extract -> resolve -> graph -> store/exports.

Library first: the CLI is a thin layer over :func:`build`. Warnings go through a callback so the
CLI can print them on stderr and the manifest can list them.
"""

from __future__ import annotations

import datetime as _dt
import gc
import json
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout

from . import __version__
from .errors import LockedError
from .export.atomic import atomic_write
from .export.base import BuildContext, default_exporters
from .export.netx import frozen, paused_gc, refreeze
from .model import Document, Extraction, Skipped
from .rdf.build import build_graphs
from .resolve import resolve
from .vocab import load_vocabulary

Warn = Callable[[str], None]


@dataclass
class BuildReport:
    out_dir: Path
    documents: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    engagements: int = 0
    facts: int = 0
    triples: int = 0
    quads: int = 0
    warnings: list[str] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    corpus: object = None
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage, for kg bench

    def summary(self) -> str:
        return (f"{self.documents} documents, {self.engagements} engagements, {self.triples} triples, "
                f"{len(self.warnings)} warnings")


def _extract_one(doc: Document) -> Extraction:
    from .extract import extract

    return extract(doc)


_WORKER_CACHE = None


def _init_worker(cache_root: str | None) -> None:
    """Runs once per worker process: import the extractor (patterns, vocabulary) and open the cache."""
    global _WORKER_CACHE
    from . import extract  # noqa: F401  (warm the extractor once, not per task)

    if cache_root is not None:
        from .cache import ExtractionCache

        _WORKER_CACHE = ExtractionCache(Path(cache_root))


def _extract_in_worker(doc: Document) -> Extraction:
    """Extract, write the cache entry here (in parallel, not in the parent), and send back the
    extraction without the article text the parent already has."""
    x = _extract_one(doc)
    if _WORKER_CACHE is not None:
        _WORKER_CACHE.put(x)
    x.document = None  # type: ignore[assignment]
    return x


def extract_all(docs: list[Document], workers: int = 1, progress: Callable[[Document], None] | None = None,
                engine: str = "local", address: str | None = None, cache=None) -> list[Extraction]:
    """Extract every document; results come back in input order, so output is identical for any
    number of workers. With ``cache`` (an ExtractionCache) each result is also stored there."""
    if engine == "dask":
        from .distributed import extract_dask

        out = extract_dask(docs, address=address, progress=progress)
        if cache is not None:
            cache.put_all(out)
        return out
    if workers <= 1 or len(docs) < 4:
        out = []
        for d in docs:
            x = _extract_one(d)
            if cache is not None:
                cache.put(x)
            out.append(x)
            if progress:
                progress(d)
        return out
    chunk = max(1, min(64, len(docs) // (workers * 8) or 1))
    root = str(cache.root) if cache is not None else None
    # the parent only unpickles results (no reference cycles): without pausing the collector its
    # full collections walk every result received so far and starve the workers of a core
    with paused_gc(), ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                          initargs=(root,)) as pool:
        out = []
        for d, x in zip(docs, pool.map(_extract_in_worker, docs, chunksize=chunk)):
            x.document = d
            out.append(x)
            if progress:
                progress(d)
    return out


def count_facts(extractions: list[Extraction]) -> int:
    n = 0
    for x in extractions:
        for e in x.engagements:
            n += 1 + len(e.participants) + (1 if e.date.value else 0) + (1 if e.initiator else 0)
            n += sum(max(1, len(m.speakers)) for m in e.issues)
            n += len(e.prior_meetings) + len(e.planned_meetings)
    return n


def build(inputs: list[Path], out_dir: Path, *, warn: Warn, progress: Callable[[str], None] | None = None,
          max_bytes: int | None = None, workers: int | None = None, engine: str = "local",
          address: str | None = None, store_url: str | None = None,
          exporters: list[str] | None = None) -> BuildReport:
    from .ingest import DEFAULT_MAX_BYTES, ingest

    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out_dir / ".kg-build.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise LockedError(f"{out_dir} is locked: another kg build is writing there "
                          f"(remove {out_dir / '.kg-build.lock'} only if no build is running)") from None
    try:
        # what the caller holds (a long-running process: earlier builds' reports, a corpus
        # generator) is none of this build's business: out of the collector's sight until it
        # ends, or every collection here walks it (in kg bench, ~5 s per collection at 100k)
        with frozen():
            report = BuildReport(out_dir)

            def _warn(msg: str) -> None:
                report.warnings.append(msg)
                warn(msg)

            from .cache import CACHE_DIR, ExtractionCache
            from .ingest import read_texts
            from .ingest.seen import ReadCache

            workers = workers if workers is not None else (os.cpu_count() or 1)
            read_workers = workers if engine == "local" else 1
            max_bytes = max_bytes or DEFAULT_MAX_BYTES
            # files stat says did not change since the last build are not read again (their
            # extraction is cached): at 100,000 articles reading them all cost 4 s of every build
            seen = ReadCache(out_dir / CACHE_DIR)
            docs, skipped = ingest(inputs, max_bytes=max_bytes, warn=_warn, workers=read_workers, seen=seen)
            report.documents = len(docs)
            report.skipped = skipped
            n_total = len(docs)
            done = [0]

            def _progress(d: Document) -> None:
                done[0] += 1
                if progress:
                    progress(f"[{done[0]}/{n_total}] {d.source}")

            # Incremental build: only new or changed documents are extracted; the rest come from
            # out_dir/cache/ (see kg/cache.py). Resolution, graph, store and exports are always
            # recomputed over the current documents, so deleted articles simply disappear.
            cache = ExtractionCache(out_dir / CACHE_DIR)
            t_extract = time.perf_counter()
            # decoding 100,000 cached extractions makes millions of objects and no reference cycles:
            # with the collector running, its full collections walked them all again and again
            # (10.2 s -> 4.3 s paused); what ingest left is collected first, while the heap is small
            # (the caller's is frozen)
            gc.collect()
            with paused_gc():
                cached, todo = cache.lookup(docs)
                unread = [i for i in todo if i in seen.unread]
                if unread:  # to be extracted, but not read: read them now
                    texts = read_texts(docs, unread, seen, max_bytes=max_bytes, workers=read_workers)
                    if texts is None:  # one changed since it was listed: read everything again
                        said = set(report.warnings)
                        docs, skipped = ingest(inputs, max_bytes=max_bytes, workers=read_workers,
                                               warn=lambda m: None if m in said else _warn(m))
                        report.documents, report.skipped, n_total = len(docs), skipped, len(docs)
                        cached, todo = cache.lookup(docs)
                    else:
                        docs = texts
                seen.unread = {}
                # and out of its sight at once: re-enabled, its first collections would walk every
                # object the lookup made (~4 s at 100k); they live until the end of the build
                refreeze()
            n_cached = len(docs) - len(todo)
            done[0] = n_cached
            if n_cached and progress:
                progress(f"[{n_cached}/{n_total}] cached extractions reused")
            fresh = extract_all([docs[i] for i in todo], workers=workers, progress=_progress, engine=engine,
                                address=address, cache=cache)
            for i, x in zip(todo, fresh):
                cached[i] = x
            extractions: list[Extraction] = cached  # type: ignore[assignment]
            cache.prune(docs)
            if progress:
                progress(f"extract: {n_cached} cached, {len(todo)} extracted in "
                         f"{time.perf_counter() - t_extract:.1f} s")
            for x in extractions:
                for w in x.warnings:
                    _warn(f"{x.document.source}: {w}")
            # nothing after extraction reads the article text (evidence keeps its own sentences):
            # at 100,000 articles dropping it saves a few hundred MB for the rest of the build
            for x in extractions:
                if x.document.text:
                    x.document = x.document.without_text()
            del docs, fresh, cached
            # the extractions live until the end of the build and hold no cycles: move them out of
            # the collector's sight, so the millions of objects publishing makes are collected fast.
            # A full collection first only when much was extracted here (its garbage would be kept
            # for the rest of the build): after cached lookups it would only walk them (1.6 s at 100k)
            if len(todo) * 20 > n_total:
                gc.collect()
            refreeze()
            publish(extractions, out_dir, report, progress=progress, exporters=exporters)
            if store_url:
                from .remote import push_graph_store

                push_graph_store(out_dir, store_url)
                if progress:
                    progress(f"loaded the graph into {store_url}")
            report.seconds = time.perf_counter() - t0
            _write_manifest(report, report.corpus, out_dir)
            return report
    finally:
        lock.release()


def publish(extractions: list[Extraction], out_dir: Path, report: BuildReport | None = None, *,
            progress: Callable[[str], None] | None = None, exporters: list[str] | None = None) -> BuildReport:
    """Resolve, build the graph, write every export and the store, then swap them all in.

    The graph is streamed once: every block exporter (Turtle, TriG, JSON-LD, N-Quads, N-Triples)
    receives each named graph's block as it is built, so memory stays flat as the corpus grows.
    Everything is written into a staging folder and moved into place only when all of it
    succeeded, so a failing exporter or a killed build leaves the previous build untouched.
    """
    from .export import reuse
    from .export.base import write_blocks, write_whole
    from .export.rdf_formats import NQUADS, NTRIPLES
    from .store import StoreWriter

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = report or BuildReport(out_dir, documents=len(extractions))
    say = progress or (lambda m: None)
    vocab = load_vocabulary()
    # resolution and the graph set make a few million objects that live to the end of the build
    # and form no cycles worth collecting: the collector walking them cost a third of the time
    # (100k: 6.3 s -> 4.2 s); frozen with the extractions when the caller froze those (kg build)
    with paused_gc():
        t = time.perf_counter()
        corpus = resolve(extractions, vocab)
        report.stages["resolve"] = time.perf_counter() - t
        say(f"resolve: {len(corpus.engagements)} engagements, {len(corpus.meetings)} referenced meetings "
            f"in {time.perf_counter() - t:.1f} s")
        graphs = build_graphs(corpus, vocab)
        refreeze()
    report.corpus = corpus
    report.engagements = len(corpus.engagements)
    report.facts = count_facts(extractions)
    meta = {"kg_version": __version__, "documents": report.documents, "engagements": report.engagements,
            "title": "kg: leaders' engagements"}
    ctx = BuildContext(graphs, corpus, meta)
    every = default_exporters()
    selected = every if exporters is None else [e for e in every if e.name in exporters]
    _remove_leftovers(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    sw = None
    pending: list = []  # files still being assembled from the last build's bytes (a thread)
    try:
        streamed = [(e, staging / e.filename) for e in selected if e.blocks is not None]
        t = time.perf_counter()
        sw = StoreWriter(out_dir, len(graphs.graph_ids))
        parts = min(4, os.cpu_count() or 1) if len(graphs.graph_ids) >= 4000 else 1
        nq_path = next((p for e, p in streamed if e is NQUADS), None)
        hidden_nq = staging / ".store.nq"
        if nq_path is None and not sw.incremental:
            # the store is loaded from N-Quads even when graph.nq is not exported; one updated in
            # place needs none (unless too much changed after all: see _nquads_for_store)
            nq_path = hidden_nq
            streamed.append((NQUADS, nq_path))
        sinks: dict[str, float] = {}
        # the last build's exports: blocks whose statements did not change are copied, not formatted
        # (its N-Quads or N-Triples also give a patched graph's old lines, whether or not exported now)
        formats = {e.filename: e.blocks for e, _ in streamed if e.blocks is not None}
        formats.update({NQUADS.filename: NQUADS.blocks, NTRIPLES.filename: NTRIPLES.blocks})
        previous = reuse.load(out_dir, formats)
        if previous is not None:
            sw.old_blocks = _old_lines(previous)
        ranges: dict = {}
        copied: dict[str, int] = {}
        signatures: dict = {}
        known = previous.known([p.name for _, p in streamed], sw.old if sw.incremental else None) if previous else {}
        report.quads = write_blocks(graphs, streamed, collector=sw, timings=sinks, parts=parts,
                                    previous=previous, ranges=ranges, reused=copied, known=known,
                                    signatures=signatures, background=pending)
        ctx.signatures, ctx.previous_dir, ctx.background = signatures, out_dir, pending
        not_made = sum(1 for g, k in known.items() if signatures.get(g) == k[0])
        from .cache import forget_keys

        forget_keys()  # the documents' cache keys (asked for the signatures) are not needed again
        if previous is not None:  # only the old N-Quads lines stay of use (sw.old_blocks)
            previous.figures, previous.signatures = {}, {}
        del known, previous
        keys_path = staging / reuse.KEYS_FILE
        sw.counter.spill(graphs.graph_ids, keys_path)
        report.stages["graph"] = max(0.0, time.perf_counter() - t - sum(sinks.values()))
        t_streamed = t

        said: list[bool] = []

        def _streamed_done() -> None:
            """Wait for the files being assembled (the streamed ones, and GraphML's when it left its
            copying to a thread); say what the streamed pass wrote, once."""
            t = time.perf_counter()
            while pending:
                pending.pop().wait()
            report.stages["export assembly wait"] = report.stages.get("export assembly wait", 0.0) + \
                time.perf_counter() - t
            if said:
                return
            said.append(True)
            for name, sec in sinks.items():
                report.stages[f"export {name}"] = sec
            reused_note = ""
            if copied:
                reused_note = (f"; {max(copied.values())} of {len(graphs.graph_ids)} graphs copied from the last "
                               f"build ({not_made} not made again)")
            say(f"wrote {', '.join(p.name for _, p in streamed if not p.name.startswith('.'))} "
                f"({report.quads} statements) in {time.perf_counter() - t_streamed:.1f} s{reused_note}")

        if not pending:
            _streamed_done()

        def _wrote(name: str, sec: float) -> None:
            report.stages[f"export {name}"] = sec
            say(f"wrote {name} in {sec:.1f} s")

        # side by side when the store is updated in place (few changes: small partial projections)
        write_whole(ctx, [(e, staging / e.filename) for e in selected if e.blocks is None], done=_wrote,
                    side_by_side=sw.incremental)
        ctx.drop_views()  # the projection (and any networkx/rdflib view) is not needed any more
        _streamed_done()  # (a bulk load reads the N-Quads file: it must be complete)
        # A full build's store loads in its own process once the whole-file exporters are done,
        # not beside them: the loader holds ~2 GB at 100,000 articles whatever it is given, and
        # beside the projection and the page the build peaked at 4.0 GB; after them it peaks
        # lower, and both run faster alone (GraphML + HTML 58 s -> 28 s, the load 85 s -> 64 s on
        # 2 cores). An incremental build's store is updated in place here. Either way the new
        # store goes live only after every export succeeded.
        if not sw.incremental:
            release_memory()
        store_t = time.perf_counter()
        # without N-Quads the store is updated in place; if that turns out to be too much after
        # all, it is loaded from N-Quads made then (each graph formatted again: only in that case)
        sw.start_load(nq_path or (lambda: _nquads_for_store(graphs, hidden_nq, parts)))
        t = time.perf_counter()
        # made durable before anything is swapped in; by now the kernel has written most of them
        # back on its own, so this no longer holds up the store's load and the exports above
        for _, path in streamed:
            _fsync(path)
        report.stages["fsync"] = time.perf_counter() - t
        t = time.perf_counter()
        sw.wait_load()
        report.stages["store wait"] = time.perf_counter() - t
        report.quads, report.triples = sw.commit()
        report.stages.update(sw.timings)
        report.stages["store"] = time.perf_counter() - store_t
        say(f"store ({sw.mode}): {report.quads} quads in {report.stages.get('store load', report.stages['store']):.1f} s")
        # the block index describes the files it was made with: none exists while they change
        reuse.remove(out_dir)
        for exp in every:  # an export not written this time must not stay behind, stale
            if exp not in selected:
                (out_dir / exp.filename).unlink(missing_ok=True)
                reuse.parts_index_path(out_dir / exp.filename).unlink(missing_ok=True)
        for exp in selected:
            # a whole-file export's record of its parts (kg.export.reuse.save_parts) goes with it
            parts = reuse.parts_index_path(staging / exp.filename)
            reuse.parts_index_path(out_dir / exp.filename).unlink(missing_ok=True)
            os.replace(staging / exp.filename, out_dir / exp.filename)
            if parts.exists():
                os.replace(parts, reuse.parts_index_path(out_dir / exp.filename))
            report.files[exp.filename] = (out_dir / exp.filename).stat().st_size
        reuse.save(out_dir, graphs.graph_ids, sw.hashes,
                   {e.filename: (out_dir / e.filename, reuse.fingerprint(e.blocks), ranges[e.filename])
                    for e in selected if e.blocks is not None and e.filename in ranges},
                   figures=sw.counter.spilled, keys=keys_path, signatures=signatures)
    finally:
        for a in pending:  # no thread may still write into the staging folder
            try:
                a.wait()
            except Exception:  # noqa: BLE001 - the build already failed with its own error
                pass
        if sw is not None:
            sw.abort()
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _old_lines(previous):
    """A graph's lines in the last build's N-Quads (else N-Triples), given the hash the caller
    expects of them: (bytes, what ends each line after its triple) or None."""
    from .export.rdf_formats import NQUADS, NTRIPLES

    def old(gid: str, h: str | None):
        for name, end in ((NQUADS.filename, f" <{gid}> .\n"), (NTRIPLES.filename, " .\n")):
            if name in previous.files:
                data = previous.block_bytes(name, gid, h)
                return None if data is None else (data, end)
        return None

    return old


def _nquads_for_store(graphs, path: Path, parts: int) -> Path:
    """Every graph as N-Quads at ``path``, for a store that must be loaded in full after all."""
    from .export.base import write_blocks
    from .export.rdf_formats import NQUADS

    write_blocks(graphs, [(NQUADS, path)], parts=parts)
    return path


def release_memory() -> None:
    """Collect what the exports let go and hand the C allocator's free pages back to the OS
    (glibc keeps them otherwise: ~70 MB of a 100,000-article build), before a child process
    that needs much memory of its own starts."""
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def _remove_leftovers(out_dir: Path) -> None:
    """Staging folders and temp files of a build that was killed (builds hold the folder's lock)."""
    for p in [*out_dir.glob(".staging-*"), out_dir / "store.new", out_dir / "store.old"]:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
    for p in out_dir.glob(".*.tmp"):
        try:
            p.unlink()
        except OSError:
            pass


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _write_manifest(report: BuildReport, corpus, out_dir: Path) -> None:
    manifest = {
        "kg_version": __version__,
        "built_at": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "seconds": round(report.seconds, 3),
        # where the time went (kg bench reads it back from a `kg build` it ran)
        "stage_seconds": {k: round(v, 3) for k, v in report.stages.items()},
        "stages": {
            "ingest": {"documents": report.documents, "skipped": len(report.skipped)},
            "extract": {"engagement_reports": sum(len(x.engagements) for x in corpus.extractions),
                        "facts": report.facts},
            "resolve": {"engagements": len(corpus.engagements), "people": len(corpus.people),
                        "referenced_meetings": len(corpus.meetings)},
            "graph": {"triples": report.triples, "quads": report.quads,
                      "named_graphs": len(corpus.documents) + 5},
        },
        "documents": report.documents,
        "engagements": report.engagements,
        "facts": report.facts,
        "triples": report.triples,
        "warnings": len(report.warnings),
        "warning_messages": report.warnings,
        "skipped": [{"file": s.source, "reason": s.reason} for s in report.skipped],
        "files": dict(sorted(report.files.items())),
    }
    atomic_write(out_dir / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
