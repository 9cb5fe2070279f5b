"""Components that prepare the document: sentences and quotes, the anchor date, people and places."""

from __future__ import annotations

import re

from ..nlp.dates import find_anchor
from ..nlp.mentions import find_people, find_places
from ..nlp.sentences import split_sentences
from ..nlp.text import plain
from ..registry import extractors
from .base import ExtractContext

_QUOTE = re.compile(r'"[^"\n]{1,1500}?(?:"|$)', re.MULTILINE)


@extractors.register("sentences")
class SentenceSplitter:
    name = "sentences"

    def __call__(self, ctx: ExtractContext) -> None:
        ctx.sentences = split_sentences(ctx.doc.text)
        ptext = ctx.ptext = plain(ctx.doc.text)
        ctx.quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(ptext)]


@extractors.register("dates")
class AnchorDate:
    """The article's own date: metadata, date lines and datelines (see kg.nlp.dates.find_anchor)."""

    name = "dates"

    def __call__(self, ctx: ExtractContext) -> None:
        ctx.anchor, ctx.anchor_year = find_anchor(ctx.doc.text, ctx.doc.published)


@extractors.register("participants")
class PeopleAndPlaces:
    """Person mentions (names, titles resolved at the article date, new leaders) and place mentions."""

    name = "participants"

    def __call__(self, ctx: ExtractContext) -> None:
        ctx.people = find_people(ctx.doc.text, ctx.lex, ctx.anchor_value, ctx.ptext)
        ctx.places = find_places(ctx.doc.text, ctx.lex, ctx.ptext)
