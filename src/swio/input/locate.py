"""Where a node is defined: the line of its first use as a subject in a file's Turtle text.

The parser does not report positions, so the text is searched: a node's written forms —
``<IRI>`` and ``prefix:local`` for the file's own prefixes — are looked for at the start
of a line (where a subject stands), else anywhere. A few nodes are found with one fast
string search each; many nodes with one pass that indexes every line's first token.
Blank nodes and literals have no written name and get no line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from . import turtle_scan

_FIRST_TOKEN = re.compile(r"^[ \t]*([^\s;,()\[\]]+)", re.M)
_INDEX_FROM = 64  # nodes asked about in one file from which indexing every line pays off


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class _FileText:
    def __init__(self, text: str):
        self.text = text
        self.prefixes = turtle_scan.prefixes(text)
        self._first: dict[str, int] | None = None

    def names(self, iri: str) -> list[str]:
        found = [f"<{iri}>"]
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                found.append(f"{prefix}:{iri[len(ns):]}")
        return found

    def index(self) -> dict[str, int]:
        """Every line's first token -> the first line it starts (built once, on demand)."""
        if self._first is None:
            first: dict[str, int] = {}
            line, last = 1, 0
            for m in _FIRST_TOKEN.finditer(self.text):
                line += self.text.count("\n", last, m.start())
                last = m.start()
                first.setdefault(m.group(1), line)
            self._first = first
        return self._first

    def _at_line_start(self, name: str) -> int | None:
        text = self.text
        at = text.find(name)
        while at != -1:
            before = text.rfind("\n", 0, at) + 1
            after = text[at + len(name):at + len(name) + 1]
            if not text[before:at].strip(" \t") and (not after or after in " \t\r\n;,."):
                return _line_of(text, at)
            at = text.find(name, at + 1)
        return None

    def line(self, iri: str, many: bool) -> int | None:
        names = self.names(iri)
        if many:
            first = self.index()
            lines = [first[n] for n in names if n in first]
        else:
            lines = [line for line in map(self._at_line_start, names) if line is not None]
        if lines:
            return min(lines)
        for name in names:  # not at the start of a line: its first appearance anywhere
            at = self.text.find(name)
            if at != -1:
                return _line_of(self.text, at)
        return None


class Locator:
    """Line numbers of nodes in files; each file read once, when first asked about."""

    def __init__(self) -> None:
        self._files: dict[Path, _FileText | None] = {}

    def _file(self, path: Path) -> _FileText | None:
        if path not in self._files:
            try:
                self._files[path] = _FileText(path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff"))
            except OSError:
                self._files[path] = None
        return self._files[path]

    def lines(self, wanted: dict) -> dict:
        """``{node: path}`` -> ``{node: line or None}``."""
        per_file: dict[Path, int] = {}
        for node, path in wanted.items():
            if path is not None and isinstance(node, ox.NamedNode):
                per_file[Path(path)] = per_file.get(Path(path), 0) + 1
        out = {}
        for node, path in wanted.items():
            text = self._file(Path(path)) if path is not None and isinstance(node, ox.NamedNode) else None
            out[node] = text.line(node.value, per_file[Path(path)] >= _INDEX_FROM) if text is not None else None
        return out
