"""Publishing a folder of files (a release, a web site): only over a previous one of its kind, atomically.

A publication folder is recognisable: its ``SHA256SUMS`` lists every other file in it with
the checksum each still has, and a marker file of its kind is among them (``void.ttl``
describing the SWIO dataset for a release, ``index.html`` + ``.htaccess`` for a site). A
build only ever replaces such a folder, or an empty one, or writes a new one; anything else
at ``out`` (a folder of other files, a changed publication, a file, a symlink, the current
directory, the sources, the home folder) is refused before any work, with one line.

Files are written into a hidden staging folder next to the target, named for the process
that writes it (so a later build can remove it once that process is gone), synced to disk,
and swapped in with one atomic rename while the parent folder is locked and the target
checked again; readers see the old folder or the new one, never a mix or none.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import resources
from ..atomic_files import Leftovers, StagingDir, clean_stale_staging, locked, sha256_file, swap_in, sync_tree
from ..errors import InputError

SUMS = "SHA256SUMS"
_SUMS_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")


@dataclass(frozen=True)
class Kind:
    """What a publication folder of one kind is called and how it is recognised."""

    name: str  # "release", "web site"
    markers: tuple[str, ...]  # files it always has
    identifies: Callable[[Path], bool] = lambda folder: True  # a further check of the markers' content

    def refusal(self) -> str:
        markers = ", ".join(self.markers)
        return (
            f"swio replaces only a previous {self.name} ({markers} and a SHA256SUMS listing every file): "
            f"give a new folder, or move this one away"
        )


def _listed_files(folder: Path, kind: Kind) -> dict[str, str] | str:
    """name -> sha256 from the folder's SHA256SUMS, or why it is not a publication's."""
    not_one = f"is a folder that is not a swio {kind.name}"
    sums = folder / SUMS
    if sums.is_symlink() or not sums.is_file():
        return f"{not_one} (it has no SHA256SUMS)"
    if sums.stat().st_size > 256 << 20:
        return f"{not_one} (its SHA256SUMS is too big to be one)"
    listed: dict[str, str] = {}
    try:
        lines = sums.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return f"{not_one} (its SHA256SUMS is not a checksum list)"
    for line in lines:
        m = _SUMS_LINE.fullmatch(line)
        name = m.group(2) if m else ""
        if not m or name.startswith("/") or ".." in name.split("/") or name == SUMS:
            return f"{not_one} (its SHA256SUMS is not a swio checksum list)"
        listed[name] = m.group(1)
    return listed


def folder_problem(folder: str | Path, kind: Kind) -> str | None:
    """Why the existing folder is not a publication of ``kind`` that may be replaced, or None.

    An empty folder holds nothing to lose and may be replaced too."""
    folder = Path(folder)
    with os.scandir(folder) as entries:
        if not any(entries):
            return None
    listed = _listed_files(folder, kind)
    if isinstance(listed, str):
        return listed
    if any(m not in listed for m in kind.markers) or not kind.identifies(folder):
        return f"is a folder that is not a swio {kind.name} (it has no {' and no '.join(kind.markers)} of one)"
    present: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath, name)
            rel = path.relative_to(folder).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                return f"holds a symbolic link, {rel}"
            if name in dirnames or rel == SUMS:
                continue
            if rel not in listed:
                return f"holds {rel}, which its SHA256SUMS does not list"
            if not stat.S_ISREG(mode):
                return f"holds {rel}, which is not a regular file"
            present.append(rel)
    for rel in present:  # last: reading every file is the slow part
        if sha256_file(folder / rel) != listed[rel]:
            return f"holds {rel}, changed since the {kind.name} was built (its SHA-256 differs from SHA256SUMS)"
    return None


def check_target(out: str | Path, kind: Kind, parameter: str = "out") -> Path:
    """The folder ``out`` names, resolved, if a build may write it; InputError (one line) if not. The
    messages name ``out`` as the caller's ``parameter``."""
    option = f"`{parameter}`"
    if not str(out).strip():
        raise InputError(f"{option} is empty: give the {kind.name} folder (e.g. dist)")
    given = Path(out)
    if given.is_symlink():
        raise InputError(f"{option} {out}: is a symbolic link; give the folder it points to, or a new folder")
    target = given.resolve()
    cwd = Path.cwd().resolve()
    whole = f"a build replaces {option} whole: give a folder of its own (e.g. dist)"
    if target == cwd or target in cwd.parents:
        where = "the current directory" if target == cwd else "a parent of the current directory"
        raise InputError(f"{option} {out}: is {where}; {whole}")
    sources = resources.ROOT.resolve()
    if target == sources or target in sources.parents:
        raise InputError(f"{option} {out}: holds the SWIO sources ({sources}); {whole}")
    if target == Path.home().resolve():
        raise InputError(f"{option} {out}: is your home folder; {whole}")
    if os.path.lexists(target):
        if not target.is_dir():
            what = "a file" if target.is_file() else "not a folder"
            raise InputError(f"{option} {out}: is {what}; {kind.refusal()}")
        problem = folder_problem(target, kind)
        if problem:
            raise InputError(f"{option} {out}: {problem}; {kind.refusal()}")
    ancestor = target.parent
    while not os.path.lexists(ancestor):
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise InputError(f"{option} {out}: {ancestor} is not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise InputError(f"{option} {out}: cannot write in {ancestor} (permission denied)")
    return target


@dataclass
class FolderWriter:
    """Writes a publication into a staging folder; :meth:`publish` swaps it in.

    ``with FolderWriter.open(out, kind) as writer: writer.emit(name, payload) ...; writer.publish()``
    — leaving the block without publishing (an error, Ctrl-C) removes the staging folder."""

    out: str | Path
    kind: Kind
    target: Path
    staging: StagingDir
    leftovers: Leftovers
    parameter: str = "out"  # how the messages name `out`: the caller's parameter
    written: dict[str, tuple[int, str]] = field(default_factory=dict)  # name -> (bytes, sha256)
    _dirs: set[Path] = field(default_factory=set)
    _published: bool = False

    @classmethod
    def open(cls, out: str | Path, kind: Kind, parameter: str = "out") -> FolderWriter:
        target = check_target(out, kind, parameter)
        leftovers = clean_stale_staging(target)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            staging = StagingDir.create(target)
        except OSError as err:
            raise InputError(
                f"`{parameter}` {out}: cannot create a folder in {target.parent}: {err.strerror or err}"
            ) from None
        return cls(out, kind, target, staging, leftovers, parameter)

    def emit(self, name: str, payload: bytes) -> None:
        path = self.staging.path / name
        if path.parent not in self._dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(path.parent)
        path.write_bytes(payload)
        self.written[name] = (len(payload), hashlib.sha256(payload).hexdigest())

    def adopt(self, name: str, size: int, digest: str) -> None:
        """Record a file another process wrote into the staging folder (its size and SHA-256)."""
        path = self.staging.path / name
        if not path.is_file() or path.stat().st_size != size:
            raise InputError(f"{path}: expected a file of {size} bytes written by the build's helper process")
        self.written[name] = (size, digest)

    def _sums(self) -> bytes:
        """SHA256SUMS for every file in the staging folder (whoever wrote it), reusing known digests."""
        digests: dict[str, str] = {}
        root = self.staging.path
        for dirpath, _, filenames in os.walk(root):
            for name in filenames:
                rel = Path(dirpath, name).relative_to(root).as_posix()
                if rel != SUMS:
                    digests[rel] = self.written[rel][1] if rel in self.written else sha256_file(Path(dirpath, name))
        return "".join(f"{digest}  {name}\n" for name, digest in sorted(digests.items())).encode("utf-8")

    def publish(self) -> None:
        """Write SHA256SUMS, sync, and swap the folder in (checking the target again under a lock)."""
        self.emit(SUMS, self._sums())
        os.chmod(self.staging.path, 0o755)
        sync_tree(self.staging.path)  # on disk before it is published
        with locked(self.target.parent):
            check_target(self.out, self.kind, self.parameter)  # again: another process may have written there
            previous = swap_in(self.staging)
        self._published = True
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)

    def __enter__(self) -> FolderWriter:
        return self

    def __exit__(self, kind, err, tb) -> None:
        if self._published:
            return
        self.staging.remove()
        if isinstance(err, OSError):  # a full disk, a quota, a read-only file system
            raise InputError(
                f"`{self.parameter}` {self.out}: cannot write the {self.kind.name}: {err.strerror or err}; "
                f"nothing was published (a previous {self.kind.name} there is untouched)"
            ) from None
