"""The namespaces kg writes, bound once so no output ever shows ``ns1:``."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, TIME, ORG

BASE = "https://w3id.org/kg/"
KG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
KGI = Namespace(BASE + "issue/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "id": str(ID),
    "kgi": str(KGI),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "time": str(TIME),
    "org": str(ORG),
    "sem": str(SEM),
    "schema": str(SCHEMA),
    "wd": str(WD),
}

__all__ = ["BASE", "KG", "ID", "KGI", "SEM", "SCHEMA", "WD", "PREFIXES", "DCTERMS", "OWL", "PROV", "RDF",
           "RDFS", "SKOS", "XSD", "TIME", "ORG", "bind_all"]


def bind_all(graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
