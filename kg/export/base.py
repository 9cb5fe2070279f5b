"""What an exporter is, and what it receives.

An exporter is one module plus one registration in ``kg.registry.exporters``; it is looked up by
short name ("turtle") or media type ("text/turtle"), and writes one file of the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from rdflib import Dataset

from ..registry import exporters
from ..resolve import Corpus


@dataclass
class BuildContext:
    """Everything an exporter may need; the networkx projection is computed once, on demand."""

    dataset: Dataset
    corpus: Corpus
    meta: dict = field(default_factory=dict)

    @cached_property
    def networkx(self):
        from .netx import to_networkx

        return to_networkx(self.corpus, self.dataset)


@dataclass(frozen=True)
class Exporter:
    name: str
    filename: str  # default file name in the output folder
    media_type: str
    write: Callable[[BuildContext, Path], None]
    description: str = ""


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
