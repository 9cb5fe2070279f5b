"""The HTML export: offline, escaped, deterministic, and usable in a real browser.

Article text is hostile input, so the unit tests look at the page source and the browser tests
open it in headless Chromium with the network cut off and hover every node and edge.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import os
import random
import re
import subprocess
import sys
import time
import zlib
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.export.html import (ENGAGEMENT_KINDS, KIND_STYLES, _assets,
                            json_for_script, render_html, write_html)

from .factories import SharedLog

EX = "https://example.org/kg/"
PWN_IMG = '<img src=x onerror="window.__pwned=1">'
PWN_SCRIPT = "<script>window.__pwned=1</script>"
PWN_ATTR = '"><img src=x onerror=window.__pwned=1>'
HOSTILE = [PWN_IMG, PWN_SCRIPT, PWN_ATTR, "</script><script>window.__pwned=1</script>",
           "<!--<script>", "a\u2028b\u2029c", "back\\slash 'q' \"dq\"", "\u202eRTL\u200f", "&amp;&lt;"]
ENG_CYCLE = ["PhoneCall", "VideoCall", "Meeting", "Letter"]
DATA_RE = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


# ------------------------------------------------------------------------------------ graphs

def make_graph(n_eng: int = 12, n_persons: int = 6, *, hostile: bool = False, seed: int = 1,
               all_kinds: bool = False) -> nx.MultiDiGraph:
    """A graph shaped like the lead's RDF projection: engagements linked to participants/issues."""
    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    countries = [f"{EX}country/C{i}" for i in range(2)]
    for i, c in enumerate(countries):
        G.add_node(c, kind="Country", label=f"Country {i}", title=f"Country {i}", iri=c)
    persons = [f"{EX}person/P{i}" for i in range(n_persons)]
    for i, p in enumerate(persons):
        label = f"Leader {i}"
        if hostile and i < 3:
            label = [PWN_IMG, PWN_SCRIPT, PWN_ATTR][i]
        G.add_node(p, kind="Person", label=label, title=f"{label}\nhead of government", iri=p,
                   aliases=[f"Alias {i}"])
        G.add_edge(p, countries[i % 2], label="represents", title=f"{label} represents Country {i % 2}")
    issues = ["trade", "climate"] + ([PWN_IMG] if hostile else ["security"])
    for k, name in enumerate(issues):
        G.add_node(f"{EX}issue/I{k}", kind="Issue", label=name, title=f"Issue: {name}")
    for j in range(n_eng):
        e = f"{EX}event/E{j:05d}"
        kind = ENG_CYCLE[j % 4]
        date = f"{2019 + j % 5}-{j % 12 + 1:02d}-{j % 27 + 1:02d}"
        a, b = rnd.sample(persons, 2)
        la, lb = G.nodes[a]["label"], G.nodes[b]["label"]
        evidence = f"Evidence {j}: {la} spoke with {lb} about cooperation."
        if hostile and j == 0:
            evidence += " " + " ".join(HOSTILE)
        issue = issues[j % len(issues)]
        G.add_node(e, kind=kind, label=f"{kind} {date}", date=date, issues=[issue], iri=e,
                   title=f"{kind}\n{date}\n{la}, {lb}\n{evidence}")
        G.add_edge(e, a, label="participant", title=f"participant: {evidence}")
        G.add_edge(e, a, label="initiator", title=f"initiator: {evidence}")
        G.add_edge(e, b, label="participant", title=f"participant: {evidence}")
        G.add_edge(e, f"{EX}issue/I{issues.index(issue)}", label="issue", title=f"issue: {evidence}")
    if all_kinds:
        G.add_node(f"{EX}ref/M1", kind="MeetingRef", label="G20 summit", title="planned meeting",
                   date="2024-09")
        G.add_edge(f"{EX}event/E00002", f"{EX}ref/M1", label="announces", title="announces G20")
        G.add_node(f"{EX}place/Pl1", kind="Place", label="Geneva", title="Geneva")
        G.add_edge(f"{EX}event/E00002", f"{EX}place/Pl1", label="place", title="in Geneva")
        G.add_node(f"{EX}doc/D1", kind="Document", label="readout.html", title="readout.html")
        G.add_edge(f"{EX}event/E00001", f"{EX}doc/D1", label="source", title="from readout")
        G.add_node(f"{EX}odd/X1", kind="Mystery", label="odd", title="unknown kind")
    return G


def big_graph(n_eng: int, n_persons: int, seed: int = 3) -> nx.MultiDiGraph:
    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    persons = [f"{EX}person/P{i:05d}" for i in range(n_persons)]
    for i, p in enumerate(persons):
        G.add_node(p, kind="Person", label=f"Leader {i}", title=f"Leader {i}")
    weights = [1.0 / (i + 1) ** 0.8 for i in range(n_persons)]
    for j in range(n_eng):
        e = f"{EX}event/E{j:07d}"
        kind = ENG_CYCLE[j % 4]
        date = f"{2000 + j % 24}-{j % 12 + 1:02d}-{j % 28 + 1:02d}"
        a, b = rnd.choices(range(n_persons), weights=weights, k=2)
        if a == b:
            b = (a + 1) % n_persons
        ev = f"Evidence {j}: Leader {a} held a call with Leader {b}."
        G.add_node(e, kind=kind, label=f"{kind} {date}", title=f"{kind}\n{date}\n{ev}", date=date,
                   issues=["trade"])
        G.add_edge(e, persons[a], label="participant", title=ev)
        G.add_edge(e, persons[b], label="participant", title=ev)
    return G


