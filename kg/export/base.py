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
import shutil
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from time import perf_counter
from typing import Callable, Iterable

from ..registry import exporters
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

    @cached_property
    def dataset(self):
        from ..rdf.build import to_dataset

        return to_dataset(self.graphs)

    @cached_property
    def projection(self):
        from .netx import project

        return project(self.corpus)

    @cached_property
    def networkx(self):
        return self.projection.to_networkx()

    def drop_views(self) -> None:
        """Forget the computed views (the exporters that needed them are done): at 100,000
        articles they hold a few hundred MB the rest of the build has no use for."""
        for name in ("dataset", "projection", "networkx"):
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
    """One open output file of a block exporter (buffered, UTF-8)."""

    def __init__(self, fmt: BlockFormat, fh, header: bool = True):
        self.fmt, self.fh, self.first, self.seconds = fmt, fh, True, 0.0
        if header:
            fh.write(fmt.header())

    def add(self, gid: str, triples) -> None:
        t = perf_counter()
        text = self.fmt.block(gid, triples)
        if text:
            if not self.first and self.fmt.separator:
                self.fh.write(self.fmt.separator)
            self.fh.write(text)
            self.first = False
        self.seconds += perf_counter() - t

    def append_part(self, path: Path, empty: bool) -> None:
        """Append a part another process wrote (its blocks, no header or footer)."""
        if empty:
            return
        t = perf_counter()
        if not self.first and self.fmt.separator:
            self.fh.write(self.fmt.separator)
        self.fh.flush()
        with open(path, "rb") as src:
            shutil.copyfileobj(src, self.fh.buffer, 1 << 22)
        self.first = False
        self.seconds += perf_counter() - t

    def close(self) -> None:
        t = perf_counter()
        self.fh.write(self.fmt.footer())
        self.fh.flush()
        self.seconds += perf_counter() - t


def _stream(graphs, gids, sinks: list[_Sink], collector) -> int:
    n = 0
    for gid in gids:
        triples = graphs.block(gid)
        n += len(triples)
        for s in sinks:
            s.add(gid, triples)
        if collector is not None:
            collector.on_block(gid, triples)
    return n


def _part_child(graphs, gids, paths, fmts, collector, conn) -> None:  # pragma: no cover - forked
    try:
        sinks = []
        handles = []
        for path, fmt in zip(paths, fmts):
            fh = open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20)
            handles.append(fh)
            sinks.append(_Sink(fmt(), fh, header=False))
        n = _stream(graphs, gids, sinks, collector)
        for fh in handles:
            fh.flush()
            fh.close()
        conn.send(("ok", n, [s.first for s in sinks], [s.seconds for s in sinks],
                   collector.export_state() if collector is not None else None))
    except BaseException as e:  # noqa: BLE001 - reported to the parent
        conn.send(("error", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def write_blocks(graphs, targets: Iterable[tuple[Exporter, Path]], collector=None,
                 timings: dict[str, float] | None = None, parts: int = 1, min_per_part: int = 500) -> int:
    """Stream every named graph once into all ``targets``; returns the number of statements.

    ``collector`` (``on_block(gid, triples)``, and for ``parts > 1`` also ``export_state()`` /
    ``merge_state(state)``) sees each block too: the store loader hashes them. Files are written
    where told; the caller stages them and moves them into place (see kg.pipeline.publish).
    ``timings`` receives the seconds spent in each target (keyed by file name), for ``kg bench``.

    With ``parts > 1`` the graphs are cut into that many runs (in graph order); forked processes
    format all but the first run into part files while this process formats the first, and the
    parts are appended in order: the files are byte-identical to a one-process pass.
    """
    targets = list(targets)
    gids = list(graphs.graph_ids)
    parts = max(1, min(parts, len(gids) // min_per_part or 1))
    if parts > 1 and "fork" not in mp.get_all_start_methods():
        parts = 1
    bounds = [len(gids) * k // parts for k in range(parts + 1)]
    runs = [gids[bounds[k]:bounds[k + 1]] for k in range(parts)]
    n = 0
    with ExitStack() as stack:
        sinks = []
        for exp, path in targets:
            assert exp.blocks is not None
            fh = stack.enter_context(open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20))
            sinks.append(_Sink(exp.blocks(), fh))
        children = []
        if parts > 1:
            ctx = mp.get_context("fork")
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=".parts-", dir=Path(targets[0][1]).parent)))
            for k in range(1, parts):
                paths = [tmp / f"{k}-{Path(p).name}" for _, p in targets]
                parent_end, child_end = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_part_child, daemon=True,
                                   args=(graphs, runs[k], paths, [e.blocks for e, _ in targets], collector, child_end))
                proc.start()
                child_end.close()
                children.append((proc, parent_end, paths))
        try:
            n += _stream(graphs, runs[0], sinks, collector)
            for proc, conn, paths in children:
                try:
                    msg = conn.recv()
                except EOFError:
                    msg = ("error", "a block-writing process died")
                proc.join()
                if msg[0] != "ok":
                    raise RuntimeError(f"writing the exports failed in a worker process: {msg[1]}")
                _, m, empties, secs, state = msg
                n += m
                for s, path, empty, sec in zip(sinks, paths, empties, secs):
                    s.append_part(path, empty)
                    s.seconds += sec
                if collector is not None:
                    collector.merge_state(state)
        finally:
            for proc, _, _ in children:
                if proc.is_alive():
                    proc.kill()
                    proc.join()
        for s in sinks:
            s.close()
        if timings is not None:
            for (_, path), s in zip(targets, sinks):
                timings[Path(path).name] = s.seconds
    return n


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
