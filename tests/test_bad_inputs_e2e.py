"""Issue 6 end to end: a scraped folder with bad and hostile files builds, warns, and stays safe."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_export_html import Watched, browser  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg"]
HOSTILE_NAME = '"><img src=x onerror=window.__pwned=1>'
HOSTILE_TEXT = (
    "date 2024-05-14\n"
    "WASHINGTON -- President <script>window.__pwned=1</script> Joe Biden held a phone call with "
    'Chinese President Xi Jinping on Monday. "><img src=x onerror="window.__pwned=1"> '
    "Biden raised fentanyl and Taiwan.\n\n"
    'Xi said "<b onmouseover=window.__pwned=1>" about trade \\ backslash and tariffs.\n')


@pytest.fixture(scope="module")
def scraped(tmp_path_factory):
    src = tmp_path_factory.mktemp("scraped")
    for f in sorted((ROOT / "inputs").glob("*.txt")):
        shutil.copy(f, src / f.name)
    (src / "empty.txt").write_bytes(b"")
    (src / "whitespace.txt").write_text("   \n\t\n  ")
    (src / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (src / "latin1.txt").write_bytes(
        "date 2023-09-05\nPARIS -- President Emmanuel Macron spoke by phone with German Chancellor Olaf Scholz "
        "on Monday. Macron said the Ukraine crisis was discussed. Café crème à l'Élysée.\n"
        .encode("latin-1"))
    with open(src / "huge.txt", "wb") as fh:  # 40 MB of random text
        chunk = (b"lorem ipsum dolor sit amet " * 40 + b"\n")
        for _ in range(40 * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
    (src / f"{HOSTILE_NAME}.txt").write_text(HOSTILE_TEXT)
    out = tmp_path_factory.mktemp("out")
    r = subprocess.run(KG + ["build", str(src), "--out", str(out)], capture_output=True, text=True)
    return src, out, r


BAD = {"empty.txt": "empty", "whitespace.txt": "whitespace", "picture.txt": "binary", "huge.txt": "large"}


def test_build_goes_on_and_names_each_bad_file(scraped):
    src, out, r = scraped
    assert r.returncode == 0, r.stderr
    for name, word in BAD.items():
        lines = [ln for ln in r.stderr.splitlines() if name in ln]
        assert lines, name
        assert any(word in ln.lower() for ln in lines), (name, lines)
    assert any("latin1.txt" in ln and ("cp1252" in ln or "latin" in ln.lower()) for ln in r.stderr.splitlines())
    m = json.loads((out / "manifest.json").read_text())
    assert sorted(s["file"] for s in m["skipped"]) == sorted(BAD)
    assert m["documents"] == 7  # five samples + latin-1 + hostile
    assert "Traceback" not in r.stderr


def test_all_good_documents_are_in_the_graph(scraped):
    import pyoxigraph as ox

    _, out, _ = scraped
    graphs = {str(q.graph_name) for q in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
              if "/graph/document/" in str(q.graph_name)}
    assert len(graphs) == 7
    for g in graphs:
        ox.NamedNode(g[1:-1])
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "Café crème à l'Élysée" in ttl or "Élysée" in ttl


def test_strict_build_fails(scraped, tmp_path):
    src, _, _ = scraped
    r = subprocess.run(KG + ["build", str(src), "--out", str(tmp_path / "strict"), "--strict"],
                       capture_output=True, text=True)
    assert r.returncode == 5


def test_hostile_text_never_runs_in_the_browser(scraped, browser):  # noqa: F811
    _, out, _ = scraped
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    w = Watched(browser, out / "graph.html")
    try:
        w.js("() => network.fit({animation: false})")
        points = w.js("""() => {
          const net = network, r = net.body.container.getBoundingClientRect(), pts = [];
          const add = (c) => { const d = net.canvasToDOM(c); pts.push({x: r.left + d.x, y: r.top + d.y}); };
          for (const id of net.body.nodeIndices) add(net.getPositions([id])[id]);
          for (const id of net.body.edgeIndices) { const e = net.body.edges[id];
            if (e.connected) add(e.edgeType.getPoint(0.5)); }
          return pts; }""")
        assert len(points) > 10
        w.js("() => network.setOptions({interaction: {tooltipDelay: 0}})")
        shown = set()
        for p in points:  # hover over every node and every edge
            w.page.mouse.move(1, 1)  # off the canvas, so the previous popup closes
            w.page.wait_for_timeout(15)
            w.page.mouse.move(p["x"], p["y"])
            w.page.wait_for_timeout(60)
            t = w.js("() => { const t = document.querySelector('div.vis-tooltip');"
                     " return t && t.style.visibility !== 'hidden' ? t.textContent : null; }")
            if t:
                shown.add(t)
        assert len(shown) > 5  # tooltips did open
        titles = w.js("() => [...kgData.nodeView.get(), ...kgData.edgeView.get()].map(x => x.title || '')")
        assert any("<script>window.__pwned=1</script>" in t for t in titles)  # kept, as text
        w.assert_clean()
    finally:
        w.close()
