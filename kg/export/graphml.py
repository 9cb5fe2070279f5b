"""GraphML of the projection (kg.export.netx), written as a stream.

networkx's own writer builds the whole XML tree in memory (about 15 s and a few hundred MB for
10,000 articles); this one writes the same document element by element. Key ids are unique per
domain ("node.label", "edge.label"): networkx's named key ids reuse one id for a node and an
edge attribute of the same name, which strict GraphML readers reject.
"""

from __future__ import annotations

from itertools import chain
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .atomic import atomic_path
from .base import BuildContext
from .netx import Projection, Text

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


# GraphML type of a value, by its exact type (a Text and a list are written as strings); any
# other type goes through _type, so a subclass (bool is an int) keeps its own answer.
_TYPE_OF = {str: "string", Text: "string", list: "string", tuple: "string", bool: "boolean",
            int: "long", float: "double"}
_STRING_TYPES = frozenset(t for t, name in _TYPE_OF.items() if name == "string")


def _keys(items, domain: str) -> dict[str, str]:
    """attribute name -> GraphML type; a name seen with several types is written as string."""
    types: dict[str, str] = {}
    type_of = _TYPE_OF.get
    for d in items:
        for k, v in d.items():
            t = type_of(type(v))
            if t is None:
                if v is None:
                    continue
                t = _type(v)
            if types.setdefault(k, t) != t:
                types[k] = "string"
    return dict(sorted(types.items()))


def write_graphml(ctx: BuildContext, path: Path) -> None:
    _write(ctx.projection, Path(path))


# Output is gathered into a list and written a few thousand elements at a time: a write call per
# element (several per edge) cost more than building the text.
_BATCH = 2048


def _write(G: Projection, path: Path) -> None:
    # The keys are declared before the nodes, so their types would need a pass over every value
    # first: reading them all again from memory cost a tenth of the writer's time. The
    # projection's values are all strings (or Texts, or lists written as strings), so that is
    # assumed and checked while the nodes are written; if a value says otherwise, the file is
    # written again with the types found by that pass.
    assumed = dict.fromkeys(sorted(set(chain.from_iterable(G.node_attrs.values()))), "string")
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
        if not _document(fh, G, assumed, check=True):
            fh.seek(0)
            fh.truncate()
            _document(fh, G, _keys(G.node_attrs.values(), "node"), check=False)


def _document(fh, G: Projection, node_keys: dict[str, str], check: bool) -> bool:
    """Write the document; with ``check``, stop and return False at a node value that is not
    a string type (or is None) as soon as one is seen."""
    edge_keys = dict.fromkeys(G.edge_attrs, "string") if G.rows else {}
    node_key_open = {k: f"  <data key={_attr('node.' + k)}>" for k in node_keys}
    w = fh.write
    w(f"<?xml version='1.0' encoding='utf-8'?>\n<graphml {NS}>\n")
    for domain, keys in (("node", node_keys), ("edge", edge_keys)):
        for k, t in keys.items():
            w(f'<key id={quoteattr(domain + "." + k)} for="{domain}" attr.name={quoteattr(k)} '
              f'attr.type="{t}"/>\n')
    w(f'<graph edgedefault="{"directed" if G.is_directed() else "undirected"}">\n')
    # Node ids are quoted once here; the few that quoteattr changes are kept for the edges,
    # which write any other end between plain quotes (every edge end is a node).
    quoted: dict[str, str] = {}
    buf: list[str] = []
    add = buf.append
    for n, d in G.node_attrs.items():
        if '"' in n or "&" in n or "<" in n or ">" in n or "\n" in n or "\r" in n or "\t" in n:
            q = quoted[n] = quoteattr(n)
        else:
            q = '"' + n + '"'
        add(f"<node id={q}>\n")
        for k in sorted(d):
            v = d[k]
            if v is None:
                if check:
                    return False
                continue
            tv = type(v)
            if tv is Text:
                v = "".join(v)
            elif tv is not str:
                if check and tv not in _STRING_TYPES:
                    return False
                add(f"{node_key_open[k]}{_text(v)}</data>\n")
                continue
            if "&" in v or "<" in v or ">" in v:
                v = escape(v)
            add(f"{node_key_open[k]}{v}</data>\n")
        add("</node>\n")
        if len(buf) >= _BATCH:
            w("".join(buf))
            buf.clear()
    # every edge has a label and a title (Projection.edge_attrs), written in that order
    labels: dict[str, str] = {}
    for u, v, key, label, title in G.rows:
        lab = labels.get(label)
        if lab is None:
            lab = labels[label] = _esc(label)
        if type(title) is not str:
            title = "".join(title)
        if "&" in title or "<" in title or ">" in title:
            title = escape(title)
        if '"' in key or "&" in key or "<" in key or ">" in key or "\n" in key or "\r" in key or "\t" in key:
            qk = quoteattr(key)
        else:
            qk = '"' + key + '"'
        if quoted and (u in quoted or v in quoted):
            add(f"<edge id={qk} source={quoted.get(u) or _attr(u)} target={quoted.get(v) or _attr(v)}>\n"
                f'  <data key="edge.label">{lab}</data>\n  <data key="edge.title">{title}</data>\n</edge>\n')
        else:  # kg's IRIs always: the ends go between plain quotes as they are
            add(f'<edge id={qk} source="{u}" target="{v}">\n'
                f'  <data key="edge.label">{lab}</data>\n  <data key="edge.title">{title}</data>\n</edge>\n')
        if len(buf) >= _BATCH:
            w("".join(buf))
            buf.clear()
    add("</graph>\n</graphml>\n")
    w("".join(buf))
    return True
