"""Registers the exporters that ship with kg (each one line, like third-party ones)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from . import rdf_formats  # noqa: F401  (turtle, trig, jsonld, nquads, ntriples)
from .atomic import atomic_path
from .base import BuildContext, Exporter, register_exporter


def write_graphml(ctx: BuildContext, path: Path) -> None:
    G = nx.MultiDiGraph()
    src = ctx.networkx
    for n, d in src.nodes(data=True):
        G.add_node(n, **{k: ("; ".join(v) if isinstance(v, list) else v) for k, v in d.items()})
    for u, v, k, d in src.edges(keys=True, data=True):
        G.add_edge(u, v, key=k, **{a: ("; ".join(b) if isinstance(b, list) else b) for a, b in d.items()})
    with atomic_path(path) as tmp:
        nx.write_graphml(G, tmp, encoding="utf-8", prettyprint=True, named_key_ids=True)


def write_html(ctx: BuildContext, path: Path) -> None:
    from .html import write_html as _write

    _write(ctx.networkx, path, title=ctx.meta.get("title", "kg: leaders' engagements"),
           meta={k: v for k, v in ctx.meta.items() if k in ("kg_version", "documents", "engagements")})


GRAPHML = register_exporter(Exporter("graphml", "graph.graphml", "application/graphml+xml", write_graphml,
                                     "People, engagements, meetings, issues as a networkx GraphML"))
HTML = register_exporter(Exporter("html", "graph.html", "text/html", write_html,
                                  "Interactive offline graph viewer (pyvis / vis-network)"))