def shuffled_copy(G: nx.MultiDiGraph, seed: int) -> nx.MultiDiGraph:
    rnd = random.Random(seed)
    nodes = list(G.nodes(data=True))
    edges = list(G.edges(keys=True, data=True))
    rnd.shuffle(nodes)
    rnd.shuffle(edges)
    H = nx.MultiDiGraph()
    for n, d in nodes:
        H.add_node(n, **dict(reversed(list(d.items()))))
    for u, v, _k, d in edges:
        H.add_edge(u, v, **d)
    return H


def page_data(html: str) -> dict:
    blocks = DATA_RE.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def outside_data(html: str) -> str:
    return DATA_RE.sub("", html)


def script_tags(html: str) -> tuple[int, int]:
    """Opening/closing script tags of the page, not counting strings inside vis-network's code."""
    rest = html.replace(_assets()["vis_js"], "").lower()
    return rest.count("<script"), rest.count("</script")


# ------------------------------------------------------------------------------------ unit tests

def test_offline_no_remote_urls():
    html = render_html(make_graph(), meta={"kg version": "0.1.0"})
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "@import" not in html
    assert "<link" not in html.lower()
    for host in ("jsdelivr", "cdnjs", "unpkg", "googleapis", "bootstrapcdn", "visjs.github.io/vis-network/dist"):
        assert host not in html.lower().replace("https://visjs.github.io/vis-network/\n", "")
    app_js = (Path(__file__).resolve().parents[1] / "kg/export/templates/graph.js").read_text()
    assert app_js in html
    for api in ("fetch(", "XMLHttpRequest", "innerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert api not in app_js.split("*/", 1)[1]
    # vis-network is inlined from pyvis's package with its licence header
    assert "@license" in html and "vis-network" in html and "9.1.2" in html
    assert script_tags(html) == (3, 3)
    assert "sourceMappingURL" not in html
    csp = html_lib.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-eval" not in csp


def test_hostile_strings_escaped_everywhere():
    G = make_graph(hostile=True, all_kinds=True)
    meta = {"kg version": PWN_SCRIPT, "documents": ["ok.html", PWN_IMG]}
    html = render_html(G, title=PWN_SCRIPT + PWN_IMG, meta=meta)
    rest = outside_data(html)
    for s in (PWN_IMG, PWN_SCRIPT, PWN_ATTR, "<img", "onerror=\"window", "\u2028", "\u2029"):
        assert s not in rest
    # the escaped forms are what the page shows
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in rest
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in rest
    block = DATA_RE.search(html).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\u2028" not in block and "\u2029" not in block
    assert script_tags(html) == (3, 3)
    data = page_data(html)
    labels = {n["label"] for n in data["nodes"]}
    assert {PWN_IMG, PWN_SCRIPT, PWN_ATTR} <= labels
    assert PWN_IMG in data["issues"]
    titles = " ".join(n["title"] for n in data["nodes"])
    assert all(h in titles for h in HOSTILE)


def test_json_for_script_escapes_and_round_trips():
    obj = {"s": "</script><!-- & \u2028\u2029 \ud800 lone", "n": [1, 2.5]}
    text = json_for_script(obj)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\ud800" not in text
    text.encode("utf-8")  # a lone surrogate would not encode
    assert json.loads(text) == obj


def test_byte_identical_under_insertion_order():
    G = make_graph(20, 8, all_kinds=True)
    a = render_html(G, title="t", meta={"kg version": "1"})
    for seed in (1, 2, 3):
        assert render_html(shuffled_copy(G, seed), title="t", meta={"kg version": "1"}) == a
    agg = render_html(G, aggregate_above=5)
    assert render_html(shuffled_copy(G, 9), aggregate_above=5) == agg


def test_byte_identical_across_hash_seeds(tmp_path):
    code = (
        "import sys, hashlib; sys.path.insert(0, %r); sys.path.insert(0, %r)\n"
        "from tests.test_export_html import make_graph\n"
        "from kg.export.html import render_html\n"
        "G = make_graph(15, 6, all_kinds=True)\n"
        "print(hashlib.sha256((render_html(G) + render_html(G, aggregate_above=5)).encode()).hexdigest())\n"
    ) % (str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1]))
    digests = set()
    for hs in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=hs)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                             check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_no_timestamp_and_seed_in_options():
    html = render_html(make_graph(), seed=42)
    data = page_data(html)
    assert data["options"]["layout"]["randomSeed"] == 42
    page = outside_data(html).replace(_assets()["vis_js"], "")
    assert not re.search(r"20\d\d-\d\d-\d\d[T ]\d\d:\d\d", page)


def test_legend_lists_every_kind_present():
    G = make_graph(8, 4, all_kinds=True)
    html = render_html(G)
    legend = re.findall(r'<span class="kg-legend-label">([^<]*)</span>', html)
    present = {d["kind"] for _, d in G.nodes(data=True)}
    expected = [KIND_STYLES[k].label for k in KIND_STYLES if k in present] + ["Mystery"]
    assert legend == expected
    assert present == set(KIND_STYLES) | {"Mystery"}  # every built-in kind plus an unknown one
    data = page_data(html)
    assert [k["kind"] for k in data["kinds"]] == [k for k in KIND_STYLES if k in present] + ["Mystery"]
    # colours/shapes in the data come from the same mapping as the legend
    for k in KIND_STYLES:
        if k in present:
            assert data["options"]["groups"][k]["shape"] == KIND_STYLES[k].shape
    types = re.findall(r'class="kg-type" value="([^"]+)"', html)
    assert types == list(ENGAGEMENT_KINDS)


