"""Registers the exporters that ship with kg (each one line, like third-party ones)."""

from __future__ import annotations

from pathlib import Path

from . import rdf_formats  # noqa: F401  (turtle, trig, jsonld, nquads, ntriples)
from .base import BuildContext, Exporter, register_exporter
from .graphml import write_graphml


def write_html(ctx: BuildContext, path: Path) -> None:
    from .html import write_html as _write

    _write(ctx.projection, path, title=ctx.meta.get("title", "kg: leaders' engagements"),
           meta={k: v for k, v in ctx.meta.items() if k in ("kg_version", "documents", "engagements")})


GRAPHML = register_exporter(Exporter("graphml", "graph.graphml", "application/graphml+xml", write=write_graphml,
                                     description="People, engagements, meetings, issues as GraphML (the networkx projection)"))
HTML = register_exporter(Exporter("html", "graph.html", "text/html", write=write_html,
                                  description="Interactive offline graph viewer (pyvis / vis-network)"))
