"""Shared pieces of the readers: the value a reader returns, byte decoding and text cleaning.

Every format goes through the same decoding and cleaning rules so that a file's text does not depend
on which reader happened to handle it, and so that nothing downstream (RDF writers, the HTML export)
ever sees a character it cannot carry.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Protocol

from ..errors import IngestError

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Parsed:
    """What a reader found in a file; ``read_document`` turns it into a ``Document``.

    Kept separate from ``Document`` so readers never have to know about ids, hashes or paths.
    """

    text: str
    media_type: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    # Control characters a reader already removed (e.g. before handing HTML to lxml), so the
    # single warning per file can report the total.
    removed_controls: int = 0


class Reader(Protocol):
    """A format reader as registered in ``kg.registry.readers`` under a file suffix.

    ``source`` is the display path to use in IngestError and warnings; ``warn`` receives
    recoverable problems. A reader raises IngestError for a file it cannot use.
    """

    def __call__(self, data: bytes, *, source: str, warn: Warn) -> Parsed: ...


# --- binary sniffing ------------------------------------------------------------------------------

# Checked before decoding: a PDF starts with printable ASCII and would otherwise "decode" fine.
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "GZIP archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"BZh", "BZIP2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xfd7zXZ\x00", "XZ archive"),
    (b"\x28\xb5\x2f\xfd", "Zstandard archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document (old MS Office)"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_UNICODE_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_BOM_FIRST_BYTES = frozenset(bom[0] for bom, _ in _UNICODE_BOMS)
_MAGIC_FIRST_BYTES = frozenset(magic[0] for magic, _ in MAGIC_NUMBERS)


def bom_encoding(data: bytes) -> str | None:
    if not data or data[0] not in _BOM_FIRST_BYTES:  # the common case, decided by one byte
        return None
    for bom, encoding in _UNICODE_BOMS:
        if data.startswith(bom):
            return encoding
    return None


def sniff_binary(data: bytes) -> str | None:
    """Return why ``data`` looks binary, or None.

    "BZh" and "MZ" are short enough to begin real text ("MZ" rarely, "BZh" never in English), so
    those two also need a NUL byte nearby before they count.
    """
    if data and data[0] in _MAGIC_FIRST_BYTES:  # most text rules every magic number out at once
        for magic, kind in MAGIC_NUMBERS:
            if data.startswith(magic):
                if magic in (b"BZh", b"MZ") and b"\x00" not in data[:512]:
                    continue
                return f"binary file ({kind})"
    enc = bom_encoding(data)
    if enc not in ("utf-16", "utf-32") and b"\x00" in data:
        return "binary file (contains NUL bytes)"
    return None


# --- decoding -------------------------------------------------------------------------------------

def decode_bytes(data: bytes, *, source: str, warn: Warn, declared: str | None = None) -> str:
    """Decode without ever losing the text.

    Order: a Unicode BOM wins; then the encoding the file declares (HTML); then strict UTF-8;
    then cp1252 (what "ANSI" Windows tools write, and what browsers use for latin-1 labels);
    then latin-1, which cannot fail. Only a BOM'd UTF-16/32 file with broken sequences is
    undecodable, because guessing a different encoding for it would produce garbage.
    """
    enc = bom_encoding(data)
    if enc is not None:
        if enc == "utf-8-sig":
            data = data[len(codecs.BOM_UTF8):]
        else:
            try:
                return data.decode(enc)
            except UnicodeDecodeError as e:
                raise IngestError(source, f"undecodable {enc.upper()} text ({e.reason} at byte {e.start})") from None
    if declared and declared != "utf-8":
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            warn(f"{source}: not valid {declared} as declared; trying UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        warn(f"{source}: decoded as cp1252 (not valid UTF-8)")
        return text
    except UnicodeDecodeError:
        warn(f"{source}: decoded as latin-1 (not valid UTF-8 or cp1252)")
        return data.decode("latin-1")


# --- cleaning -------------------------------------------------------------------------------------

# What RDF/XML (XML 1.0) and most RDF tooling cannot carry: C0 controls except tab/LF/CR, DEL, C1
# controls, the noncharacters U+FFFE/U+FFFF and lone surrogates (rdflib writes those as "?").
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# Above this share of forbidden characters a "text" file is really binary data that happened to
# decode (latin-1 decodes anything).
BINARY_CONTROL_RATIO = 0.30


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, first of all, so offsets computed later never straddle a CR."""
    if "\r" not in text:  # one memchr instead of two scans
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


