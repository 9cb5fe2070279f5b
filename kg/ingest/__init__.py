"""Ingest stage: files -> ``Document``; a bad file becomes ``Skipped`` and one warning, never a crash.

What every file goes through, in this order:

1. Path checks before any byte is read: supported suffix (from ``kg.registry.readers``), regular
   file, resolves inside its root folder (symlinks included), size from ``os.stat`` within
   ``max_bytes``. At most ``max_bytes + 1`` bytes are then read, so a file that grows meanwhile
   is still caught. A file found by walking a folder that the listing shows as a regular file
   (the bulk of a big build) gets the same checks more cheaply: no ``resolve()`` - it is opened
   with O_NOFOLLOW and its sub-folders are checked with ``lstat``, so its real path is the root's
   plus its relative path - and type and size from ``fstat`` of the opened file. Anything else
   (a symlink, a special file, an error) goes through the general path, so the outcome and every
   message are the same either way.
2. Binary sniffing on the raw bytes (magic numbers, NUL bytes), then the format reader, which
   decodes (BOM, declared charset, UTF-8, then cp1252, then latin-1 - with a warning) and parses.
3. Text cleaning, the same for every format: CRLF/CR -> LF first, then characters RDF cannot carry
   (C0 controls other than tab/LF, DEL, C1, U+FFFE/U+FFFF, lone surrogates) removed with one
   warning giving the count, then NFC. Nothing else is changed - the text is not stripped or
   reflowed - because the extractor records character offsets against ``Document.text``.

A new format is one module with a ``Reader`` function and one ``readers.register(".ext", fn)``.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import re
import stat
import time
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import replace
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Callable

from ..errors import IngestError
from ..model import Document, Skipped
from ..registry import readers
from . import htmldoc, jsondoc, plain  # noqa: F401  (import registers the built-in readers)
from .base import (
    Parsed,
    Reader,
    clean_body,
    clean_field,
    clean_url,
    sniff_binary,
    strip_forbidden,
)

if TYPE_CHECKING:
    from .seen import ReadCache

__all__ = ["DEFAULT_MAX_BYTES", "Parsed", "Reader", "discover", "ingest", "read_document", "read_texts"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_log = logging.getLogger("kg.ingest")
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,100}")  # use with fullmatch: "$" accepts a final "\n"


def _log_warning(message: str) -> None:
    _log.warning("%s", message)


# --- discovery ------------------------------------------------------------------------------------

# What ``_discover`` lists: (path to open, its root, path relative to the root with "/" when the
# file was found in a folder and was a regular file there, not a symlink - else None, and
# ``_read_row`` decides everything). Plain strings, so that listing 100,000 files and sending them
# to the reading processes costs no Path objects.
_Item = tuple[str, str, "str | None"]


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
    return [(Path(file), Path(root)) for file, root, _ in _discover(paths, warn)]


def _walk(top: str, onerror: Callable[[OSError], None]):
    """``os.walk(top, onerror=onerror, followlinks=False)``, the same folders in the same order,
    except that each file comes as (name, regular) - whether the listing says it is a regular
    file and not a symlink (from the directory entry's type, so no stat call per file)."""
    stack = [top]
    while stack:
        top = stack.pop()
        try:
            listing = os.scandir(top)
        except OSError as error:
            onerror(error)
            continue
        dirs: list[str] = []
        files: list[tuple[str, bool]] = []
        with listing:
            try:
                for entry in listing:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    if is_dir:
                        dirs.append(entry.name)
                        continue
                    try:
                        regular = entry.is_file(follow_symlinks=False)
                    except OSError:
                        regular = False
                    files.append((entry.name, regular))
            except OSError as error:  # os.walk drops a folder whose listing fails half way
                onerror(error)
                continue
        yield top, dirs, files  # the caller may prune dirs, as with os.walk
        # depth first, in listing order; symlinked folders are not entered (checked when due)
        stack.extend(os.path.join(top, d) for d in reversed(dirs))
        while stack and os.path.islink(stack[-1]):
            stack.pop()


def _discover(paths: list[Path], warn: Callable[[str], None]) -> list[_Item]:
    """``discover`` with strings: relative paths are built by joining names, never by Path."""
    items: list[_Item] = []
    seen: set[tuple[str, str]] = set()
    # One argument cannot list a file twice (each folder is walked once, by one path), so the
    # absolute-path keys are only needed when there are several.
    dedup = len(paths) > 1

    for path in paths:
        path = Path(path)
        if not path.is_dir():
            file, root = str(path), str(path.parent)
            key = (os.path.abspath(file), os.path.abspath(root))
            if key not in seen:
                seen.add(key)
                items.append((file, root, None))
            continue

        def unlisted(error: OSError, top: Path = path) -> None:
            where = _display(Path(error.filename or top), top)
            warn(f"skipped folder {where}: {error.strerror or error}")

        top = os.fspath(path)
        # Files are sorted by their relative path's components. The key joins them with NUL, which
        # no file name contains and which sorts before every other character, so comparing keys
        # as strings gives the order of comparing the component tuples (and is several times
        # faster): a component that is a prefix of another still sorts first.
        below: dict[str, tuple[str, str]] = {top: ("", "")}  # folder -> (key prefix, "a/b/")
        found: list[tuple[str, str, bool]] = []
        for dirpath, dirnames, files in _walk(top, unlisted):
            key_prefix, prefix = below.pop(dirpath)
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for d in dirnames:
                below[os.path.join(dirpath, d)] = (f"{key_prefix}{d}\0", f"{prefix}{d}/")
            for name, regular in files:
                if not (name.startswith(".") or name.endswith(".gold.json")):
                    found.append((key_prefix + name, prefix + name, regular))
        found.sort(key=itemgetter(0))
        abs_root = os.path.abspath(top)
        head = top if not top or top.endswith("/") else top + "/"  # os.path.join(top, rel) == head + rel
        for _, rel, regular in found:
            file = head + rel
            if dedup:
                key = (os.path.join(abs_root, rel), abs_root)  # == (abspath(file), abspath(root))
                if key in seen:
                    continue
                seen.add(key)
            items.append((file, top, rel if regular else None))
    return items


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
    if "/" not in source and source not in ("", "."):  # one component: no PurePosixPath needed
        stem, top = _stem(source), True
    else:
        rel = PurePosixPath(source)
        stem, top = rel.stem, len(rel.parts) == 1
    if top and SAFE_ID.fullmatch(stem):
        return stem
    return f"{_slug(stem)}-{_short_hash(source)}"


def _suffix(name: str) -> str:
    """``PurePath(name).suffix`` for a single file name."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _stem(name: str) -> str:
    """``PurePath(name).stem`` for a single file name."""
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name


# A document as it travels from a reading process: Document's fields, in Document's order.
_Row = tuple[str, str, str, "str | None", str, "str | None", "str | None", str]


def _disambiguate(docs: list[Document]) -> list[Document]:
    """Make ids unique across one ingest run without depending on listing order.

    Same stem, different relative path (``a.txt`` and ``a.md``): every member of the clash gets
    the path hash, so no id depends on which file came first. The same relative path under two
    roots cannot be told apart by path, so those are numbered ``-2``, ``-3`` in argument order.
    """
    if len({d.id for d in docs}) == len(docs):  # the usual case: nothing to do
        return docs
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


def _escape(shown: str) -> str:
    if shown.isascii() and shown.isprintable():  # no ASCII character _UNPRINTABLE matches is printable
        return shown
    return _UNPRINTABLE.sub(_escape_char, shown)


def _display(path: Path, root: Path) -> str:
    """The relative path as a printable string: ``source`` ends up in warnings (one per line) and
    in RDF literals, so a newline or an undecodable byte in a file name is shown escaped."""
    try:
        shown = path.relative_to(root).as_posix()
    except ValueError:
        shown = path.as_posix()
    return _escape(shown)


def _unsupported(suffix: str) -> str:
    shown = f"'{_UNPRINTABLE.sub(_escape_char, suffix)}'" if suffix else "(no suffix)"
    return f"unsupported file type {shown} (supported: {', '.join(readers.names())})"


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read_bytes(path: Path | str, source: str, max_bytes: int) -> bytes:
    """Open without following a FIFO into a blocking read, re-check the opened file, read at most
    ``max_bytes + 1`` bytes."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except PermissionError:
        raise IngestError(source, "permission denied") from None
    except OSError as e:
        raise IngestError(source, f"cannot open file ({e.strerror or e})") from None
    return _read_fd(fd, source, max_bytes)


def _read_fd(fd: int, source: str, max_bytes: int, st: os.stat_result | None = None) -> bytes:
    """The rest of ``_read_bytes``, on an open file descriptor, which it closes; ``st`` is its
    ``fstat`` when the caller already has it."""
    try:
        if st is None:
            st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IngestError(source, "not a regular file")
        if st.st_size > max_bytes:
            raise IngestError(source, _too_large(st.st_size, max_bytes))
        chunks: list[bytes] = []
        remaining = max_bytes + 1
        # Ask for the size fstat gave plus one, not for a fixed 1 MB: each request allocates a
        # buffer of its size, which dominated reading 2 KB articles. A short read is the end of
        # the file unless it is growing: one more byte is asked for to find out.
        want = st.st_size + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, want))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
            want = 1 if len(chunk) < want else 1 << 16
    except PermissionError:
        raise IngestError(source, "permission denied") from None
    except OSError as e:
        raise IngestError(source, f"cannot read file ({e.strerror or e})") from None
    finally:
        os.close(fd)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(data) > max_bytes:
        raise IngestError(source, f"file too large (over {max_bytes} bytes; it grew while being read)")
    return data


