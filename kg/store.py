"""Store stage: the built graph in a persistent Oxigraph store inside the output folder.

Turtle/TriG stay the portable source of truth; the store is a rebuildable cache that ``kg query``
and ``kg validate`` read without re-parsing exports. Each document's named graph is loaded in
its own transaction (pyoxigraph ``extend``), so a killed build leaves every document complete
or absent. A new store is built beside the old one and swapped in, so a failed build never
damages the last good store.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

STORE_DIR = "store"


def _term(t):
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    raise TypeError(f"unsupported term {t!r}")


def quads_by_graph(ds: Dataset) -> dict[str, list]:
    out: dict[str, list] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = g.identifier if isinstance(g, Graph) else g
        if gid is None:
            continue
        out.setdefault(str(gid), []).append(ox.Quad(_term(s), _term(p), _term(o), ox.NamedNode(str(gid))))
    return out


def write_store(ds: Dataset, out_dir: Path) -> int:
    """Build the store in a temp folder, one transaction per named graph, then swap it in."""
    final = out_dir / STORE_DIR
    tmp = out_dir / (STORE_DIR + ".new")
    if tmp.exists():
        shutil.rmtree(tmp)
    store = ox.Store(str(tmp))
    n = 0
    for gid in sorted(quads_by_graph_cache := quads_by_graph(ds)):
        quads = quads_by_graph_cache[gid]
        store.extend(quads)
        n += len(quads)
    store.flush()
    del store
    old = out_dir / (STORE_DIR + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    if old.exists():
        shutil.rmtree(old)
    return n


def open_store(out_dir: Path) -> ox.Store:
    """The last build's store, read-only; falls back to loading graph.trig into memory."""
    path = out_dir / STORE_DIR
    if path.is_dir():
        try:
            return ox.Store.read_only(str(path))
        except OSError:
            pass
    trig = out_dir / "graph.trig"
    store = ox.Store()
    store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    return store
