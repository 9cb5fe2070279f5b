"""Reusing the last build's bytes: the block index of the streamed exports.

A 100,000-article build writes 5.4 GB of Turtle, TriG, JSON-LD, N-Quads and N-Triples; adding a
hundred articles changes a few hundred of its 100,000 named graphs. Every build therefore leaves
``.kg-blocks.json`` in the output folder: the graphs in order, the hash of each graph's
statements (the store's hash, kg.store.TripleCounter.add) and, per export file, where each graph's block
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

import base64
import hashlib
import inspect
import marshal
import os
import subprocess
import sys
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path

import orjson

from .. import __version__
from . import _copy
from ._copy import write_all  # noqa: F401  (used by the exporters)

INDEX_FILE = ".kg-blocks.json"
KEYS_FILE = ".kg-blocks.keys"  # the statements' keys of every block (kg.store.TripleCounter), in graph order
INDEX_FORMAT = 2  # 2: ranges as base64 (1: a list of numbers)


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
    signatures: dict[str, str]  # graph IRI -> kg.rdf.build.GraphSet.signature (document graphs)
    figures: dict[str, tuple[int, int, bytes]]  # graph IRI -> its kg.store.TripleCounter figures

    def block_bytes(self, name: str, gid: str, expected_hash: str | None) -> bytes | None:
        """The bytes of graph ``gid``'s block in the previous file ``name``, if it had the hash
        the caller expects."""
        old = self.files.get(name)
        i = self.position.get(gid)
        if old is None or i is None or expected_hash is None or self.hashes.get(gid) != expected_hash:
            return None
        start, length = old.range(i)
        with open(old.path, "rb") as fh:
            fh.seek(start)
            data = fh.read(length)
        return data if len(data) == length else None

    def known(self, names: list[str], store_hashes: dict[str, str] | None) -> dict[str, tuple]:
        """The blocks the next pass may take as they were without making them: graph IRI ->
        (signature, hash, statements, local statements, keys). Only when every file being written
        can copy them, and only those the store holds as they were (``store_hashes``: the live
        store's graph hashes when it is updated in place; None when it is loaded from the files)."""
        if not names or any(n not in self.files for n in names):
            return {}
        out = {}
        for gid, sig in self.signatures.items():
            h = self.hashes.get(gid)
            fig = self.figures.get(gid)
            if h is None or fig is None or (store_hashes is not None and store_hashes.get(gid) != h):
                continue
            out[gid] = (sig, h, *fig)
        return out


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
            ranges = _ranges(meta["ranges"])
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
    return Previous({g: i for i, g in enumerate(gids)}, dict(zip(gids, hashes)), files,
                    *_load_figures(Path(out_dir), data, gids))


def _load_figures(out_dir: Path, data: dict, gids: list[str]) -> tuple[dict, dict]:
    """Signatures and counter figures of the last build's blocks, if its keys file is intact."""
    try:
        sigs, sizes, locals_, lens = data["signatures"], data["sizes"], data["locals"], data["key_lengths"]
        if not (len(sigs) == len(sizes) == len(locals_) == len(lens) == len(gids)):
            return {}, {}
        keys = (out_dir / KEYS_FILE).read_bytes()
        if hashlib.sha256(keys).hexdigest() != data["keys_sha256"] or sum(lens) != len(keys):
            return {}, {}
    except (OSError, KeyError, TypeError, ValueError):
        return {}, {}
    figures = {}
    pos = 0
    for gid, n, loc, k in zip(gids, sizes, locals_, lens):
        figures[gid] = (int(n), int(loc), keys[pos:pos + k])
        pos += k
    return {g: s for g, s in zip(gids, sigs) if isinstance(s, str)}, figures


def remove(out_dir: Path) -> None:
    try:
        (Path(out_dir) / INDEX_FILE).unlink()
    except FileNotFoundError:
        pass


def save(out_dir: Path, gids: list[str], hashes: dict[str, str], files: dict[str, tuple[Path, str, list[int]]],
         figures: dict | None = None, keys: Path | None = None,
         signatures: dict[str, str | None] | None = None) -> None:
    """Write the index for the exports now in ``out_dir``: ``files`` maps a file name to (its path,
    its format's fingerprint, flat ranges); ``figures`` (kg.store.TripleCounter.spilled, whose
    keys are in the file ``keys``, moved here) and ``signatures`` (per graph) let the next build
    skip making the blocks that did not change."""
    entries = {}
    for name, (path, fp, ranges) in sorted(files.items()):
        st = Path(path).stat()
        entries[name] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "fingerprint": fp, "ranges": _ranges_text(ranges)}
    data = {"format": INDEX_FORMAT, "kg_version": __version__, "gids": gids,
            "hashes": [hashes[g] for g in gids], "files": entries}
    if figures is not None and keys is not None and signatures is not None and len(figures["sizes"]) == len(gids):
        os.replace(keys, Path(out_dir) / KEYS_FILE)
        data.update(figures)
        data["signatures"] = [signatures.get(g) for g in gids]
    _write_atomic(Path(out_dir) / INDEX_FILE, orjson.dumps(data))


