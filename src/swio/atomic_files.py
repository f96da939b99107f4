"""Writing files and folders so that nothing is ever half-written or lost.

* :func:`write_atomic` writes a file through a temp file next to it, then renames it over
  the target (an existing file keeps its permissions; a symlink is written through; a
  device such as ``/dev/stdout`` is written to directly). A temp file left by a killed
  writer is removed by the next write to the same file, once that writer is gone.
* :func:`check_output_file` tells, before any work is done, why a path cannot be written.
* :class:`StagingDir`, :func:`swap_in` and :func:`clean_stale_staging` publish a folder:
  it is written under a hidden name next to the target that records who is writing it
  (host, process id and the process's start time), then exchanged with the target in one
  atomic rename. A folder left behind by a killed writer is recognised by that name and
  removed only once its writer is gone; nothing else is ever removed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import re
import secrets
import shutil
import socket
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _chunks(data: str | bytes | Iterable[str | bytes]) -> Iterator[bytes]:
    if isinstance(data, (str, bytes)):
        data = (data,)
    for chunk in data:
        yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk


_HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _process_start(pid: int) -> int | None:
    """The start time of process ``pid`` in clock ticks since boot (Linux), or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if fields[0] in (b"Z", b"X"):  # a zombie has finished: its folder is stale
        return -1
    return int(fields[19])


def _process_alive(pid: int, start: int) -> bool:
    """Whether the process that recorded (pid, start) is still running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, as another user
    current = _process_start(pid)
    if current is None:
        return True  # no /proc: trust the pid
    return current == start  # a different start time: the pid was reused


def _owner_tag() -> str:
    """``{host}-{pid}-{start}``: who writes a temp file or folder, so a stale one can be told from a live one."""
    pid = os.getpid()
    return f"{_HOST}-{pid}-{_process_start(pid) or 0}"


_TAG = r"([0-9a-f]{8})-(\d+)-(\d+)"


def _stale(match: re.Match) -> bool:
    """A tagged name (host, pid, start) whose writer, on this host, is gone."""
    host, pid, start = match.group(1), int(match.group(2)), int(match.group(3))
    return host == _HOST and not _process_alive(pid, start)


def check_output_file(path: str | Path) -> str | None:
    """Why ``path`` cannot be written as a file (a short reason), or ``None`` when it can.

    Checked up front, so a long command does not run only to fail at the end. Missing
    parent folders are fine (they are created); an existing device or pipe is written to
    directly. The write itself can still fail (a read-only file system, a full disk)."""
    if not str(path).strip():
        return "the file name is empty"
    path = Path(path)
    if path.is_dir():
        return "is a directory; give a file name"
    if path.exists() and not path.is_file():
        return None  # /dev/stdout, /dev/null, a named pipe: written to directly
    ancestor = Path(os.path.abspath(path)).parent
    while not os.path.lexists(ancestor):
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        return f"{ancestor} is not a folder"
    if not os.access(ancestor, os.W_OK | os.X_OK):
        return f"cannot write in {ancestor} (permission denied)"
    if path.exists() and not os.access(path, os.W_OK):
        return "is read-only (permission denied)"
    return None


def write_atomic(path: str | Path, data: str | bytes | Iterable[str | bytes]) -> None:
    """Write ``data`` (text is UTF-8) to ``path`` whole or not at all."""
    write_files_atomic({path: data})


def write_files_atomic(files: dict[str | Path, str | bytes | Iterable[str | bytes]]) -> None:
    """Write several files whole or not at all: every temp file is written and synced
    before the first is renamed into place, so a kill leaves the old set or the new one
    (short of the instant between two renames)."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path = Path(os.path.realpath(path))  # a symlink is written through, not replaced
            if path.exists() and not path.is_file() and not path.is_dir():
                with open(path, "wb") as handle:  # a device or a pipe: there is nothing to replace
                    for chunk in _chunks(data):
                        handle.write(chunk)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                mode = stat.S_IMODE(os.stat(path).st_mode)
            except FileNotFoundError:
                mode = 0o666 & ~_umask()
            remove_stale_temp_files(path)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.writing-{_owner_tag()}-", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                for chunk in _chunks(data):
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
        while staged:
            tmp, path = staged[0]
            os.replace(tmp, path)
            staged.pop(0)
            fsync_dir(path.parent)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temp_files(path: Path) -> list[Path]:
    """Remove the temp files a killed :func:`write_atomic` of ``path`` left next to it (only
    regular files with exactly our naming, this host's tag and a writer that is gone)."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.writing-{_TAG}-[a-z0-9_]+\.tmp")
    removed = []
    try:
        with os.scandir(path.parent) as found:
            entries = list(found)
    except OSError:
        return removed
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m and entry.is_file(follow_symlinks=False) and _stale(m):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def fsync_dir(folder: Path) -> None:
    """Make the names in ``folder`` (a rename into it) durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory
    finally:
        os.close(fd)


