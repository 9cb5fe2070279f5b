"""Carry out copy plans (kg.export.reuse.Plan): write each file from text and ranges of others.

Run as a script by a build (``python -I -S _copy.py``, plans on stdin as marshal data the build
itself wrote), so it imports nothing of kg and starts in milliseconds. Carried out by a thread
of the build instead, each copy gave the GIL up and waited up to the switch interval (5 ms) to
get it back from the thread computing GraphML and the page, for each of the thousands of copies
and writes of an incremental build: at 100,000 articles the 5.4 GB assembly took ~16 s. A forked
process would share the build's pages, and each page the build then writes to is copied (~1.7 GB
and 3x slower exports, measured). A process of its own has neither problem.
"""

from __future__ import annotations

import marshal
import os
import sys


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


def carry_out(plans: list, sync: bool) -> None:
    """``plans``: (path, sources, ops) each; an op is bytes to write or [k, start, end], the bytes
    start:end of sources[k] to copy. Each file is created or truncated, and fsynced when ``sync``:
    all of them once all are written, so the kernel writes the first back while the next are
    copied (an fsync after each file left the disk idle while copying, the copying idle while
    syncing: the 5.4 GB of a 100,000-article build are bound by the disk)."""
    outs: list = []
    try:
        for path, sources, ops in plans:
            out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            outs.append(out)
            fds: dict = {}
            try:
                texts: list = []
                for op in ops:
                    if type(op) is list:
                        if texts:
                            write_all(out, b"".join(texts))
                            texts.clear()
                        k = op[0]
                        fd = fds.get(k)
                        if fd is None:
                            fd = fds[k] = os.open(sources[k], os.O_RDONLY)
                        copy_range(fd, out, op[1], op[2] - op[1])
                    else:
                        texts.append(op)
                if texts:
                    write_all(out, b"".join(texts))
            finally:
                for fd in fds.values():
                    os.close(fd)
        if sync:
            for out in outs:
                os.fsync(out)
    finally:
        for out in outs:
            os.close(out)


def main() -> int:
    sync, plans = marshal.loads(sys.stdin.buffer.read())
    try:
        carry_out(plans, sync)
    except OSError as e:
        sys.stderr.write(f"{e.errno or 0}\t{e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
