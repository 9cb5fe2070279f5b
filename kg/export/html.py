"""Offline, single-file interactive HTML view of the knowledge graph.

pyvis assembles the nodes, edges and vis-network options, but the page is rendered from kg's own
template (``templates/graph.html.j2``) because pyvis 0.3.2's template runs scripts taken from the
heading, from node ids and (once any title contains "href") from every tooltip, and links Bootstrap
from a CDN (PITFALLS.md 1, STYLE.md 3.4).  Data reaches the page only as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page
script only ever writes article text with ``textContent``; vis-network shows string titles with
``innerText``.  A Content-Security-Policy with the hashes of the two inline scripts is a second
line of defence: an injected script or event handler would not run even if escaping failed.

Above ``aggregate_above`` nodes an event-per-node drawing is unusable, so the page shows persons and
countries joined by edges weighted by their number of shared engagements.  That view is laid out
here, once (seeded, ``_layout``), and vis-network runs no physics at all; the page draws only the
strongest pairs and recounts them when the date/type/issue filters change.  The engagements are
embedded twice: a small index for the filters and the table, and their details (evidence, documents,
issues) as deflated, base64-encoded JSON blocks after the scripts, which the page inflates only when
a person, a country, a pair or a table row is opened (DecompressionStream; no network access).
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import importlib.util
import json
import math
import os
import random
import re
import zlib
from array import array
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, NamedTuple

import networkx as nx
import orjson
from jinja2 import Environment, FileSystemLoader, StrictUndefined


from .atomic import atomic_path
from .netx import Projection, Text, Unmade, joined, paused_gc

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = [
    "KIND_STYLES", "ENGAGEMENT_KINDS", "ACTOR_KINDS", "KindStyle",
    "render_html", "write_html", "json_for_script",
]


class KindStyle(NamedTuple):
    color: str
    shape: str  # a vis-network node shape
    label: str  # legend text
    hollow: bool = False  # drawn as an outline (planned/prior meetings are "not an engagement yet")


# Okabe-Ito palette (distinguishable with the common colour-vision deficiencies); where two kinds
# share a colour or shape the other attribute differs, so colour is never the only cue.
KIND_STYLES: dict[str, KindStyle] = {
    "Person": KindStyle("#0072B2", "dot", "Person"),
    "Country": KindStyle("#009E73", "square", "Country"),
    "PhoneCall": KindStyle("#E69F00", "triangle", "Phone call"),
    "VideoCall": KindStyle("#56B4E9", "triangleDown", "Video call"),
    "Meeting": KindStyle("#D55E00", "diamond", "Meeting"),
    "Letter": KindStyle("#CC79A7", "star", "Letter"),
    "MeetingRef": KindStyle("#D55E00", "diamond", "Prior / planned meeting", hollow=True),
    "Issue": KindStyle("#F0E442", "ellipse", "Issue"),
    "Place": KindStyle("#999999", "hexagon", "Place"),
    "Document": KindStyle("#DDDDDD", "box", "Document"),
}
FALLBACK_STYLE = KindStyle("#BBBBBB", "dot", "Other")
ENGAGEMENT_KINDS: tuple[str, ...] = ("PhoneCall", "VideoCall", "Meeting", "Letter")
ACTOR_KINDS: tuple[str, ...] = ("Person", "Country")
_TEXT_ON_SHAPE = {"box", "ellipse", "circle", "database", "text"}  # label drawn inside the shape

_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
    0x2028: "\\u2028", 0x2029: "\\u2029",
}
_TEMPLATES = Path(__file__).with_name("templates")


# --------------------------------------------------------------------------------------------
# Escaping helpers
# --------------------------------------------------------------------------------------------

def json_for_script(obj: Any) -> str:
    """JSON that can sit inside ``<script type="application/json">`` whatever the strings contain.

    Escaping ``<`` alone already stops ``</script>`` and ``<!--``; ``>`` and ``&`` are escaped so the
    block is inert in any HTML context, U+2028/9 so the text is also a valid JS literal, and lone
    surrogates (which ``json.loads`` accepts from article JSON) so the page stays valid UTF-8.
    Keys are sorted and separators fixed so the output is byte-stable.
    """
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    # str.replace per character (C speed) rather than str.translate (a dict lookup per character,
    # seconds on a page of 100,000 engagements); "&" first so no escape is escaped twice.
    for ch in ("&", "<", ">", "\u2028", "\u2029"):
        if ch in text:
            text = text.replace(ch, _JSON_SCRIPT_ESCAPES[ord(ch)])
    if not text.isascii():
        try:
            text.encode("utf-8")  # fails on a lone surrogate only, and is faster than a search
        except UnicodeEncodeError:
            text = _SURROGATE_RE.sub(lambda m: "\\u%04x" % ord(m.group()), text)
    return text


# json_for_script's escapes, as UTF-8 bytes ("&" first, as there)
_JSON_SCRIPT_BYTE_ESCAPES = tuple((ch.encode("utf-8"), _JSON_SCRIPT_ESCAPES[ord(ch)].encode("ascii"))
                                  for ch in ("&", "<", ">", "\u2028", "\u2029"))


def _json_for_script_utf8(obj: Any) -> bytes:
    """``json_for_script(obj).encode("utf-8")``, for data without floats (the detail blocks).

    orjson writes the same bytes as ``json.dumps(ensure_ascii=False, sort_keys=True,
    separators=(",", ":"))`` for strings, ints, None, lists, tuples and string-keyed dicts
    (verified over every code point), about ten times faster, and gives UTF-8 without a second
    pass. It differs on floats (1e-07 is "1e-7" there, NaN is null), hence "without floats"; on
    what it refuses (lone surrogates, non-string keys, huge ints) json_for_script gives the answer.
    """
    try:
        raw = orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson.JSONEncodeError
        return json_for_script(obj).encode("utf-8")
    for ch, esc in _JSON_SCRIPT_BYTE_ESCAPES:
        if ch in raw:
            raw = raw.replace(ch, esc)
    return raw


def _plain(value: Any) -> str:
    """Text for the data block: anything becomes a string, nothing is dropped."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _html_text(value: Any) -> str:
    """Text for Jinja (autoescaped): lone surrogates cannot be encoded, so they become U+FFFD."""
    return _SURROGATE_RE.sub("\ufffd", _plain(value))