def _ranges_text(ranges: array) -> str:
    """Flat int64 ranges as base64 of their little-endian bytes: as a JSON list of numbers, the
    1.1 million of a 100,000-article build took ~0.7 s to write and read back."""
    if sys.byteorder != "little":
        ranges = array("q", ranges)
        ranges.byteswap()
    return base64.b64encode(ranges.tobytes()).decode("ascii")


def _ranges(text: str) -> array:
    out = array("q")
    out.frombytes(base64.b64decode(text.encode("ascii"), validate=True))  # ValueError if damaged
    if sys.byteorder != "little":
        out.byteswap()
    return out


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class Plan:
    """How to write one file: ``ops`` in order, each either bytes to write or ``[k, start, end]``,
    the bytes ``start:end`` of ``sources[k]`` to copy (``copy`` joins a range to the one before
    it when the two touch, so a run of unchanged blocks is one ``copy_file_range``)."""

    __slots__ = ("path", "sources", "ops", "pos")

    def __init__(self, path: Path, sources: list[Path]):
        self.path = Path(path)
        self.sources = list(sources)
        self.ops: list = []
        self.pos = 0  # the file's size so far

    def text(self, data: bytes) -> None:
        if data:
            self.ops.append(data)
            self.pos += len(data)

    def copy(self, k: int, start: int, length: int) -> None:
        if length <= 0:
            return
        ops = self.ops
        last = ops[-1] if ops else None
        if type(last) is list and last[0] == k and last[2] == start:
            last[2] += length
        else:
            ops.append([k, start, start + length])
        self.pos += length


def carry_out(plans: list[Plan], sync: bool = True) -> None:
    """Write each plan's file (created or truncated), fsynced when ``sync``: in a process of its
    own (kg/export/_copy.py says why), or here where no Python can be started."""
    if not plans:
        return
    data = [(str(p.path), [str(s) for s in p.sources], p.ops) for p in plans]
    if not _can_spawn():
        _copy.carry_out(data, sync)
        return
    proc = subprocess.run([sys.executable, "-I", "-S", _copy.__file__], input=marshal.dumps((sync, data)),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        names = ", ".join(p.path.name for p in plans)
        err, _, text = proc.stderr.decode("utf-8", "replace").strip().partition("\t")
        text = f"writing {names} failed: {text or f'the copying process ended with {proc.returncode}'}"
        raise OSError(int(err), text) if err.isdigit() and int(err) else OSError(text)


def _can_spawn() -> bool:
    return bool(sys.executable) and os.path.isfile(_copy.__file__)


# ------------------------------------------------------------------ parts of a whole-file export
# A whole-file exporter (GraphML, the HTML page) may keep, beside its file, where each signed part went:
# ``.kg-parts-<file name>`` holds a header line (JSON: the file's size and modification time, the
# writer's own code fingerprint), then each part's 16-byte signature, then its ranges (int64s).

def parts_index_path(path: Path) -> Path:
    return Path(path).parent / f".kg-parts-{Path(path).name}"


def save_parts(path: Path, code: str, sigs: list[bytes], ranges: array) -> None:
    """Record the parts of ``path`` (as just written: its size and time are taken now)."""
    st = Path(path).stat()
    head = orjson.dumps({"format": INDEX_FORMAT, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "code": code,
                         "parts": len(sigs), "width": len(ranges) // max(1, len(sigs))})
    _write_atomic(parts_index_path(path), head + b"\n" + b"".join(sigs) + ranges.tobytes())


def load_parts(path: Path, code: str) -> tuple[dict[bytes, int], array, int] | None:
    """The parts of the export ``path`` (signature -> part number, flat ranges, ranges per part),
    or None when the index is missing, damaged, or describes another file or another writer."""
    try:
        raw = parts_index_path(path).read_bytes()
        st = Path(path).stat()
        nl = raw.index(b"\n")
        head = orjson.loads(raw[:nl])
        n, width = int(head["parts"]), int(head["width"])
        if (head.get("format") != INDEX_FORMAT or head.get("code") != code or head.get("size") != st.st_size
                or head.get("mtime_ns") != st.st_mtime_ns or len(raw) != nl + 1 + n * 16 + n * width * 8):
            return None
        body = raw[nl + 1:]
        ranges = array("q")
        ranges.frombytes(body[n * 16:])
        index = {body[i * 16:(i + 1) * 16]: i for i in range(n)}
        return (index, ranges, width) if len(index) == n else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
