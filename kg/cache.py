"""Per-document extraction cache for incremental builds (``out_dir/cache/``).

``kg build`` re-extracts only new or changed articles. Each document's :class:`Extraction` is
stored as one JSON line keyed by a hash of everything the extraction depends on:

- the document itself: the sha256 of its bytes (or of its text) and its metadata (id, source
  path, published date, title, url, media type), because engagements and evidence carry the
  document id and the article date anchors relative dates;
- the kg version;
- a hash of the vocabulary and grammar data files (``issues.ttl``, ``people.json``,
  ``places.json``, ``patterns.json``);
- a hash of the extractor's own source files and of the registered extractor components, so
  editing the extractor during development never serves stale results.

The cache only ever saves extraction work: resolution, the graph, the store and every export are
recomputed over the current documents at each build, so a deleted article simply disappears
and nothing goes stale. Lines are appended to per-process segment files (see
:class:`ExtractionCache`); an entry that cannot be read, parsed or rebuilt - truncated, corrupt,
from another layout - is ignored and the document is extracted again. JSON (not pickle) is used
so that opening a cache folder someone else wrote can never run code.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import orjson

from . import __version__
from .model import Document, Engagement, Evidence, Extraction, IssueMention, MeetingRef, TimeValue
from .resources import ontology_file

CACHE_DIR = "cache"
FORMAT = 3  # bump when the JSON layout changes
DATA_FILES = ("issues.ttl", "people.json", "places.json", "patterns.json")
_CODE_DIRS = ("extract", "nlp")
_CODE_FILES = ("model.py", "vocab.py")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def data_hash() -> str:
    """Hash of the ontology data files the extractor reads (missing files hash as absent)."""
    h = hashlib.sha256()
    for name in DATA_FILES:
        p = ontology_file(name)
        h.update(name.encode() + b"\0")
        h.update(p.read_bytes() if p.is_file() else b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_hash() -> str:
    """Hash of the extractor's source files and of the registered extractor components."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    files: list[Path] = [root / f for f in _CODE_FILES]
    for d in _CODE_DIRS:
        files.extend(sorted((root / d).glob("*.py")))
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes() + b"\0")
    try:  # third-party extractors (entry points) change results too: include their names
        from . import extract as _extract  # noqa: F401  (registers the built-in components)
        from .registry import extractors

        names = sorted(str(n) for n in getattr(extractors, "names", lambda: [])())
        h.update(("\0".join(names)).encode())
    except Exception:  # noqa: BLE001 - the registry API is not essential to the key
        pass
    return h.hexdigest()


@lru_cache(maxsize=1)
def context_hash() -> str:
    """Everything besides the document that the extraction depends on (made of cached parts: asked
    for every document's key and graph signature, 200,000 times a 100,000-article build)."""
    return _sha(f"{FORMAT}\0{__version__}\0{data_hash()}\0{code_hash()}".encode())


def document_key(doc: Document, context: str | None = None) -> str:
    content = doc.sha256 or _sha(doc.text.encode("utf-8", "surrogatepass"))
    # memoized: asked 3 times per document in a build (lookup, prune, the graph's signature)
    return _document_key(context or context_hash(), content, doc.id, doc.source, doc.published, doc.title,
                         doc.url, doc.media_type)


def forget_keys() -> None:
    """Let the memoized document keys go (~35 MB at 100,000 articles, held into the build's
    memory peak otherwise)."""
    _document_key.cache_clear()


@lru_cache(maxsize=1 << 18)
def _document_key(context: str, content: str, *meta) -> str:
    text = json.dumps(list(meta), ensure_ascii=False)
    return _sha(f"{context}\0{content}\0{text}".encode("utf-8", "surrogatepass"))


# --- JSON round trip of Extraction (the Document is not stored: the key already pins it) ---------
# Positional: an entry is a list [FORMAT, anchor, warnings, engagements], each engagement
# [document, type, date, participants, evidence, initiator, initiator_evidence, issues, prior
# meetings, planned meetings, place], an issue [issue, speakers, evidence], a meeting [label,
# place, date, participants, relation, evidence, type], a date [value, expression, anchor], an
# evidence [text, start, end] (+ its document when not the engagement's). Objects with named
# fields (FORMAT 2) took 40% more bytes and 50% more time to decode: at 100,000 articles the
# cached extractions of an incremental build were 231 MB and 2.9 s, now 134 MB and ~1.9 s.


def _tv_out(t: TimeValue | None) -> list | None:
    return None if t is None else [t.value, t.expression, t.anchor]


