"""Temporary folders that outlive a killed process only until the next run.

A server stopped with SIGKILL (an out-of-memory killer, a supervisor's last resort, ``kill -9``) cannot
remove the folders it made in the temporary directory: a site index is megabytes per run at the shipped
size and grows with the graph. :func:`owned_temp_dir` writes the creating process's id into each folder it
makes (with the host's name: containers sharing a temporary directory do not share process ids) and,
first, removes the folders of the same prefix whose process is gone on this host. A folder without that
file (made by an older version, or by hand) is never removed.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

OWNER_FILE = ".swio-owner-pid"


def owned_temp_dir(prefix: str) -> Path:
    """A new folder ``<tmp>/<prefix>XXXXXXXX`` owned by this process, after removing the orphans of ``prefix``."""
    remove_orphans(prefix)
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    (folder / OWNER_FILE).write_text(f"{os.getpid()} {socket.gethostname()}", encoding="utf-8")
    return folder


def remove_orphans(prefix: str) -> list[Path]:
    """Remove the folders ``<tmp>/<prefix>*`` whose owning process no longer runs; the removed folders."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        try:
            if not folder.is_dir() or folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
            owner = _owner(folder)
            if owner is None or _alive(owner):
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _owner(folder: Path) -> int | None:
    """The id of the process that made ``folder`` on this host (None: unknown, or another host's)."""
    try:
        pid, host = (folder / OWNER_FILE).read_text(encoding="utf-8").split(maxsplit=1)
        return int(pid) if host.strip() == socket.gethostname() and int(pid) > 0 else None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # somebody else's process: alive
        return True
    return True
