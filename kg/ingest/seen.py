"""What each file gave when it was last read, by what ``stat`` says of it: files that did not
change are not read again.

At 100,000 articles reading, decoding and cleaning every file again took ~8 s of CPU (4 s on
2 cores) of each incremental build, to find that 100 of them were new. ``kg build`` keeps
``cache/read.json`` in its output folder: per file (its absolute path), the ``lstat`` figures
(size, modification and change times in ns, inode) it had when it was read and the Document it
gave, without its text. A file whose figures are the same is taken from there, its text left
unread; the build reads the text only of those whose extraction is not cached
(kg.ingest.read_texts).

Trusted only as far as ``stat`` can be: an entry is recorded only for a file that gave no
warning (a warning must be repeated on every build) and whose modification and change times
lie more than :data:`RACY_NS` before it was read, so a write in the same clock tick as the read
cannot go unseen (git's "racy" rule; the change time also catches a modification time set back
by hand just before); entries are dropped when kg's version, the reading code or the
registered readers change. A damaged or foreign file is ignored: everything is read.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import orjson

from .. import __version__

FILE = "read.json"
FORMAT = 1
RACY_NS = 2_000_000_000  # a file modified or changed less than this before it was read is read again next time

Figures = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


def _fingerprint() -> str:
    """What the rows depend on besides the files: kg's version, the reading code, the readers."""
    from ..registry import readers

    h = hashlib.sha256(f"{FORMAT}\0{__version__}\0".encode())
    here = Path(__file__).resolve().parent
    for f in sorted(here.glob("*.py")):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    for name, reader in readers.items():
        cls = reader if isinstance(reader, type) else type(reader)
        h.update(f"{name}\0{cls.__module__}.{cls.__qualname__}\0".encode())
    try:  # HTML pages are read through trafilatura: another version may give other text
        from importlib.metadata import version

        h.update(version("trafilatura").encode())
    except Exception:  # noqa: BLE001 - not installed: nothing to pin
        pass
    return h.hexdigest()


class ReadCache:
    """The record of one output folder (``root``: its cache folder), for one build."""

    def __init__(self, root: Path):
        self.path = Path(root) / FILE
        self.fingerprint = _fingerprint()
        self._old: dict[str, list] = {}
        self._new: dict[str, list] = {}
        self.unread: dict[int, tuple] = {}  # index in ingest's result -> the item whose text was not read
        self._loaded = False

    def _load(self) -> None:
        self._loaded = True
        try:
            data = orjson.loads(self.path.read_bytes())
            if type(data) is dict and data.get("format") == FORMAT and data.get("fingerprint") == self.fingerprint \
                    and type(data.get("files")) is dict:
                self._old = data["files"]
        except (OSError, ValueError):
            self._old = {}

    def row(self, key: str, figs: Figures, max_bytes: int) -> tuple | None:
        """The Document row (text empty) recorded for the file ``key`` if it still has ``figs``."""
        if not self._loaded:
            self._load()
        entry = self._old.get(key)
        if type(entry) is not list or len(entry) != 12 or figs[0] > max_bytes or tuple(entry[:4]) != figs:
            return None
        row = tuple(entry[4:])
        if not all(v is None or type(v) is str for v in row) or row[1] != "":
            return None
        self._new[key] = entry
        return row

    def record(self, key: str, figs: Figures, row: tuple, read_at_ns: int) -> None:
        """Remember what the file ``key`` (with ``figs`` before it was read) gave."""
        if figs[1] > read_at_ns - RACY_NS or figs[2] > read_at_ns - RACY_NS:
            return
        self._new[key] = [*figs, row[0], "", *row[2:]]

    def save(self) -> None:
        """Write the record of this build's files (only when it changed: a deleted file's entry,
        title included, goes with the next build)."""
        if not self._loaded:
            self._load()
        if self._new == self._old:
            return
        data = orjson.dumps({"format": FORMAT, "fingerprint": self.fingerprint, "files": self._new})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{FILE}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, self.path)
        except OSError:  # a cache that cannot be written costs time, never the build
            tmp.unlink(missing_ok=True)


def lstat_figures(path: str) -> Figures | None:
    """The figures of a regular file that is not a symlink, else None (read as usual)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) if stat.S_ISREG(st.st_mode) else None
