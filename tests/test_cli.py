"""End to end through the `kg` command on the five sample articles (README command (a))."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
KG = [sys.executable, "-m", "kg"]


def kg(*args, cwd=ROOT, check=False, env=None):
    r = subprocess.run(KG + [str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                       env=env or os.environ.copy())
    if check:
        assert r.returncode == 0, r.stderr
    return r


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    r = kg("build", ROOT / "inputs", "--out", out, check=True)
    return out, r


def _commands(help_text: str) -> list[str]:
    block = help_text.split("Commands:")[1].strip("\n").split("\n\n")[0]
    return [ln.split()[0] for ln in block.splitlines() if ln.startswith("  ") and ln.strip()]


def query_csv(out, *args):
    import csv
    import io

    r = kg("query", *args, "--format", "csv", "--graph", out, check=True)
    return list(csv.DictReader(io.StringIO(r.stdout)))


def test_every_command_has_help():
    r = kg("--help", check=True)
    commands = _commands(r.stdout)
    assert {"build", "extract", "query", "export", "validate", "eval", "plugins"} <= set(commands)
    for c in commands:
        h = kg(c, "--help")
        assert h.returncode == 0 and "Usage:" in h.stdout, c
        assert "-h, --help" in h.stdout


def test_bad_usage_exits_2():
    assert kg("build", "--no-such-option").returncode == 2
    assert kg("query", "timeline", "--format", "xml").returncode == 2


def test_build_writes_every_export(build):
    out, r = build
    for name in ("graph.ttl", "graph.trig", "graph.jsonld", "graph.graphml", "graph.html", "manifest.json"):
        assert (out / name).stat().st_size > 0, name
    last = r.stderr.strip().splitlines()[-1]
    assert "5 documents" in last and "engagements" in last and "triples" in last and "warnings" in last
    assert "[1/5]" in r.stderr  # progress per document
    m = json.loads((out / "manifest.json").read_text())
    assert m["documents"] == 5 and m["stages"]["graph"]["triples"] == m["triples"] > 0
    assert m["engagements"] >= 5
    assert r.stdout == ""  # results only on stdout; a build has none


def test_build_formats_writes_only_those_and_removes_the_others(build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(build[0], out)
    r = kg("build", ROOT / "inputs", "--out", out, "--formats", "turtle, text/html", "-q")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.glob("graph.*")) == ["graph.html", "graph.ttl"]
    assert not list(out.glob(".kg-parts-*graphml"))  # nor what recorded the removed GraphML's parts
    m = json.loads((out / "manifest.json").read_text())
    assert sorted(m["files"]) == ["graph.html", "graph.ttl"]
    # the store is kept: queries and validation answer as from a full build
    assert query_csv(out, "timeline") == query_csv(build[0], "timeline")
    assert kg("validate", out).returncode == 0
    for bad in ("turtle,bogus", ",", "store"):
        r = kg("build", ROOT / "inputs", "--out", out, "--formats", bad, "-q")
        assert r.returncode == 2 and "export" in r.stderr, (bad, r.stderr)
    assert sorted(p.name for p in out.glob("graph.*")) == ["graph.html", "graph.ttl"]  # a refused build changes nothing


def test_manifest_counts_match_exports(build):
    import pyoxigraph as ox

    out, _ = build
    m = json.loads((out / "manifest.json").read_text())
    triples = {(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert len(triples) == m["triples"]
    quads = list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert len(quads) == m["stages"]["graph"]["quads"]
    docs = {str(q.graph_name) for q in quads if "/graph/document/" in str(q.graph_name)}
    assert len(docs) == m["documents"]


def test_calls_requested_by(build):
    out, _ = build
    rows = query_csv(out, "calls-requested-by", "--param", "person=Donald Trump")
    assert sorted(r["date"] for r in rows) == ["2017-10-25", "2017-11-29", "2019-12-20"]
    assert query_csv(out, "calls-requested-by", "--param", "person=Xi Jinping") == []
    assert query_csv(out, "calls-requested-by", "--param", 'person=nobody" } UNION { ?s ?p ?o } #') == []


def test_refers_back_to(build):
    out, _ = build
    assert [r["date"] for r in query_csv(out, "refers-back-to", "--param", "place=Mar-a-Lago")] == ["2017-04-24"]
    assert [r["date"] for r in query_csv(out, "refers-back-to", "--param", "place=Busan")] == ["2025-11-24"]


def test_issues_raised_by_xi(build):
    out, _ = build
    rows = {r["issue"]: int(r["engagements"]) for r in query_csv(out, "issues-raised-by", "--param", "person=Xi Jinping")}
    taiwan = [v for k, v in rows.items() if k.lower().startswith("taiwan")]
    korea = [v for k, v in rows.items() if "korea" in k.lower()]
    assert taiwan == [2] and korea == [3], rows


def test_meeting_mentions_beijing(build):
    out, _ = build
    rows = query_csv(out, "meeting-mentions", "--param", "place=Beijing")
    assert len({r["meeting"] for r in rows}) == 1, rows
    got = sorted((r["engagementDate"], r["relation"]) for r in rows)
    assert got == [("2017-04-24", "announces"), ("2017-10-25", "announces"), ("2017-11-29", "refersBackTo")]


def test_timeline_and_engagements_between(build):
    out, _ = build
    rows = query_csv(out, "timeline")
    assert [r["date"] for r in rows][:5] == sorted(r["date"] for r in rows)[:5]
    assert len(query_csv(out, "engagements-between", "--param", "a=xi", "--param", "b=TRUMP")) >= 5


def test_validate_clean_build(build):
    out, _ = build
    r = kg("validate", out)
    assert r.returncode == 0, r.stdout + r.stderr


def test_rebuild_is_idempotent(build, tmp_path):
    out, _ = build
    other = tmp_path / "again"
    env = dict(os.environ, PYTHONHASHSEED="4242")
    kg("build", ROOT / "inputs", "--out", other, "--workers", "1", check=True, env=env)
    kg("build", ROOT / "inputs", "--out", other, "--workers", "2", check=True,
       env=dict(os.environ, PYTHONHASHSEED="0"))  # a re-run over the same folder
    for name in ("graph.ttl", "graph.trig", "graph.jsonld", "graph.graphml", "graph.html"):
        assert (out / name).read_bytes() == (other / name).read_bytes(), name


def test_extract_json_scores_on_the_samples(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for f in sorted((SHARED / "dev").glob("seed_*")):
        shutil.copy(f, gold / f.name)
    r = kg("extract", *sorted(gold.glob("*.txt")), "--format", "json", check=True)
    data = json.loads(r.stdout)
    assert [d["document"] for d in data] == sorted(p.stem for p in gold.glob("*.txt"))
    pred = tmp_path / "pred.json"
    pred.write_text(r.stdout)
    s = subprocess.run([sys.executable, str(SHARED / "score.py"), str(gold), str(pred), "--json"],
                       capture_output=True, text=True, check=True)
    assert json.loads(s.stdout)["f1"] >= 0.90


def test_extract_table(tmp_path):
    r = kg("extract", ROOT / "inputs", "--format", "table", check=True)
    assert "PhoneCall" in r.stdout and "Xi Jinping" in r.stdout


def test_second_build_into_a_locked_folder_stops(tmp_path):
    from filelock import FileLock

    lock = FileLock(str(tmp_path / ".kg-build.lock"))
    with lock:
        r = kg("build", ROOT / "inputs", "--out", tmp_path)
    assert r.returncode == 4 and "locked" in r.stderr


def test_export_to_stdout_and_plugins(tmp_path):
    import pyoxigraph as ox

    r = subprocess.run(KG + ["export", str(ROOT / "inputs"), "--format", "text/turtle"], cwd=ROOT,
                       capture_output=True)
    assert r.returncode == 0, r.stderr
    assert list(ox.parse(r.stdout, format=ox.RdfFormat.TURTLE))
    r = kg("export", ROOT / "inputs", "--format", "tll")
    assert r.returncode == 2 and "Available" in r.stderr
    p = kg("plugins", check=True)
    for name in ("turtle", "trig", "jsonld", "graphml", "html"):
        assert name in p.stdout


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text()
    r = kg("--help", check=True)
    for c in _commands(r.stdout):
        assert f"kg {c}" in readme, c


def test_installed_kg_works_outside_the_checkout(tmp_path):
    """The console script, run away from the repository, uses the installed package and the data
    shipped inside it (ontology, saved queries, HTML template)."""
    exe = Path(sys.executable).parent / "kg"
    if not exe.exists():
        pytest.skip("kg console script not installed in this environment")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([str(exe), "build", str(ROOT / "inputs"), "--out", str(tmp_path / "out"), "-q"],
                       cwd=tmp_path, capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    for name in ("graph.ttl", "graph.html", "graph.jsonld"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    r = subprocess.run([str(exe), "query", "--list"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert "calls-requested-by" in r.stdout


def test_eval_command(tmp_path):
    fixture = ROOT / "tests" / "fixtures" / "eval" / "basic"
    r = kg("eval", fixture, "--show-errors", check=True)
    assert r.stdout.strip().splitlines()[-1].startswith("extraction F1")
    for field in ("events", "type", "date", "participants", "initiator", "issues", "issue_speakers",
                  "prior_meetings", "planned_meetings"):
        assert field in r.stdout
    j = json.loads(kg("eval", fixture, "--json", check=True).stdout)
    assert 0.0 <= j["f1"] <= 1.0
    assert kg("eval", tmp_path).returncode == 2  # no gold files
