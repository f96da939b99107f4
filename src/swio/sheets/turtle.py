"""Write converted rows as Turtle in the house style of ``data/``: a heading comment, the prefixes once,
then a block per sheet under a comment, one node per row with its predicates in the columns' order."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox

from .convert import RDF_TYPE, Conversion, Node
from .schema import ID_BASE, Schema

XSD = "http://www.w3.org/2001/XMLSchema#"
_BARE = {
    XSD + "integer": re.compile(r"[+-]?\d+"),
    XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
    XSD + "boolean": re.compile(r"true|false"),
}
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_RULE = "# " + "-" * 77


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


class TurtleWriter:
    def __init__(self, schema: Schema):
        self.schema = schema
        self.used: dict[str, str] = {}
        self._prefixes = sorted(schema.prefixes.items(), key=lambda kv: -len(kv[1]))

    def iri(self, iri: str) -> str:
        for prefix, ns in self._prefixes:
            if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns) :]):
                self.used[prefix] = ns
                return f"{prefix}:{iri[len(ns) :]}"
        return f"<{iri}>"

    def term(self, term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if term.language:
            return f'"{escape(term.value)}"@{term.language}'
        datatype = term.datatype.value
        if datatype == XSD + "string":
            return f'"{escape(term.value)}"'
        bare = _BARE.get(datatype)
        if bare is not None and bare.fullmatch(term.value):
            return term.value
        return f'"{escape(term.value)}"^^{self.iri(datatype)}'

    def node(self, node: Node) -> str:
        pairs: dict[str, list[str]] = {}
        pairs.setdefault("a", []).extend(self.iri(t) for t in node.types)
        for _index, column, terms in node.values:
            key = "a" if column.predicate == RDF_TYPE else self.iri(column.predicate)
            out = pairs.setdefault(key, [])
            for term in terms:
                text = self.term(term)
                if text not in out:
                    out.append(text)
        body = " ;\n    ".join(f"{p} {' , '.join(objects)}" for p, objects in pairs.items())
        return f"{self.iri(node.subject.value)} {body} .\n"


def turtle_chunks(conversion: Conversion, schema: Schema, source: str) -> Iterator[str]:
    """The Turtle text in pieces (for :func:`swio.atomic_files.write_atomic`)."""
    writer = TurtleWriter(schema)
    by_sheet: dict[int, list[Node]] = {}
    order = {id(s): i for i, s in enumerate(schema.sheets)}
    for node in conversion.nodes:
        by_sheet.setdefault(order[id(node.table.sheet)], []).append(node)
    blocks = []
    for index in sorted(by_sheet):
        nodes = by_sheet[index]
        sheet = schema.sheets[index]
        lines = [f"{_RULE}\n# {sheet.name('en')} ({sheet.name('zh')})\n{_RULE}\n"]
        lines.extend("\n" + writer.node(n) for n in nodes)
        blocks.append("".join(lines))
    width = max((len(p) for p in writer.used), default=0) + 1
    used = sorted(writer.used.items(), key=lambda kv: (kv[0] != "swio", not kv[1].startswith(ID_BASE), kv[0]))
    head = [
        "# " + "=" * 77 + "\n",
        f"# SWIO data — converted from {source} by swio import\n",
        "# Every node is one row of the workbook; the comments name the sheets.\n",
        "# " + "=" * 77 + "\n\n",
    ]
    head.extend(f"@prefix {(p + ':').ljust(width)} <{ns}> .\n" for p, ns in used)
    yield "".join(head)
    for block in blocks:
        yield "\n" + block
