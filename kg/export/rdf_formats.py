"""Linked-data exports, written in one streaming pass over the graph's blocks.

Each format is a :class:`BlockFormat`: a header, the text of one named graph's block, a
separator and a footer. Blocks arrive sorted (graphs by IRI, statements by subject, predicate,
object), so every file is byte-stable across hash seeds and input order without a global sort,
and a block's text depends on that block alone.

``graph.ttl`` and ``graph.nt`` are the union of all graphs written graph by graph: a statement
several documents make (an engagement's type, a date node) appears once per document's block.
Turtle and N-Triples define a graph as a set, so every parser reads the same union; deduplicating
would mean holding ten million statements in memory at 100,000 articles.
"""

from __future__ import annotations

import json
import re
from itertools import groupby
from operator import itemgetter

import orjson

from ..rdf.namespaces import PREFIXES
from ..rdf.terms import split_literal
from ..resources import ontology_file
from .base import BlockFormat, Exporter, register_exporter

RDF_TYPE = "<" + PREFIXES["rdf"] + "type>"
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
Triple = tuple[str, str, str]


def _prefix_lines() -> list[str]:
    return [f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items())]


_NEVER_PREFIXED = "<" + PREFIXES["id"]  # kg's own resource IRIs all have a "/" in their local part


class _TurtleTerms:
    """Turtle text of N-Triples terms: prefixed names where the local part is plainly safe."""

    def __init__(self) -> None:
        self.by_ns = {ns: p for p, ns in PREFIXES.items()}
        self.memo: dict[str, str] = {}

    def iri(self, term: str) -> str:
        if term.startswith(_NEVER_PREFIXED):
            return term
        out = self.memo.get(term)
        if out is not None:
            return out
        body = term[1:-1]
        k = max(body.rfind("/"), body.rfind("#")) + 1
        p = self.by_ns.get(body[:k])
        out = f"{p}:{body[k:]}" if p is not None and _LOCAL.match(body[k:]) else term
        if len(self.memo) < 200_000:
            self.memo[term] = out
        return out

    def term(self, term: str) -> str:
        c = term[0]
        if c == "<":
            return self.iri(term)
        if c == '"' and term[-1] == ">":
            i = term.rfind('"^^<')
            if i > 0:
                return term[: i + 3] + self.iri(term[i + 3:])
        return term


_BODY: list = [None, ""]  # (block, its Turtle body): TriG and Turtle format each block once


def turtle_body(triples: list[Triple], tt: _TurtleTerms) -> str:
    """Subjects grouped, ``a`` first, then predicates in order, objects comma-separated."""
    if _BODY[0] is triples:
        return _BODY[1]
    out: list[str] = []
    iri, term = tt.iri, tt.term
    for s, group in groupby(triples, key=itemgetter(0)):
        rows = list(group)
        if len(rows) > 1:
            rows.sort(key=lambda t: t[1] != RDF_TYPE)  # stable: keeps the sorted order otherwise
        parts: list[str] = []
        for p, prow in groupby(rows, key=itemgetter(1)):
            objs = [term(t[2]) for t in prow]
            parts.append(("a" if p == RDF_TYPE else iri(p)) + " " + (objs[0] if len(objs) == 1 else ",\n        ".join(objs)))
        out.append(term(s) + " " + " ;\n    ".join(parts) + " .\n")
    body = "\n".join(out)
    _BODY[0], _BODY[1] = triples, body
    return body


_SHARED_TERMS = _TurtleTerms()


class Turtle(BlockFormat):
    def __init__(self) -> None:
        self.tt = _SHARED_TERMS

    def header(self) -> str:
        return "\n".join(_prefix_lines()) + "\n\n"

    def block(self, gid: str, triples: list[Triple]) -> str:
        body = turtle_body(triples, self.tt)
        return f"# graph <{gid}>\n{body}\n" if body else ""


class TriG(Turtle):
    def block(self, gid: str, triples: list[Triple]) -> str:
        body = turtle_body(triples, self.tt)
        return f"{self.tt.iri('<' + gid + '>')} {{\n{body}}}\n\n" if body else ""


class NQuads(BlockFormat):
    def block(self, gid: str, triples: list[Triple]) -> str:
        g = f" <{gid}> .\n"
        return "".join([f"{s} {p} {o}{g}" for s, p, o in triples])


