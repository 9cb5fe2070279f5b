"""Per-document extraction cache for incremental builds (``out_dir/cache/``).

``kg build`` re-extracts only new or changed articles. Each document's :class:`Extraction` is
stored as one JSON file whose name is a hash of everything the extraction depends on:

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
and nothing goes stale. Entries are written atomically (temp file + ``os.replace``); an entry
that cannot be read, parsed or rebuilt - truncated, corrupt, from another layout - is ignored
and the document is extracted again. JSON (not pickle) is used so that opening a cache folder
someone else wrote can never run code.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from . import __version__
from .model import Document, Engagement, Evidence, Extraction, IssueMention, MeetingRef, TimeValue
from .resources import ontology_file

CACHE_DIR = "cache"
FORMAT = 1  # bump when the JSON layout changes
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


def context_hash() -> str:
    """Everything besides the document that the extraction depends on."""
    return _sha(f"{FORMAT}\0{__version__}\0{data_hash()}\0{code_hash()}".encode())


def document_key(doc: Document, context: str | None = None) -> str:
    content = doc.sha256 or _sha(doc.text.encode("utf-8", "surrogatepass"))
    meta = json.dumps([doc.id, doc.source, doc.published, doc.title, doc.url, doc.media_type],
                      ensure_ascii=False)
    return _sha(f"{context or context_hash()}\0{content}\0{meta}".encode("utf-8", "surrogatepass"))


# --- JSON round trip of Extraction (the Document is not stored: the key already pins it) ---------

def _tv(d: dict | None) -> TimeValue | None:
    if d is None:
        return None
    return TimeValue(value=d["value"], expression=d.get("expression"), anchor=d.get("anchor"))


def _ev(d: dict | None) -> Evidence | None:
    if d is None:
        return None
    return Evidence(document=d["document"], text=d["text"], start=d["start"], end=d["end"])


def _mref(d: dict) -> MeetingRef:
    return MeetingRef(label=d["label"], place=d["place"], date=_tv(d["date"]),  # type: ignore[arg-type]
                      participants=list(d["participants"]), relation=d["relation"],
                      evidence=_ev(d.get("evidence")), type=d.get("type", "Meeting"))


def _engagement(d: dict) -> Engagement:
    return Engagement(
        document=d["document"], type=d["type"], date=_tv(d["date"]),  # type: ignore[arg-type]
        participants=list(d["participants"]), evidence=_ev(d["evidence"]),  # type: ignore[arg-type]
        initiator=d.get("initiator"), initiator_evidence=_ev(d.get("initiator_evidence")),
        issues=[IssueMention(issue=m["issue"], speakers=list(m["speakers"]), evidence=_ev(m["evidence"]))  # type: ignore[arg-type]
                for m in d.get("issues", ())],
        prior_meetings=[_mref(m) for m in d.get("prior_meetings", ())],
        planned_meetings=[_mref(m) for m in d.get("planned_meetings", ())],
        place=d.get("place"),
    )


def dump_extraction(x: Extraction) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "engagements": [asdict(e) for e in x.engagements],
        "warnings": list(x.warnings),
        "anchor": asdict(x.anchor) if x.anchor is not None else None,
    }


def load_extraction(data: dict[str, Any], doc: Document) -> Extraction:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a kg cache entry of this format")
    return Extraction(document=doc, engagements=[_engagement(e) for e in data["engagements"]],
                      warnings=[str(w) for w in data["warnings"]], anchor=_tv(data["anchor"]))


class ExtractionCache:
    """``out_dir/cache/<aa>/<key>.json``: one entry per (document, extractor, data) combination."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.context = context_hash()

    def key(self, doc: Document) -> str:
        return document_key(doc, self.context)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, doc: Document) -> Extraction | None:
        """The cached extraction of ``doc``, or None when absent or unreadable (it is then recomputed)."""
        path = self._path(self.key(doc))
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        try:
            return load_extraction(json.loads(raw.decode("utf-8")), doc)
        except Exception:  # noqa: BLE001 - any corrupt entry is a miss, never a failed build
            return None

    def lookup(self, docs: list[Document]) -> tuple[list[Extraction | None], list[int]]:
        """Cached extractions in input order (None where missing) and the indexes to extract."""
        found: list[Extraction | None] = [self.get(d) for d in docs]
        return found, [i for i, x in enumerate(found) if x is None]

    def put(self, x: Extraction) -> None:
        key = self.key(x.document)
        path = self._path(key)
        data = json.dumps(dump_extraction(x), ensure_ascii=False, separators=(",", ":"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key[:8]}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as fh:
                    fh.write(data)
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:  # a cache that cannot be written only costs time on the next build
            pass

    def put_all(self, extractions: Iterable[Extraction]) -> None:
        for x in extractions:
            self.put(x)

    def prune(self, keep: Iterable[Document]) -> int:
        """Remove entries of documents no longer in the build (and stray temp files)."""
        wanted = {self.key(d) for d in keep}
        removed = 0
        if not self.root.is_dir():
            return 0
        for sub in self.root.iterdir():
            if not sub.is_dir():
                continue
            for f in sub.iterdir():
                if f.suffix == ".json" and f.stem in wanted:
                    continue
                try:
                    f.unlink()
                    removed += 1
                except OSError:
                    pass
            try:
                sub.rmdir()
            except OSError:
                pass
        return removed
