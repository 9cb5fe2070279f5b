"""Plain text and Markdown.

The text is kept as written (Markdown syntax included): the extractor works on sentences and
character offsets, and stray ``**`` or ``#`` do not hurt it, while rewriting the text would.
"""

from __future__ import annotations

import re

from ..registry import readers
from .base import Parsed, Warn, clean_field, decode_bytes, leading_metadata_date, normalize_newlines, parse_iso_date


def read_text(data: bytes, *, source: str, warn: Warn) -> Parsed:
    text = decode_bytes(data, source=source, warn=warn)
    return Parsed(text=text, media_type="text/plain", published=leading_metadata_date(text))


# YAML-style front matter (static site generators, note apps): only the two keys kg uses, read
# line by line, so no YAML parser (and none of its surprises) is involved.
_FRONT_MATTER = re.compile(r"\A---\n(.{0,4000}?)\n---\n", re.DOTALL)
_FRONT_KEY = re.compile(r"^(date|title|url):[ \t]*(.*?)[ \t]*$", re.MULTILINE | re.IGNORECASE)


def read_markdown(data: bytes, *, source: str, warn: Warn) -> Parsed:
    text = decode_bytes(data, source=source, warn=warn)
    published = leading_metadata_date(text)
    title = url = None
    m = _FRONT_MATTER.match(normalize_newlines(text))
    if m:
        fields = {k.lower(): v.strip("'\"") for k, v in _FRONT_KEY.findall(m.group(1))}
        if "date" in fields:
            published = parse_iso_date(fields["date"])
            if published is None:
                warn(f"{source}: front matter date {fields['date']!r} is not an ISO date; ignored")
        title = clean_field(fields.get("title"))
        url = fields.get("url")
    return Parsed(text=text, media_type="text/markdown", published=published, title=title, url=url)


for _suffix in (".txt", ".text"):
    readers.register(_suffix, read_text)
readers.register(".md", read_markdown)