# FORBIDDEN_CHARS below U+0100, as bytes for bytes.translate (a C loop, several times faster than
# the regex): the ASCII ones, and with them the C1 controls for text that encodes to latin-1.
_FORBIDDEN_ASCII = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_FORBIDDEN_LATIN1 = _FORBIDDEN_ASCII + bytes(range(0x80, 0xA0))
# The non-ASCII members in UTF-8 (no surrogates: those cannot be encoded): C1 controls are C2 80-9F,
# U+FFFE/U+FFFF are EF BF BE/BF. In valid UTF-8 each match is exactly one such character.
_FORBIDDEN_UTF8 = re.compile(b"\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]")


def count_forbidden(text: str) -> int:
    """How many FORBIDDEN_CHARS ``text`` holds: ``len(FORBIDDEN_CHARS.findall(text))``, counted on
    bytes. Text below U+0100 encodes to latin-1 one byte per character (a copy, for ASCII and
    accented Latin text alike), where ``bytes.translate`` counts them all; other text is counted
    in UTF-8, where the C2 and EF lead bytes of the non-ASCII ones are rare enough to look for
    first; text with lone surrogates (which do not encode) by the regex."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        return len(raw) - len(raw.translate(None, _FORBIDDEN_LATIN1))
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        return len(FORBIDDEN_CHARS.findall(text))
    count = len(raw) - len(raw.translate(None, _FORBIDDEN_ASCII))
    if b"\xc2" in raw or b"\xef" in raw:
        count += len(_FORBIDDEN_UTF8.findall(raw))
    return count


def strip_forbidden(text: str) -> tuple[str, int]:
    if not count_forbidden(text):
        return text, 0
    cleaned, count = FORBIDDEN_CHARS.subn("", text)
    return cleaned, count


def has_lone_surrogate(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")  # strict UTF-8 refuses exactly the surrogates, in C
    except UnicodeEncodeError:
        return _LONE_SURROGATE.search(text) is not None
    return False


def control_ratio_check(text: str, *, source: str, count: int | None = None) -> None:
    """Refuse text that is mostly forbidden characters; ``count`` is ``count_forbidden(text)`` when
    the caller already has it."""
    if not text:
        return
    if count is None:
        count = count_forbidden(text)
    if count and count / len(text) > BINARY_CONTROL_RATIO:
        raise IngestError(source, f"binary file ({count} of {len(text)} characters are control characters)")


def nfc(text: str) -> str:
    """NFC; ASCII text is already NFC (checked by a flag, no scan)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def clean_text(text: str) -> tuple[str, int]:
    """Newlines, forbidden characters, then NFC (normalizing after removal, since NFC of a lone
    surrogate is not well defined). Returns the text and how many characters were removed."""
    text, count = strip_forbidden(normalize_newlines(text))
    return nfc(text), count


def clean_body(text: str, *, source: str) -> tuple[str, int]:
    """An article's text: ``normalize_newlines``, ``control_ratio_check``, then ``clean_text``, with
    the forbidden characters counted once for both. Returns the text and how many were removed."""
    text = normalize_newlines(text)
    count = count_forbidden(text)
    if not count:
        return nfc(text), 0
    control_ratio_check(text, source=source, count=count)
    return nfc(FORBIDDEN_CHARS.sub("", text)), count


def clean_field(value: str | None) -> str | None:
    """Titles and similar one-line metadata: same cleaning, whitespace collapsed, empty -> None."""
    if value is None:
        return None
    value, _ = clean_text(value)
    value = " ".join(value.split())
    return value or None


_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


def clean_url(value: object) -> str | None:
    """Only http(s) URLs survive: a ``javascript:`` link from a hostile page must never reach an
    href in the HTML export."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if _SAFE_URL.match(value) and not FORBIDDEN_CHARS.search(value) else None


# --- dates ----------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ][0-9:.+\-Z]*)?$")


_DATES: dict[str, str | None] = {}  # a corpus has a few thousand distinct dates; each is parsed once


def parse_iso_date(value: object) -> str | None:
    """'YYYY-MM-DD' or 'YYYY-MM' (a full ISO timestamp is cut to its date), or None if invalid."""
    if not isinstance(value, str):
        return None
    try:
        return _DATES[value]
    except KeyError:
        pass
    result = _parse_iso_date(value)
    if len(value) <= 40 and len(_DATES) < 100_000:
        _DATES[value] = result
    return result


def _parse_iso_date(value: str) -> str | None:
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        _dt.date(int(year), int(month), int(day or 1))
    except ValueError:
        return None
    return f"{year}-{month}-{day}" if day else f"{year}-{month}"


# The line some article dumps start with (" date 2025-11-24 - Advertisement -"). Only at the very
# start of the file: a date anywhere else is article text and belongs to the extractor.
_METADATA_DATE = re.compile(r"\A\s*date:?[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?![\d-])", re.IGNORECASE)


def leading_metadata_date(text: str) -> str | None:
    m = _METADATA_DATE.match(text)
    return parse_iso_date(m.group(1)) if m else None
