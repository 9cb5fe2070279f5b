"""What an exporter is, and what it receives.

An exporter is one module plus one registration in ``kg.registry.exporters``; it is looked up by
short name ("turtle") or media type ("text/turtle"), and writes one file of the build.

Two kinds exist. A *block* exporter (``blocks=``) describes a text format as header + one block
per named graph + footer; the build streams the graph once and feeds every block exporter at the
same time, so the graph is never held whole in memory, whatever its size. A *whole* exporter
(``write=``) gets the :class:`BuildContext` and writes its file itself (GraphML, HTML, or a
plugin that wants ``ctx.dataset``, an rdflib Dataset built on demand).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import tempfile
import threading
from array import array
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from time import perf_counter
from typing import Callable, Iterable

from ..registry import exporters
from .reuse import Plan, carry_out
from ..resolve import Corpus


class BlockFormat:
    """A text format written graph by graph; ``block`` must depend on its arguments only."""

    separator = ""

    def header(self) -> str:
        return ""

    def block(self, gid: str, triples: list[tuple[str, str, str]]) -> str:
        raise NotImplementedError

    def footer(self) -> str:
        return ""


@dataclass
class BuildContext:
    """Everything an exporter may need; the rdflib, projection and networkx views are computed
    on demand, once.

    ``projection`` (kg.export.netx.Projection) is what GraphML and HTML read: the networkx graph
    of a big corpus takes several times its memory, so ``networkx`` (the same graph, for plugins)
    is built from it only when asked for.
    """

    graphs: object  # kg.rdf.build.GraphSet
    corpus: Corpus
    meta: dict = field(default_factory=dict)
    # each named graph's signature (kg.rdf.build.GraphSet.signature), once the graph is streamed,
    # and the folder of the last build: a whole-file exporter may take the parts of its file that
    # did not change from there (kg.export.graphml)
    signatures: dict | None = None
    previous_dir: Path | None = None
    # where a whole-file exporter may leave the writing of its file to a thread (an Assembling
    # appended here; the build waits for it before it reads or moves the file)
    background: list | None = None

    @cached_property
    def dataset(self):
        from ..rdf.build import to_dataset

        return to_dataset(self.graphs)

    @cached_property
    def projection(self):
        from .netx import project

        return project(self.corpus)

    @cached_property
    def owner_signatures(self) -> dict[str, bytes]:
        """kg.export.netx.owner_signatures of the corpus (empty before the graph is streamed)."""
        from .netx import owner_signatures

        if self.signatures is None:
            return {}
        graph_of = self.graphs.document_graph_ids  # type: ignore[attr-defined]
        return owner_signatures(self.corpus, {d: s for d, g in graph_of.items() if (s := self.signatures.get(g))})

    @cached_property
    def projection_frame(self):
        """kg.export.netx.frame of the corpus: what every partial projection starts from."""
        from .netx import frame

        return frame(self.corpus)

    def projection_without(self, skip: set[str]):
        """The projection with the owners in ``skip`` not made (kg.export.netx.project)."""
        from .netx import project

        return project(self.corpus, skip, self.projection_frame)

    @cached_property
    def networkx(self):
        return self.projection.to_networkx()

    def drop_views(self) -> None:
        """Forget the computed views (the exporters that needed them are done): at 100,000
        articles they hold a few hundred MB the rest of the build has no use for."""
        for name in ("dataset", "projection", "networkx", "owner_signatures", "projection_frame"):
            self.__dict__.pop(name, None)


@dataclass(frozen=True)
class Exporter:
    name: str
    filename: str  # default file name in the output folder
    media_type: str
    write: Callable[[BuildContext, Path], None] | None = None
    description: str = ""
    blocks: Callable[[], BlockFormat] | None = None

    def __post_init__(self) -> None:
        if (self.write is None) == (self.blocks is None):
            raise ValueError(f"exporter {self.name!r} needs exactly one of write= or blocks=")

    def export(self, ctx: BuildContext, path: Path) -> None:
        if self.blocks is not None:
            write_blocks(ctx.graphs, [(self, Path(path))])
        else:
            self.write(ctx, Path(path))  # type: ignore[misc]


class _Sink:
    """One output file of a block exporter (buffered, UTF-8 bytes), knowing where each block went."""

    def __init__(self, fmt: BlockFormat, fh, header: bool = True):
        self.fmt, self.fh, self.first, self.seconds = fmt, fh, True, 0.0
        self.sep = fmt.separator.encode("utf-8")
        self.pos = 0
        self.ranges = array("q")  # start, length of each block, in stream order (for kg.export.reuse)
        if header:
            self._write(fmt.header().encode("utf-8"))

    def _write(self, data: bytes) -> None:
        self.fh.write(data)
        self.pos += len(data)

    def add(self, gid: str, triples) -> None:
        t = perf_counter()
        text = self.fmt.block(gid, triples)
        if text:
            data = text.encode("utf-8")
            if not self.first and self.sep:
                self._write(self.sep)
            self.ranges.append(self.pos)
            self.ranges.append(len(data))
            self._write(data)
            self.first = False
        else:
            self.ranges.append(self.pos)
            self.ranges.append(0)
        self.seconds += perf_counter() - t

    def append_part(self, path: Path, empty: bool, ranges: array) -> None:
        """Append a part another process wrote (its blocks, no header or footer)."""
        t = perf_counter()
        if not empty and not self.first and self.sep:
            self._write(self.sep)
        base = self.pos
        for k in range(0, len(ranges), 2):
            self.ranges.append(base + ranges[k])
            self.ranges.append(ranges[k + 1])
        if not empty:
            self.fh.flush()
            with open(path, "rb") as src:
                shutil.copyfileobj(src, self.fh.raw, 1 << 22)
            self.pos += Path(path).stat().st_size
            self.first = False
        self.seconds += perf_counter() - t

    def close(self) -> None:
        t = perf_counter()
        self._write(self.fmt.footer().encode("utf-8"))
        self.fh.flush()
        self.seconds += perf_counter() - t


def _signature(graphs, gid: str) -> str | None:
    fn = getattr(graphs, "signature", None)
    return fn(gid) if fn is not None else None


def _stream(graphs, gids, sinks: list[_Sink], collector, sigs: dict | None = None) -> int:
    n = 0
    for gid in gids:
        triples = graphs.block(gid)
        n += len(triples)
        for s in sinks:
            s.add(gid, triples)
        if collector is not None:
            collector.on_block(gid, triples)
        if sigs is not None:
            sigs[gid] = _signature(graphs, gid)
    return n


def _part_child(graphs, gids, paths, fmts, collector, want_sigs, conn) -> None:  # pragma: no cover - forked
    try:
        sinks = []
        handles = []
        for path, fmt in zip(paths, fmts):
            fh = open(path, "wb", buffering=1 << 20)
            handles.append(fh)
            sinks.append(_Sink(fmt(), fh, header=False))
        sigs: dict | None = {} if want_sigs else None
        n = _stream(graphs, gids, sinks, collector, sigs)
        for fh in handles:
            fh.flush()
            fh.close()
        conn.send(("ok", n, [s.first for s in sinks], [s.seconds for s in sinks], [s.ranges for s in sinks],
                   collector.export_state() if collector is not None else None, sigs))
    except BaseException as e:  # noqa: BLE001 - reported to the parent
        conn.send(("error", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def _plan_run(graphs, gids, paths, fmts, reusable, collector, old_hashes, known) -> tuple:
    """The reusing pass over one run of graphs. A document graph whose signature is the one the
    last build recorded (``known``) is not made at all: its figures go to the collector and every
    file copies its bytes. Every other block is made and hashed (by the collector); one whose hash
    is the last build's is not formatted for the files that can copy it (offset -1), the others
    are written, without separators, to this run's part files. Returns (statements, per file:
    offsets, lengths, seconds; signatures; the graphs taken as ``known`` said)."""
    n = 0
    fmts = [f() for f in fmts]
    offs = [array("q") for _ in fmts]
    lens = [array("q") for _ in fmts]
    secs = [0.0] * len(fmts)
    pos = [0] * len(fmts)
    sigs: dict[str, str | None] = {}
    taken: list[str] = []
    handles = [open(p, "wb", buffering=1 << 20) for p in paths]
    try:
        for gid in gids:
            sig = sigs[gid] = _signature(graphs, gid)
            k = known.get(gid)
            if k is not None and sig is not None and k[0] == sig:
                collector.on_known(gid, *k[1:])
                taken.append(gid)
                n += k[2]
                for i in range(len(fmts)):
                    offs[i].append(-1)
                    lens[i].append(0)
                continue
            triples = graphs.block(gid)
            n += len(triples)
            same = collector.on_block(gid, triples) == old_hashes.get(gid)
            for i, fmt in enumerate(fmts):
                if same and reusable[i]:
                    offs[i].append(-1)
                    lens[i].append(0)
                    continue
                t = perf_counter()
                data = fmt.block(gid, triples).encode("utf-8")
                handles[i].write(data)
                offs[i].append(pos[i])
                lens[i].append(len(data))
                pos[i] += len(data)
                secs[i] += perf_counter() - t
    finally:
        for fh in handles:
            fh.close()
    return n, offs, lens, secs, sigs, taken


def _plan_child(graphs, gids, paths, fmts, reusable, collector, old_hashes, known, conn) -> None:  # pragma: no cover - forked
    try:
        n, offs, lens, secs, sigs, taken = _plan_run(graphs, gids, paths, fmts, reusable, collector, old_hashes,
                                                     known)
        # what the parent has in ``known`` already is not sent back, only which graphs took it:
        # at 100,000 articles the figures and keys of ~50,000 such graphs took ~0.6 s to pickle
        # and unpickle, after the run
        skip = set(taken)
        sigs = {g: v for g, v in sigs.items() if g not in skip}
        conn.send(("ok", n, offs, lens, secs, sigs, taken, collector.export_state(without=skip)))
    except BaseException as e:  # noqa: BLE001 - reported to the parent
        conn.send(("error", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def _assemble(path: Path, fmt: BlockFormat, old, position, runs, plans, part_paths) -> tuple[Plan, array, int]:
    """Plan one file from the previous file's blocks and the run's part files, in graph order;
    neighbouring pieces from one place are copied in one call (reuse.carry_out writes it).
    Returns the plan, the new ranges and the number of blocks copied from the previous file."""
    sep = fmt.separator.encode("utf-8")
    ranges = array("q")
    reused = 0
    # source 0: the previous file; source k + 1: run k's part file
    plan = Plan(path, [old.path if old is not None else os.devnull, *part_paths])
    plan.text(fmt.header().encode("utf-8"))
    first = True
    last_src, last_end = -1, -1  # where the piece written last ended (its source, offset)
    for k, (run, (offs, lens)) in enumerate(zip(runs, plans)):
        for j, gid in enumerate(run):
            if offs[j] < 0:
                src = 0
                start, length = old.range(position[gid])
                reused += 1
            else:
                src, start, length = k + 1, offs[j], lens[j]
            if length == 0:
                ranges.append(plan.pos)
                ranges.append(0)
                continue
            if not first:
                # the previous file has the separator between two of its blocks; part files have none
                if src == 0 and last_src == 0 and start == last_end + len(sep):
                    plan.copy(0, last_end, len(sep))
                else:
                    plan.text(sep)
            ranges.append(plan.pos)
            ranges.append(length)
            plan.copy(src, start, length)
            last_src, last_end = src, start + length
            first = False
    plan.text(fmt.footer().encode("utf-8"))
    return plan, ranges, reused


def _with_parent(target, parent: int, *args) -> None:  # pragma: no cover - forked
    """Run a forked writer that dies with the build (kg.lifetime)."""
    from ..lifetime import exit_with_parent

    exit_with_parent(parent)
    target(*args)


@contextmanager
def _forked(target, arg_lists: list[tuple]):
    """One forked process per argument tuple (the sending end of a pipe is passed last); yields a
    generator of what each sent back, in order, raising if one failed or died. Processes still
    running when the block ends (an error here) are killed."""
    children = []
    try:
        if arg_lists:
            ctx = mp.get_context("fork")
            for args in arg_lists:
                parent_end, child_end = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_with_parent, daemon=True, args=(target, os.getpid(), *args, child_end))
                proc.start()
                child_end.close()
                children.append((proc, parent_end))

        def results():
            for proc, conn in children:
                try:
                    msg = conn.recv()
                except EOFError:
                    msg = ("error", "a block-writing process died")
                proc.join()
                if msg[0] != "ok":
                    raise RuntimeError(f"writing the exports failed in a worker process: {msg[1]}")
                yield msg[1:]

        yield results()
    finally:
        for proc, _ in children:
            if proc.is_alive():
                proc.kill()
                proc.join()


def write_blocks(graphs, targets: Iterable[tuple[Exporter, Path]], collector=None,
                 timings: dict[str, float] | None = None, parts: int = 1, min_per_part: int = 500,
                 previous=None, ranges: dict[str, array] | None = None,
                 reused: dict[str, int] | None = None, known: dict | None = None,
                 signatures: dict | None = None, background: list | None = None) -> int:
    """Stream every named graph once into all ``targets``; returns the number of statements.

    ``collector`` (``on_block(gid, triples)`` returning the block's hash, and for ``parts > 1``
    also ``export_state()`` / ``merge_state(state)``) sees each block too: the store writer hashes
    and counts them. Files are written where told; the caller stages them and moves them into
    place (see kg.pipeline.publish). ``timings`` receives the seconds spent in each target (keyed
    by file name), for ``kg bench``; ``ranges`` receives where each block went in each file (keyed
    by file name, graph order), for the next build's ``previous`` (kg.export.reuse.Previous): the
    blocks whose hash it has are copied from its files instead of formatted again (``reused``
    receives how many, per file name), and the graphs in ``known`` (kg.export.reuse.Previous.known:
    the collector needs ``on_known``) whose signature did not change are not even made.
    ``signatures`` receives each graph's signature (kg.rdf.build.GraphSet.signature).

    With ``parts > 1`` the graphs are cut into that many runs (in graph order); forked processes
    format all but the first run into part files while this process formats the first, and the
    parts are appended in order: the files are byte-identical to a one-process pass.

    With ``background`` (a list) a reusing pass leaves the files' assembly - copying the last
    build's bytes, I/O the kernel does - to a thread and appends an :class:`Assembling` to the
    list: the caller computes the whole-file exports meanwhile and ``wait()``s before it reads
    the files, ``ranges``, ``reused`` or ``timings``.
    """
    targets = list(targets)
    gids = list(graphs.graph_ids)
    parts = max(1, min(parts, len(gids) // min_per_part or 1))
    if parts > 1 and "fork" not in mp.get_all_start_methods():
        parts = 1
    olds = [previous.files.get(Path(p).name) if previous is not None else None for _, p in targets]
    if collector is not None and any(o is not None for o in olds):
        runs = _balanced(gids, parts, known or {}, previous)
        return _write_reusing(graphs, targets, collector, previous, olds, runs, timings, ranges, reused,
                              known or {}, signatures, background)
    bounds = [len(gids) * k // parts for k in range(parts + 1)]
    runs = [gids[bounds[k]:bounds[k + 1]] for k in range(parts)]
    n = 0
    with ExitStack() as stack:
        sinks = []
        for exp, path in targets:
            assert exp.blocks is not None
            fh = stack.enter_context(open(path, "wb", buffering=1 << 20))
            sinks.append(_Sink(exp.blocks(), fh))
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=".parts-", dir=Path(targets[0][1]).parent))) \
            if parts > 1 else None
        part_paths = [[tmp / f"{k}-{Path(p).name}" for _, p in targets] for k in range(1, parts)] if tmp else []
        fmts = [e.blocks for e, _ in targets]
        with _forked(_part_child, [(graphs, runs[k], part_paths[k - 1], fmts, collector, signatures is not None)
                                   for k in range(1, parts)]) as results:
            n += _stream(graphs, runs[0], sinks, collector, signatures)
            for paths, (m, empties, secs, part_ranges, state, sigs) in zip(part_paths, results):
                n += m
                if signatures is not None:
                    signatures.update(sigs)
                for s, path, empty, sec, rng in zip(sinks, paths, empties, secs, part_ranges):
                    s.append_part(path, empty, rng)
                    s.seconds += sec
                if collector is not None:
                    collector.merge_state(state)
        for s in sinks:
            s.close()
        if timings is not None:
            for (_, path), s in zip(targets, sinks):
                timings[Path(path).name] = s.seconds
        if ranges is not None:
            for (_, path), s in zip(targets, sinks):
                ranges[Path(path).name] = s.ranges
    return n


class Assembling:
    """Export files being assembled in a thread (``write_blocks(background=...)``).

    On an incremental 100,000-article build the assembly copies ~5 GB of unchanged blocks, work
    for the kernel and the disk: the GraphML and HTML exports are computed meanwhile. The thread
    plans the files and waits for the process that writes them (reuse.carry_out: copying from
    this thread, each copy waited for the GIL). GraphML's own copying is left to one too
    (``BuildContext.background``)."""

    def __init__(self, work: Callable[[], None], cleanup: Callable[[], None] = lambda: None):
        self._error: BaseException | None = None
        self._cleanup = cleanup

        def run() -> None:
            try:
                work()
            except BaseException as e:  # noqa: BLE001 - raised again by wait()
                self._error = e

        self._thread = threading.Thread(target=run, name="kg-assemble", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Block until the files are complete; raises what the assembly raised."""
        self._thread.join()
        self._cleanup()
        if self._error is not None:
            raise self._error


