"""Helpers for the extraction tests: build a Document from a short text."""

from kg.extract import extract, extract_to_schema
from kg.model import Document


def doc(text: str, published: str | None = "2025-11-24", name: str = "t") -> Document:
    return Document(id=name, text=text, source=name + ".txt", published=published)


def events(text: str, published: str | None = "2025-11-24") -> list[dict]:
    return extract_to_schema(doc(text, published))["events"]


def one(text: str, published: str | None = "2025-11-24") -> dict:
    evs = events(text, published)
    assert len(evs) == 1, evs
    return evs[0]


__all__ = ["doc", "events", "one", "extract"]
