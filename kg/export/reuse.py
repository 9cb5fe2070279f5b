"""Reusing the last build's bytes: the block index of the streamed exports.

A 100,000-article build writes 5.4 GB of Turtle, TriG, JSON-LD, N-Quads and N-Triples; adding a
hundred articles changes a few hundred of its 100,000 named graphs. Every build therefore leaves
``.kg-blocks.json`` in the output folder: the graphs in order, the hash of each graph's
statements (the store's hash, kg.store.block_hash) and, per export file, where each graph's block
sits in it. The next build still computes every block (to hash it: the hash is the content, so no
rule about what an article's change can touch is needed), but formats only the blocks whose hash
changed and copies the others' bytes from the previous file (``os.copy_file_range``: in the
kernel, without passing through Python), runs of neighbouring blocks in one call.

An entry is trusted only for a file of the recorded size and modification time whose format has
the recorded fingerprint (kg's version, the format's class, header and footer and the source of
its module): an edited or replaced export, or a change in how a format writes, means that file is
written in full. The index is removed before new exports are moved into place and written after,
so a build killed in between leaves none.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import sys
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path

import orjson

from .. import __version__

INDEX_FILE = ".kg-blocks.json"
INDEX_FORMAT = 1


def fingerprint(fmt_cls) -> str:
    """What a file's blocks depend on besides the statements."""
    h = hashlib.sha256()
    fmt = fmt_cls()
    mod = sys.modules.get(fmt_cls.__module__)
    try:
        src = inspect.getsource(mod) if mod is not None else ""
    except (OSError, TypeError):  # no source (frozen, zipped): the class name must do
        src = ""
    for part in (__version__, fmt_cls.__module__, fmt_cls.__qualname__, fmt.header(), fmt.footer(),
                 fmt.separator, src):
        h.update(part.encode("utf-8") + b"\x1f")
    return h.hexdigest()


@dataclass
class OldFile:
    """A previous export whose blocks may be copied: its path and each graph's (start, length)."""

    path: Path
    ranges: array  # flat: start, length per graph, in the index's graph order

    def range(self, i: int) -> tuple[int, int]:
        return self.ranges[2 * i], self.ranges[2 * i + 1]


@dataclass
class Previous:
    position: dict[str, int]  # graph IRI -> its place in the index
    hashes: dict[str, str]
    files: dict[str, OldFile]  # export file name -> what can be copied from it


def load(out_dir: Path, formats: dict[str, type]) -> Previous | None:
    """The last build's index, with the files (by name, for the block formats given) still as it
    left them; None when there is nothing to reuse."""
    try:
        data = orjson.loads((Path(out_dir) / INDEX_FILE).read_bytes())
        if data.get("format") != INDEX_FORMAT:
            return None
        gids, hashes = data["gids"], data["hashes"]
        if not (isinstance(gids, list) and isinstance(hashes, list) and len(gids) == len(hashes)):
            return None
        files: dict[str, OldFile] = {}
        for name, meta in data["files"].items():
            fmt = formats.get(name)
            path = Path(out_dir) / name
            if fmt is None or not path.is_file():
                continue
            st = path.stat()
            ranges = array("q", meta["ranges"])
            if (st.st_size, st.st_mtime_ns) != (meta["size"], meta["mtime_ns"]) or \
                    meta["fingerprint"] != fingerprint(fmt) or len(ranges) != 2 * len(gids):
                continue
            if any(s < 0 or n < 0 or s + n > st.st_size for s, n in zip(ranges[::2], ranges[1::2])):
                continue
            files[name] = OldFile(path, ranges)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not files:
        return None
    return Previous({g: i for i, g in enumerate(gids)}, dict(zip(gids, hashes)), files)


def remove(out_dir: Path) -> None:
    try:
        (Path(out_dir) / INDEX_FILE).unlink()
    except FileNotFoundError:
        pass


def save(out_dir: Path, gids: list[str], hashes: dict[str, str], files: dict[str, tuple[Path, str, list[int]]]) -> None:
    """Write the index for the exports now in ``out_dir``: ``files`` maps a file name to (its path,
    its format's fingerprint, flat ranges)."""
    entries = {}
    for name, (path, fp, ranges) in sorted(files.items()):
        st = Path(path).stat()
        entries[name] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "fingerprint": fp, "ranges": list(ranges)}
    data = {"format": INDEX_FORMAT, "kg_version": __version__, "gids": gids,
            "hashes": [hashes[g] for g in gids], "files": entries}
    fd, tmp = tempfile.mkstemp(prefix=".kg-blocks.", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(orjson.dumps(data))
        os.replace(tmp, Path(out_dir) / INDEX_FILE)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def copy_range(src: int, dst: int, start: int, length: int) -> None:
    """Append ``length`` bytes of ``src`` from ``start`` to ``dst`` (raw descriptors, ``dst`` at its end)."""
    end = start + length
    if hasattr(os, "copy_file_range"):
        try:
            while start < end:
                n = os.copy_file_range(src, dst, end - start, start)
                if n <= 0:
                    break
                start += n
        except OSError:  # another filesystem, an old kernel: copy by reading
            pass
    while start < end:
        chunk = os.pread(src, min(1 << 22, end - start), start)
        if not chunk:
            raise OSError(f"the previous export ended early (at byte {start} of {end})")
        write_all(dst, chunk)
        start += len(chunk)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