class NTriples(BlockFormat):
    def block(self, gid: str, triples: list[Triple]) -> str:
        return "".join([f"{s} {p} {o} .\n" for s, p, o in triples])


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
        self.memo: dict[str, str] = {}
        # the longest namespace that kg's own resource IRIs start with, and its prefix
        self._id_prefix, self._id_ns = next((p + ":", ns) for p, ns in self._ns if ns == PREFIXES["id"])

    def expand(self, curie: str) -> str:
        p, _, rest = curie.partition(":")
        return self.prefixes[p] + rest if p in self.prefixes and not rest.startswith("//") else curie

    def iri(self, iri: str) -> str:
        if iri.startswith(self._id_ns):  # kg's resource IRIs, most of the graph: no memo
            local = iri[len(self._id_ns):]
            if local and ":" not in local.split("/")[0] and not local.startswith("//") and local not in self.prefixes:
                return self._id_prefix + local
        out = self.memo.get(iri)
        if out is not None:
            return out
        out = iri
        for p, ns in self._ns:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns):]
                if not local.startswith("//") and local not in self.prefixes and ":" not in local.split("/")[0]:
                    out = f"{p}:{local}"
                    break
        if len(self.memo) < 200_000:
            self.memo[iri] = out
        return out

    def key(self, pred: str) -> tuple[str, bool]:
        if pred in self.terms:
            return self.terms[pred]
        return self.iri(pred), False

    def value(self, o: str, coerce: bool):
        if o[0] == "<":
            return self.iri(o[1:-1]) if coerce else {"@id": self.iri(o[1:-1])}
        if o.startswith("_:"):
            return {"@id": o}
        value, lang, dt = split_literal(o)
        if lang:
            return {"@value": value, "@language": lang}
        if dt:
            return {"@value": value, "@type": self.iri(dt)}
        return {"@value": value} if coerce else value


class JsonLd(BlockFormat):
    """Compact JSON-LD with kg's context: one ``{"@id": graph, "@graph": [...]}`` per named graph."""

    separator = ",\n"

    def __init__(self) -> None:
        self.context = load_context()
        self.c = _Compactor(self.context)

    def header(self) -> str:
        ctx = json.dumps(self.context["@context"], ensure_ascii=False, indent=1)
        return '{\n"@context": ' + ctx + ',\n"@graph": [\n'

    def block(self, gid: str, triples: list[Triple]) -> str:
        c = self.c
        nodes: list[bytes] = []
        dumps = orjson.dumps
        for s, group in groupby(triples, key=itemgetter(0)):
            node: dict = {"@id": c.iri(s[1:-1]) if s[0] == "<" else s}
            for _, p, o in group:
                if p == RDF_TYPE and o[0] == "<":
                    node.setdefault("@type", []).append(c.iri(o[1:-1]))
                    continue
                k, coerce = c.key(p[1:-1])
                node.setdefault(k, []).append(c.value(o, coerce))
            compact = {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in sorted(node.items())}
            nodes.append(dumps(compact))
        if not nodes:
            return ""
        # one node per line: readable, diffable, and written by orjson (4x the stdlib encoder)
        return (b'{"@id":' + dumps(c.iri(gid)) + b',"@graph":[\n  ' + b",\n  ".join(nodes) + b"\n]}").decode("utf-8")

    def footer(self) -> str:
        return "\n]\n}\n"


TURTLE = register_exporter(Exporter("turtle", "graph.ttl", "text/turtle", blocks=Turtle,
                                    description="All facts of all graphs, Turtle"))
TRIG = register_exporter(Exporter("trig", "graph.trig", "application/trig", blocks=TriG,
                                  description="Named graphs: one per document plus shared graphs, TriG"))
JSONLD = register_exporter(Exporter("jsonld", "graph.jsonld", "application/ld+json", blocks=JsonLd,
                                    description="Named graphs as compact JSON-LD with kg's context"))
NQUADS = register_exporter(Exporter("nquads", "graph.nq", "application/n-quads", blocks=NQuads,
                                    description="Named graphs, N-Quads sorted within each graph"))
NTRIPLES = register_exporter(Exporter("ntriples", "graph.nt", "application/n-triples", blocks=NTriples,
                                      description="All facts, N-Triples, graph by graph"))
