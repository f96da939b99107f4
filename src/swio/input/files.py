"""Input files: which ones, their bytes, and one-line messages for what is wrong with them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError

TURTLE_SUFFIXES = (".ttl",)
BOM = b"\xef\xbb\xbf"
#: The parser refuses a single token (a literal, an IRI) larger than this.
MAX_TOKEN_BYTES = 16 * 1024 * 1024


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files stay as given; directories expand to the ``.ttl`` files inside them (recursively)."""
    files: list[Path] = []
    for raw in paths:
        if str(raw) == "":
            raise InputError("an empty string is not a file name")
        path = Path(raw)
        try:
            if path.is_dir():
                found = sorted(p for p in path.rglob("*") if p.suffix in TURTLE_SUFFIXES and p.is_file())
                if not found:
                    raise InputError(f"{path}: directory holds no .ttl files")
                files.extend(found)
            elif path.is_file():
                files.append(path)
            elif path.exists():
                raise InputError(f"{path}: not a regular file")
            else:
                raise InputError(f"{path}: no such file or directory")
        except OSError as err:
            raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
    return files


def graph_iri(path: Path) -> str:
    """The named graph (and base IRI) of a file: its ``file:`` URI."""
    return path.resolve().as_uri()


def read_turtle(path: Path, *, allow_empty: bool = False) -> bytes:
    """The file's bytes, ready for the parser: not empty (unless ``allow_empty``), not binary, UTF-8,
    byte-order mark removed."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
    if data.startswith(BOM):  # accepted, as rdflib does; the parser would take it for content
        data = data[len(BOM) :]
    if not data.strip() and not allow_empty:
        raise InputError(f"{path}: file is empty (no triples)")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}:1:1: not valid Turtle: this is a binary file, not Turtle text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not valid Turtle: the file is not UTF-8 text") from None
    return data


def syntax_message(path: Path, err: SyntaxError) -> str:
    text = str(err.msg if getattr(err, "msg", None) else err)
    text = re.sub(r"^Parser error (at|between) [^:]*: ", "", text)
    text = "".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in text)
    line = getattr(err, "lineno", None)
    col = getattr(err, "offset", None)
    where = f"{path}:{line}:{col}" if line else f"{path}"
    return f"{where}: not valid Turtle: {text}"


def too_big_message(path: Path) -> str:
    return (
        f"{path}: a single literal or IRI is larger than {MAX_TOKEN_BYTES // (1024 * 1024)} MiB, "
        f"the parser's limit; split it or keep it outside the graph"
    )


class LineIndex:
    """Line numbers of offsets in a text, in O(log n) each after one pass."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        from bisect import bisect_right

        return bisect_right(self.starts, offset)
