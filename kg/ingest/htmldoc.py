"""HTML pages: main text through trafilatura, with a plain-text fallback.

lxml (under trafilatura) silently drops content nested deeper than about 255 levels, so the
nesting depth is measured first with a cheap tag scan and deep pages are refused with a reason
instead of being read with holes in them.
"""

from __future__ import annotations

import codecs
import html
import logging
import re

from ..errors import IngestError
from ..registry import readers
from .base import Parsed, Warn, clean_field, decode_bytes, parse_iso_date, strip_forbidden

MAX_HTML_DEPTH = 200
# trafilatura's time grows faster than linearly with the element count (about 5 s for 40,000
# elements, minutes for 400,000); news pages have a few thousand, so beyond this the plain-text
# fallback is used instead.
MAX_EXTRACT_ELEMENTS = 30_000

# Elements that never hold children, or whose end tag is optional and in practice left out
# (browsers and lxml close them implicitly); counting them would report false depth.
_NO_DEPTH = frozenset("""
    area base br col embed hr img input link meta param source track wbr keygen command basefont
    bgsound frame isindex image
    p li dt dd tr td th option optgroup thead tbody tfoot colgroup caption rb rt rtc rp
""".split())
# The lookaheads after "<" are only there for speed: they let most positions fail at once
# (a 9 MB run of "<" takes 0.4 s instead of 3 s).
_SKIP = re.compile(r"<(?=[!sStTxX])(?:!--.*?(?:-->|\Z)|(script|style|textarea|template|xmp)\b.*?(?:</\1\s*>|\Z))",
                   re.DOTALL | re.IGNORECASE)
# Attributes may not contain "<" here, which keeps the scan linear on "<a<a<a..." input.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:[\s/][^<>]*?)??(/?)>")


def tag_stats(markup: str, stop_above: int | None = None) -> tuple[int, int]:
    """(deepest nesting, number of elements), from one regex pass over the markup.

    The depth is an upper-bound estimate; the scan stops once it passes ``stop_above``, so a
    hostile page costs little.
    """
    depth = deepest = elements = 0
    for m in _TAG.finditer(_SKIP.sub(" ", markup)):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if not closing:
            elements += 1
        if name in _NO_DEPTH or selfclosing:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_above is not None and deepest > stop_above:
                    break
    return deepest, elements


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# WHATWG encoding labels that mean a superset in practice.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",  # a BOM-less byte stream can't be
}


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 2 KB of markup, if Python knows it."""
    m = _META_CHARSET.search(data[:2048])
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


_TITLE_ELEMENT = re.compile(r"<title\b[^<>]*>[^<]*", re.IGNORECASE)
_BLOCK = frozenset("""address article aside blockquote br dd div dl dt figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul""".split())
# A tag, or what starts like one and never closes ("<a<a<a"): browsers would not show it either.
_ANY_TAG = re.compile(r"<(?:/?([A-Za-z][A-Za-z0-9]*)|[!?/])[^<>]*(?:>|(?=<)|\Z)")


def _tag_to_text(m: re.Match[str]) -> str:
    name = m.group(1)
    return "\n" if name and name.lower() in _BLOCK else ""


_TITLE = re.compile(r"<title\b[^<>]*>([^<]*)", re.IGNORECASE)


def plain_text(markup: str) -> tuple[str, str | None]:
    """Fallback when trafilatura finds no article: every visible text node, block by block.

    Regular expressions rather than html.parser, whose tokenizer is quadratic on unclosed tags
    (minutes for a few hundred KB of "<a<a<a"); the depth check has already run, so nothing here
    depends on nesting.
    """
    title_match = _TITLE.search(markup)
    body = _TITLE_ELEMENT.sub(" ", _SKIP.sub(" ", markup))
    body = _ANY_TAG.sub(_tag_to_text, body)
    lines = (" ".join(line.split()) for line in html.unescape(body).split("\n"))
    text = "\n".join(line for line in lines if line)
    return text, clean_field(html.unescape(title_match.group(1))) if title_match else None


def _extract(markup: str, *, source: str, warn: Warn):
    try:
        import trafilatura

        logging.getLogger("trafilatura").setLevel(logging.ERROR)
        return trafilatura.bare_extraction(
            markup, with_metadata=True, favor_recall=True, include_comments=False,
            include_tables=True,
            # Metadata and markup only: a date found in the body text is a dateline, which is the
            # extractor's business, not the page's publication date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as e:  # trafilatura/lxml raise assorted errors on odd markup; fall back
        warn(f"{source}: trafilatura failed ({type(e).__name__}); plain text used")
        return None


def read_html(data: bytes, *, source: str, warn: Warn) -> Parsed:
    markup = decode_bytes(data, source=source, warn=warn, declared=declared_charset(data))
    # lxml rejects or truncates strings with control characters, so clean before parsing.
    markup, removed = strip_forbidden(markup)
    depth, elements = tag_stats(markup, stop_above=MAX_HTML_DEPTH)
    if depth > MAX_HTML_DEPTH:
        raise IngestError(source, f"HTML nested too deeply (over {MAX_HTML_DEPTH} levels)")

    text = title = url = published = None
    found = None
    if elements > MAX_EXTRACT_ELEMENTS:
        warn(f"{source}: page has {elements} elements (over {MAX_EXTRACT_ELEMENTS}); "
             "main-text extraction skipped, plain text used")
    else:
        found = _extract(markup, source=source, warn=warn)
    if found is not None:
        text = found.text
        title = found.title
        url = found.url
        published = parse_iso_date(found.date)
    if not text or not text.strip():
        text, fallback_title = plain_text(markup)
        title = title or fallback_title
    if not text or not text.strip():
        raise IngestError(source, "no article text")
    return Parsed(text=text, media_type="text/html", title=clean_field(title), url=url,
                  published=published, removed_controls=removed)


for _suffix in (".html", ".htm"):
    readers.register(_suffix, read_html)