def test_detail_mode_contents():
    G = make_graph(12, 6)
    data = page_data(render_html(G))
    assert data["mode"] == "detail"
    assert {n["id"] for n in data["nodes"]} == set(G.nodes)
    # parallel participant+initiator edges are drawn once, with both relations in the tooltip
    e0 = [e for e in data["edges"] if e["from"] == f"{EX}event/E00000" and "initiator" in e["label"]]
    assert len(e0) == 1 and "participant" in e0[0]["title"] and "initiator" in e0[0]["title"]
    assert len(data["eng"]) == 12
    assert all(isinstance(n["title"], str) and n["title"] for n in data["nodes"])


BLOCK_RE = re.compile(r'<script type="application/octet-stream" id="kg-block-(\d+)">([A-Za-z0-9+/=]*)</script>')


def detail_blocks(html: str) -> list[dict]:
    """The aggregated view's engagement details: deflated JSON, base64, one block per script tag."""
    found = BLOCK_RE.findall(html)
    assert [int(i) for i, _ in found] == list(range(len(found)))
    return [json.loads(zlib.decompress(base64.b64decode(b))) for _, b in found]


def test_aggregated_mode_above_threshold():
    G = make_graph(30, 6, all_kinds=True)
    html = render_html(G, aggregate_above=20)
    data = page_data(html)
    assert data["mode"] == "aggregate"
    kinds = {n["kind"] for n in data["nodes"]}
    assert kinds == {"Person", "Country"}
    ids = [n["id"] for n in data["nodes"]]
    # laid out here, once: every actor has a place and the page runs no physics
    assert all(isinstance(n["x"], (int, float)) and isinstance(n["y"], (int, float)) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(ids)
    assert data["options"]["physics"]["enabled"] is False
    # pair weights equal the number of shared engagements
    shared: dict = {}
    for e in (n for n, d in G.nodes(data=True) if d["kind"] in ENGAGEMENT_KINDS):
        ps = sorted({v for _, v in G.out_edges(e) if G.nodes[v]["kind"] == "Person"})
        for i in range(len(ps)):
            for j in range(i + 1, len(ps)):
                shared[(ps[i], ps[j])] = shared.get((ps[i], ps[j]), 0) + 1
    agg = {(ids[a], ids[b]): n for a, b, n in zip(data["pa"], data["pb"], data["pn"])}
    assert agg == shared
    # person -> country relations are kept, and a country knows its persons
    rels = {(ids[r[0]], ids[r[1]]) for r in data["rels"]}
    assert (f"{EX}country/C0", f"{EX}person/P0") in rels
    c0 = next(n for n in data["nodes"] if n["id"] == f"{EX}country/C0")
    assert c0["members"] == [f"{EX}person/P{i}" for i in range(0, 6, 2)]
    # the engagements: an index for the filters, and their details compressed for opening on click
    assert len(data["eng"]) == 30
    blocks = detail_blocks(html)
    assert len(blocks) == len(data["blockStart"]) and data["blockStart"][0] == 0
    assert [len(b["r"]) for b in blocks] == [b - a for a, b in zip(data["blockStart"], data["blockStart"][1:] + [30])]
    records = [r for b in blocks for r in b["r"]]
    assert sorted(r[0] for r in records) == sorted(n for n, d in G.nodes(data=True) if d["kind"] in ENGAGEMENT_KINDS)
    assert [r[4] for r in records] == sorted(r[4] for r in records)  # by date, so blocks are periods
    S = data["strings"]
    assert [S[e[2]] for e in data["eng"]] == [r[4] for r in records]
    assert {v[0] for b in blocks for v in b["n"].values()} >= {"Issue", "MeetingRef", "Place", "Document"}
    e2 = next(r for r in records if r[0] == f"{EX}event/E00002")
    assert {(x[0], x[1]) for x in e2[5]} >= {(f"{EX}event/E00002", f"{EX}ref/M1"),
                                             (f"{EX}event/E00002", f"{EX}place/Pl1")}
    assert all("Evidence 2:" in x[3] for x in e2[5] if x[2] in ("participant", "issue"))
    # same data below the threshold is drawn in detail
    assert page_data(render_html(G, aggregate_above=2000))["mode"] == "detail"


def test_aggregated_20k_engagements_renders_quickly():
    G = big_graph(20_000, 400)
    t = time.perf_counter()
    html = render_html(G)
    elapsed = time.perf_counter() - t
    data = page_data(html)
    assert data["mode"] == "aggregate" and len(data["eng"]) == 20_000
    assert len(data["nodes"]) == 400
    assert elapsed < 30, elapsed
    assert len(html) < 25_000_000


def test_write_html_atomic_and_registered(tmp_path):
    from kg.export.base import default_exporters
    from kg.registry import exporters

    default_exporters()
    exp = exporters.get("html")
    assert exporters.get("text/html") is exp
    assert (exp.media_type, exp.filename) == ("text/html", "graph.html")
    out = tmp_path / "graph.html"
    write_html(make_graph(), out, title="x")
    first = out.read_bytes()
    assert first.startswith(b"<!DOCTYPE html>")
    assert out.stat().st_mode & 0o044  # readable by others, not mkstemp's 0600
    write_html(make_graph(), out, title="x")
    assert out.read_bytes() == first
    G = make_graph()
    G.nodes[f"{EX}person/P0"]["date"] = object()  # ignored, not a valid date
    bad = nx.MultiDiGraph()
    bad.add_edge("a", "b", weight=float("nan"))
    write_html(bad, tmp_path / "nan.html")  # NaN weights must not break the JSON
    with pytest.raises(ValueError):
        write_html(make_graph(), out, mode="nope")
    assert out.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html", "nan.html"]


def test_lone_surrogates_and_controls_survive():
    G = nx.MultiDiGraph()
    G.add_node("x:1", kind="Person", label="a\ud800b\x00c", title="t\udfff\x1b")
    html = render_html(G, title="T\ud800", meta={"k\udc00": "v\ud800"})
    html.encode("utf-8")
    data = page_data(html)
    assert data["nodes"][0]["label"] == "a\ud800b\x00c"


def test_projection_and_its_networkx_graph_give_the_same_page():
    """kg build passes its light projection, plugins and the tests pass networkx graphs: the page
    must not depend on which (parallel edges, referenced meetings, hostile text; both views)."""
    from kg.export.netx import project
    from kg.resolve import resolve
    from kg.vocab import load_vocabulary

    from .factories import disputed_pair, make_extraction

    text = " ".join(HOSTILE) + " Xi Jinping met Kim Jong Un in Pyongyang."
    xs = disputed_pair() + [make_extraction("hostile_doc", text, [{
        "type": "Meeting", "date": "2019-06", "participants": ["Xi Jinping", "Kim Jong Un", PWN_IMG],
        "evidence": PWN_SCRIPT, "initiator": "Kim Jong Un", "issues": ["KoreanPeninsula"],
        "issue_speakers": {"KoreanPeninsula": ["Xi Jinping", PWN_IMG]},
        "prior_meetings": [{"label": PWN_ATTR, "place": "Singapore", "date": "2018", "evidence": PWN_IMG}],
        "planned_meetings": [{"label": "summit", "place": "Beijing", "evidence": PWN_SCRIPT}]}],
        published="2019-06-21")]
    P = project(resolve(xs, load_vocabulary()))
    G = P.to_networkx()
    for mode in ("detail", "aggregate"):
        assert render_html(P, title="t", mode=mode) == render_html(G, title="t", mode=mode)


text_strategy = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from(HOSTILE)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(labels=st.lists(text_strategy, min_size=2, max_size=5), titles=st.lists(text_strategy, min_size=2, max_size=5),
       edge_title=text_strategy, page_title=text_strategy)
def test_property_text_round_trips_through_json_block(labels, titles, edge_title, page_title):
    G = nx.MultiDiGraph()
    ids = [f"{EX}n/{i}" for i in range(len(labels))]
    for i, nid in enumerate(ids):
        G.add_node(nid, kind="Person" if i % 2 else "Meeting", label=labels[i],
                   title=titles[i % len(titles)], issues=[labels[i]])
    G.add_edge(ids[0], ids[1], label="participant", title=edge_title)
    html = render_html(G, title=page_title)
    block = DATA_RE.search(html).group(1)
    assert "<" not in block
    assert script_tags(html) == (3, 3)
    assert "<img" not in html.lower()
    data = page_data(html)
    by_id = {n["id"]: n for n in data["nodes"]}
    for i, nid in enumerate(ids):
        assert by_id[nid]["label"] == (labels[i] or nid)
        assert by_id[nid]["title"] == (titles[i % len(titles)] or by_id[nid]["label"])
    edge = data["edges"][0]
    assert edge_title in edge["title"]
    for i in range(0, len(ids), 2):
        assert labels[i] in data["issues"]


# ------------------------------------------------------------------------------------ browser tests

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
PWNED_TRAP = """
(() => {
  let hits = 0;
  Object.defineProperty(window, '__pwned', {configurable: false,
    get() { return hits ? hits : undefined; }, set(v) { hits += 1; }});
  window.alert = window.confirm = window.prompt = () => { hits += 1; };
})();
"""


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


class Watched:
    """A page with the network cut off and every error, dialog and request recorded."""

    def __init__(self, browser, path: Path, timeout_ms: int = 60_000):
        self.ctx = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
        self.page = self.ctx.new_page()
        self.errors: list[str] = []
        self.remote: list[str] = []
        self.dialogs: list[str] = []
        page = self.page
        page.add_init_script(PWNED_TRAP)

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                self.remote.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else self.remote.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                if m.type in ("error", "warning", "assert") else None)

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        t = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_function("() => window.kgReady === true && !!window.network", timeout=timeout_ms)
        self.open_seconds = time.perf_counter() - t

    def js(self, fn: str, arg=None):
        return self.page.evaluate(fn, arg)

    def assert_clean(self):
        assert self.js("() => window.__pwned") is None
        assert self.dialogs == []
        assert self.remote == []
        assert self.errors == []

    def close(self):
        self.ctx.close()


