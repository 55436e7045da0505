"""Batch workers never outlive the run that started them.

A parent killed outright (SIGKILL, the OOM killer) stops no worker. An orphan would convert the
rest of the queue and then wait forever on it, holding output locks that a new run respects. So
each worker asks the kernel for SIGTERM when its parent dies (Linux's PR_SET_PDEATHSIG), and a
thread also watches the parent's pid: elsewhere, and for a parent that died before the request
took effect. SIGTERM is the worker's ordinary clean stop, so no partial file is left behind.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
import time
from typing import Final

log = logging.getLogger(__name__)

PARENT_CHECK_S: Final = 1.0  # how often a worker's watchdog checks that its parent is alive
_PR_SET_PDEATHSIG: Final = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    """SIGTERM this process once `parent_pid` is no longer its parent; install the handler first."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) != 0:
                log.debug("prctl(PR_SET_PDEATHSIG) failed (errno %d); the watchdog alone stops "
                          "this worker", ctypes.get_errno())
        except (OSError, AttributeError):
            log.debug("no prctl here; the watchdog alone stops this worker", exc_info=True)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="narrate-parent-watch",
                     daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    """A dead parent is replaced as our parent by init or a subreaper: then stop."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_S)
    os.kill(os.getpid(), signal.SIGTERM)
