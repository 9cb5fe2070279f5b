"""RDF terms as N-Triples text: the form the graph stage emits and every writer consumes.

Building rdflib terms for ten million statements costs more than all of extraction, and every
export and the store take N-Triples-shaped text anyway, so the graph stage works in strings.
The rules here are the only place a term's text is produced:

* IRIs come from :mod:`kg.rdf.iris` (already checked) or from the vocabulary namespaces; they are
  wrapped as ``<iri>``.
* Literal text (article quotes, names, titles) is escaped for N-Triples, Turtle and SPARQL alike:
  backslash, double quote, CR and LF. Ingest has already removed controls and lone surrogates.
"""

from __future__ import annotations

import json

from .namespaces import PREFIXES

XSD = PREFIXES["xsd"]
XSD_STRING = XSD + "string"


def iri(value: str) -> str:
    return "<" + value + ">"


def _escape(text: str) -> str:
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    return text


def literal(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    body = '"' + _escape(str(value)) + '"'
    if lang:
        return body + "@" + lang
    if datatype and datatype != XSD_STRING:
        return body + "^^<" + datatype + ">"
    return body


def typed(value: object, datatype: str) -> str:
    return '"' + _escape(str(value)) + '"^^<' + datatype + ">"


def en(value: str) -> str:
    return '"' + _escape(value) + '"@en'


def split_literal(term: str) -> tuple[str, str | None, str | None]:
    """``'"v"@en'`` -> ``("v", "en", None)``; ``'"v"^^<dt>'`` -> ``("v", None, "dt")``."""
    end = term.rindex('"')
    raw = term[1:end]
    rest = term[end + 1:]
    value = _unescape(raw)
    if rest.startswith("@"):
        return value, rest[1:], None
    if rest.startswith("^^<"):
        return value, None, rest[3:-1]
    return value, None, None


_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    try:
        return json.loads('"' + raw + '"')
    except ValueError:  # an N-Triples escape JSON lacks (\' or \UXXXXXXXX): decode by hand
        out, i = [], 0
        while i < len(raw):
            c = raw[i]
            if c != "\\":
                out.append(c)
                i += 1
                continue
            n = raw[i + 1]
            if n in _ECHAR:
                out.append(_ECHAR[n])
                i += 2
            elif n in "uU":
                w = 4 if n == "u" else 8
                out.append(chr(int(raw[i + 2:i + 2 + w], 16)))
                i += 2 + w
            else:
                raise ValueError(f"bad escape in literal {raw!r}") from None
        return "".join(out)


def from_oxigraph(term) -> str:
    """pyoxigraph prints terms in N-Triples form; this keeps only canonical escapes."""
    return str(term)