# A reusing pass's work per graph, in microseconds measured at 100,000 articles: a document graph
# taken from the last build costs its signature; a part of the shared resolved graph taken so
# costs more (its signature hashes ~17 meetings, not one or two engagements); any other graph is
# made and hashed, per statement of its last size (formatted too only if it changed: few do); a
# new graph is made, hashed and formatted for every file (~50 statements)
KNOWN_DOCUMENT_US = 14
KNOWN_SHARED_US = 56
MADE_STATEMENT_US = 5
NEW_GRAPH_US = 2000


def _balanced(gids: list[str], parts: int, known: dict, previous) -> list[list[str]]:
    """Runs (in graph order) of about equal work for a reusing pass (the costs above). Cut by
    count, one run got every shared graph (they sort last) and the others waited for it."""
    from ..rdf.iris import document_graph

    sizes = previous.figures
    doc_prefix = str(document_graph("x"))[:-1]
    weights = [(KNOWN_DOCUMENT_US if g.startswith(doc_prefix) else KNOWN_SHARED_US) if g in known
               else MADE_STATEMENT_US * sizes[g][0] if g in sizes else NEW_GRAPH_US for g in gids]
    total = sum(weights)
    runs: list[list[str]] = []
    start, acc = 0, 0
    for i, w in enumerate(weights):
        acc += w
        if len(runs) < parts - 1 and acc >= total * (len(runs) + 1) / parts:
            runs.append(gids[start:i + 1])
            start = i + 1
    runs.append(gids[start:])
    return [r for r in runs if r] or [gids]


