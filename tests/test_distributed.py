"""Scale-out paths, end to end on this machine: extraction on a Dask cluster (kg/distributed.py) and
loading a build into a SPARQL 1.1 Graph Store server (kg/remote.py, against `oxigraph serve`).
Both skip cleanly when the optional dependency is missing (``pip install 'kg[scale]'``)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.errors import KgError, UsageError

ROOT = Path(__file__).resolve().parent.parent


def _docs(tmp_path: Path, n: int = 12):
    from kg.bench import generate_corpus
    from kg.ingest import ingest

    generate_corpus(tmp_path / "gen", n, seed=5)
    docs, _ = ingest([ROOT / "inputs", tmp_path / "gen"], warn=lambda m: None)
    return docs


# --- Dask ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=40)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_extract_dask_matches_one_local_worker(dask_cluster, tmp_path):
    from kg.distributed import extract_dask
    from kg.extract import extract

    docs = _docs(tmp_path)
    seen = []
    got = extract_dask(docs, dask_cluster, progress=seen.append, batch=3)
    assert got == [extract(d) for d in docs]
    assert [x.document.id for x in got] == [d.id for d in docs]
    assert sorted(d.id for d in seen) == sorted(d.id for d in docs)


def test_build_with_dask_engine_equals_local_build(dask_cluster, tmp_path):
    from kg.pipeline import build

    build([ROOT / "inputs"], tmp_path / "local", warn=lambda m: None, workers=1)
    build([ROOT / "inputs"], tmp_path / "dask", warn=lambda m: None, engine="dask", address=dask_cluster)
    for name in ("graph.nq", "graph.trig", "graph.ttl"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()


def test_extract_dask_needs_an_address_and_a_reachable_scheduler():
    pytest.importorskip("distributed")
    from kg.distributed import extract_dask
    from kg.model import Document

    doc = Document(id="a", text="Xi met Trump.", source="a.txt")
    with pytest.raises(UsageError):
        extract_dask([doc], None)
    with pytest.raises(KgError):
        extract_dask([doc], f"tcp://127.0.0.1:{_free_port()}", timeout=2)


# --- Graph Store Protocol against oxigraph serve ---------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


@pytest.fixture()
def oxigraph_server(tmp_path):
    binary = _oxigraph_binary()
    if not binary:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "oxdata"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.skip(f"oxigraph serve did not start: {proc.stderr.read().decode(errors='replace')[:300]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph serve did not listen within 30 s")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _remote_counts(base: str) -> dict[str, int]:
    req = urllib.request.Request(f"{base}/query", data=urllib.parse.urlencode({"query": COUNTS}).encode(),
                                 headers={"Accept": "application/sparql-results+json",
                                          "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=30) as r:
        data = json.load(r)
    return {b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]}


def test_build_loads_every_named_graph_into_the_server(oxigraph_server, tmp_path):
    from kg.pipeline import build
    from kg.store import open_store

    out = tmp_path / "out"
    msgs: list[str] = []
    build([ROOT / "inputs"], out, warn=lambda m: None, progress=msgs.append, workers=1,
          store_url=f"{oxigraph_server}/store")
    assert any("loaded the graph into" in m for m in msgs)
    local = {sol["g"].value: int(sol["n"].value) for sol in open_store(out).query(COUNTS)}
    assert len(local) >= 6  # five shared graphs + one per document
    assert _remote_counts(oxigraph_server) == local
    # pushing again replaces (PUT), it does not duplicate
    from kg.remote import push_graph_store

    assert push_graph_store(out, f"{oxigraph_server}/store") == len(local)
    assert _remote_counts(oxigraph_server) == local


def test_push_reports_http_errors_and_refuses_other_schemes(oxigraph_server, tmp_path):
    from kg.pipeline import build
    from kg.remote import push_graph_store

    out = tmp_path / "out"
    build([ROOT / "inputs"], out, warn=lambda m: None, workers=1)
    with pytest.raises(KgError, match=r"HTTP 4\d\d"):
        push_graph_store(out, f"{oxigraph_server}/no-such-endpoint")
    for bad in ("file:///etc/passwd", "ftp://127.0.0.1/x", "127.0.0.1:7878/store", "http:///store"):
        with pytest.raises(UsageError):
            push_graph_store(out, bad)
    with pytest.raises(KgError, match="cannot reach"):
        push_graph_store(out, f"http://127.0.0.1:{_free_port()}/store", timeout=5)
