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
countries joined by edges weighted by their number of shared engagements; the engagements themselves
are embedded compactly (strings interned once) and opened on click.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import json
import math
import os
import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, NamedTuple

import networkx as nx
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pyvis.network import Network


from .atomic import atomic_path

__all__ = [
    "KIND_STYLES", "ENGAGEMENT_KINDS", "ACTOR_KINDS", "KindStyle", "HtmlExporter",
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
    text = text.translate(_JSON_SCRIPT_ESCAPES)
    return _SURROGATE_RE.sub(lambda m: "\\u%04x" % ord(m.group()), text)


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

def _vis_dir():
    return resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"


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


class _Model:
    """Everything the page needs, computed once from the networkx graph in a stable order."""

    def __init__(self, G: nx.MultiDiGraph):
        self.nodes: dict[str, dict] = {}
        for n in G.nodes:
            d = G.nodes[n]
            nid = _plain(n)
            kind = _plain(d.get("kind")) or "Other"
            self.nodes[nid] = {
                "id": nid,
                "kind": kind,
                "label": _plain(d.get("label")) or nid,
                "title": _plain(d.get("title")),
                "date": _valid_date(d.get("date")),
                "issues": _str_list(d.get("issues")) if "issues" in d else None,
                "aliases": sorted(set(_str_list(d.get("aliases")))),
            }
        self.ids = sorted(self.nodes)
        self.edges = self._merge_edges(G)
        self.neighbours: dict[str, set[str]] = defaultdict(set)
        for e in self.edges:
            self.neighbours[e["from"]].add(e["to"])
            self.neighbours[e["to"]].add(e["from"])
        self.engagements = self._engagements()
        self.issues = sorted({i for e in self.engagements for i in e["issues"]})
        kinds_present = {n["kind"] for n in self.nodes.values()}
        self.kinds = [k for k in KIND_STYLES if k in kinds_present] + sorted(
            kinds_present - set(KIND_STYLES))
        self.engagement_kinds = [k for k in ENGAGEMENT_KINDS if k in kinds_present]

    def _merge_edges(self, G: nx.MultiDiGraph) -> list[dict]:
        """One drawn edge per node pair: parallel relations (participant + initiator) would
        otherwise be drawn on top of each other and only one tooltip could ever be reached."""
        groups: dict[tuple[str, str], list[tuple]] = defaultdict(list)
        for u, v, k, d in G.edges(keys=True, data=True):
            su, sv = _plain(u), _plain(v)
            pair = (su, sv) if su <= sv else (sv, su)
            w = _finite(d.get("weight"))
            groups[pair].append((su, sv, _plain(d.get("label")), _plain(d.get("title")),
                                 w or 0.0, _plain(k)))
        out = []
        for pair in sorted(groups):
            items = sorted(groups[pair])
            dirs = {(it[0], it[1]) for it in items}
            frm, to = items[0][0], items[0][1]
            if len(dirs) > 1:
                arrows = "to, from"
            elif frm == to:
                arrows = ""
            else:
                arrows = "to"
            labels, seen, parts = [], set(), []
            for su, sv, lab, tit, _w, _k in items:
                if lab and lab not in labels:
                    labels.append(lab)
                if (lab, tit) in seen:
                    continue
                seen.add((lab, tit))
                parts.append(f"{lab}\n{tit}" if lab and tit else (lab or tit))
            weight = sum(it[4] for it in items)
            out.append({"from": frm, "to": to, "label": ", ".join(labels),
                        "title": "\n\n".join(p for p in parts if p), "arrows": arrows,
                        "weight": weight})
        return out

    def _engagements(self) -> list[dict]:
        out = []
        for nid in self.ids:
            n = self.nodes[nid]
            if n["kind"] not in ENGAGEMENT_KINDS:
                continue
            nbrs = sorted(self.neighbours.get(nid, ()))
            parts = [m for m in nbrs if self.nodes[m]["kind"] in ACTOR_KINDS]
            issues = n["issues"]
            if issues is None:
                issues = [self.nodes[m]["label"] for m in nbrs if self.nodes[m]["kind"] == "Issue"]
            out.append({"id": nid, "kind": n["kind"], "date": n["date"],
                        "issues": sorted(set(issues)), "participants": parts})
        return out

    def count_kind(self, *kinds: str) -> int:
        return sum(1 for n in self.nodes.values() if n["kind"] in kinds)


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
    net = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    net.node_ids = _IdList()
    return net


def _node_title(n: dict) -> str:
    return n["title"] or n["label"]


def _detail_network(m: _Model, seed: int) -> Network:
    net = _new_network()
    for nid in m.ids:
        n = m.nodes[nid]
        extra: dict[str, Any] = {"kind": n["kind"]}
        if n["date"]:
            extra["date"] = n["date"]
        if n["issues"] is not None:
            extra["issues"] = n["issues"]
        if n["aliases"]:
            extra["aliases"] = n["aliases"]
        net.add_node(nid, label=n["label"], title=_node_title(n), **_node_style_kwargs(n["kind"]),
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


def _pair_title(a: str, b: str, total: int, by_type: Counter, first: str | None,
                last: str | None) -> str:
    lines = [f"{a} \u2014 {b}", f"{total} engagement{'s' if total != 1 else ''}"]
    for kind in sorted(by_type, key=lambda k: _style(k).label):
        lines.append(f"{_style(kind).label}: {by_type[kind]}")
    if first:
        lines.append(f"{first} \u2026 {last}" if last and last != first else first)
    return "\n".join(lines)


def _aggregate_network(m: _Model, seed: int) -> tuple[Network, int]:
    """Persons and countries, joined by one edge per pair weighted by shared engagements."""
    net = _new_network()
    actors = [nid for nid in m.ids if m.nodes[nid]["kind"] in ACTOR_KINDS]
    n_eng: Counter = Counter()
    pairs: dict[tuple[str, str], dict] = {}
    for e in m.engagements:
        for p in e["participants"]:
            n_eng[p] += 1
        ps = e["participants"]
        for i in range(len(ps)):
            for j in range(i + 1, len(ps)):
                rec = pairs.setdefault((ps[i], ps[j]), {"n": 0, "types": Counter(), "dates": []})
                rec["n"] += 1
                rec["types"][e["kind"]] += 1
                if e["date"]:
                    rec["dates"].append(e["date"])
    relations = {}
    for e in m.edges:
        if m.nodes[e["from"]]["kind"] in ACTOR_KINDS and m.nodes[e["to"]]["kind"] in ACTOR_KINDS:
            key = (e["from"], e["to"]) if e["from"] <= e["to"] else (e["to"], e["from"])
            relations[key] = e
    for nid in actors:
        n = m.nodes[nid]
        k = n_eng.get(nid, 0)
        extra: dict[str, Any] = {"kind": n["kind"], "nEng": k}
        if n["aliases"]:
            extra["aliases"] = n["aliases"]
        title = _node_title(n) + f"\n{k} engagement{'s' if k != 1 else ''}"
        net.add_node(nid, label=n["label"], title=title, value=k,
                     **_node_style_kwargs(n["kind"]), **extra)
    for i, key in enumerate(sorted(set(pairs) | set(relations))):
        a, b = key
        rec = pairs.get(key)
        rel = relations.get(key)
        kw: dict[str, Any] = {"id": f"a{i}", "agg": True, "arrows": {"to": {"enabled": False}}}
        parts = []
        if rec:
            dates = sorted(rec["dates"])
            parts.append(_pair_title(m.nodes[a]["label"], m.nodes[b]["label"], rec["n"],
                                     rec["types"], dates[0] if dates else None,
                                     dates[-1] if dates else None))
            kw["width"] = _width(rec["n"])
            kw["n"] = rec["n"]
        else:
            kw["n"] = 0
        if rel:
            rel_text = rel["title"] or rel["label"]
            kw["rel"] = rel_text
            parts.append(rel_text)
        kw["title"] = "\n\n".join(parts)
        net.add_edge(a, b, **kw)
    net.options = _options(seed, len(actors), len(net.edges), directed=False)
    # Node size follows the number of engagements; labels of small nodes appear on zooming in,
    # so a crowded overview stays readable.
    net.options["nodes"]["scaling"] = {"min": 8, "max": 36,
                                       "label": {"enabled": True, "min": 12, "max": 26,
                                                 "drawThreshold": 9, "maxVisible": 26}}
    net.options["groups"] = {k: _group_options(k) for k in m.kinds}
    return net, len(pairs)


def _compact(m: _Model, strings: _Strings, aggregate: bool) -> dict:
    """Engagement records for filters/table (both modes) and, when aggregated, the detail
    nodes/edges that clicking opens, as arrays of interned string indices."""
    issue_index = {name: i for i, name in enumerate(m.issues)}
    eng = [[strings(e["id"]), strings(e["kind"]), strings(e["date"]),
            [issue_index[i] for i in e["issues"]], [strings(p) for p in e["participants"]]]
           for e in m.engagements]
    out: dict[str, Any] = {"eng": eng}
    if aggregate:
        dn = []
        for nid in m.ids:
            n = m.nodes[nid]
            if n["kind"] in ACTOR_KINDS:
                continue
            dn.append([strings(nid), strings(n["kind"]), strings(n["label"]),
                       strings(_node_title(n)), strings(n["date"])])
        de = []
        for e in m.edges:
            if (m.nodes[e["from"]]["kind"] in ACTOR_KINDS
                    and m.nodes[e["to"]]["kind"] in ACTOR_KINDS):
                continue
            de.append([strings(e["from"]), strings(e["to"]), strings(e["label"]),
                       strings(e["title"] or e["label"]), strings(e["arrows"])])
        out["dn"] = dn
        out["de"] = de
    return out


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


def render_html(G: nx.MultiDiGraph, *, title: str = "kg graph", seed: int = 7,
                meta: dict | None = None, aggregate_above: int = 2000,
                mode: str = "auto") -> str:
    """The page as a string; the same graph always gives the same bytes.

    ``mode`` is "auto" (aggregate when the graph has more than ``aggregate_above`` nodes),
    "detail" or "aggregate".
    """
    if mode not in ("auto", "detail", "aggregate"):
        raise ValueError(f"mode must be 'auto', 'detail' or 'aggregate', not {mode!r}")
    m = _Model(G)
    aggregate = mode == "aggregate" or (mode == "auto" and len(m.ids) > aggregate_above)
    if aggregate:
        net, n_pairs = _aggregate_network(m, seed)
    else:
        net, n_pairs = _detail_network(m, seed), 0
    nodes, edges, _heading, _h, _w, _opts = net.get_network_data()
    strings = _Strings()
    data: dict[str, Any] = {
        "mode": "aggregate" if aggregate else "detail",
        "nodes": nodes,
        "edges": edges,
        "options": net.options,
        "kinds": [{"kind": k, "label": _style(k).label, "color": _style(k).color,
                   "shape": _style(k).shape, "hollow": _style(k).hollow} for k in m.kinds],
        "engagementKinds": m.engagement_kinds,
        "actorKinds": list(ACTOR_KINDS),
        "issues": m.issues,
    }
    data.update(_compact(m, strings, aggregate))
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
        f"{len(m.ids)} nodes",
        f"{sum(1 for _ in G.edges)} edges",
    ]
    if aggregate:
        counts.append(f"aggregated view: {n_pairs} linked pairs")
    html = _env().get_template("graph.html.j2").render(
        title=_html_text(title),
        counts=" \u00b7 ".join(counts),
        meta_items=_meta_items(meta),
        legend=_legend_items(m),
        engagement_kinds=[{"kind": k, "label": _style(k).label} for k in m.engagement_kinds],
        aggregate=aggregate,
        date_min=_pad_date(dates[0], False) if dates else "",
        date_max=_pad_date(dates[-1], True) if dates else "",
        data_json=json_for_script(data),
        csp=csp,
        **assets,
    )
    return html


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


def write_html(G: nx.MultiDiGraph, path: Path, *, title: str = "kg graph", seed: int = 7,
               meta: dict | None = None, aggregate_above: int = 2000, mode: str = "auto") -> None:
    """Render and replace ``path`` atomically (pyvis writes in place: a crash leaves half a page)."""
    html = render_html(G, title=title, seed=seed, meta=meta, aggregate_above=aggregate_above,
                       mode=mode)
    with atomic_path(Path(path)) as tmp:
        tmp.write_bytes(html.encode("utf-8"))
        # mkstemp creates 0600; a page is meant to be opened and shared like any other file.
        os.chmod(tmp, 0o666 & ~_umask())


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
