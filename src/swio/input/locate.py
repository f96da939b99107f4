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
_SHORTEST_KEY = 4  # a shorter local name is searched for name by name
_HEAD = 65536  # bytes at the start of a file where prefix declarations are looked for line by line


class _FileText:
    """A file's text for searching: searched as UTF-8 bytes (a byte search is several times faster than a
    search in a str holding Chinese text), decoded only for the line index and where prefixes are declared."""

    def __init__(self, data: bytes):
        self.data = data
        self.prefixes = _prefixes(data)
        self._first: dict[str, int] | None = None

    def names(self, iri: str) -> list[str]:
        found = [f"<{iri}>"]
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                found.append(f"{prefix}:{iri[len(ns) :]}")
        return found

    def index(self) -> dict[str, int]:
        """Every line's first token -> the first line it starts (built once, on demand)."""
        if self._first is None:
            text = self.data.decode("utf-8", errors="replace")
            first: dict[str, int] = {}
            line, last = 1, 0
            for m in _FIRST_TOKEN.finditer(text):
                line += text.count("\n", last, m.start())
                last = m.start()
                first.setdefault(m.group(1), line)
            self._first = first
        return self._first

    def _search(self, names: list[str]) -> int | None:
        """The byte offset of the first use of one of ``names`` at the start of a line, else of the first
        appearance of one anywhere. The names of a node (``<IRI>``, ``prefix:local``) share the shortest
        local name: one sweep through the text looks for it and checks which name, if any, surrounds each hit."""
        data = self.data
        forms = [name.encode("utf-8") for name in names]
        key = min((f for f in forms if not f.startswith(b"<")), key=len, default=b"")
        key = key[key.index(b":") + 1 :] if key else b""
        if len(key) < _SHORTEST_KEY:  # found in too many places: one search per name
            return self._search_each(forms)
        # where the key ends inside each name (an IRI's key is followed by its ">")
        tails = [(f, len(f) - (1 if f.startswith(b"<") else 0)) for f in forms]
        anywhere = None
        at = data.find(key)
        while at != -1:
            end = at + len(key)
            for form, tail in tails:
                start = end - tail
                if start < 0 or data[start : start + len(form)] != form:
                    continue
                anywhere = start if anywhere is None else anywhere
                if self._starts_line(start, len(form)):
                    return start
            at = data.find(key, at + 1)
        return anywhere

    def _search_each(self, forms: list[bytes]) -> int | None:
        data, starts = self.data, []
        for form in forms:
            at = data.find(form)
            while at != -1 and not self._starts_line(at, len(form)):
                at = data.find(form, at + 1)
            if at != -1:
                starts.append(at)
        found = starts or [x for x in (data.find(f) for f in forms) if x != -1]
        return min(found) if found else None

    def _starts_line(self, at: int, length: int) -> bool:
        """Whether the name at byte ``at`` stands alone at the start of a line (a subject)."""
        data = self.data
        before = data.rfind(b"\n", 0, at) + 1
        after = data[at + length : at + length + 1]
        return not data[before:at].strip(b" \t") and (not after or after in b" \t\r\n;,.")

    def position(self, iri: str, many: bool) -> tuple[str, int] | None:
        """("line", n) from the line index (``many``), or ("offset", byte offset) from a search."""
        names = self.names(iri)
        if many:
            first = self.index()
            lines = [first[n] for n in names if n in first]
            if lines:
                return "line", min(lines)
            found = [x for x in (self.data.find(n.encode("utf-8")) for n in names) if x != -1]
            return ("offset", min(found)) if found else None
        at = self._search(names)
        return None if at is None else ("offset", at)

    def lines_of(self, offsets: list[int]) -> dict[int, int]:
        """Line numbers of byte offsets, counted in one sweep through the text."""
        out, line, last = {}, 1, 0
        for at in sorted(set(offsets)):
            line += self.data.count(b"\n", last, at)
            last = at
            out[at] = line
        return out


def _prefixes(data: bytes) -> dict[str, str]:
    """The prefix declarations of a Turtle file (:func:`.turtle_scan.prefixes`), decoding only its head and
    the lines after it where a declaration keyword stands."""
    head = data[: data.rfind(b"\n", 0, _HEAD) + 1] if len(data) > _HEAD else data
    found = turtle_scan.prefixes(head.decode("utf-8", errors="replace"))
    for keyword in (b"@prefix", b"PREFIX"):
        at = data.find(keyword, len(head))
        while at != -1:
            end = data.find(b"\n", at)
            line = data[at : end if end != -1 else len(data)].decode("utf-8", errors="replace")
            for prefix, ns in turtle_scan.prefixes(line).items():
                found.setdefault(prefix, ns)
            at = data.find(keyword, at + len(keyword))
    return found


class Locator:
    """Line numbers of nodes in files; each file read once, when first asked about."""

    def __init__(self) -> None:
        self._files: dict[Path, _FileText | None] = {}

    def _file(self, path: Path) -> _FileText | None:
        if path not in self._files:
            try:
                data = path.read_bytes()
                self._files[path] = _FileText(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
            except OSError:
                self._files[path] = None
        return self._files[path]

    def lines(self, wanted: dict) -> dict:
        """``{node: path}`` -> ``{node: line or None}``."""
        as_path: dict = {}  # each file name made a Path once (many nodes share a few files)

        def path_of(name) -> Path:
            found = as_path.get(name)
            if found is None:
                found = as_path[name] = Path(name)
            return found

        per_file: dict[Path, int] = {}
        for node, path in wanted.items():
            if path is not None and isinstance(node, ox.NamedNode):
                per_file[path_of(path)] = per_file.get(path_of(path), 0) + 1
        out, found = {}, {}
        for node, path in wanted.items():
            text = self._file(path_of(path)) if path is not None and isinstance(node, ox.NamedNode) else None
            found[node] = (
                (text, text.position(node.value, per_file[path_of(path)] >= _INDEX_FROM)) if text else (None, None)
            )
        asked: dict[int, tuple] = {}  # id(text) -> (text, byte offsets asked for)
        for text, pos in found.values():
            if pos is not None and pos[0] == "offset":
                asked.setdefault(id(text), (text, []))[1].append(pos[1])
        lines = {key: text.lines_of(offsets) for key, (text, offsets) in asked.items()}
        for node, (text, pos) in found.items():
            out[node] = None if pos is None else pos[1] if pos[0] == "line" else lines[id(text)][pos[1]]
        return out