def _valid_date(value: Any) -> str | None:
    """Only ISO dates reach attributes and comparisons; anything else counts as undated."""
    if isinstance(value, str) and _DATE_RE.match(value):
        return value
    return None


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        return [_plain(v) for v in value]
    except TypeError:
        return [_plain(value)]


def _finite(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) and f > 0 else None


def _width(weight: float) -> float:
    """Edge width grows with log(weight) so one busy pair does not hide the rest."""
    return round(min(14.0, 1.0 + 2.0 * math.log2(max(1.0, weight))), 2)


# --------------------------------------------------------------------------------------------
# Assets
# --------------------------------------------------------------------------------------------

def _vis_dir() -> Path:
    # found without importing pyvis: its package imports IPython (a fifth of a second of each
    # build, whose big page never uses pyvis)
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed: the HTML export inlines its vis-network files")
    return Path(spec.submodule_search_locations[0]) / "templates" / "lib" / "vis-9.1.2"


def _normalise_newlines(text: str) -> str:
    # The HTML parser turns CR LF into LF before the CSP hash is checked; hash what it will see.
    return text.replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    vis_js = _normalise_newlines((_vis_dir() / "vis-network.min.js").read_text(encoding="utf-8"))
    # the source map is not shipped; dev tools would only try to load it
    vis_js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", vis_js)
    vis_css = _normalise_newlines((_vis_dir() / "vis-network.css").read_text(encoding="utf-8"))
    app_js = _normalise_newlines((_TEMPLATES / "graph.js").read_text(encoding="utf-8"))
    app_css = _normalise_newlines((_TEMPLATES / "graph.css").read_text(encoding="utf-8"))
    for name, text, closer in (("vis-network.min.js", vis_js, "</script"),
                               ("graph.js", app_js, "</script"),
                               ("vis-network.css", vis_css, "</style"),
                               ("graph.css", app_css, "</style")):
        low = text.lower()
        if closer in low or "<!--" in low:
            raise RuntimeError(f"{name} cannot be inlined: it contains {closer!r} or '<!--'")
    return {"vis_js": vis_js, "vis_css": vis_css, "app_js": app_js, "app_css": app_css}


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True,
                       trim_blocks=True, lstrip_blocks=True)


# --------------------------------------------------------------------------------------------
# Graph -> view model
# --------------------------------------------------------------------------------------------

class _IdList(list):
    """pyvis keeps node ids in a list and tests membership per add_node/add_edge (O(n) each);
    a set beside it keeps building the aggregated view of 100k engagements linear."""

    def __init__(self):
        super().__init__()
        self._set: set = set()

    def append(self, item) -> None:  # noqa: D401 - list API
        super().append(item)
        self._set.add(item)

    def __contains__(self, item) -> bool:
        return item in self._set


def _style(kind: str) -> KindStyle:
    return KIND_STYLES.get(kind, FALLBACK_STYLE._replace(label=kind or "Other"))


def _vis_color(st: KindStyle) -> dict:
    if st.hollow:
        return {"background": "#FFFFFF", "border": st.color,
                "highlight": {"background": "#FFFFFF", "border": "#000000"},
                "hover": {"background": "#FFFFFF", "border": "#000000"}}
    return {"background": st.color, "border": "#333333",
            "highlight": {"background": st.color, "border": "#000000"},
            "hover": {"background": st.color, "border": "#000000"}}


def _group_options(kind: str) -> dict:
    """vis-network group style for one kind (pyvis drops a node's own colour once it has a group)."""
    st = _style(kind)
    g: dict[str, Any] = {"shape": st.shape, "color": _vis_color(st)}
    if st.hollow:
        g["shapeProperties"] = {"borderDashes": [4, 3]}
        g["borderWidth"] = 2
    if st.shape in _TEXT_ON_SHAPE:
        g["font"] = {"color": "#000000", "strokeWidth": 0}
    return g


def _node_style_kwargs(kind: str) -> dict:
    return {"shape": _style(kind).shape, "group": kind}


class _Strings:
    """Interns strings so repeated evidence sentences and ids are stored once in the page."""

    def __init__(self):
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, s: str | None) -> int:
        if s is None:
            return -1
        i = self._index.get(s)
        if i is None:
            i = self._index[s] = len(self.items)
            self.items.append(s)
        return i


class _Node(NamedTuple):
    """A node as the page shows it (a tuple, not a dict: a big graph has hundreds of thousands)."""

    kind: str
    label: str
    title: str | Text  # joined by _node_title
    date: str | None  # a valid ISO date or None
    issues: list[str] | None  # None when the node has no "issues" attribute
    aliases: list[str] | tuple


