"""The only place kg mints IRIs.

IRIs come from normalised keys (slugs of folded names, vocabulary keys, Wikidata ids, hashes),
never from raw article text, so hostile text cannot reach an IRI and re-runs give the same IRIs.
Every minted IRI is checked against a strict pattern before it leaves this module.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import URIRef

from .namespaces import ID, WD

# used with fullmatch: "$" also matches before a final "\n", which let "0\n" into an IRI
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")
_QID = re.compile(r"Q[1-9][0-9]{0,11}")
_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


class IriError(ValueError):
    pass


def digest(*parts: object, length: int = 12) -> str:
    """Stable short hash of a key (independent of PYTHONHASHSEED)."""
    text = parts[0] if len(parts) == 1 and type(parts[0]) is str else "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]  # type: ignore[union-attr]


@lru_cache(maxsize=1 << 16)  # the same few types, names and places again and again
def slug(text: str, max_len: int = 60) -> str:
    """ASCII slug of a name: 'Recep Tayyip Erdoğan' -> 'recep-tayyip-erdogan'.

    Falls back to a hash when nothing ASCII is left (e.g. a name in another script), and
    appends a hash when the slug had to be shortened, so distinct names stay distinct.
    """
    norm = unicodedata.normalize("NFKD", text.casefold())
    ascii_ = "".join(c for c in norm if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    if not s:
        return "x-" + digest(text)
    if len(s) > max_len:
        return s[:max_len].rstrip("-") + "-" + digest(text, length=8)
    return s


def _checked(segment: str) -> str:
    if not _SAFE_SEGMENT.fullmatch(segment):
        raise IriError(f"unsafe IRI segment {segment!r}")
    return segment


_BASE = str(ID)


def _iri(kind: str, *segments: str) -> URIRef:
    return URIRef(_text(kind, *segments))


def _text(kind: str, *segments: str) -> str:
    """The IRI as a string (what the graph and the exports write): making a URIRef only to turn
    it back into a string was a third of the time of the 280,000 engagement and meeting IRIs of
    a 100,000-article build."""
    return _BASE + kind + "/" + "/".join([_checked(s) for s in segments])


def person(key: str) -> URIRef:
    return _iri("person", key)


def place(key: str) -> URIRef:
    return _iri("place", key)


def document(doc_id: str) -> URIRef:
    return _iri("document", doc_id)


def document_text(doc_id: str) -> str:
    return _text("document", doc_id)


def document_graph(doc_id: str) -> URIRef:
    return _iri("graph", "document", doc_id)


def shared_graph(name: str) -> URIRef:
    return _iri("graph", name)


def engagement(type_: str, date: str | None, key: str) -> URIRef:
    return URIRef(engagement_text(type_, date, key))


def engagement_text(type_: str, date: str | None, key: str) -> str:
    d = date if date and _DATE.fullmatch(date) else "undated"
    return _text("engagement", f"{slug(type_)}-{d}-{digest(key)}")


def meeting(key: str, date: str | None = None) -> URIRef:
    return URIRef(meeting_text(key, date))


def meeting_text(key: str, date: str | None = None) -> str:
    d = date if date and _DATE.fullmatch(date) else "undated"
    return _text("meeting", f"{d}-{digest(key)}")


def issue_mention(engagement_iri: str, doc_id: str, issue: str, start: int) -> URIRef:
    return _iri("mention", digest(engagement_iri, doc_id, issue, start, length=16))


def evidence(doc_id: str, start: int, end: int) -> URIRef:
    return _iri("evidence", doc_id, f"{int(start)}-{int(end)}")


def office(person_key: str, index: int) -> URIRef:
    return _iri("office", person_key, str(int(index)))


def time_instant(date: str) -> URIRef:
    if not _DATE.fullmatch(date):
        raise IriError(f"not an ISO date: {date!r}")
    return _iri("time", date)


def extraction(doc_id: str) -> URIRef:
    return _iri("extraction", doc_id)


def wikidata(qid: str | None) -> URIRef | None:
    if not qid:
        return None
    if not _QID.fullmatch(qid):
        raise IriError(f"not a Wikidata id: {qid!r}")
    return URIRef(str(WD) + qid)