# A point where vis-network's popup logic (the last overlapping node, else the last overlapping
# edge, in index order) picks exactly this item, so the tooltip seen belongs to it.
FIND_POINT = """([kind, id]) => {
  const net = window.network;
  const rect = net.body.container.getBoundingClientRect();
  // only points where the item is the one thing under the pointer, so pixel rounding
  // cannot hand the tooltip to a neighbour
  const popupTarget = (c) => {
    const box = {left: c.x, top: c.y, right: c.x, bottom: c.y};
    const hits = [];
    for (const nid of net.body.nodeIndices) {
      if (net.body.nodes[nid].isOverlappingWith(box)) hits.push(['node', nid]);
    }
    if (hits.length) return hits.length === 1 ? hits[0] : null;  // nodes win over edges
    for (const eid of net.body.edgeIndices) {
      const e = net.body.edges[eid];
      if (e.connected && e.isOverlappingWith(box)) hits.push(['edge', eid]);
    }
    return hits.length === 1 ? hits[0] : null;
  };
  const hit = (c) => {
    const d = net.canvasToDOM(c);
    if (d.x < 2 || d.y < 2 || d.x > rect.width - 2 || d.y > rect.height - 2) return null;
    const t = popupTarget(c);
    if (!t || t[0] !== kind || t[1] !== id) return null;
    return {x: rect.left + d.x, y: rect.top + d.y};
  };
  if (kind === 'node') {
    const p = net.getPositions([id])[id];
    for (const [dx, dy] of [[0,0],[3,3],[-3,-3],[3,-3],[-3,3],[0,6],[6,0],[0,-6],[-6,0]]) {
      const r = hit({x: p.x + dx, y: p.y + dy}); if (r) return r;
    }
    return null;
  }
  const edge = net.body.edges[id];
  for (let k = 0; k <= 40; k++) {
    const t = 0.5 + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 0.02;
    const r = hit(edge.edgeType.getPoint(t)); if (r) return r;
  }
  return null;
}"""