def _too_large(size: int, max_bytes: int) -> str:
    return f"file too large ({size} bytes; limit {max_bytes})"


def read_document(path: Path, root: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  warn: Callable[[str], None] = _log_warning) -> Document:
    """One file -> Document, or IngestError(source, reason). Recoverable problems go to ``warn``,
    each message starting with the file's relative path."""
    return Document(*_read_row(path, root, max_bytes, warn))


def _read_row(path: Path | str, root: Path | str, max_bytes: int, warn: Callable[[str], None]) -> _Row:
    """``read_document`` for any path: every check of the module docstring, in its order."""
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

    return _parse(_read_bytes(path, source, max_bytes), suffix, source, warn)


def _read_in_folder(path: str, root: str, rel: str, max_bytes: int, warn: Callable[[str], None]) -> _Row | None:
    """``_read_row`` for the common case, a file that the folder listing gave as regular and not
    a symlink; None when it is something else by now, and ``_read_row`` must decide.

    The root check needs no ``resolve()`` here: when neither the file nor a sub-folder between it
    and the root is a symlink, the file's real path is the root's real path plus ``rel``, so it is
    inside. Sub-folders are checked with ``lstat`` now (the walk did not enter symlinks, but a
    folder may have been swapped since); the file is opened with O_NOFOLLOW, so one swapped for a
    symlink is not followed but sent to ``_read_row``, and ``fstat`` on the opened file checks the
    rest (regular, size) before any byte is read.
    """
    suffix = _suffix(rel.rpartition("/")[2]).lower()
    if not _O_NOFOLLOW or suffix not in readers:
        return None
    try:
        if "/" in rel:
            folder = root
            for part in rel.split("/")[:-1]:
                folder = os.path.join(folder, part)
                if stat.S_ISLNK(os.lstat(folder).st_mode):
                    return None
        fd = os.open(path, _OPEN_FLAGS | _O_NOFOLLOW)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
        os.close(fd)
        return None
    source = _escape(rel)
    return _parse(_read_fd(fd, source, max_bytes, st), suffix, source, warn)


