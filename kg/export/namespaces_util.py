"""Helpers shared by exporters."""

from __future__ import annotations

from rdflib import Dataset, Graph

from ..rdf.namespaces import bind_all


def union_graph(ds: Dataset) -> Graph:
    g = Graph()
    bind_all(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
