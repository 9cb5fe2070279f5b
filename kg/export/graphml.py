"""GraphML of the projection (kg.export.netx), written as a stream.

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
from .netx import Projection, joined

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


# Most ids and texts contain nothing to escape. Testing for the characters first is several times
# faster than saxutils' replace calls: they were most of the writer's time (a million edges at
# 100,000 articles, each with an id, two node ids and two texts).

def _esc(s: str) -> str:
    return escape(s) if "&" in s or "<" in s or ">" in s else s


def _attr(s: str) -> str:
    """quoteattr(s)."""
    if '"' in s or "&" in s or "<" in s or ">" in s or "\n" in s or "\r" in s or "\t" in s:
        return quoteattr(s)
    return '"' + s + '"'


def _text(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        v = "; ".join(str(x) for x in v)
    return _esc(v if type(v) is str else str(v))


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
    _write(ctx.projection, Path(path))


def _write(G: Projection, path: Path) -> None:
    node_keys = _keys(G.node_attrs.values(), "node")  # a Text is a "string" too
    edge_keys = dict.fromkeys(G.edge_attrs, "string") if G.rows else {}
    node_key_attr = {k: _attr("node." + k) for k in node_keys}
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
        w = fh.write
        w(f"<?xml version='1.0' encoding='utf-8'?>\n<graphml {NS}>\n")
        for domain, keys in (("node", node_keys), ("edge", edge_keys)):
            for k, t in keys.items():
                w(f'<key id={quoteattr(domain + "." + k)} for="{domain}" attr.name={quoteattr(k)} '
                  f'attr.type="{t}"/>\n')
        w(f'<graph edgedefault="{"directed" if G.is_directed() else "undirected"}">\n')
        for n, d in G.node_attrs.items():
            w(f"<node id={_attr(n)}>\n")
            for k in sorted(d):
                v = d[k]
                if v is not None:
                    w(f"  <data key={node_key_attr[k]}>{_text(joined(v))}</data>\n")
            w("</node>\n")
        # every edge has a label and a title (Projection.edge_attrs), written in that order
        for u, v, key, label, title in G.rows:
            if type(title) is not str:
                title = "".join(title)
            w(f"<edge id={_attr(key)} source={_attr(u)} target={_attr(v)}>\n"
              f'  <data key="edge.label">{_esc(label)}</data>\n'
              f'  <data key="edge.title">{_esc(title)}</data>\n</edge>\n')
        w("</graph>\n</graphml>\n")