def _write_reusing(graphs, targets, collector, previous, olds, runs, timings, ranges, reused, known,
                   signatures, background=None) -> int:
    fmts = [e.blocks for e, _ in targets]
    reusable = [o is not None for o in olds]
    old_hashes = previous.hashes
    n = 0
    tmp = Path(tempfile.mkdtemp(prefix=".parts-", dir=Path(targets[0][1]).parent))
    cleanup = lambda: shutil.rmtree(tmp, ignore_errors=True)  # noqa: E731
    try:
        part_paths = [[tmp / f"{k}-{Path(p).name}" for _, p in targets] for k in range(len(runs))]
        plans = []
        secs = [0.0] * len(targets)
        with _forked(_plan_child, [(graphs, runs[k], part_paths[k], fmts, reusable, collector, old_hashes, known)
                                   for k in range(1, len(runs))]) as results:
            first = _plan_run(graphs, runs[0], part_paths[0], fmts, reusable, collector, old_hashes, known)
            # a forked run also sends what its collector learned (this process's saw it directly),
            # except for the graphs it took as ``known`` said: those are told here
            for m, offs, lens, sec, sigs, taken, *state in [first, *results]:
                n += m
                if signatures is not None:
                    signatures.update(sigs)
                plans.append((offs, lens))
                secs = [a + b for a, b in zip(secs, sec)]
                if state:
                    collector.merge_state(state[0])
                    for g in taken:
                        k = known[g]
                        collector.on_known(g, *k[1:])
                        if signatures is not None:
                            signatures[g] = k[0]
    except BaseException:
        cleanup()
        raise
    position = previous.position

    def assemble() -> None:
        t = perf_counter()
        todo = []
        for i, ((exp, path), old) in enumerate(zip(targets, olds)):
            plan, rng, copied = _assemble(Path(path), exp.blocks(), old, position, runs,
                                          [(offs[i], lens[i]) for offs, lens in plans], [pp[i] for pp in part_paths])
            todo.append(plan)
            if ranges is not None:
                ranges[Path(path).name] = rng
            if reused is not None:
                reused[Path(path).name] = copied
        # made durable here (by the copying process): the build fsyncs its exports before the
        # swap, and these are then done
        carry_out(todo)
        if timings is not None:  # the files were written together: their time is shared out by size
            total = sum(p.pos for p in todo) or 1
            spent = perf_counter() - t
            for (_, path), sec, plan in zip(targets, secs, todo):
                timings[Path(path).name] = sec + spent * plan.pos / total

    if background is not None:
        background.append(Assembling(assemble, cleanup))
        return n
    try:
        assemble()
    finally:
        cleanup()
    return n


