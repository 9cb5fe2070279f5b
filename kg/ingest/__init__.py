"""Ingest stage: files -> ``Document``; a bad file becomes ``Skipped`` and one warning, never a crash.

What every file goes through, in this order:

1. Path checks before any byte is read: supported suffix (from ``kg.registry.readers``), regular
   file, resolves inside its root folder (symlinks included), size from ``os.stat`` within
   ``max_bytes``. At most ``max_bytes + 1`` bytes are then read, so a file that grows meanwhile
   is still caught.
2. Binary sniffing on the raw bytes (magic numbers, NUL bytes), then the format reader, which
   decodes (BOM, declared charset, UTF-8, then cp1252, then latin-1 - with a warning) and parses.
3. Text cleaning, the same for every format: CRLF/CR -> LF first, then characters RDF cannot carry
   (C0 controls other than tab/LF, DEL, C1, U+FFFE/U+FFFF, lone surrogates) removed with one
   warning giving the count, then NFC. Nothing else is changed - the text is not stripped or
   reflowed - because the extractor records character offsets against ``Document.text``.

A new format is one module with a ``Reader`` function and one ``readers.register(".ext", fn)``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Callable

from ..errors import IngestError
from ..model import Document, Skipped
from ..registry import readers
from . import htmldoc, jsondoc, plain  # noqa: F401  (import registers the built-in readers)
from .base import (
    Parsed,
    Reader,
    clean_field,
    clean_text,
    clean_url,
    control_ratio_check,
    normalize_newlines,
    sniff_binary,
    strip_forbidden,
)

__all__ = ["DEFAULT_MAX_BYTES", "Parsed", "Reader", "discover", "ingest", "read_document"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_log = logging.getLogger("kg.ingest")
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,100}")  # use with fullmatch: "$" accepts a final "\n"


def _log_warning(message: str) -> None:
    _log.warning("%s", message)


# --- discovery ------------------------------------------------------------------------------------

def _skipped_in_folder(rel: PurePosixPath) -> bool:
    return any(part.startswith(".") for part in rel.parts) or rel.name.endswith(".gold.json")


def discover(paths: list[Path], *, warn: Callable[[str], None] = _log_warning) -> list[tuple[Path, Path]]:
    """Expand the command-line paths into ``(file, root)`` pairs in a reproducible order.

    Arguments keep their order (the user chose it); a folder contributes its files sorted by
    relative path, so the OS listing order never shows in the output. Hidden files and folders
    and ``*.gold.json`` answer keys are skipped inside folders, but a file named explicitly is
    always taken. Symlinked folders are not descended (no loops, no escaping the root); symlinked
    files are listed, and ``read_document`` refuses those pointing outside the root. A path that
    does not exist is kept, so ``ingest`` reports it instead of losing it. A sub-folder that
    cannot be listed is reported through ``warn`` rather than silently left out.
    """
    pairs: list[tuple[Path, Path]] = []
    seen: set[tuple[str, str]] = set()

    def add(file: Path, root: Path) -> None:
        key = (os.path.abspath(file), os.path.abspath(root))
        if key not in seen:
            seen.add(key)
            pairs.append((file, root))

    for path in paths:
        path = Path(path)
        if not path.is_dir():
            add(path, path.parent)
            continue
        found: list[tuple[tuple[str, ...], Path]] = []

        def unlisted(error: OSError, top: Path = path) -> None:
            where = _display(Path(error.filename or top), top)
            warn(f"skipped folder {where}: {error.strerror or error}")

        for dirpath, dirnames, filenames in os.walk(path, onerror=unlisted, followlinks=False):
            base = Path(dirpath)
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                file = base / name
                rel = PurePosixPath(file.relative_to(path).as_posix())
                if not _skipped_in_folder(rel):
                    found.append((rel.parts, file))
        for _, file in sorted(found, key=lambda item: item[0]):
            add(file, path)
    return pairs


# --- ids ------------------------------------------------------------------------------------------

def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _slug(stem: str) -> str:
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_stem).strip("-").lower()[:60].strip("-")
    return slug or "doc"


def document_id(source: str) -> str:
    """A key safe in IRIs, file names and HTML: the stem when it is already safe and the file sits
    at the top of its folder, else an ASCII slug plus a hash of the relative path (so ``a.txt``
    and ``sub/a.txt`` differ, and a hostile name cannot reach an IRI)."""
    rel = PurePosixPath(source)
    stem = rel.stem
    if SAFE_ID.fullmatch(stem) and len(rel.parts) == 1:
        return stem
    return f"{_slug(stem)}-{_short_hash(source)}"


def _disambiguate(docs: list[Document]) -> list[Document]:
    """Make ids unique across one ingest run without depending on listing order.

    Same stem, different relative path (``a.txt`` and ``a.md``): every member of the clash gets
    the path hash, so no id depends on which file came first. The same relative path under two
    roots cannot be told apart by path, so those are numbered ``-2``, ``-3`` in argument order.
    """
    sources: dict[str, set[str]] = {}
    for d in docs:
        sources.setdefault(d.id, set()).add(d.source)
    hashed = [replace(d, id=f"{_slug(PurePosixPath(d.source).stem)}-{_short_hash(d.source)}")
              if len(sources[d.id]) > 1 and d.id == PurePosixPath(d.source).stem else d
              for d in docs]
    taken = Counter(d.id for d in hashed)
    used: set[str] = set()
    result = []
    for d in hashed:
        if d.id in used:
            n = 2
            while f"{d.id}-{n}" in used or f"{d.id}-{n}" in taken:
                n += 1
            d = replace(d, id=f"{d.id}-{n}")
        used.add(d.id)
        result.append(d)
    return result


# --- reading --------------------------------------------------------------------------------------

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff\u2028\u2029]")


def _escape_char(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _display(path: Path, root: Path) -> str:
    """The relative path as a printable string: ``source`` ends up in warnings (one per line) and
    in RDF literals, so a newline or an undecodable byte in a file name is shown escaped."""
    try:
        shown = path.relative_to(root).as_posix()
    except ValueError:
        shown = path.as_posix()
    return _UNPRINTABLE.sub(_escape_char, shown)


def _unsupported(suffix: str) -> str:
    shown = f"'{_UNPRINTABLE.sub(_escape_char, suffix)}'" if suffix else "(no suffix)"
    return f"unsupported file type {shown} (supported: {', '.join(readers.names())})"


def _read_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    """Open without following a FIFO into a blocking read, re-check the opened file, read at most
    ``max_bytes + 1`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except PermissionError:
        raise IngestError(source, "permission denied") from None
    except OSError as e:
        raise IngestError(source, f"cannot open file ({e.strerror or e})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IngestError(source, "not a regular file")
        if st.st_size > max_bytes:
            raise IngestError(source, _too_large(st.st_size, max_bytes))
        chunks: list[bytes] = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except PermissionError:
        raise IngestError(source, "permission denied") from None
    except OSError as e:
        raise IngestError(source, f"cannot read file ({e.strerror or e})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise IngestError(source, f"file too large (over {max_bytes} bytes; it grew while being read)")
    return data


def _too_large(size: int, max_bytes: int) -> str:
    return f"file too large ({size} bytes; limit {max_bytes})"


def read_document(path: Path, root: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  warn: Callable[[str], None] = _log_warning) -> Document:
    """One file -> Document, or IngestError(source, reason). Recoverable problems go to ``warn``,
    each message starting with the file's relative path."""
    path, root = Path(path), Path(root)
    source = _display(path, root)

    try:
        st = os.stat(path)  # follows symlinks: what matters is what would be read
    except FileNotFoundError:
        reason = "broken symlink" if path.is_symlink() else "file not found"
        raise IngestError(source, reason) from None
    except PermissionError:
        raise IngestError(source, "permission denied") from None
    except OSError as e:
        raise IngestError(source, f"cannot access file ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        raise IngestError(source, "is a directory")

    suffix = path.suffix.lower()
    if suffix not in readers:
        raise IngestError(source, _unsupported(path.suffix))

    try:
        inside = path.resolve(strict=True).is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError) as e:  # RuntimeError: symlink loop on older Pythons
        raise IngestError(source, f"cannot resolve path ({e})") from None
    if not inside:
        raise IngestError(source, "symlink points outside the input folder" if path.is_symlink()
                          else "path resolves outside the input folder")

    if not stat.S_ISREG(st.st_mode):
        raise IngestError(source, "not a regular file")
    if st.st_size > max_bytes:
        raise IngestError(source, _too_large(st.st_size, max_bytes))

    data = _read_bytes(path, source, max_bytes)
    if not data:
        raise IngestError(source, "empty file")
    binary = sniff_binary(data)
    if binary:
        raise IngestError(source, binary)

    reader: Reader = readers.get(suffix)
    try:
        parsed = reader(data, source=source, warn=warn)
    except IngestError:
        raise
    except Exception as e:  # a reader bug or a third-party parser failure must not stop a build
        raise IngestError(source, f"cannot parse {suffix} file ({type(e).__name__}: {e})") from e

    text = normalize_newlines(parsed.text)
    control_ratio_check(text, source=source)
    text, removed = clean_text(text)
    removed += parsed.removed_controls
    if removed:
        warn(f"{source}: removed {removed} control character{'s' if removed != 1 else ''} "
             "that RDF cannot carry")
    if not text.strip():
        raise IngestError(source, "whitespace-only file" if parsed.media_type.startswith("text/plain")
                          or parsed.media_type == "text/markdown" else "no article text")

    url = clean_url(parsed.url)
    if parsed.url is not None and url is None:
        warn(f"{source}: ignored url {strip_forbidden(str(parsed.url))[0][:60]!r} (only http(s) URLs are kept)")
    return Document(
        id=document_id(source),
        text=text,
        source=source,
        published=parsed.published,
        sha256=hashlib.sha256(data).hexdigest(),
        title=clean_field(parsed.title),
        url=url,
        media_type=parsed.media_type,
    )


def _read_chunk(args: tuple[list[tuple[Path, Path]], int]) -> list[tuple[Document | None, Skipped | None, list[str]]]:
    """A worker reads a run of files; warnings travel back with each result, in file order."""
    files, max_bytes = args
    out = []
    for path, root in files:
        notes: list[str] = []
        try:
            out.append((read_document(path, root, max_bytes=max_bytes, warn=notes.append), None, notes))
        except IngestError as e:
            out.append((None, Skipped(e.path, e.reason), notes))
    return out


def ingest(paths: list[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
           warn: Callable[[str], None] = _log_warning, workers: int = 1) -> tuple[list[Document], list[Skipped]]:
    """Read everything ``discover`` finds. A bad file is reported (``Skipped`` plus one warning
    "skipped <source>: <reason>") and the rest still build. With ``workers`` > 1 big folders are
    read by that many processes (decoding and cleaning 100,000 articles is ~30 s of one core);
    results, warnings and ids are the same as with one."""
    files = discover(paths, warn=warn)
    chunk = 256
    if workers > 1 and len(files) >= 4 * chunk:
        from concurrent.futures import ProcessPoolExecutor

        runs = [(files[i:i + chunk], max_bytes) for i in range(0, len(files), chunk)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = [r for run in pool.map(_read_chunk, runs) for r in run]
    else:
        results = _read_chunk((files, max_bytes))
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for doc, skip, notes in results:
        for note in notes:
            warn(note)
        if doc is not None:
            docs.append(doc)
        else:
            skipped.append(skip)  # type: ignore[arg-type]
            warn(f"skipped {skip.source}: {skip.reason}")  # type: ignore[union-attr]
    return _disambiguate(docs), skipped