def _ev_out(e: Evidence | None, document: str) -> list | None:
    if e is None:
        return None
    return [e.text, e.start, e.end] if e.document == document else [e.text, e.start, e.end, e.document]


def _mref_out(m: MeetingRef, document: str) -> list:
    return [m.label, m.place, _tv_out(m.date), m.participants, m.relation, _ev_out(m.evidence, document), m.type]


def dump_extraction(x: Extraction) -> bytes:
    """One cache entry's JSON (orjson: ~8x faster than ``json.dumps``, which cost more than a
    third of a worker's time)."""
    engagements = []
    for e in x.engagements:
        d = e.document
        engagements.append([d, e.type, _tv_out(e.date), e.participants, _ev_out(e.evidence, d), e.initiator,
                            _ev_out(e.initiator_evidence, d),
                            [[m.issue, m.speakers, _ev_out(m.evidence, d)] for m in e.issues],
                            [_mref_out(m, d) for m in e.prior_meetings],
                            [_mref_out(m, d) for m in e.planned_meetings], e.place])
    return orjson.dumps([FORMAT, _tv_out(x.anchor), x.warnings, engagements])


def _tv(v: list | None) -> TimeValue | None:
    return None if v is None else TimeValue(v[0], v[1], v[2])


def _str_list(v: Any) -> list[str]:
    if type(v) is not list or not all(type(s) is str for s in v):
        raise ValueError("not a list of strings")
    return v


def load_extraction(data: bytes | str, doc: Document) -> Extraction:
    """The extraction an entry holds; raises (ValueError, TypeError, ...) on anything else.

    Equal evidence (an engagement's sentence is often its issues' too) becomes one object:
    Evidence is immutable, and a 100,000-article build holds ~760,000 of them."""
    entry = orjson.loads(data)
    if type(entry) is not list or len(entry) != 4 or entry[0] != FORMAT:
        raise ValueError("not a kg cache entry of this format")
    _, anchor, warnings, engagements = entry
    seen: dict[tuple, Evidence] = {}

    def ev(v: list | None, document: str) -> Evidence | None:
        if v is None:
            return None
        key = (v[0], v[1], v[2], v[3] if len(v) == 4 else document)
        e = seen.get(key)
        if e is None:
            e = seen[key] = Evidence(key[3], key[0], key[1], key[2])
        return e

    def mref(v: list, document: str) -> MeetingRef:
        label, place, date, parts, relation, evidence, kind = v
        return MeetingRef(label, place, _tv(date), _str_list(parts), relation, ev(evidence, document), kind)  # type: ignore[arg-type]

    out = []
    for d, kind, date, parts, evidence, initiator, initiator_ev, issues, prior, planned, place in engagements:
        out.append(Engagement(d, kind, _tv(date), _str_list(parts), ev(evidence, d), initiator,  # type: ignore[arg-type]
                              ev(initiator_ev, d),
                              [IssueMention(i, _str_list(sp), ev(v, d)) for i, sp, v in issues],  # type: ignore[arg-type]
                              [mref(m, d) for m in prior], [mref(m, d) for m in planned], place))
    return Extraction(doc, out, [str(w) for w in warnings], _tv(anchor))


_KEY_LEN = 64  # sha256 hex
_SEGMENT_GLOB = "seg-*.jsonl"


def _key_of(line: bytes) -> str | None:
    """The key of a well-formed ``<key>\t<JSON>`` line, or None (a line cut short by a kill)."""
    if len(line) > _KEY_LEN + 1 and line[_KEY_LEN] == 0x09:  # b"\t"
        try:
            return line[:_KEY_LEN].decode("ascii")
        except UnicodeDecodeError:
            return None
    return None


def _lines(segment: Path) -> list[bytes]:
    try:
        return segment.read_bytes().split(b"\n")
    except OSError:
        return []


