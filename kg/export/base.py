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
    """Everything an exporter may need; the rdflib and networkx views are computed on demand."""

    graphs: object  # kg.rdf.build.GraphSet
    corpus: Corpus
    meta: dict = field(default_factory=dict)

    @cached_property
    def dataset(self):
        from ..rdf.build import to_dataset

        return to_dataset(self.graphs)

    @cached_property
    def networkx(self):
        from .netx import to_networkx

        return to_networkx(self.corpus)


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

    def __init__(self, fmt: BlockFormat, fh):
        self.fmt, self.fh, self.first, self.seconds = fmt, fh, True, 0.0
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

    def close(self) -> None:
        t = perf_counter()
        self.fh.write(self.fmt.footer())
        self.fh.flush()
        self.seconds += perf_counter() - t


def write_blocks(graphs, targets: Iterable[tuple[Exporter, Path]],
                 on_block: Callable[[str, list], None] | None = None,
                 timings: dict[str, float] | None = None) -> int:
    """Stream every named graph once into all ``targets``; returns the number of statements.

    ``on_block`` sees each block too (the store loader uses it). Files are written where told; the
    caller stages them and moves them into place (see kg.pipeline.publish). ``timings`` receives
    the seconds spent in each target (keyed by file name), for ``kg bench``."""
    n = 0
    with ExitStack() as stack:
        sinks = []
        targets = list(targets)
        for exp, path in targets:
            assert exp.blocks is not None
            fh = stack.enter_context(open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20))
            sinks.append(_Sink(exp.blocks(), fh))
        for gid, triples in graphs.blocks():
            n += len(triples)
            for s in sinks:
                s.add(gid, triples)
            if on_block is not None:
                on_block(gid, triples)
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