class _Model:
    """Everything the page needs, computed once from the graph in a stable order.

    The graph is a kg.export.netx.Projection (what ``kg build`` passes) or any networkx graph.
    Edges stay the graph's own rows, indexed per node, and titles that are a netx.Text stay
    unjoined: both are joined only for the edges a view draws or opens (the aggregated view of
    a big graph draws few of them), so the page costs little memory beyond the graph itself.
    """

    def __init__(self, G, engagements: list[tuple] | None = None):
        """``engagements`` (kg.export.netx.engagement_index: what the graph says of each engagement,
        given by a caller that has it) is read instead of the graph's engagements; it is needed
        for a partial projection, whose unmade nodes (netx.Unmade) are counted only."""
        self.nodes: dict[str, _Node] = {}
        unmade: Counter = Counter()
        if isinstance(G, Projection):
            node_items = G.node_attrs.items()
            # rows (source, target, key, label, title): ids, keys and labels are strings
            rows: Iterable[tuple] = G.rows
        else:
            node_items = G.nodes(data=True)
            rows = self._rows(G)
        nodes = self.nodes
        dates: dict[Any, str | None] = {}  # _valid_date per distinct value (most nodes share a few)
        for n, d in node_items:
            if type(d) is Unmade:
                unmade[d["kind"]] += 1
                continue
            nid = n if type(n) is str else _plain(n)
            kind = d.get("kind")
            kind = (kind if type(kind) is str else _plain(kind)) or "Other"
            label = d.get("label")
            title = d.get("title")
            date = d.get("date")
            if type(date) is str:
                valid = dates.get(date, dates)
                if valid is dates:
                    valid = dates[date] = _valid_date(date)
            else:
                valid = _valid_date(date)
            nodes[nid] = _Node(
                kind,
                (label if type(label) is str else _plain(label)) or nid,
                title if type(title) is Text or type(title) is str else _plain(title),
                valid,
                _str_list(d.get("issues")) if "issues" in d else None,
                sorted(set(_str_list(d.get("aliases")))) if "aliases" in d else (),
            )
        self.ids = sorted(self.nodes)  # the nodes made
        self.n_nodes = len(self.ids) + sum(unmade.values())
        self._unmade = unmade
        # Each edge is listed under both its ends (once for a loop); the edges of a node pair are
        # merged into one drawn edge only where a view needs it. No reader depends on the order
        # of a node's list (_merge sorts what it merges), so a run of edges from one source (a
        # Projection's rows come sorted by source) is listed at once.
        rows = rows if isinstance(rows, list) else list(rows)
        adjacent: dict[str, list[tuple]] = defaultdict(list)
        for u, run in groupby(rows, itemgetter(0)):
            adjacent[u].extend(run)
        for row in rows:
            v = row[1]
            if v != row[0]:
                adjacent[v].append(row)
        self.adjacent = adjacent
        self._edges: list[dict] | None = None
        self._kind_counts: Counter | None = None
        if engagements is not None:
            for date in {e[2] for e in engagements}.difference(dates):
                dates[date] = _valid_date(date)
            self.engagements = [{"id": eid, "kind": kind, "date": dates[date],
                                 "issues": issues if len(issues) < 2 else sorted(set(issues)), "participants": parts}
                                for eid, kind, date, issues, parts in engagements]
        elif unmade:
            raise ValueError("a partial projection needs its engagements (netx.engagement_index)")
        else:
            self.engagements = self._engagements()
        self.issues = sorted({i for e in self.engagements for i in e["issues"]})
        kinds_present = {n.kind for n in self.nodes.values()} | set(unmade)
        self.kinds = [k for k in KIND_STYLES if k in kinds_present] + sorted(
            kinds_present - set(KIND_STYLES))
        self.engagement_kinds = [k for k in ENGAGEMENT_KINDS if k in kinds_present]

    @staticmethod
    def _rows(G) -> Iterator[tuple]:
        """A networkx graph's edges as rows like a Projection's, with the weight sixth."""
        for u, v, k, d in G.edges(keys=True, data=True):
            label, title, weight = d.get("label"), d.get("title"), d.get("weight")
            yield (u if type(u) is str else _plain(u), v if type(v) is str else _plain(v),
                   k if type(k) is str else _plain(k), label if type(label) is str else _plain(label),
                   title if type(title) is str else _plain(title),
                   0.0 if weight is None else (_finite(weight) or 0.0))

    def pair_rows(self, nids: Iterable[str], targets: set[str] | None = None) -> dict[tuple[str, str], list[tuple]]:
        """The edges from ``nids`` (to ``targets`` only, if given), per node pair (a, b), a <= b."""
        groups: dict[tuple[str, str], list[tuple]] = defaultdict(list)
        for nid in nids:
            for row in self.adjacent.get(nid, ()):
                if row[0] == nid and (targets is None or row[1] in targets):
                    v = row[1]
                    groups[(nid, v) if nid <= v else (v, nid)].append(row)
        return groups

    @property
    def edges(self) -> list[dict]:
        """Every drawn edge, one per node pair, in a stable order."""
        if self._edges is None:
            groups = self.pair_rows(self.adjacent)
            self._edges = [_merge(groups[pair]) for pair in sorted(groups)]
        return self._edges

    def _engagements(self) -> list[dict]:
        out = []
        nodes = self.nodes
        adjacent = self.adjacent
        actors = {nid for nid, n in nodes.items() if n.kind in ACTOR_KINDS}
        for nid in self.ids:
            n = nodes[nid]
            if n.kind not in ENGAGEMENT_KINDS:
                continue
            nbrs = {row[1] if row[0] == nid else row[0] for row in adjacent.get(nid, ())}
            parts = sorted(nbrs & actors)
            issues = n.issues
            if issues is None:
                issues = [nodes[m].label for m in nbrs if nodes[m].kind == "Issue"]
            out.append({"id": nid, "kind": n.kind, "date": n.date,
                        "issues": sorted(set(issues)), "participants": parts})
        return out

    def count_kind(self, *kinds: str) -> int:
        if self._kind_counts is None:
            self._kind_counts = Counter(n.kind for n in self.nodes.values()) + self._unmade
        return sum(self._kind_counts[k] for k in kinds)


def _merge(rows: list[tuple]) -> dict:
    """One drawn edge per node pair: parallel relations (participant + initiator) would otherwise
    be drawn on top of each other and only one tooltip could ever be reached."""
    if len(rows) == 1:  # most pairs: what the general case below gives for one edge
        frm, to, _k, lab, tit = rows[0][:5]
        tit = joined(tit)
        return {"from": frm, "to": to, "label": lab, "arrows": "" if frm == to else "to",
                "title": (f"{lab}\n{tit}" if lab and tit else (lab or tit)),
                "weight": rows[0][5] if len(rows[0]) > 5 else 0.0}
    items = sorted((r[0], r[1], r[3], joined(r[4]), r[5] if len(r) > 5 else 0.0, r[2]) for r in rows)
    dirs = {(it[0], it[1]) for it in items}
    frm, to = items[0][0], items[0][1]
    if len(dirs) > 1:
        arrows = "to, from"
    elif frm == to:
        arrows = ""
    else:
        arrows = "to"
    labels, seen, parts = [], set(), []
    for _su, _sv, lab, tit, _w, _k in items:
        if lab and lab not in labels:
            labels.append(lab)
        if (lab, tit) in seen:
            continue
        seen.add((lab, tit))
        parts.append(f"{lab}\n{tit}" if lab and tit else (lab or tit))
    weight = sum(it[4] for it in items)
    return {"from": frm, "to": to, "label": ", ".join(labels),
            "title": "\n\n".join(p for p in parts if p), "arrows": arrows, "weight": weight}


