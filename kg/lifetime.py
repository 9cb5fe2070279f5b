"""Processes a build starts die with it.

A build killed with SIGKILL runs no cleanup: the store's loader, the forked block writers, the
page's writer and the key counter would go on writing into ``store.new`` or the staging folder
(which the next build removes and makes again) and hold the build's files, its lock among them,
open. Each of them calls :func:`exit_with_parent` first.
"""

from __future__ import annotations

import os
import threading
import time


def exit_with_parent(parent: int) -> None:
    """End this process when the process ``parent`` (the build) ends."""
    try:  # Linux: the kernel kills this process when the build process dies
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

    def watch() -> None:  # elsewhere (and for a parent that died before prctl): poll
        while True:
            if os.getppid() != parent:
                os._exit(3)
            time.sleep(0.2)

    if os.getppid() != parent:
        os._exit(3)
    threading.Thread(target=watch, daemon=True).start()
