"""GraphML of the networkx projection, written as a stream.

networkx's own writer builds the whole XML tree in memory (about 15 s and a few hundred MB for
10,000 articles); this one writes the same document element by element. Key ids are unique per
domain ("node.label", "edge.label"): networkx's named key ids reuse one id for a node and an
edge attribute of the same name, which strict GraphML readers reject.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .atomic import atomic_path
from .base import BuildContext

NS = ('xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
      'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"')


def _type(v) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    return "string"


def _text(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        v = "; ".join(str(x) for x in v)
    return escape(str(v))


def _keys(items, domain: str) -> dict[str, str]:
    """attribute name -> GraphML type; a name seen with several types is written as string."""
    types: dict[str, str] = {}
    for d in items:
        for k, v in d.items():
            if v is None:
                continue
            t = _type(v)
            if types.setdefault(k, t) != t:
                types[k] = "string"
    return dict(sorted(types.items()))


def write_graphml(ctx: BuildContext, path: Path) -> None:
    G = ctx.networkx
    node_keys = _keys((d for _, d in G.nodes(data=True)), "node")
    edge_keys = _keys((d for *_, d in G.edges(keys=True, data=True)), "edge")
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
        w = fh.write
        w(f"<?xml version='1.0' encoding='utf-8'?>\n<graphml {NS}>\n")
        for domain, keys in (("node", node_keys), ("edge", edge_keys)):
            for k, t in keys.items():
                w(f'<key id={quoteattr(domain + "." + k)} for="{domain}" attr.name={quoteattr(k)} '
                  f'attr.type="{t}"/>\n')
        w(f'<graph edgedefault="{"directed" if G.is_directed() else "undirected"}">\n')
        for n, d in G.nodes(data=True):
            w(f"<node id={quoteattr(str(n))}>\n")
            for k in sorted(d):
                if d[k] is not None:
                    w(f'  <data key={quoteattr("node." + k)}>{_text(d[k])}</data>\n')
            w("</node>\n")
        for u, v, key, d in G.edges(keys=True, data=True):
            w(f"<edge id={quoteattr(str(key))} source={quoteattr(str(u))} target={quoteattr(str(v))}>\n")
            for k in sorted(d):
                if d[k] is not None:
                    w(f'  <data key={quoteattr("edge." + k)}>{_text(d[k])}</data>\n')
            w("</edge>\n")
        w("</graph>\n</graphml>\n")
