"""Extraction stage: Document -> Extraction (engagements with evidence). Owned by the extraction work.

Public API::

    extract(doc, vocab=None) -> Extraction        # deterministic, a pure function of the document
    extract_to_schema(doc) -> dict                 # {"document": stem, "events": [...]} (SCHEMA.md)

The work is done by pipeline components registered in ``kg.registry.extractors`` and run in the
order of ``kg.extract.base.PIPELINE`` (sentences, dates, participants, engagements, initiator,
issues, meetings); each reads and updates one ``ExtractContext``.
"""

from __future__ import annotations

from pathlib import PurePath

from ..model import Document, Engagement, Extraction
from ..nlp.mentions import lexicon
from ..registry import extractors
from ..vocab import Vocabulary, load_vocabulary
from . import engagements as _engagements  # noqa: F401  (registers components)
from . import initiator as _initiator  # noqa: F401
from . import issues as _issues  # noqa: F401
from . import meetings as _meetings  # noqa: F401
from . import participants as _participants  # noqa: F401
from .base import PIPELINE, ExtractContext, load_patterns

__all__ = ["extract", "extract_to_schema", "run_pipeline", "PIPELINE"]


def run_pipeline(doc: Document, vocab: Vocabulary | None = None, names: tuple[str, ...] = PIPELINE) -> ExtractContext:
    vocab = vocab or load_vocabulary()
    ctx = ExtractContext(doc=doc, vocab=vocab, lex=lexicon(vocab), pats=load_patterns())
    for name in names:
        component = extractors.get(name)
        comp = component() if isinstance(component, type) else component
        comp(ctx)
    return ctx


def extract(doc: Document, vocab: Vocabulary | None = None) -> Extraction:
    ctx = run_pipeline(doc, vocab)
    engagements: list[Engagement] = [ev.engagement for ev in ctx.events if ev.engagement is not None]
    return Extraction(document=doc, engagements=engagements, warnings=list(ctx.warnings), anchor=ctx.anchor)


def _stem(doc: Document) -> str:
    name = PurePath(doc.source).name if doc.source else doc.id
    for suffix in (".txt", ".html", ".htm", ".md", ".json", ".text"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def extract_to_schema(doc: Document, vocab: Vocabulary | None = None) -> dict:
    ex = extract(doc, vocab)
    return {"document": _stem(doc), "events": [e.to_schema() for e in ex.engagements]}
