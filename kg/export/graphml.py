"""GraphML of the projection (kg.export.netx), written as a stream.

networkx's own writer builds the whole XML tree in memory (about 15 s and a few hundred MB for
10,000 articles); this one writes the same document element by element. Key ids are unique per
domain ("node.label", "edge.label"): networkx's named key ids reuse one id for a node and an
edge attribute of the same name, which strict GraphML readers reject.
"""

from __future__ import annotations

import hashlib
import os
from array import array
from itertools import chain
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

from .atomic import atomic_path
from .base import Assembling, BuildContext
from .netx import Projection, Text
from .reuse import Plan, carry_out, load_parts, parts_index_path, save_parts, write_all

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
    path = Path(path)
    previous = Path(ctx.previous_dir) / path.name if ctx.previous_dir else None
    sigs = ctx.owner_signatures
    old = load_parts(previous, _code()) if previous is not None and sigs else None
    if old is None:
        _write(ctx.projection, path, sigs)
        return
    # the owners whose part the last file has are not even made
    skip = {n for n, sig in sigs.items() if sig in old[0]}
    _write(ctx.projection_without(skip), path, sigs, previous, old, background=ctx.background,
           whole=lambda: ctx.projection)


# Output is gathered into a list and written a few thousand elements at a time: a write call per
# element (several per edge) cost more than building the text.
_BATCH = 2048


class _Out(Plan):
    """The file being made, as a reuse.Plan whose source 0 is the last file: ranges of it to copy
    (neighbouring ranges merged) and text, in order; ``pos`` is the bytes so far. Written as it
    comes when given ``fd`` (a whole write: text only), else carried out later by reuse.carry_out
    (:meth:`planned`)."""

    __slots__ = ("fd", "size")

    def __init__(self, fd: int = -1):
        super().__init__(Path(os.devnull), [])
        self.fd = fd
        self.size = 0  # bytes of text not written yet

    def text(self, data: bytes) -> None:
        super().text(data)
        self.size += len(data)
        if self.fd >= 0 and self.size >= 1 << 20:
            self.write()

    def old(self, start: int, length: int) -> None:
        """Copy ``length`` bytes of the last file from ``start``."""
        assert self.fd < 0, "a file written as it comes copies nothing"
        self.copy(0, start, length)

    def planned(self, path: Path, previous: Path) -> Plan:
        """The plan so far, writing ``path`` and copying from the last file ``previous``."""
        plan = Plan(path, [previous])
        plan.ops, plan.pos = self.ops, self.pos
        return plan

    def write(self) -> None:
        """Write (and forget) the text so far to ``fd``."""
        write_all(self.fd, b"".join(self.ops))
        self.ops.clear()
        self.size = 0


def _assumed(G: Projection) -> dict[str, str]:
    """Every node attribute's GraphML type taken as "string".

    The keys are declared before the nodes, so their types would need a pass over every value
    first: reading them all again from memory cost a tenth of the writer's time. The
    projection's values are all strings (or Texts, or lists written as strings), so that is
    assumed and checked while the nodes are written; if a value says otherwise, the file is
    written again with the types found by that pass (and nothing taken from the last file)."""
    return dict.fromkeys(sorted(set(chain.from_iterable(G.node_attrs.values()))), "string")