def _options(seed: int, n_nodes: int, n_edges: int, *, directed: bool) -> dict:
    """vis-network options; big graphs trade layout polish for opening quickly."""
    big = n_nodes > 300 or n_edges > 3000
    if not big:
        iterations = 1000
    elif n_nodes <= 2000 and n_edges <= 10000:
        iterations = 250
    elif n_edges <= 30000:
        iterations = 120
    else:
        iterations = 50  # each step costs O(edges); a rough layout now beats a fine one later
    return {
        "autoResize": True,
        "layout": {"randomSeed": int(seed), "improvedLayout": n_nodes <= 150},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            # avoidOverlap and the adaptive timestep each multiply the cost of a step; a big
            # graph gets a short, plain stabilisation instead (then physics is switched off).
            "barnesHut": {"gravitationalConstant": -20000 if big else -6000,
                          "centralGravity": 0.3, "springLength": 200 if big else 120,
                          "springConstant": 0.01 if big else 0.03, "damping": 0.2,
                          "avoidOverlap": 0 if big else 0.3, "theta": 0.8 if big else 0.5},
            "adaptiveTimestep": not big,
            "timestep": 0.5,
            "minVelocity": 1.0,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 50,
                              "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": False, "navigationButtons": False,
                        "keyboard": False},
        "nodes": {"size": 16, "borderWidth": 1.5,
                  "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#1a1a1a",
                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"color": {"color": "#9a9a9a", "highlight": "#222222", "hover": "#222222"},
                  "smooth": False if big else {"enabled": True, "type": "continuous",
                                                "roundness": 0.3},
                  "arrows": {"to": {"enabled": directed, "scaleFactor": 0.5}},
                  "font": {"size": 10, "face": "system-ui, sans-serif", "color": "#555555",
                           "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
                  "width": 1, "selectionWidth": 2, "hoverWidth": 1.5},
    }


def _new_network() -> Network:
    # imported here: only the detail view uses pyvis, and importing it (IPython with it) took
    # a fifth of a second of every build, whose page is the aggregated view
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    net.node_ids = _IdList()
    return net


def _node_title(n: _Node) -> str:
    return joined(n.title) or n.label


def _detail_network(m: _Model, seed: int) -> Network:
    net = _new_network()
    for nid in m.ids:
        n = m.nodes[nid]
        extra: dict[str, Any] = {"kind": n.kind}
        if n.date:
            extra["date"] = n.date
        if n.issues is not None:
            extra["issues"] = n.issues
        if n.aliases:
            extra["aliases"] = n.aliases
        net.add_node(nid, label=n.label, title=_node_title(n), **_node_style_kwargs(n.kind),
                     **extra)
    for i, e in enumerate(m.edges):
        kw: dict[str, Any] = {"id": f"e{i}", "label": e["label"], "title": e["title"] or e["label"]}
        kw["arrows"] = e["arrows"]
        if e["weight"] > 0:
            kw["width"] = _width(e["weight"])
        net.add_edge(e["from"], e["to"], **kw)
    # Assigned as a dict: pyvis's set_options() strips every space, inside strings too.
    net.options = _options(seed, len(m.ids), len(m.edges), directed=True)
    net.options["groups"] = {k: _group_options(k) for k in m.kinds}
    return net


def _compact(m: _Model, strings: _Strings) -> dict:
    """Engagement records for the filters and the table, as arrays of interned string indices."""
    issue_index = {name: i for i, name in enumerate(m.issues)}
    return {"eng": [[strings(e["id"]), strings(e["kind"]), strings(e["date"]),
                     [issue_index[i] for i in e["issues"]], [strings(p) for p in e["participants"]]]
                    for e in m.engagements]}


# ---- aggregated view ---------------------------------------------------------------------------

# Engagements per compressed detail block, on average: a block ends after an engagement whose id
# hashes to 0 modulo BLOCK_MEAN (or after BLOCK_MAX in a row), so where blocks end depends on the
# engagements, not on their positions. An engagement added or changed elsewhere leaves every other
# block's members, and so its compressed text, as they were: an incremental build copies those
# from its last page (write_html's ``block_signature``). Blocks of 1,000 in a row all shifted at
# the first added engagement; blocks this small leave ~90% of a 100,000-article page unchanged
# when 100 articles are added, and deflate about as well (deflate looks back 32 KB only).
BLOCK_MEAN = 16
BLOCK_MAX = 8 * BLOCK_MEAN
MAX_DRAWN_PAIRS = 2500  # weakest pairs are left out of the drawing (still opened on click)
_GOLDEN = math.pi * (3.0 - math.sqrt(5.0))


