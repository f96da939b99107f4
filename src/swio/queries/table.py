"""Query results as a small table of normalised cells, and its text/CSV/TSV/JSON renderings.

Cells are normalised so that the same answer from Oxigraph, rdflib, Virtuoso or
any other endpoint compares equal: numbers become ``int``/``Decimal`` values,
booleans ``bool``, IRIs and strings ``str``.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from ..namespaces import XSD, shorten

_INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_DECIMAL_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}


class Cell(NamedTuple):
    """One value of an answer (a tuple: cheap to make for hundreds of thousands of cells)."""

    kind: str  # "iri" | "literal" | "bnode"
    value: object  # str | int | Decimal | bool
    datatype: str | None = None
    lang: str | None = None

    def plain(self):
        """The value as JSON/pandas would want it."""
        if isinstance(self.value, Decimal):
            return int(self.value) if self.value == self.value.to_integral_value() else float(self.value)
        return self.value

    def text(self, prefixes: dict[str, str] | None = None, *, short: bool = False) -> str:
        if self.kind == "iri":
            return shorten(str(self.value), prefixes) if short else str(self.value)
        if self.kind == "bnode":
            return f"_:{self.value}"
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        if isinstance(self.value, Decimal):
            return format_decimal(self.value)
        return str(self.value)


def format_decimal(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    return text


def make_literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> Cell:
    if lang:
        return Cell("literal", lexical, None, lang.lower())
    if datatype in _INTEGER_TYPES:
        try:
            return Cell("literal", int(lexical), XSD + "integer")
        except ValueError:
            pass
    if datatype in _DECIMAL_TYPES:
        try:
            value = Decimal(lexical)
            # Engines print the same decimal differently (8.73E1, 87.30, 87.3): keep 12 places.
            value = value.quantize(Decimal("1e-12")).normalize() if value != value.to_integral_value() else value
            return Cell("literal", value, XSD + "decimal")
        except (InvalidOperation, ValueError):
            pass
    if datatype == XSD + "boolean":
        return Cell("literal", lexical.strip().lower() in ("true", "1"), datatype)
    if datatype in (None, "", XSD + "string"):
        return Cell("literal", lexical, None)
    return Cell("literal", lexical, datatype)


@dataclass
class ResultTable:
    columns: list[str]
    rows: list[list[Cell | None]]

    def records(self) -> list[dict]:
        return [
            {c: (cell.plain() if cell is not None else None) for c, cell in zip(self.columns, row)} for row in self.rows
        ]

    def to_dataframe(self) -> Any:  # a pandas.DataFrame; pandas is optional
        """A pandas DataFrame (pandas must be installed)."""
        import pandas as pd

        return pd.DataFrame.from_records(self.records(), columns=self.columns)

    def texts(self, prefixes=None, *, short=False) -> list[list[str]]:
        return [[cell.text(prefixes, short=short) if cell is not None else "" for cell in row] for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


def render(table: ResultTable, fmt: str, prefixes: dict[str, str] | None = None) -> str:
    if fmt == "json":
        return json.dumps(table.records(), ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(table.texts(prefixes))
        return out.getvalue()
    if fmt == "table":
        return render_table(table, prefixes)
    raise ValueError(f"unknown format {fmt!r}")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def render_table(table: ResultTable, prefixes=None) -> str:
    rows = table.texts(prefixes, short=True)
    widths = [_width(c) for c in table.columns]
    for row in rows:
        widths = [max(w, _width(cell)) for w, cell in zip(widths, row)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(table.columns, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