def _parse(data: bytes, suffix: str, source: str, warn: Callable[[str], None]) -> _Row:
    """Sniff, read, clean: raw bytes of an accepted file -> the fields of its Document."""
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

    text, removed = clean_body(parsed.text, source=source)
    removed += parsed.removed_controls
    if removed:
        warn(f"{source}: removed {removed} control character{'s' if removed != 1 else ''} "
             "that RDF cannot carry")
    if not text or text.isspace():  # == not text.strip(), without the copy
        raise IngestError(source, "whitespace-only file" if parsed.media_type.startswith("text/plain")
                          or parsed.media_type == "text/markdown" else "no article text")

    url = clean_url(parsed.url)
    if parsed.url is not None and url is None:
        warn(f"{source}: ignored url {strip_forbidden(str(parsed.url))[0][:60]!r} (only http(s) URLs are kept)")
    return (document_id(source), text, source, parsed.published, hashlib.sha256(data).hexdigest(),
            clean_field(parsed.title), url, parsed.media_type)


@contextmanager
def _gc_paused():
    """Reading makes hundreds of thousands of tuples and strings and no reference cycles; without
    this the collector runs thousands of times over everything read so far."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# What a reading process sends back per file: a Document's row (a tuple of its 8 fields) when the
# file gave no warning - the common case - else (row or None, (source, reason) or None, warnings).
_NOTED = 3


def _read_chunk(args: tuple[list[_Item], int]) -> list:
    """Read a run of files (in a worker process, or in-process); warnings travel back with each
    result, in file order. Tuples of strings, not dataclasses: they pickle several times faster."""
    items, max_bytes = args
    out: list = []
    with _gc_paused():
        for path, root, rel in items:
            notes: list[str] = []
            try:
                row = None
                if rel is not None:
                    row = _read_in_folder(path, root, rel, max_bytes, notes.append)
                if row is None:
                    row = _read_row(path, root, max_bytes, notes.append)
            except IngestError as e:
                out.append((None, (e.path, e.reason), notes))
                continue
            out.append((row, None, notes) if notes else row)
    return out


_MIN_CHUNK, _MAX_CHUNK = 256, 1024


def _read_parallel(items: list[_Item], max_bytes: int, workers: int, collect: Callable[[list], None]) -> None:
    """Read ``items`` with ``workers`` readers: this process and ``workers - 1`` others, so that
    ``workers`` cores are used and none of them only waits.

    The items are cut into runs, handed out in order: each process has one run at work and one
    queued; whenever the next run to collect is not back yet, this process reads the next unstarted
    run itself. Results are collected strictly in run order, as they would be by one reader."""
    from concurrent.futures import ProcessPoolExecutor

    size = max(_MIN_CHUNK, min(_MAX_CHUNK, len(items) // (workers * 8)))
    runs = [items[i:i + size] for i in range(0, len(items), size)]
    n, procs = len(runs), workers - 1
    futures: dict[int, object] = {}  # run -> its Future, while a process has it
    done: dict[int, list] = {}  # runs read here, waiting for their turn
    started = collected = 0
    with ProcessPoolExecutor(max_workers=procs) as pool:
        while collected < n:
            while started < n and len(futures) < 2 * procs:
                futures[started] = pool.submit(_read_chunk, (runs[started], max_bytes))
                started += 1
            if collected in done:
                collect(done.pop(collected))
            elif started == n or futures[collected].done():  # type: ignore[attr-defined]
                collect(futures.pop(collected).result())  # type: ignore[attr-defined]
            else:
                done[started] = _read_chunk((runs[started], max_bytes))
                started += 1
                continue
            collected += 1


def ingest(paths: list[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
           warn: Callable[[str], None] = _log_warning, workers: int = 1,
           seen: "ReadCache | None" = None) -> tuple[list[Document], list[Skipped]]:
    """Read everything ``discover`` finds. A bad file is reported (``Skipped`` plus one warning
    "skipped <source>: <reason>") and the rest still build. With ``workers`` > 1 big folders are
    read by that many processes, this one included (reading, decoding and cleaning 100,000 2 KB
    articles is about 5 s of one core); results, warnings and ids are the same as with one.

    With ``seen`` (kg.ingest.seen.ReadCache) a file that ``stat`` says did not change since it
    was last read is not read again: its Document comes without its text, and ``seen.unread``
    tells which (see :func:`read_texts`)."""
    items = _discover(paths, warn)
    docs: list[Document] = []
    skipped: list[Skipped] = []
    known: dict[int, tuple] = {}  # item index -> the row recorded for it
    figs: dict[int, tuple] = {}  # item index -> (its key, its stat figures), for the items that may be recorded
    if seen is not None:
        known, figs = _known(items, seen, max_bytes)
    todo = [it for i, it in enumerate(items) if i not in known] if known else items
    results: list = []
    read_at = time.time_ns()
    with _gc_paused():
        if workers > 1 and len(todo) >= 4 * _MIN_CHUNK:
            _read_parallel(todo, max_bytes, workers, results.extend)
        elif todo:
            results = _read_chunk((todo, max_bytes))
        unread: list[tuple[int, _Item]] = []
        pending = iter(results)
        for i, item in enumerate(items):
            row = known.get(i)
            if row is not None:
                unread.append((len(docs), item))
                docs.append(Document(*row))
                continue
            result = next(pending)
            if len(result) != _NOTED:  # a row, without warnings
                docs.append(Document(*result))
                if seen is not None and i in figs:
                    seen.record(*figs[i], result, read_at)
                continue
            row, skip, notes = result
            for note in notes:
                warn(note)
            if row is not None:
                docs.append(Document(*row))
            else:
                skipped.append(Skipped(*skip))
                warn(f"skipped {skip[0]}: {skip[1]}")
        docs = _disambiguate(docs)
    if seen is not None:
        seen.unread = dict(unread)
        seen.save()
    return docs, skipped


def _known(items: list[_Item], seen: "ReadCache", max_bytes: int) -> tuple[dict[int, tuple], dict[int, tuple]]:
    """The items whose record in ``seen`` still holds (index -> row), and the key (absolute path)
    and stat figures of every item that may be recorded: regular files the folder walk listed, in no symlinked
    sub-folder, of a registered type (what ``_read_in_folder`` reads; anything else is read the
    long way every time)."""
    from .seen import lstat_figures

    known: dict[int, tuple] = {}
    figs: dict[int, tuple] = {}
    folders: dict[str, bool] = {}  # sub-folder -> not a symlink
    roots: dict[str, str] = {}
    suffixes = set(readers.names())
    for i, (path, root, rel) in enumerate(items):
        if rel is None or _suffix(rel.rpartition("/")[2]).lower() not in suffixes:
            continue
        if "/" in rel:
            folder, ok = root, True
            for part in rel.split("/")[:-1]:
                folder = os.path.join(folder, part)
                plain = folders.get(folder)
                if plain is None:
                    try:
                        plain = folders[folder] = not stat.S_ISLNK(os.lstat(folder).st_mode)
                    except OSError:
                        plain = folders[folder] = False
                if not plain:
                    ok = False
                    break
            if not ok:
                continue
        f = lstat_figures(path)
        if f is None:
            continue
        base = roots.get(root)
        if base is None:
            base = roots[root] = os.path.abspath(root)
        key = os.path.join(base, rel)
        figs[i] = (key, f)
        row = seen.row(key, f, max_bytes)
        if row is not None:
            known[i] = row
    return known, figs


def read_texts(docs: list[Document], indexes: list[int], seen: "ReadCache", *, max_bytes: int = DEFAULT_MAX_BYTES,
               workers: int = 1) -> list[Document] | None:
    """``docs`` with the text of ``docs[i]`` read for each of ``indexes`` (documents ``ingest``
    took from ``seen`` without reading them). None when one of those files now reads differently
    (it changed after it was listed, or now warns): the caller then reads everything again."""
    items = [seen.unread[i] for i in indexes]
    results: list = []
    with _gc_paused():
        if workers > 1 and len(items) >= 4 * _MIN_CHUNK:
            _read_parallel(items, max_bytes, workers, results.extend)
        else:
            results = _read_chunk((items, max_bytes))
    out = list(docs)
    for i, result in zip(indexes, results):
        d = docs[i]
        if len(result) == _NOTED or tuple(result[2:]) != (d.source, d.published, d.sha256, d.title, d.url,
                                                           d.media_type):
            return None
        out[i] = Document(d.id, result[1], *result[2:])
    return out