def sync_tree(folder: Path) -> None:
    """Flush every file written under ``folder`` to disk before it is published: one syncfs(2)
    of its file system on Linux, else an fsync of each file and folder."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        with contextlib.suppress(AttributeError, OSError):
            if ctypes.CDLL(None, use_errno=True).syncfs(fd) == 0:
                return
    finally:
        os.close(fd)
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            with open(os.path.join(dirpath, name), "rb") as handle:
                os.fsync(handle.fileno())
        fsync_dir(Path(dirpath))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- publishing a folder ----------------------------------------------------------------------


@dataclass
class StagingDir:
    """A hidden folder next to ``target``, named for the process that writes it:
    ``.{target}.building-{host}-{pid}-{start}-{random}``."""

    path: Path
    target: Path

    @classmethod
    def create(cls, target: Path) -> StagingDir:
        tag = _owner_tag()
        while True:
            path = target.with_name(f".{target.name}.building-{tag}-{secrets.token_hex(3)}")
            try:
                os.mkdir(path, 0o700)
            except FileExistsError:
                continue
            return cls(path, target)

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _staging_pattern(target: Path) -> re.Pattern:
    return re.compile(rf"\.{re.escape(target.name)}\.building-{_TAG}-[0-9a-f]{{6}}")


def _old_leftover_pattern(target: Path) -> re.Pattern:
    """Names older versions of swio gave their temporary folders (no owner recorded)."""
    return re.compile(rf"\.{re.escape(target.name)}\.(?:building-[a-z0-9_]{{8}}|old-\d+)")


@dataclass
class Leftovers:
    removed: list[Path]  # stale folders of ours whose writer is gone
    unknown: list[Path]  # folders an older swio may have left: reported, never removed


def clean_stale_staging(target: Path) -> Leftovers:
    """Remove the staging folders next to ``target`` whose writer (on this host) has died.

    Only real folders with exactly our naming pattern, this host's tag and a writer that is
    gone (or whose pid now belongs to another process) are removed."""
    target = Path(target)
    ours, old = _staging_pattern(target), _old_leftover_pattern(target)
    removed: list[Path] = []
    unknown: list[Path] = []
    try:
        with os.scandir(target.parent) as found:
            entries = sorted(found, key=lambda e: e.name)
    except FileNotFoundError:
        return Leftovers(removed, unknown)
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False):
            continue
        m = ours.fullmatch(entry.name)
        if m:
            if _stale(m):
                shutil.rmtree(entry.path, ignore_errors=True)
                if not os.path.lexists(entry.path):
                    removed.append(Path(entry.path))
        elif old.fullmatch(entry.name):
            unknown.append(Path(entry.path))
    return Leftovers(removed, unknown)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``folder`` (flock on the folder itself; no lock file)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


_RENAME_NOREPLACE, _RENAME_EXCHANGE = 1, 2


def _renameat2(src: Path, dst: Path, flags: int) -> bool:
    """Linux renameat2(2); False when this system or file system cannot do it."""
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if func(-100, os.fsencode(src), -100, os.fsencode(dst), flags) == 0:  # -100: AT_FDCWD
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(dst))


def swap_in(staging: StagingDir) -> Path | None:
    """Publish ``staging`` at its target in one atomic rename.

    Returns where the previous target now is (the staging folder's name, so a writer
    killed before removing it leaves a folder :func:`clean_stale_staging` recognises),
    or None when there was none. Readers see the old folder or the new one, never none."""
    src, dst = staging.path, staging.target
    if os.path.lexists(dst):
        if _renameat2(src, dst, _RENAME_EXCHANGE):
            fsync_dir(dst.parent)
            return src
        aside = StagingDir.create(dst).path  # fallback: two renames, with a moment without dst
        os.rmdir(aside)
        os.replace(dst, aside)
        try:
            os.replace(src, dst)
        except BaseException:
            os.replace(aside, dst)
            raise
        fsync_dir(dst.parent)
        return aside
    if not _renameat2(src, dst, _RENAME_NOREPLACE):
        os.replace(src, dst)
    fsync_dir(dst.parent)
    return None
