"""Where a node is defined: the line of its first use as a subject in a file's Turtle text.

The parser does not report positions, so the text is searched (once per file, in one
pass): every line's first token is indexed, then a node's written forms — ``<IRI>`` and
``prefix:local`` for the file's own prefixes — are looked up. Blank nodes and literals
have no written name and get no line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from . import turtle_scan

_FIRST_TOKEN = re.compile(r"^[ \t]*([^\s;,()\[\]]+)", re.M)


class _FileIndex:
    def __init__(self, text: str):
        self.text = text
        self.prefixes = turtle_scan.prefixes(text)
        self.first: dict[str, int] = {}
        self._line_starts: list[int] | None = None
        line = 1
        last = 0
        for m in _FIRST_TOKEN.finditer(text):
            line += text.count("\n", last, m.start())
            last = m.start()
            self.first.setdefault(m.group(1), line)

    def names(self, iri: str) -> list[str]:
        found = [f"<{iri}>"]
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                found.append(f"{prefix}:{iri[len(ns):]}")
        return found

    def line(self, iri: str) -> int | None:
        names = self.names(iri)
        lines = [self.first[n] for n in names if n in self.first]
        if lines:
            return min(lines)
        for name in names:  # not at the start of a line: its first appearance anywhere
            at = self.text.find(name)
            if at != -1:
                return self.text.count("\n", 0, at) + 1
        return None


class Locator:
    """Line numbers of nodes in files; each file read and indexed once, when first asked about."""

    def __init__(self) -> None:
        self._files: dict[Path, _FileIndex | None] = {}

    def _index(self, path: Path) -> _FileIndex | None:
        if path not in self._files:
            try:
                self._files[path] = _FileIndex(path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff"))
            except OSError:
                self._files[path] = None
        return self._files[path]

    def line(self, path: Path, node) -> int | None:
        if not isinstance(node, ox.NamedNode):
            return None
        index = self._index(Path(path))
        return index.line(node.value) if index is not None else None