def _layout(ids: list[str], links: dict[tuple[str, str], float], sizes: dict[str, float],
            seed: int, drawn: dict[str, float] | None = None) -> dict[str, tuple[int, int]]:
    """A seeded force-directed layout (Fruchterman-Reingold, grid variant), computed once.

    Pure Python (kg has no numpy): repulsion only between nodes in neighbouring grid cells, so a
    step costs O(nodes + links). Nodes start on a sunflower spiral, busiest in the middle, which
    is already a fair layout, so few steps are needed.
    """
    n = len(ids)
    if n == 0:
        return {}
    idx = {nid: i for i, nid in enumerate(ids)}
    rnd = random.Random(seed)
    k = 90.0
    order = sorted(range(n), key=lambda i: (-sizes.get(ids[i], 0.0), ids[i]))
    xs, ys = [0.0] * n, [0.0] * n
    for rank, i in enumerate(order):
        r = k * math.sqrt(rank + 0.5)
        a = rank * _GOLDEN
        xs[i] = r * math.cos(a) + rnd.uniform(-1, 1)
        ys[i] = r * math.sin(a) + rnd.uniform(-1, 1)
    springs = [(idx[a], idx[b], 1.0 + math.log2(max(1.0, w))) for (a, b), w in sorted(links.items())
               if a in idx and b in idx and a != b]
    radius = [1.0 + math.sqrt(max(0.0, sizes.get(nid, 0.0))) / 12.0 for nid in ids]
    cell = 2.0 * k
    cell2 = cell * cell
    k2 = k * k
    steps = max(20, min(80, 30000 // max(1, n)))
    temp = k * 2.0
    cool = (0.5 / temp) ** (1.0 / steps)
    gravity = 0.02
    kr = [k2 * r for r in radius]  # the k2 * radius[i] that starts each repulsion
    sqrt = math.sqrt
    for _ in range(steps):
        dx = [0.0] * n
        dy = [0.0] * n
        # The pairs of _near_pairs, in its order, without a generator step per pair; node i's
        # sums are kept in locals over its run of partners (no partner is i itself), which
        # adds the same terms in the same order, so the floats stay bit for bit the same.
        for i, others in _near_runs(xs, ys, cell):
            xi, yi, ki = xs[i], ys[i], kr[i]
            dxi, dyi = dx[i], dy[i]
            for j in others:
                ddx, ddy = xi - xs[j], yi - ys[j]
                d2 = ddx * ddx + ddy * ddy
                if d2 >= cell2:  # a round neighbourhood: square ones leave square rims
                    continue
                if d2 < 0.01:
                    ddx, ddy, d2 = 0.1, 0.1, 0.02
                f = ki * radius[j] / d2
                fx = ddx * f
                fy = ddy * f
                dxi += fx
                dyi += fy
                dx[j] -= fx
                dy[j] -= fy
            dx[i] = dxi
            dy[i] = dyi
        for i, j, w in springs:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            d = sqrt(ddx * ddx + ddy * ddy) + 0.01
            f = d * w / k
            fx = ddx * f
            fy = ddy * f
            dx[i] -= fx
            dy[i] -= fy
            dx[j] += fx
            dy[j] += fy
        for i in range(n):
            gx = dx[i] - xs[i] * gravity * k / 10.0
            gy = dy[i] - ys[i] * gravity * k / 10.0
            d = sqrt(gx * gx + gy * gy)
            if d > temp:
                gx, gy = gx * temp / d, gy * temp / d
            xs[i] += gx
            ys[i] += gy
        temp *= cool
    if drawn:
        _separate(xs, ys, [drawn.get(nid, 8.0) + 3.0 for nid in ids])
    # whole numbers: vis-network reports positions as integers, and the bytes stay the same
    return {nid: (int(round(xs[i])), int(round(ys[i]))) for i, nid in enumerate(ids)}


def _near_pairs(xs: list[float], ys: list[float], cell: float) -> Iterator[tuple[int, int]]:
    """Each pair of nodes in the same or an adjacent grid cell, once, in a fixed order: the
    neighbour search shared by the force layout and the overlap removal (linear, not quadratic)."""
    for i, others in _near_runs(xs, ys, cell):
        for j in others:
            yield i, j


def _near_runs(xs: list[float], ys: list[float], cell: float) -> Iterator[tuple[int, list[int]]]:
    """The pairs of :func:`_near_pairs` as runs ``(i, [j, ...])`` that share their first node,
    in the same order; the grid is made from the positions when the first run is asked for."""
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in range(len(xs)):
        grid[(int(xs[i] // cell), int(ys[i] // cell))].append(i)
    for (cx, cy), members in sorted(grid.items()):
        for ox, oy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
            other = members if (ox, oy) == (0, 0) else grid.get((cx + ox, cy + oy))
            if not other:
                continue
            if other is members:
                for a_pos, i in enumerate(members):
                    yield i, members[a_pos + 1:]
            else:
                for i in members:
                    yield i, other


def _separate(xs: list[float], ys: list[float], radius: list[float], rounds: int = 40) -> None:
    """Push overlapping nodes apart (each by half the overlap), so every node can be clicked."""
    cell = 2.0 * max(radius, default=1.0)
    for _ in range(rounds):
        moved = False
        for i, j in _near_pairs(xs, ys, cell):
            need = radius[i] + radius[j]
            dx, dy = xs[j] - xs[i], ys[j] - ys[i]
            d2 = dx * dx + dy * dy
            if d2 >= need * need:
                continue
            d = math.sqrt(d2)
            if d < 1e-6:
                dx, dy, d = 1.0, 0.0, 1.0
            push = (need - d) / 2.0 + 0.01
            xs[i] -= dx / d * push
            ys[i] -= dy / d * push
            xs[j] += dx / d * push
            ys[j] += dy / d * push
            moved = True
        if not moved:
            break


def _detail_block(records: list) -> str:
    """One block of engagement details, deflated and base64-encoded: inert text in the page,
    inflated by the page (DecompressionStream) only when one of its engagements is opened.
    Level 3: at 100,000 articles (465 MB of JSON) level 6 took 5.6 s for a 66 MB page, level 3
    takes 2.2 s for 79 MB."""
    return base64.b64encode(zlib.compress(_json_for_script_utf8(records), 3)).decode("ascii")


def _aggregate_data(m: _Model, seed: int, strings: _Strings) -> tuple[dict, _Blocks, int]:
    """Persons and countries, joined by one edge per pair weighted by shared engagements, laid
    out here once; the engagements, as an index for the filters and as compressed detail blocks
    that clicking opens."""
    actors = [nid for nid in m.ids if m.nodes[nid].kind in ACTOR_KINDS]
    actor_set = set(actors)
    relations = {pair: _merge(rows) for pair, rows in m.pair_rows(actors, actor_set).items()}
    # a country stands for the persons linked to it (its leaders)
    members: dict[str, set[str]] = defaultdict(set)
    for a, b in relations:
        ka, kb = m.nodes[a].kind, m.nodes[b].kind
        if ka == "Country" and kb == "Person":
            members[a].add(b)
        elif kb == "Country" and ka == "Person":
            members[b].add(a)
    country_of: dict[str, list[str]] = defaultdict(list)
    for c in sorted(members):
        for p in sorted(members[c]):
            country_of[p].append(c)

    engagements = sorted(m.engagements, key=lambda e: (e["date"] or "", e["id"]))
    n_eng: Counter = Counter()
    pairs: Counter = Counter()
    for e in engagements:
        ps = e["participants"]
        for p in ps:
            n_eng[p] += 1
        for c in {c for p in ps for c in country_of.get(p, ())}:
            n_eng[c] += 1
        for i in range(len(ps)):
            for j in range(i + 1, len(ps)):
                pairs[(ps[i], ps[j])] += 1

    # The layout pulls along the strongest links only: each actor's five strongest and the ones the
    # page draws at first; the weak rest would only knot the middle (and cost time here).
    ranked = sorted(pairs, key=lambda key: (-pairs[key], key))
    keep = set(ranked[:MAX_DRAWN_PAIRS])
    per_actor: dict[str, int] = Counter()
    for key in ranked:
        a, b = key
        if per_actor[a] < 5 or per_actor[b] < 5:
            keep.add(key)
        per_actor[a] += 1
        per_actor[b] += 1
    links = {key: float(pairs[key]) for key in keep}
    for key in relations:
        links[key] = links.get(key, 0.0) + 4.0  # keep leaders next to their country
    top = max(n_eng.values(), default=0)
    low = min((n_eng.get(a, 0) for a in actors), default=0)

    def scaled(k: int, lo: float, hi: float) -> float:
        share = 0.5 if top == low else (k - low) / (top - low)
        return round(lo + share * (hi - lo), 2)

    pos = _layout(actors, links, {a: float(n_eng.get(a, 0)) for a in actors}, seed,
                  drawn={a: scaled(n_eng.get(a, 0), 8, 36) for a in actors})

    # Sizes (scaled() above) are worked out here, as vis-network's value scaling would: with
    # "value" set it rescales (and re-measures the label of) every node on each change of the
    # drawn edges.
    nodes = []
    for nid in actors:
        n = m.nodes[nid]
        k = n_eng.get(nid, 0)
        st = _style(n.kind)
        x, y = pos[nid]
        node: dict[str, Any] = {"id": nid, "label": n.label, "kind": n.kind, "group": n.kind,
                                "shape": st.shape, "nEng": k, "x": x, "y": y,
                                "size": scaled(k, 8, 36), "font": {"size": scaled(k, 12, 26)},
                                "title": _node_title(n) + f"\n{k} engagement{'s' if k != 1 else ''}"}
        if n.aliases:
            node["aliases"] = n.aliases
        if nid in members:
            node["members"] = sorted(members[nid])
        nodes.append(node)
    # Pairs as columns of actor numbers and counts: the page makes edges (and their tooltips)
    # only for the pairs it draws, and recounts them when the filters change.
    number = {nid: i for i, nid in enumerate(actors)}
    pair_keys = sorted(pairs)
    pair_no = {key: i for i, key in enumerate(pair_keys)}
    rels = [[number[a], number[b], rel["title"] or rel["label"], pair_no.get((a, b), -1)]
            for (a, b), rel in sorted(relations.items())]
    issue_index = {name: i for i, name in enumerate(m.issues)}
    eng = [[-1, strings(e["kind"]), strings(e["date"]), [issue_index[i] for i in e["issues"]],
            [strings(p) for p in e["participants"]]] for e in engagements]

    opts = _options(seed, len(actors), len(pairs), directed=False)
    opts["layout"] = {"randomSeed": int(seed), "improvedLayout": False}
    opts["physics"] = {"enabled": False, "stabilization": {"enabled": False}}
    # Node size follows the number of engagements (set per node); labels of small nodes appear on
    # zooming in, so a crowded overview stays readable.
    opts["nodes"]["scaling"] = {"label": {"enabled": True, "drawThreshold": 9, "maxVisible": 26}}
    opts["nodes"]["physics"] = False
    opts["edges"]["smooth"] = False
    opts["edges"]["physics"] = False
    opts["groups"] = {k: _group_options(k) for k in m.kinds}
    spans = _block_spans(engagements)
    data = {"nodes": nodes, "pa": [number[a] for a, _b in pair_keys],
            "pb": [number[b] for _a, b in pair_keys], "pn": [pairs[key] for key in pair_keys],
            "rels": rels, "options": opts, "eng": eng, "blockStart": [a for a, _ in spans],
            "maxPairs": MAX_DRAWN_PAIRS}
    return data, _Blocks(m, engagements, actor_set, spans), len(pairs)


def _block_spans(engagements: list[dict]) -> list[tuple[int, int]]:
    """(start, end) of each detail block in ``engagements`` (see BLOCK_MEAN)."""
    spans: list[tuple[int, int]] = []
    start = 0
    blake = hashlib.blake2b
    for i, e in enumerate(engagements, 1):
        if i - start >= BLOCK_MAX or int.from_bytes(
                blake(e["id"].encode("utf-8", "surrogatepass"), digest_size=4).digest(), "big") % BLOCK_MEAN == 0:
            spans.append((start, i))
            start = i
    if start < len(engagements):
        spans.append((start, len(engagements)))
    return spans


class _Blocks:
    """The detail blocks of the aggregated view: ``spans`` of the engagements, each made (by
    :meth:`text`) only when the page is written and its text is not taken from the last page."""

    def __init__(self, m: _Model, engagements: list[dict], actor_set: set[str], spans: list[tuple[int, int]]):
        self.m, self.engagements, self.actor_set, self.spans = m, engagements, actor_set, spans

    def ids(self, k: int) -> list[str]:
        a, b = self.spans[k]
        return [e["id"] for e in self.engagements[a:b]]

    def text(self, k: int) -> str:
        a, b = self.spans[k]
        return _detail_block(_block_records(self.m, self.engagements[a:b], self.actor_set))


def _block_records(m: _Model, engagements: list[dict], actor_set: set[str]) -> dict:
    """Per engagement its own node and the edges that touch it (merged per pair), with the nodes
    at their other ends (documents, issues, referenced meetings and their places) once per block;
    persons and countries are already drawn."""
    nodes = m.nodes
    adjacent = m.adjacent
    block_nodes: dict[str, list] = {}
    records = []
    for e in engagements:
        eid = e["id"]
        n = nodes[eid]
        rec_edges = []
        for other, rows in _by_other(eid, adjacent.get(eid, ())):
            rec_edges.append(_drawn_edge(rows))
            if other in actor_set:
                continue
            o = nodes[other]
            if other not in block_nodes:
                block_nodes[other] = [o.kind, o.label, _node_title(o), o.date]
            if o.kind != "MeetingRef":
                continue
            for far, far_rows in _by_other(other, adjacent.get(other, ())):  # who met, and where
                f = nodes.get(far)
                if f is None or f.kind in ENGAGEMENT_KINDS:  # (an unmade node is an engagement)
                    continue
                rec_edges.append(_drawn_edge(far_rows))
                if far not in actor_set and far not in block_nodes:
                    block_nodes[far] = [f.kind, f.label, _node_title(f), f.date]
        records.append([eid, n.kind, n.label, _node_title(n), n.date, rec_edges])
    return {"n": block_nodes, "r": records}


def _by_other(nid: str, rows: Iterable[tuple]) -> list[tuple[str, list[tuple]]]:
    """The edges of one node (its adjacency list) per node at their other end, in that node's
    order: each group is all the edges of the pair, for _merge, found in one pass over the node's
    own edges (a search of the edges per pair took a sixth of the page's time)."""
    groups: dict[str, list[tuple]] = {}
    for row in rows:
        other = row[1] if row[0] == nid else row[0]
        group = groups.get(other)
        if group is None:
            groups[other] = [row]
        else:
            group.append(row)
    return sorted(groups.items())


def _drawn_edge(rows: list[tuple]) -> list:
    """``[from, to, label, title or label, arrows]`` of ``_merge(rows)``, the detail blocks' edge."""
    if len(rows) == 1:  # most pairs: what _merge gives for one edge, without its dict
        frm, to, _k, lab, tit = rows[0][:5]
        if type(tit) is Text:
            tit = "".join(tit)
        return [frm, to, lab, (f"{lab}\n{tit}" if lab and tit else (lab or tit)) or lab,
                "" if frm == to else "to"]
    me = _merge(rows)
    return [me["from"], me["to"], me["label"], me["title"] or me["label"], me["arrows"]]


# --------------------------------------------------------------------------------------------
# Legend shapes (trusted constants from KIND_STYLES only)
# --------------------------------------------------------------------------------------------

_SVG_SHAPES = {
    "dot": '<circle cx="9" cy="9" r="6.5"/>',
    "square": '<rect x="3" y="3" width="12" height="12"/>',
    "triangle": '<polygon points="9,2 16,15 2,15"/>',
    "triangleDown": '<polygon points="2,3 16,3 9,16"/>',
    "diamond": '<polygon points="9,1.5 16.5,9 9,16.5 1.5,9"/>',
    "star": '<polygon points="9,1.5 11,7 16.5,7 12,10.5 13.8,16 9,12.6 4.2,16 6,10.5 1.5,7 7,7"/>',
    "hexagon": '<polygon points="5,2.5 13,2.5 17,9 13,15.5 5,15.5 1,9"/>',
    "ellipse": '<ellipse cx="9" cy="9" rx="8" ry="5.5"/>',
    "box": '<rect x="1.5" y="4" width="15" height="10" rx="2"/>',
}


def _legend_items(m: _Model) -> list[dict]:
    items = []
    for i, kind in enumerate(m.kinds):
        st = _style(kind)
        count = m.count_kind(kind)
        items.append({
            "index": i, "label": _html_text(st.label), "count": count,
            "fill": "#FFFFFF" if st.hollow else st.color,
            "stroke": st.color if st.hollow else "#333333",
            "dash": "3 2" if st.hollow else "",
            "shape": _SVG_SHAPES.get(st.shape, _SVG_SHAPES["dot"]),
        })
    return items


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

def _meta_items(meta: dict | None) -> list[dict]:
    items = []
    for key, value in (meta or {}).items():
        if isinstance(value, (list, tuple, set, frozenset)):
            values = [_html_text(v) for v in value]
            if isinstance(value, (set, frozenset)):
                values.sort()
            items.append({"key": _html_text(key), "value": str(len(values)), "list": values})
        else:
            items.append({"key": _html_text(key), "value": _html_text(value), "list": None})
    return items


def render_html(G: Projection | nx.Graph, *, title: str = "kg graph", seed: int = 7,
                meta: dict | None = None, aggregate_above: int = 2000,
                mode: str = "auto") -> str:
    """The page as a string; the same graph always gives the same bytes.

    ``mode`` is "auto" (aggregate when the graph has more than ``aggregate_above`` nodes),
    "detail" or "aggregate".
    """
    _check_mode(mode)
    with paused_gc():
        pieces, blocks = _render(G, title, seed, meta, aggregate_above, mode)
        parts: list[str] = []
        for piece in pieces:
            if piece is not None:
                parts.append(piece)
                continue
            for k in range(len(blocks.spans) if blocks else 0):
                parts += (_block_open(k), blocks.text(k), _BLOCK_CLOSE)  # type: ignore[union-attr]
        return "".join(parts)


def _check_mode(mode: str) -> None:
    if mode not in ("auto", "detail", "aggregate"):
        raise ValueError(f"mode must be 'auto', 'detail' or 'aggregate', not {mode!r}")


# where the detail blocks go in the rendered template (never in the page: the template writes no
# "<!--" of its own and every text in it is escaped)
_BLOCKS_MARK = "<!--kg-detail-blocks-->"
_BLOCK_CLOSE = "</script>\n"


def _block_open(k: int) -> str:
    return f'<script type="application/octet-stream" id="kg-block-{k}">'


def _render(G: Projection | nx.Graph, title: str, seed: int, meta: dict | None, aggregate_above: int,
            mode: str, engagements: list[tuple] | None = None) -> tuple[Iterator[str | None], "_Blocks | None"]:
    """The page's pieces (None where its detail blocks go), and the blocks (of the aggregated
    view; made one by one as the page is written: together they are most of a big page)."""
    m = _Model(G, engagements)
    aggregate = mode == "aggregate" or (mode == "auto" and m.n_nodes > aggregate_above)
    if not aggregate and m._unmade:
        raise _NeedsWhole
    strings = _Strings()
    data: dict[str, Any] = {
        "mode": "aggregate" if aggregate else "detail",
        "kinds": [{"kind": k, "label": _style(k).label, "color": _style(k).color,
                   "shape": _style(k).shape, "hollow": _style(k).hollow} for k in m.kinds],
        "engagementKinds": m.engagement_kinds,
        "actorKinds": list(ACTOR_KINDS),
        "issues": m.issues,
    }
    blocks: _Blocks | None = None
    n_pairs = 0
    if aggregate:
        agg, blocks, n_pairs = _aggregate_data(m, seed, strings)
        data.update(agg)
    else:
        net = _detail_network(m, seed)
        nodes, edges, _heading, _h, _w, _opts = net.get_network_data()
        data.update({"nodes": nodes, "edges": edges, "options": net.options})
        data.update(_compact(m, strings))
    data["strings"] = strings.items
    dates = sorted(e["date"] for e in m.engagements if e["date"])
    assets = _assets()
    csp = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           f"script-src {_csp_hash(assets['vis_js'])} {_csp_hash(assets['app_js'])}; "
           "connect-src 'none'; form-action 'none'; base-uri 'none'")
    counts = [
        f"{len(m.engagements)} engagements",
        f"{m.count_kind('Person')} persons",
        f"{m.count_kind('Country')} countries",
        f"{m.n_nodes} nodes",
    ]
    if aggregate:  # (not the edges: an incremental build makes only the changed parts' edges)
        counts.append(f"aggregated view: {n_pairs} linked pairs")
    else:
        counts.append(f"{G.number_of_edges()} edges")
    page = _env().get_template("graph.html.j2").generate(
        title=_html_text(title),
        counts=" \u00b7 ".join(counts),
        meta_items=_meta_items(meta),
        legend=_legend_items(m),
        engagement_kinds=[{"kind": k, "label": _style(k).label} for k in m.engagement_kinds],
        aggregate=aggregate,
        date_min=_pad_date(dates[0], False) if dates else "",
        date_max=_pad_date(dates[-1], True) if dates else "",
        data_json=json_for_script(data),
        blocks_mark=_BLOCKS_MARK,
        csp=csp,
        **assets,
    )
    return _marked(page), blocks


def _marked(pieces: Iterator[str]) -> Iterator[str | None]:
    """The page's pieces as the template renders them (never held whole: the data of a big page
    is tens of MB), None where the detail blocks go."""
    seen = 0
    for piece in pieces:
        if _BLOCKS_MARK in piece:
            before, _, after = piece.partition(_BLOCKS_MARK)
            seen += 1 + after.count(_BLOCKS_MARK)
            yield before
            yield None
            yield after
        else:
            yield piece
    assert seen == 1, "the template places the detail blocks once"


def _pad_date(d: str, upper: bool) -> str:
    """First or last day covered by a partial ISO date, for the date inputs' min/max."""
    if len(d) == 4:
        return d + ("-12-31" if upper else "-01-01")
    if len(d) == 7:
        if not upper:
            return d + "-01"
        y, mth = int(d[:4]), int(d[5:7])
        return f"{d}-{calendar.monthrange(y, mth)[1]:02d}"
    return d


class _NeedsWhole(Exception):
    """A partial projection was given for a page that shows every node (the detail view)."""


def write_html(G: Projection | nx.Graph | Callable[[], Projection], path: Path, *, title: str = "kg graph",
               seed: int = 7, meta: dict | None = None, aggregate_above: int = 2000, mode: str = "auto",
               block_signature: Callable[[list[str]], bytes | None] | None = None,
               previous: Path | None = None, engagements: Callable[[], list[tuple]] | None = None,
               made_for: Callable[[set[str]], Projection] | None = None) -> None:
    """Render and replace ``path`` atomically (pyvis writes in place: a crash leaves half a page).

    The page is written as it is rendered: held whole, as a string and then as bytes, a big
    page took several times its size in memory.

    For an incremental build (kg.export.builtin): with ``block_signature`` (the engagement ids of
    a detail block -> what their records are made from, or None) each signed block's place is
    recorded beside the page, and a block the last page ``previous`` recorded with the same
    signature is copied from it instead of being made and deflated again (at 100,000 articles
    the blocks were ~8 s of the page's ~13 s). ``G`` may then be a function giving the graph
    (called only if needed), and with ``engagements`` (giving netx.engagement_index of the graph) and
    ``made_for`` (the ids of the engagements whose blocks are made -> a projection in which they,
    and the documents and meetings their records show, are made: netx.project with ``skip``) the
    whole graph is not even made.
    """
    _check_mode(mode)
    from .reuse import load_parts, parts_index_path, save_parts

    code = _code()
    sigs: list[bytes] = []
    ranges = array("q")
    old = load_parts(previous, code) if previous is not None and block_signature else None
    with paused_gc(), atomic_path(Path(path)) as tmp:
        graph = index = None
        if old is not None and engagements is not None and made_for is not None:
            index = engagements()
            # the order of _aggregate_data's blocks: by date, then id
            order = sorted(index, key=lambda e: (_valid_date(e[2]) or "", e[0]))
            need: set[str] = set()
            for a, b in _block_spans([{"id": e[0]} for e in order]):
                ids = [e[0] for e in order[a:b]]
                sig = block_signature(ids)  # type: ignore[misc]
                if sig is None or sig not in old[0]:
                    need.update(ids)
            graph = made_for(need)
        rendered = None
        if graph is not None:
            try:
                rendered = _render(graph, title, seed, meta, aggregate_above, mode, index)
            except _NeedsWhole:
                pass
        if rendered is None:  # the whole graph, with its own engagements (the index's, tested)
            graph = G() if callable(G) else G  # (a graph is not callable: a function giving one is)
            rendered = _render(graph, title, seed, meta, aggregate_above, mode)
        pieces, blocks = rendered
        old_fd = os.open(previous, os.O_RDONLY) if old is not None and blocks else -1  # type: ignore[arg-type]
        try:
            with open(tmp, "wb", buffering=1 << 20) as fh:
                pos = 0
                for piece in pieces:
                    if piece is not None:
                        pos += fh.write(piece.encode("utf-8"))
                        continue
                    pos += _write_blocks(fh, pos, blocks, block_signature, old, old_fd, previous, sigs, ranges)
        finally:
            if old_fd >= 0:
                os.close(old_fd)
        # mkstemp creates 0600; a page is meant to be opened and shared like any other file.
        os.chmod(tmp, 0o666 & ~_umask())
    if sigs:
        save_parts(Path(path), code, sigs, ranges)
    else:
        parts_index_path(Path(path)).unlink(missing_ok=True)


def _write_blocks(fh, pos: int, blocks: "_Blocks | None", block_signature, old, old_fd: int, previous,
                  sigs: list[bytes], ranges: array) -> int:
    """Write the detail blocks at ``pos`` (a block is copied from the last page when that page
    recorded its signature), recording where each signed block goes; returns the bytes written."""
    start_pos = pos
    for k in range(len(blocks.spans) if blocks else 0):
        pos += fh.write(_block_open(k).encode("ascii"))
        sig = block_signature(blocks.ids(k)) if block_signature else None  # type: ignore[union-attr]
        at = old[0].get(sig) if old_fd >= 0 and sig is not None else None
        if at is not None:
            start, length = old[1][at * old[2]], old[1][at * old[2] + 1]
            text = os.pread(old_fd, length, start)
            if len(text) != length:
                raise OSError(f"{previous}: the last page ended early")
        else:
            text = blocks.text(k).encode("ascii")  # type: ignore[union-attr]
        if sig is not None:
            sigs.append(sig)
            ranges.extend((pos, len(text)))
        pos += fh.write(text)
        pos += fh.write(_BLOCK_CLOSE.encode("ascii"))
    return pos - start_pos


@lru_cache(maxsize=1)
def _code() -> str:
    """What a detail block's text depends on besides its records' signatures."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _umask() -> int:
    """The process umask, read without changing it where the OS allows (os.umask is racy)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
