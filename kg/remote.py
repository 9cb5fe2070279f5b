"""Load a build into a remote triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

``kg build --store URL`` (or :func:`push_graph_store`) replaces, for every named graph of the
build (one per document, plus ontology, issues, people, places and resolved meetings), that
graph on the server: ``PUT URL?graph=<graph IRI>`` with the graph as ``application/n-triples``.
PUT is idempotent, so re-running a push after a failure is safe; graphs that exist on the server
but not in the build (documents deleted since) are left alone.

Only ``http`` and ``https`` URLs are accepted (no ``file:`` or other urllib schemes), requests
have a timeout, and an HTTP error becomes one :class:`KgError` line naming the graph, the status
and the start of the server's answer. Standard library only (urllib).

Example with Oxigraph's server (PyPI package ``oxigraph``)::

    oxigraph serve --location data/ --bind 127.0.0.1:7878
    kg build inputs/ --store http://127.0.0.1:7878/store
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Callable

from .errors import KgError, UsageError

NTRIPLES = "application/n-triples"


def check_url(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--store needs an http:// or https:// Graph Store URL, not {url!r}")
    if parts.fragment:
        raise UsageError(f"--store URL must not have a #fragment: {url!r}")
    return parts


def graph_url(url: str, graph: str) -> str:
    """``url`` with ``graph=<IRI>`` added to its query string (the IRI percent-encoded)."""
    parts = check_url(url)
    query = urllib.parse.urlencode({"graph": graph}, quote_via=urllib.parse.quote)
    query = f"{parts.query}&{query}" if parts.query else query
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def _opener() -> urllib.request.OpenerDirector:
    # No proxies from the environment for loopback, no redirects followed for PUT (urllib's default
    # refuses them and reports the 30x as an error, which is what we want).
    return urllib.request.build_opener()


def put_graph(url: str, graph: str, body: bytes, *, timeout: float = 60.0,
              opener: urllib.request.OpenerDirector | None = None) -> int:
    req = urllib.request.Request(graph_url(url, graph), data=body, method="PUT",
                                 headers={"Content-Type": NTRIPLES, "User-Agent": "kg"})
    try:
        with (opener or _opener()).open(req, timeout=timeout) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as e:
        try:
            detail = e.read(300).decode("utf-8", "replace").strip().splitlines()
        except Exception:  # noqa: BLE001
            detail = []
        msg = f": {detail[0][:200]}" if detail else ""
        raise KgError(f"graph store {url} refused graph <{graph}>: HTTP {e.code} {e.reason}{msg}") from None
    except urllib.error.URLError as e:
        raise KgError(f"cannot reach the graph store at {url}: {e.reason}") from None
    except (TimeoutError, OSError) as e:
        raise KgError(f"graph store {url} did not answer for graph <{graph}>: {e}") from None


def build_graphs(out_dir: Path):
    """Yield (graph IRI, N-Triples bytes) for each named graph of the build in ``out_dir``."""
    import pyoxigraph as ox

    from .store import open_store

    out_dir = Path(out_dir)
    if not ((out_dir / "store").is_dir() or (out_dir / "graph.trig").is_file()):
        raise UsageError(f"{out_dir} holds no kg build (no store/ and no graph.trig)")
    store = open_store(out_dir)
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    for g in graphs:
        yield g.value, store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g)


def push_graph_store(out_dir: Path, url: str, *, timeout: float = 60.0,
                     progress: Callable[[str], None] | None = None) -> int:
    """PUT every named graph of the build in ``out_dir`` to the Graph Store at ``url``.

    Returns the number of graphs sent. Raises :class:`KgError` on the first HTTP error.
    """
    check_url(url)
    opener = _opener()
    n = 0
    for iri, body in build_graphs(Path(out_dir)):
        put_graph(url, iri, body, timeout=timeout, opener=opener)
        n += 1
        if progress and n % 1000 == 0:
            progress(f"graph store: {n} graphs sent")
    return n
