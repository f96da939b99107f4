"""Permission tests that hold whoever runs the suite.

Root may write anywhere, so a folder made read-only with chmod proves nothing when the
tests run as root (as they do in CI). The command under test then runs as root without the
capabilities that bypass file permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH,
CAP_FOWNER: dropped from its bounding set before it starts), so a mode-0555 folder is as
read-only to it as to any user. As an ordinary user the command runs as that user.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

_PR_CAPBSET_DROP = 24
_CAPS_THAT_BYPASS_PERMISSIONS = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def _drop_capabilities() -> None:  # runs in the child, before exec
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _CAPS_THAT_BYPASS_PERMISSIONS:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed: cannot run without root's overrides")


@contextmanager
def read_only_folder():
    """A folder (holding one read-only file, ``old.txt``) the command under test cannot write;
    removed afterwards."""
    base = Path(tempfile.mkdtemp(prefix="swio-ro-"))
    locked = base / "locked"
    locked.mkdir()
    (locked / "old.txt").write_text("old\n")
    os.chmod(locked / "old.txt", 0o444)
    os.chmod(locked, 0o555)
    try:
        yield locked
    finally:
        os.chmod(locked, 0o755)
        shutil.rmtree(base, ignore_errors=True)


def run_swio(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """``swio ARGS`` in a subprocess that file permissions apply to, even when the tests run as root."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWIO_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "swio.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_drop_capabilities if os.geteuid() == 0 else None,
    )
