"""Removing the temporary files that killed transfers left behind.

An atomic download or a local-driver upload writes ``.libcloud-tmp-<name>.<random>.part``
beside its destination and renames it at the end; a process killed in
between (SIGKILL, power loss) leaves the file forever.  Later writers into
the same folder remove such files once they are clearly abandoned: only our
own naming scheme, only regular files (never through a symlink), and only
when untouched for :data:`STALE_AFTER` seconds, so a transfer still running
in another process (which keeps writing, hence keeps its mtime fresh) is
never disturbed.  A folder is swept at most once per :data:`SWEEP_INTERVAL`
per process, so a folder of many files is not listed on every download.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from typing import Dict, Optional

__all__ = ["STALE_AFTER", "SWEEP_INTERVAL", "TEMP_PREFIX", "TEMP_SUFFIX", "sweep_stale_temp_files"]

#: Temporary files start with this prefix (storage backends hide such names).
TEMP_PREFIX = ".libcloud-tmp-"
#: ... and end with this suffix.
TEMP_SUFFIX = ".part"

#: Seconds without a write after which a temporary file counts as abandoned.
STALE_AFTER = 6 * 3600

#: Seconds between two sweeps of one folder by one process.
SWEEP_INTERVAL = 600.0

_last_sweep: Dict[str, float] = {}
_lock = threading.Lock()


def sweep_stale_temp_files(folder: str, now: Optional[float] = None, force: bool = False) -> int:
    """Remove abandoned temporary files of ours directly in ``folder``; returns how many were removed.

    Errors (a file removed meanwhile, no permission) are ignored: sweeping is a courtesy, never a failure.
    """
    folder = os.path.abspath(folder)
    clock = time.monotonic()
    with _lock:
        last = _last_sweep.get(folder)
        if not force and last is not None and clock - last < SWEEP_INTERVAL:
            return 0
        _last_sweep[folder] = clock
        if len(_last_sweep) > 4096:  # bounded memory in processes that touch many folders
            _last_sweep.clear()
    wall = time.time() if now is None else now
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or wall - info.st_mtime < STALE_AFTER:
                continue
            os.unlink(entry.path)
            removed += 1
        except OSError:
            continue
    return removed