CLICK_POINT = """(id) => { const net = window.network; const r = net.body.container.getBoundingClientRect();
  const p = net.canvasToDOM(net.getPositions([id])[id]);
  return net.getNodeAt(p) === id ? {x: r.left + p.x, y: r.top + p.y} : null; }"""

TOOLTIP = """() => { const t = document.querySelector('div.vis-tooltip');
  return t && t.style.visibility !== 'hidden' ? t.textContent : null; }"""


def _no_breaks(s: str) -> str:
    return re.sub(r"\r\n|\r|\n", "", s)


def hover_everything(w: Watched):
    w.js("() => network.fit({animation: false})")
    items = w.js("""() => [
      ...kgData.nodeView.get().map(n => ['node', n.id, n.title]),
      ...kgData.edgeView.get().map(e => ['edge', e.id, e.title])]""")
    assert items
    empty = w.js("""() => { const r = network.body.container.getBoundingClientRect();
      for (let y = 3; y < r.height; y += 7) for (let x = 3; x < r.width; x += 7) {
        const c = network.DOMtoCanvas({x, y});
        const box = {left: c.x, top: c.y, right: c.x, bottom: c.y};
        if (!network.body.nodeIndices.some(i => network.body.nodes[i].isOverlappingWith(box)) &&
            !network.body.edgeIndices.some(i => network.body.edges[i].isOverlappingWith(box)))
          return {x: r.left + x, y: r.top + y};
      } return null; }""")
    assert empty
    shadowed = []
    for kind, ident, title in items:
        pt = w.js(FIND_POINT, [kind, ident])
        if pt is None:
            # zoom in on the item so neighbours stop covering it
            w.js("""([k, id]) => { const net = network; if (k === 'node') { net.focus(id, {scale: 2.5, animation: false}); }
              else { const e = net.body.edges[id]; const p = e.edgeType.getPoint(0.5);
                     net.moveTo({position: p, scale: 2.5, animation: false}); } }""", [kind, ident])
            pt = w.js(FIND_POINT, [kind, ident])
            if pt is None:
                # Another edge lies along the whole of this one (collinear by chance of layout):
                # no pointer position can single it out, so check the click/details path instead.
                w.js("(id) => network.body.emitter.emit('click', {nodes: [], edges: [id], event: {}, pointer: {}})", ident)
                assert w.page.locator("#kg-details-text").text_content() == title
                shadowed.append((kind, ident))
                w.js("() => network.fit({animation: false})")
                continue
        # an empty spot of the canvas first: vis keeps a popup while its item is under the pointer
        w.page.mouse.move(empty["x"], empty["y"])
        w.page.mouse.move(pt["x"], pt["y"])
        try:
            w.page.wait_for_function(
                "(want) => { const t = document.querySelector('div.vis-tooltip');"
                " return !!t && t.style.visibility !== 'hidden' && t.textContent === want; }",
                arg=_no_breaks(title), timeout=3000)
        except Exception:
            pass
        shown = w.js(TOOLTIP)
        assert shown == _no_breaks(title), (kind, ident)
        w.js("() => network.fit({animation: false})")
    assert all(k == "edge" for k, _ in shadowed) and len(shadowed) <= max(1, len(items) // 20), shadowed
    return len(items)


@pytest.mark.browser
def test_browser_hostile_page_hover_filters_search(browser, tmp_path):
    G = make_graph(12, 6, hostile=True, all_kinds=True)
    G.nodes[f"{EX}doc/D1"]["label"] = PWN_IMG + ".html"
    out = tmp_path / ('<img src=x onerror="window.__pwned=1">' + ".html")
    write_html(G, out, title=PWN_SCRIPT + PWN_IMG,
               meta={"kg version": PWN_SCRIPT, "documents": [PWN_IMG + ".html", "b.html"]})
    w = Watched(browser, out)
    try:
        page = w.page
        assert page.title() == PWN_SCRIPT + PWN_IMG
        assert page.locator("#kg-title").inner_text() == PWN_SCRIPT + PWN_IMG
        # physics is off after stabilisation and the view stays put
        assert w.js("() => network.physics.options.enabled") is False
        before = w.js("() => network.getPositions()")
        page.wait_for_timeout(300)
        assert w.js("() => network.getPositions()") == before

        # every node and edge shows its evidence as text
        n = hover_everything(w)
        assert n == G.number_of_nodes() + w.js("() => kgData.edges.length")
        assert all(h in G.nodes[f"{EX}event/E00000"]["title"] for h in HOSTILE)  # was hovered too

        # legend: one item per kind present, and it toggles that kind
        present = {d["kind"] for _, d in G.nodes(data=True)}
        legend = page.locator(".kg-legend-item")
        assert legend.count() == len(present)
        letters = [n for n, d in G.nodes(data=True) if d["kind"] == "Letter"]
        letter_btn = page.locator(".kg-legend-item", has_text="Letter")
        letter_btn.click()
        assert letter_btn.get_attribute("aria-pressed") == "false"
        assert not any(w.js("(id) => kgApp.isVisible(id)", i) for i in letters)
        letter_btn.click()
        assert all(w.js("(id) => kgApp.isVisible(id)", i) for i in letters)

        # search by name and by alias selects the node
        page.fill("#kg-search", "Leader 4")
        page.press("#kg-search", "Enter")
        assert w.js("() => network.getSelectedNodes()") == [f"{EX}person/P4"]
        page.fill("#kg-search", "alias 5")
        page.press("#kg-search", "Enter")
        assert w.js("() => network.getSelectedNodes()") == [f"{EX}person/P5"]

        # date range hides engagements outside it
        page.fill("#kg-date-from", "2021-01-01")
        page.fill("#kg-date-to", "2021-12-31")
        engs = {n: d["date"] for n, d in G.nodes(data=True) if d["kind"] in ENGAGEMENT_KINDS}
        inside = {n for n, dt in engs.items() if dt.startswith("2021")}
        assert inside and len(inside) < len(engs)
        for n, dt in engs.items():
            assert w.js("(id) => kgApp.isVisible(id)", n) == (n in inside), (n, dt)
        assert w.js("() => kgData.nodeView.getIds()").count(f"{EX}event/E00000") == 0
        assert page.locator("#kg-shown").inner_text() == f"{len(inside)} of {len(engs)} engagements shown"
        assert page.locator("#kg-table-body tr").count() == len(inside)
        # the MeetingRef dated 2024-09 is outside the range as well
        assert w.js("(id) => kgApp.isVisible(id)", f"{EX}ref/M1") is False

        # issue filter (its option text is the hostile issue name, shown as text)
        page.click("#kg-reset")
        assert page.locator("#kg-shown").inner_text() == f"{len(engs)} of {len(engs)} engagements shown"
        page.select_option("#kg-issue", label=PWN_IMG)
        with_issue = {n for n, d in G.nodes(data=True) if d.get("issues") == [PWN_IMG]}
        assert page.locator("#kg-shown").inner_text() == f"{len(with_issue)} of {len(engs)} engagements shown"
        # engagement type filter
        page.click("#kg-reset")
        page.uncheck("input.kg-type[value=PhoneCall]")
        calls = [n for n, d in G.nodes(data=True) if d["kind"] == "PhoneCall"]
        assert not any(w.js("(id) => kgApp.isVisible(id)", i) for i in calls)
        page.click("#kg-reset")
        # the table is text: hostile participant names appear as text, not markup
        assert page.locator("#kg-table-body img").count() == 0
        assert PWN_IMG in page.locator("#kg-table-body").inner_text()
        w.assert_clean()
    finally:
        w.close()


@pytest.mark.browser
def test_browser_aggregated_20k(browser, tmp_path):
    G = big_graph(20_000, 400)
    out = tmp_path / "big.html"
    write_html(G, out, title="20k")
    w = Watched(browser, out, timeout_ms=45_000)
    try:
        assert w.open_seconds < 30, w.open_seconds
        assert w.js("() => kgData.mode") == "aggregate"
        assert w.js("() => kgData.nodeView.get().every(n => n.kind === 'Person')") is True
        assert w.js("() => network.physics.options.enabled") is False
        assert w.page.locator("#kg-shown").inner_text() == "20000 of 20000 engagements shown"
        # click the busiest person: its engagements are opened in place
        pid = f"{EX}person/P00000"
        w.js("(id) => network.focus(id, {scale: 1.5, animation: false})", pid)
        pt = w.js(CLICK_POINT, pid)
        assert pt
        w.page.mouse.click(pt["x"], pt["y"])
        # the details are inflated from their compressed blocks, then drawn
        w.page.wait_for_function("() => document.getElementById('kg-status').textContent.startsWith('Opened')")
        opened = w.js("() => kgData.nodes.get({filter: n => !!n.opened}).length")
        assert 0 < opened <= 300
        assert "Opened the 300 most recent" in w.page.locator("#kg-status").inner_text()
        # an opened engagement shows its evidence on hover
        eid = w.js("() => kgData.nodeView.get({filter: n => !!n.opened})[0].id")
        title = w.js("(id) => kgData.nodes.get(id).title", eid)
        w.js("(id) => network.focus(id, {scale: 3, animation: false})", eid)
        pt = w.js(FIND_POINT, ["node", eid])
        assert pt, eid
        w.page.mouse.move(pt["x"], pt["y"])
        w.page.wait_for_function(
            "(want) => { const t = document.querySelector('div.vis-tooltip');"
            " return !!t && t.style.visibility !== 'hidden' && t.textContent === want; }",
            arg=_no_breaks(title), timeout=3000)
        assert "Evidence" in title
        # date filter recomputes the weighted edges
        w.page.fill("#kg-date-from", "2010-01-01")
        w.page.fill("#kg-date-to", "2010-12-31")
        expected = sum(1 for _, d in G.nodes(data=True) if d.get("date", "").startswith("2010"))
        assert w.page.locator("#kg-shown").inner_text() == f"{expected} of 20000 engagements shown"
        w.page.click("#kg-collapse")
        assert w.js("() => kgData.nodes.get({filter: n => !!n.opened}).length") == 0
        w.assert_clean()
    finally:
        w.close()


def agg_graph(n_eng: int = 3000, n_persons: int = 160, seed: int = 5) -> nx.MultiDiGraph:
    """Shaped like to_networkx's output: persons with countries, engagements with issues and
    documents; one hostile person name."""
    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    countries = [f"{EX}place/c{i:02d}" for i in range(20)]
    for i, c in enumerate(countries):
        G.add_node(c, kind="Country", label=f"Country {i}", title=f"Country {i} (country)")
    persons = [f"{EX}person/p{i:04d}" for i in range(n_persons)]
    for i, p in enumerate(persons):
        label = PWN_IMG if i == 7 else f"Leader {i}"
        G.add_node(p, kind="Person", label=label, title=f"{label}\nCountry: Country {i % 20}")
        G.add_edge(p, countries[i % 20], key="represents", label="represents",
                   title=f"{label} represents Country {i % 20}")
    issues = ["Trade", "Climate change", "Security"]
    for k, name in enumerate(issues):
        G.add_node(f"{EX}issue/{k}", kind="Issue", label=name, title=f"Issue: {name}")
    weights = [1.0 / (i + 1) ** 0.7 for i in range(n_persons)]
    for j in range(n_eng):
        e = f"{EX}engagement/e{j:05d}"
        kind = ["PhoneCall", "VideoCall", "Meeting"][j % 3]
        date = f"{2010 + j % 12}-{j % 12 + 1:02d}-{j % 28 + 1:02d}"
        a, b = rnd.choices(range(n_persons), weights=weights, k=2)
        if a == b:
            b = (a + 1) % n_persons
        iss = issues[j % 3]
        ev = f"Evidence {j}: {G.nodes[persons[a]]['label']} spoke with {G.nodes[persons[b]]['label']}."
        G.add_node(e, kind=kind, label=f"{kind} {date}", title=f"{kind}\n{date}\n{ev}", date=date, issues=[iss])
        d = f"{EX}document/d{j:05d}"
        G.add_node(d, kind="Document", label=f"d{j}.md", title=f"Document d{j}.md", date=date)
        G.add_edge(e, persons[a], key="participant", label="participant", title=f"took part\n{ev}")
        G.add_edge(e, persons[b], key="participant", label="participant", title=f"took part\n{ev}")
        G.add_edge(e, d, key="reportedIn", label="reportedIn", title=f"Reported in d{j}.md\n{ev}")
        G.add_edge(e, f"{EX}issue/{issues.index(iss)}", key="issue", label="issue", title=f"{iss} raised\n{ev}")
    return G


@pytest.mark.browser
def test_browser_aggregated_fixed_layout_filters_search_detail(browser, tmp_path):
    G = agg_graph()
    assert G.number_of_nodes() > 2000
    out = tmp_path / "agg.html"
    write_html(G, out, title="agg")
    data = page_data(out.read_text(encoding="utf-8"))
    w = Watched(browser, out)
    try:
        page = w.page
        assert w.js("() => kgData.mode") == "aggregate"
        # no physics at all: the network shows the positions computed when the page was written
        assert w.js("() => network.physics.options.enabled") is False
        want = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
        got = w.js("() => network.getPositions()")
        assert set(got) == set(want)
        assert all(abs(got[k]["x"] - want[k][0]) < 1e-6 and abs(got[k]["y"] - want[k][1]) < 1e-6 for k in want)
        page.wait_for_timeout(400)
        assert w.js("() => network.getPositions()") == got
        # only the strongest pairs are drawn; their width and tooltip count the engagements
        edges = w.js("() => kgData.edgeView.get()")
        assert 0 < len([e for e in edges if e["id"].startswith("a")]) <= data["maxPairs"] + len(want)
        engs = {n: d for n, d in G.nodes(data=True) if d["kind"] in ENGAGEMENT_KINDS}

        def shared(a, b, ok=lambda d: True):
            return sum(1 for e, d in engs.items() if ok(d) and G.has_edge(e, a) and G.has_edge(e, b))

        top = max((e for e in edges if e["id"].startswith("a")), key=lambda e: e["n"])
        assert top["n"] == shared(top["from"], top["to"]) > 1
        assert f"{top['n']} engagements" in top["title"]

        # date range: counts and the weight of the busiest pair follow the filter
        page.fill("#kg-date-from", "2012-01-01")
        page.fill("#kg-date-to", "2013-12-31")
        in_range = {e for e, d in engs.items() if d["date"][:4] in ("2012", "2013")}
        assert page.locator("#kg-shown").inner_text() == f"{len(in_range)} of {len(engs)} engagements shown"
        n_range = shared(top["from"], top["to"], lambda d: d["date"][:4] in ("2012", "2013"))
        e_now = w.js("(id) => kgData.edges.get(id)", top["id"])
        assert e_now["n"] == n_range and f"{n_range} engagement" in e_now["title"]
        assert w.js("() => network.getPositions()") == {k: v for k, v in got.items()
                                                          if k in w.js("() => kgData.nodeView.getIds()")}
        # type and issue filters
        page.click("#kg-reset")
        page.uncheck("input.kg-type[value=PhoneCall]")
        n_calls = sum(1 for d in engs.values() if d["kind"] == "PhoneCall")
        assert page.locator("#kg-shown").inner_text() == f"{len(engs) - n_calls} of {len(engs)} engagements shown"
        page.click("#kg-reset")
        page.select_option("#kg-issue", label="Climate change")
        n_clim = sum(1 for d in engs.values() if d["issues"] == ["Climate change"])
        assert page.locator("#kg-shown").inner_text() == f"{n_clim} of {len(engs)} engagements shown"
        page.click("#kg-reset")

        # search selects a person; "A + B" opens the engagements of that pair, drawn or not
        page.fill("#kg-search", "Leader 3")
        page.press("#kg-search", "Enter")
        assert w.js("() => network.getSelectedNodes()") == [f"{EX}person/p0003"]
        a, b = f"{EX}person/p0001", f"{EX}person/p0002"
        n_ab = shared(a, b)
        assert 0 < n_ab <= 300
        w.js("(q) => kgApp.search(q)", "Leader 1 + Leader 2")  # the promise is awaited
        opened = w.js("() => kgData.nodes.get({filter: n => !!n.opened && n.id.includes('/engagement/')})")
        assert sorted(n["id"] for n in opened) == sorted(e for e in engs if G.has_edge(e, a) and G.has_edge(e, b))
        assert all(n["title"] == engs[n["id"]]["title"] for n in opened)
        assert page.locator("#kg-status").inner_text() == f"Opened {n_ab} engagements of Leader 1 \u2014 Leader 2."
        # opened engagements come with their documents and issues, placed (not simulated)
        docs = w.js("() => kgData.nodes.get({filter: n => !!n.opened && n.kind === 'Document'}).length")
        assert docs == n_ab
        assert w.js("() => network.physics.options.enabled") is False
        page.click("#kg-collapse")
        assert w.js("() => kgData.nodes.get({filter: n => !!n.opened}).length") == 0

        # clicking a country opens the engagements of its persons (the hostile one among them)
        cid = f"{EX}place/c07"
        w.js("(id) => network.focus(id, {scale: 2, animation: false})", cid)
        pt = w.js(CLICK_POINT, cid)
        assert pt
        page.mouse.click(pt["x"], pt["y"])
        page.wait_for_function("() => document.getElementById('kg-status').textContent.startsWith('Opened')")
        members = {f"{EX}person/p{i:04d}" for i in range(7, 160, 20)}
        n_c = sum(1 for e in engs if any(G.has_edge(e, p) for p in members))
        shown = min(n_c, 300)
        assert w.js("() => kgData.nodes.get({filter: n => !!n.opened && n.id.includes('/engagement/')}).length") == shown
        assert PWN_IMG in w.js("() => kgData.nodes.get({filter: n => !!n.opened}).map(n => n.title).join(' ')")
        w.assert_clean()
    finally:
        w.close()


def test_block_ends_depend_on_the_engagements_not_on_their_positions():
    from kg.export.html import BLOCK_MAX, BLOCK_MEAN, _block_spans

    ids = [f"https://example.org/e/{i:05d}" for i in range(3000)]
    before = [[ids[k] for k in range(a, b)] for a, b in _block_spans([{"id": i} for i in ids])]
    assert 3000 / BLOCK_MEAN / 2 < len(before) < 3000 / BLOCK_MEAN * 2 and max(map(len, before)) <= BLOCK_MAX
    assert [i for blk in before for i in blk] == ids
    # one engagement added in the middle: only the block it joins changes
    added = ids[:1500] + ["https://example.org/e/new"] + ids[1500:]
    after = [[added[k] for k in range(a, b)] for a, b in _block_spans([{"id": i} for i in added])]
    changed = [blk for blk in after if blk not in before]
    assert len(changed) <= 2 and any("https://example.org/e/new" in blk for blk in changed)
    assert len([blk for blk in before if blk not in after]) <= 2


def test_incremental_page_takes_unchanged_blocks_from_the_last_page(tmp_path, monkeypatch):
    """The build's page in the aggregated view: an incremental build makes only the detail blocks
    whose records changed and writes the page a clean build writes."""
    from functools import partial

    from kg.bench import CorpusGenerator
    from kg.export import html as html_mod
    from kg.extract import extract
    from kg.ingest import ingest
    from kg.pipeline import publish

    CorpusGenerator(3).write(tmp_path / "c", 0, 330)
    docs, _ = ingest([tmp_path / "c"], warn=lambda m: None)
    xs = [extract(d) for d in docs]
    monkeypatch.setattr(html_mod, "write_html", partial(html_mod.write_html, mode="aggregate"))
    made, skips = SharedLog(tmp_path / "made.log"), SharedLog(tmp_path / "skips.log")
    real = html_mod._Blocks.text
    monkeypatch.setattr(html_mod._Blocks, "text", lambda self, k: made.append(k) or real(self, k))
    out, clean = tmp_path / "out", tmp_path / "clean"
    publish(xs[:300], out)
    first = len(made.take())
    from kg.export import netx

    real_project = netx._project
    def counted(c, skip=frozenset(), *a, **k):
        skips.append(len(skip))
        return real_project(c, skip, *a, **k)

    monkeypatch.setattr(netx, "_project", counted)
    publish(xs, out)
    monkeypatch.setattr(netx, "_project", real_project)
    skipped = skips.take()
    assert len(skipped) >= 2 and all(skipped)  # GraphML and the page made only the changed parts, never the whole graph
    again = len(made.take())
    publish(xs, clean)
    made = made.take()
    assert (out / "graph.html").read_bytes() == (clean / "graph.html").read_bytes()
    data = page_data((out / "graph.html").read_text(encoding="utf-8"))
    assert len(made) == len(data["blockStart"]) > 5 and first > 5
    assert 0 < again < len(made)  # 30 new articles of 330: most blocks copied
    records = [r for b in detail_blocks((out / "graph.html").read_text(encoding="utf-8")) for r in b["r"]]
    assert len(records) == len(data["eng"])
