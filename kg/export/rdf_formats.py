"""Linked-data exports with byte-stable output.

rdflib's Turtle writer is stable across insertion order and hash seed; its TriG, N-Quads and
JSON-LD writers are not (PITFALLS.md 4), so those are written here from sorted statements.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..resources import ontology_file
from .atomic import atomic_write
from .base import BuildContext, Exporter, register_exporter
from .namespaces_util import union_graph


def _sorted_quads(ds: Dataset) -> list[tuple]:
    quads = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        if g is None:
            continue
        gid = g.identifier if isinstance(g, Graph) else g
        quads.add((s, p, o, gid))
    return sorted(quads, key=lambda q: (q[3].n3(), q[0].n3(), q[1].n3(), q[2].n3()))


def turtle_text(ds: Dataset) -> str:
    return union_graph(ds).serialize(format="turtle")


def trig_text(ds: Dataset) -> str:
    """TriG with one block per named graph, graphs sorted by IRI, each block in rdflib Turtle."""
    from ..rdf.namespaces import PREFIXES

    prefixes = {f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items()}
    blocks: list[str] = []
    graphs = sorted({q[3] for q in _sorted_quads(ds)}, key=lambda g: str(g))
    for gid in graphs:
        g = Graph()
        for p, ns in PREFIXES.items():
            g.bind(p, ns, override=True, replace=True)
        for t in ds.graph(gid):
            g.add(t)
        body = g.serialize(format="turtle")
        lines = []
        for ln in body.splitlines():
            if ln.startswith("@prefix"):
                prefixes.add(ln.strip())
            else:
                lines.append(ln)
        while lines and not lines[0].strip():
            lines.pop(0)
        blocks.append(f"{gid.n3()} {{")
        blocks.extend(lines)  # not indented: multi-line literals must stay byte-exact
        blocks.append("}")
        blocks.append("")
    out = sorted(prefixes) + [""] + blocks
    return "\n".join(out).rstrip("\n") + "\n"


def nquads_text(ds: Dataset) -> str:
    return "".join(f"{s.n3()} {p.n3()} {_nt_object(o)} {g.n3()} .\n" for s, p, o, g in _sorted_quads(ds))


def ntriples_text(ds: Dataset) -> str:
    triples = sorted({(s, p, o) for s, p, o, _ in _sorted_quads(ds)},
                     key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    return "".join(f"{s.n3()} {p.n3()} {_nt_object(o)} .\n" for s, p, o in triples)


def _nt_object(o) -> str:
    if isinstance(o, Literal):
        # rdflib's n3() may shorten numbers and booleans; N-Triples needs the full form
        lex = json.dumps(str(o), ensure_ascii=False)[1:-1].replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        if o.language:
            return f'"{lex}"@{o.language}'
        if o.datatype and o.datatype != XSD.string:
            return f'"{lex}"^^<{o.datatype}>'
        return f'"{lex}"'
    return o.n3()


# JSON-LD ---------------------------------------------------------------------------------

def load_context() -> dict:
    return json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))


class _Compactor:
    def __init__(self, context: dict):
        ctx = context["@context"]
        self.prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("#", "/"))}
        self.terms: dict[str, tuple[str, bool]] = {}
        for k, v in ctx.items():
            if k in self.prefixes:
                continue
            iri, coerce = (v, False) if isinstance(v, str) else (v["@id"], v.get("@type") == "@id")
            self.terms[self.expand(iri)] = (k, coerce)
        # longest namespace first, so 'id/' wins over a shorter overlapping prefix
        self._ns = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))

    def expand(self, curie: str) -> str:
        p, _, rest = curie.partition(":")
        return self.prefixes[p] + rest if p in self.prefixes and not rest.startswith("//") else curie

    def iri(self, iri: str) -> str:
        for p, ns in self._ns:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns):]
                if not local.startswith("//") and local not in self.prefixes and ":" not in local.split("/")[0]:
                    return f"{p}:{local}"
        return iri

    def key(self, pred: str) -> tuple[str, bool]:
        if pred in self.terms:
            return self.terms[pred]
        return self.iri(pred), False

    def value(self, o, coerce: bool):
        if isinstance(o, URIRef):
            return self.iri(str(o)) if coerce else {"@id": self.iri(str(o))}
        if isinstance(o, BNode):
            return {"@id": f"_:{o}"}
        assert isinstance(o, Literal)
        if o.language:
            return {"@value": str(o), "@language": o.language}
        if o.datatype and o.datatype != XSD.string:
            return {"@value": str(o), "@type": self.iri(str(o.datatype))}
        return {"@value": str(o)} if coerce else str(o)


def jsonld_text(ds: Dataset) -> str:
    context = load_context()
    c = _Compactor(context)
    graphs: dict = {}
    for s, p, o, g in _sorted_quads(ds):
        nodes = graphs.setdefault(g, {})
        node = nodes.setdefault(s, {"@id": c.iri(str(s)) if isinstance(s, URIRef) else f"_:{s}"})
        if p == RDF.type and isinstance(o, URIRef):
            node.setdefault("@type", []).append(c.iri(str(o)))
            continue
        k, coerce = c.key(str(p))
        node.setdefault(k, []).append(c.value(o, coerce))
    out = []
    for gid in sorted(graphs, key=str):
        nodes = []
        for s in sorted(graphs[gid], key=lambda n: n.n3()):
            node = graphs[gid][s]
            compact = {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in sorted(node.items())}
            nodes.append(compact)
        out.append({"@id": c.iri(str(gid)), "@graph": nodes})
    doc = {"@context": context["@context"], "@graph": out}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def _writer(fn):
    def write(ctx: BuildContext, path: Path) -> None:
        atomic_write(path, fn(ctx.dataset))
    return write


TURTLE = register_exporter(Exporter("turtle", "graph.ttl", "text/turtle", _writer(turtle_text),
                                    "All facts of all graphs, Turtle"))
TRIG = register_exporter(Exporter("trig", "graph.trig", "application/trig", _writer(trig_text),
                                  "Named graphs: one per document plus shared graphs, TriG"))
JSONLD = register_exporter(Exporter("jsonld", "graph.jsonld", "application/ld+json", _writer(jsonld_text),
                                    "Named graphs as compact JSON-LD with kg's context"))
NQUADS = register_exporter(Exporter("nquads", "graph.nq", "application/n-quads", _writer(nquads_text),
                                    "Named graphs, sorted N-Quads"))
NTRIPLES = register_exporter(Exporter("ntriples", "graph.nt", "application/n-triples", _writer(ntriples_text),
                                      "All facts, sorted N-Triples"))
