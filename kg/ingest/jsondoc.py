"""JSON articles: ``{"text": ..., "published": ..., "url": ..., "title": ...}``.

``json.loads`` is lenient where kg cannot afford it: it accepts NaN and duplicate keys (which of two
"text" values is the article?), raises RecursionError (not ValueError) on deep nesting, and keeps
lone surrogates that rdflib later writes as "?". Each of those is refused here with a reason.
"""

from __future__ import annotations

import json
import re

from ..errors import IngestError
from ..registry import readers
from .base import Parsed, Warn, clean_field, decode_bytes, has_lone_surrogate, parse_iso_date

MAX_JSON_DEPTH = 64

# A string (an unterminated one runs to the end, which keeps the scan linear) or a bracket.
_TOKEN = re.compile(r'"(?:[^"\\]+|\\.)*"?|[\[\]{}]', re.DOTALL)


def json_depth(text: str, stop_above: int | None = None) -> int:
    """Nesting depth, skipping brackets inside strings, computed without recursion.

    Stops counting once ``stop_above`` is passed, so a hostile file costs little."""
    depth = deepest = 0
    for m in _TOKEN.finditer(text):
        token = m.group()
        if token[0] == '"':
            continue
        depth += 1 if token in "[{" else -1
        if depth > deepest:
            deepest = depth
            if stop_above is not None and deepest > stop_above:
                break
    return deepest


class _Rejected(Exception):
    """Raised from json's hooks; not a ValueError, so no json code path can swallow it."""


def _reject_constant(name: str) -> None:
    raise _Rejected(f"JSON contains {name}, which is not valid JSON")


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _Rejected(f"JSON has duplicate key {key[:40]!r}")
        result[key] = value
    return result


# What json.loads(raw, parse_constant=..., object_pairs_hook=...) builds on every call, built once.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)


def read_json(data: bytes, *, source: str, warn: Warn) -> Parsed:
    raw = decode_bytes(data, source=source, warn=warn)  # also strips a UTF-8 BOM
    # The depth cannot exceed the number of opening brackets: count those first (two C scans).
    if (raw.count("[") + raw.count("{") > MAX_JSON_DEPTH
            and json_depth(raw, stop_above=MAX_JSON_DEPTH) > MAX_JSON_DEPTH):
        raise IngestError(source, f"JSON nested too deeply (over {MAX_JSON_DEPTH} levels)")
    try:
        if raw.startswith("\ufeff"):  # what json.loads checks before decoding
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", raw, 0)
        obj = _DECODER.decode(raw)
    except _Rejected as e:
        raise IngestError(source, str(e)) from None
    except json.JSONDecodeError as e:
        raise IngestError(source, f"invalid JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
    except RecursionError:
        raise IngestError(source, "JSON nested too deeply") from None
    except ValueError as e:  # e.g. an integer over Python's 4300-digit conversion limit
        raise IngestError(source, f"invalid JSON ({e})") from None

    if not isinstance(obj, dict):
        raise IngestError(source, 'JSON must be an object with a "text" field')
    text = obj.get("text")
    if text is None:
        raise IngestError(source, 'JSON has no "text" field')
    if not isinstance(text, str):
        raise IngestError(source, f'JSON "text" must be a string, not {type(text).__name__}')
    if not text.strip():
        raise IngestError(source, 'JSON "text" is empty')
    if has_lone_surrogate(text):
        raise IngestError(source, 'JSON "text" contains a lone surrogate (an invalid \\ud800-\\udfff escape)')

    published = None
    if obj.get("published") is not None:
        published = parse_iso_date(obj["published"])
        if published is None:
            warn(f"{source}: \"published\" {str(obj['published'])[:40]!r} is not an ISO date "
                 "(YYYY-MM-DD or YYYY-MM); ignored")
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        warn(f'{source}: "title" is not a string; ignored')
        title = None
    url = obj.get("url")
    if url is not None and not isinstance(url, str):
        warn(f'{source}: "url" is not a string; ignored')
        url = None
    return Parsed(text=text, media_type="application/json", title=clean_field(title), url=url,
                  published=published)


readers.register(".json", read_json)