def write_whole(ctx: BuildContext, targets: Iterable[tuple[Exporter, Path]],
                done: Callable[[str, float], None] | None = None, side_by_side: bool = False) -> dict[str, float]:
    """Run the whole-file exporters; returns the seconds each took (keyed by file name).

    One after the other, unless ``side_by_side``: then every exporter but the first runs in a
    forked process while this one runs the first, each process making the views it needs (the
    owners' signatures, the projection's frame). Made here once before the fork, the page's
    process waited ~6 s for them at 100,000 articles before it could start; made in both, the
    +100-article build was 1 to 3 s faster unsampled (no gain measurable under kg bench's memory
    sampler, whose PSS reads slow the copy-on-write faults of both processes). Meant for an incremental build,
    whose partial projections are small: measured on a full 100,000-article build, a forked
    GraphML writer copied 1.7 GB of the parent's pages (reference counts it touched) and took
    the build to 4.1 GB."""
    targets = list(targets)
    secs: dict[str, float] = {}

    def took(path: Path, sec: float) -> None:
        secs[Path(path).name] = sec
        if done:
            done(Path(path).name, sec)

    def run(exp: Exporter, path: Path) -> None:
        t = perf_counter()
        exp.write(ctx, path)  # type: ignore[misc]
        took(path, perf_counter() - t)

    if side_by_side and len(targets) > 1 and "fork" in mp.get_all_start_methods():
        with _forked(_whole_child, [(exp, ctx, Path(path)) for exp, path in targets[1:]]) as results:
            run(*targets[0])
            for (_, path), (sec,) in zip(targets[1:], results):
                took(path, sec)
        return secs
    for exp, path in targets:
        run(exp, path)
    return secs


def _whole_child(exp: Exporter, ctx: BuildContext, path: Path, conn) -> None:  # pragma: no cover - forked
    try:
        ctx.background = None  # nothing is left to a thread here: the file is whole when this ends
        t = perf_counter()
        exp.write(ctx, path)  # type: ignore[misc]
        conn.send(("ok", perf_counter() - t))
    except BaseException as e:  # noqa: BLE001 - reported to the parent
        conn.send(("error", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def register_exporter(exp: Exporter) -> Exporter:
    exporters.register(exp.name, exp)
    exporters.register(exp.media_type, exp)
    return exp


def default_exporters() -> list[Exporter]:
    """The exporters ``kg build`` runs, one per distinct exporter, in a stable order."""
    from . import builtin  # noqa: F401  (registers the built-in exporters)

    seen: dict[str, Exporter] = {}
    for name, exp in exporters.items():
        if "/" not in name and isinstance(exp, Exporter):
            seen.setdefault(exp.filename, exp)
    return [seen[k] for k in sorted(seen)]