def _code() -> str:
    """What a written part depends on besides its signature: this module and the projection's."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _write(G: Projection, path: Path, sigs: dict[str, bytes] | None = None, previous: Path | None = None,
           old: tuple[dict[bytes, int], array, int] | None = None, background: list | None = None,
           whole: Callable[[], Projection] | None = None) -> None:
    """Write the GraphML of ``G``. The parts with a signature in ``sigs`` (an engagement's,
    meeting's or document's node and rows: netx.owner_signatures) are recorded beside the file;
    those whose signature the last file ``previous`` recorded (``old``: reuse.load_parts) are
    copied from it, not written again: at 100,000 articles an incremental build formatted 1.3 M
    elements (7 s) to change a few hundred. The file is then planned here and written (mostly copied: ~850 MB) by a thread
    when ``background`` (a list, see kg.export.base.Assembling) is given."""
    sigs = sigs or {}
    code = _code()
    if old is not None and previous is not None:
        plan, kept = _Out(), ([], array("q"))
        if _parts(plan, G, _assumed(G), True, sigs, old, kept):
            def work() -> None:
                with atomic_path(path) as tmp:
                    carry_out([plan.planned(tmp, previous)])  # type: ignore[arg-type]
                save_parts(path, code, kept[0], kept[1])

            if background is not None:
                background.append(Assembling(work))
            else:
                work()
            return
    if G.partial:  # a value that is not a string, or a part the last file lacks: write everything
        assert whole is not None, "a partial projection needs the whole one to fall back on"
        G = whole()
    with atomic_path(path) as tmp:
        kept = ([], array("q")) if sigs else None
        fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC)
        try:
            out = _Out(fd)
            if not _parts(out, G, _assumed(G), True, sigs, None, kept):
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                kept = ([], array("q")) if sigs else None
                out = _Out(fd)
                _parts(out, G, _keys(G.node_attrs.values(), "node"), False, sigs, None, kept)
            out.write()
        finally:
            os.close(fd)
    if kept is not None:
        save_parts(path, code, kept[0], kept[1])
    else:
        parts_index_path(path).unlink(missing_ok=True)


def _parts(out: _Out, G: Projection, node_keys: dict[str, str], check: bool, sigs: dict[str, bytes],
           old: tuple[dict[bytes, int], array, int] | None, kept: tuple[list[bytes], array] | None) -> bool:
    edge_keys = dict.fromkeys(G.edge_attrs, "string") if G.rows else {}
    node_key_open = {k: f"  <data key={_attr('node.' + k)}>" for k in node_keys}
    head = [f"<?xml version='1.0' encoding='utf-8'?>\n<graphml {NS}>\n"]
    for domain, keys in (("node", node_keys), ("edge", edge_keys)):
        for k, t in keys.items():
            head.append(f'<key id={quoteattr(domain + "." + k)} for="{domain}" attr.name={quoteattr(k)} '
                        f'attr.type="{t}"/>\n')
    head.append(f'<graph edgedefault="{"directed" if G.is_directed() else "undirected"}">\n')
    out.text("".join(head).encode("utf-8"))
    old_index, old_ranges, width = old if old is not None else ({}, array("q"), 4)
    # where each signed part went: kept_sigs[i] is at kept_ranges[4i:4i + 4] (node start, node
    # length, rows start, rows length); placed[sig] = i
    placed: dict[bytes, int] = {}
    kept_sigs: list[bytes] = kept[0] if kept is not None else []
    kept_ranges: array = kept[1] if kept is not None else array("q")
    # Node ids needing quoteattr (never kg's IRIs) are quoted once here, for the edges too, which
    # write any other end between plain quotes (every edge end is a node).
    quoted = {n: quoteattr(n) for n in G.node_attrs
              if '"' in n or "&" in n or "<" in n or ">" in n or "\n" in n or "\r" in n or "\t" in n}
    buf: list[str] = []
    add = buf.append
    for n, d in G.node_attrs.items():
        sig = sigs.get(n)
        if sig is not None:
            k = old_index.get(sig)
            if buf:
                out.text("".join(buf).encode("utf-8"))
                buf.clear()
            start = out.pos
            if k is not None:
                at, length = old_ranges[k * width], old_ranges[k * width + 1]
                out.old(at, length)
                placed[sig] = len(kept_sigs)
                kept_sigs.append(sig)
                kept_ranges.extend((start, length, 0, 0))
                continue
        add(f"<node id={quoted.get(n) or chr(34) + n + chr(34)}>\n")
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
        if sig is not None:
            data = "".join(buf).encode("utf-8")
            buf.clear()
            out.text(data)
            placed[sig] = len(kept_sigs)
            kept_sigs.append(sig)
            kept_ranges.extend((start, len(data), 0, 0))
        elif len(buf) >= _BATCH:
            out.text("".join(buf).encode("utf-8"))
            buf.clear()
    # every edge has a label and a title (Projection.edge_attrs), written in that order
    labels: dict[str, str] = {}
    rows = G.rows
    begin = 0
    for owner, end in G.owners:
        sig = sigs.get(owner)
        if sig is not None:
            if buf:
                out.text("".join(buf).encode("utf-8"))
                buf.clear()
            start = out.pos
            k = old_index.get(sig)
            if k is not None:
                at, length = old_ranges[k * width + 2], old_ranges[k * width + 3]
                out.old(at, length)
                _place_rows(placed, kept_sigs, kept_ranges, sig, start, length)
                begin = end
                continue
        for u, v, key, label, title in rows[begin:end]:
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
        begin = end
        if sig is not None:
            data = "".join(buf).encode("utf-8")
            buf.clear()
            out.text(data)
            _place_rows(placed, kept_sigs, kept_ranges, sig, start, len(data))
        elif len(buf) >= _BATCH:
            out.text("".join(buf).encode("utf-8"))
            buf.clear()
    add("</graph>\n</graphml>\n")
    out.text("".join(buf).encode("utf-8"))
    return True


def _place_rows(placed: dict[bytes, int], sigs: list[bytes], ranges: array, sig: bytes, start: int,
                length: int) -> None:
    i = placed.get(sig)
    if i is None:  # an owner whose node was not signed (or not written)
        placed[sig] = i = len(sigs)
        sigs.append(sig)
        ranges.extend((0, 0, 0, 0))
    ranges[4 * i + 2] = start
    ranges[4 * i + 3] = length
