"""SHACL validation of a build with pyshacl, against the shapes shipped in ontology/."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .errors import UsageError
from .resources import ontology_file


def _data_graph(build_dir: Path) -> Graph:
    import pyoxigraph as ox

    from .store import open_store

    if not build_dir.is_dir():
        raise UsageError(f"no build found in {build_dir}")
    if not ((build_dir / "store").is_dir() or (build_dir / "graph.trig").is_file()):
        raise UsageError(f"{build_dir} holds no kg build (run 'kg build' first)")
    store = open_store(build_dir)
    g = Graph()
    nq = b"".join(
        (f"{q.subject} {q.predicate} {q.object} .\n").encode("utf-8") for q in store.quads_for_pattern(None, None, None, None))
    g.parse(data=nq, format="nt")
    return g


def validate_graph(data: Graph) -> tuple[bool, str]:
    from pyshacl import validate

    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    conforms, _report, text = validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                       allow_warnings=True)
    return bool(conforms), str(text)


def validate_build(build_dir: Path) -> tuple[bool, str]:
    return validate_graph(_data_graph(Path(build_dir)))