class ExtractionCache:
    """``out_dir/cache/seg-*.jsonl``: append-only segments of ``<key>\\t<JSON>`` lines.

    One file per entry cost ~1.3 ms of system calls per document (temp file, write, rename),
    as much as a quarter of the extraction itself, and 100,000 small files to open on the next
    build. Each writing process appends to its own segment instead (one ``write`` per entry,
    unbuffered, so an entry is whole once ``put`` returns even if the worker is then killed; a
    line cut short by a kill is skipped on reading). Later segments win when a key repeats.
    ``prune`` rewrites the live entries into one segment when entries went stale or segments
    piled up, so a deleted article's sentences do not linger in the cache.
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        self.context = context_hash()
        self._fh = None
        self._clean: tuple | None = None  # (documents, segment names) of a lookup that found no stale line

    def key(self, doc: Document) -> str:
        return document_key(doc, self.context)

    def segments(self) -> list[Path]:
        return sorted(self.root.glob(_SEGMENT_GLOB)) if self.root.is_dir() else []

    def _new_segment_name(self) -> Path:
        return self.root / f"seg-{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(4)}.jsonl"

    def get(self, doc: Document) -> Extraction | None:
        """The cached extraction of ``doc``, or None when absent or unreadable (it is then recomputed)."""
        return self.lookup([doc])[0][0]

    def lookup(self, docs: list[Document]) -> tuple[list[Extraction | None], list[int]]:
        """Cached extractions in input order (None where missing) and the indexes to extract."""
        where = {self.key(d): i for i, d in enumerate(docs)}
        found: list[Extraction | None] = [None] * len(docs)
        segments = self.segments()
        lines = 0
        for seg in segments:
            for line in _lines(seg):
                if not line:
                    continue
                lines += 1
                key = _key_of(line)
                i = where.get(key) if key is not None else None
                if i is None:
                    continue
                try:
                    found[i] = load_extraction(line[_KEY_LEN + 1:], docs[i])
                except Exception:  # noqa: BLE001 - any corrupt entry is a miss, never a failed build
                    pass
        hits = sum(1 for x in found if x is not None)
        # every line read was one document's one good entry: prune(docs) has nothing to drop
        # but what the extraction of the misses appends, so it need not read everything again
        self._clean = (docs, {p.name for p in segments}) if hits == lines else None
        return found, [i for i, x in enumerate(found) if x is None]

    def put(self, x: Extraction) -> None:
        try:
            line = self.key(x.document).encode("ascii") + b"\t" + dump_extraction(x) + b"\n"
        except (TypeError, ValueError):  # e.g. a lone surrogate orjson refuses: only costs time
            return
        try:
            if self._fh is None:
                self.root.mkdir(parents=True, exist_ok=True)
                self._fh = open(self._new_segment_name(), "ab", buffering=0)  # noqa: SIM115
            self._fh.write(line)
        except OSError:  # a cache that cannot be written only costs time on the next build
            pass

    def put_all(self, extractions: Iterable[Extraction]) -> None:
        for x in extractions:
            self.put(x)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def prune(self, keep: Iterable[Document], max_segments: int = 8) -> int:
        """Drop entries of documents no longer in the build (and superseded or broken lines):
        when any exists, or more than ``max_segments`` segments piled up, the live entries are
        written to one new segment (fsynced, renamed into place) before the old ones are removed,
        so a kill at any point leaves a readable cache. Returns the number of lines dropped."""
        self.close()
        if not self.root.is_dir():
            return 0
        from .ingest.seen import FILE as READ_FILE  # (ingest's record of the files it read lives here too)

        for stray in self.root.iterdir():  # the one-file-per-entry layout of kg < 0.2, temp files
            if stray.is_dir():
                shutil.rmtree(stray, ignore_errors=True)
            elif not stray.match(_SEGMENT_GLOB) and stray.name != READ_FILE:
                stray.unlink(missing_ok=True)
        segments = self.segments()
        clean, self._clean = self._clean, None
        if clean is not None and keep is clean[0] and len(segments) <= max_segments \
                and clean[1] <= {p.name for p in segments}:
            # the segments lookup read hold no stale line; the others were written since, by
            # this build's extraction of the documents lookup missed
            return 0
        wanted = {self.key(d) for d in keep}
        last: dict[str, tuple[int, int]] = {}  # key -> (segment, line) of the entry that wins
        lines = 0
        for si, seg in enumerate(segments):
            for li, line in enumerate(_lines(seg)):
                if not line:
                    continue
                lines += 1
                key = _key_of(line)
                if key in wanted:
                    last[key] = (si, li)
        dropped = lines - len(last)
        if dropped == 0 and len(segments) <= max_segments:
            return 0
        keep_at: dict[int, set[int]] = {}
        for si, li in last.values():
            keep_at.setdefault(si, set()).add(li)
        target = self._new_segment_name()
        tmp = target.with_suffix(".tmp")
        with open(tmp, "wb") as out:
            for si, seg in enumerate(segments):
                rows = keep_at.get(si)
                if not rows:
                    continue
                for li, line in enumerate(_lines(seg)):
                    if li in rows:
                        out.write(line + b"\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
        for seg in segments:
            seg.unlink(missing_ok=True)
        return dropped
