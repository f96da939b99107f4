"""Query results as a small table of normalised cells, and its renderings: a table that fits the
terminal, one record per block, CSV/TSV (optionally for spreadsheets: a byte-order mark and CRLF),
JSON, and the W3C SPARQL 1.1 results formats (JSON ``srj``, XML ``srx``); in a notebook an answer
shows as an HTML table.

Cells are normalised so that the same answer from Oxigraph, rdflib, Virtuoso or
any other endpoint compares equal: numbers become ``int``/``Decimal`` values,
booleans ``bool``, IRIs and strings ``str``. Shown to a reader (tables, CSV, HTML),
a cell that is a term is shown by its name in the answer's language (``true`` is
是 in Chinese, ``CNY`` 人民币); JSON, ``records()`` and DataFrames keep the values.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

import wcwidth

from ..input.xsd import DECIMAL_TYPES as _DECIMAL_TYPES
from ..input.xsd import INTEGER_TYPES as _INTEGER_TYPES
from ..namespaces import XSD, shorten
from . import words


def converting_once(convert: Callable[[Any], Cell | None], key: Callable[[Any], Any] = lambda term: term):
    """``convert`` for the terms of one answer, each distinct term (by ``key``) converted once: the same label
    or kind recurs across thousands of rows. None stays None."""
    cells: dict[Any, Cell | None] = {}

    def cell(term) -> Cell | None:
        if term is None:
            return None
        k = key(term)
        found = cells.get(k)
        if found is None:
            found = cells[k] = convert(term)
        return found

    return cell


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

    def display(self, lang: str | None = None, prefixes: dict[str, str] | None = None, *, short: bool = False) -> str:
        """The cell as a reader sees it in ``lang``: a boolean as yes/no (是/否), a currency code by its
        name; with ``lang=None`` the same as :meth:`text`."""
        if lang is not None and self.kind == "literal":
            if isinstance(self.value, bool):
                return words.text("yes" if self.value else "no", lang)
            if isinstance(self.value, str) and self.datatype is None and self.lang is None:
                name = words.currency(self.value, lang)
                if name is not None:
                    return name
        return self.text(prefixes, short=short)


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


#: what ``render`` writes
FORMATS = ("table", "records", "csv", "tsv", "json", "srj", "srx")


@dataclass
class Column:
    """An answer column: its variable ``name`` and, per language, a label and what its values mean."""

    name: str
    labels: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.name

    def description(self, lang: str = "en") -> str:
        return self.descriptions.get(lang, "")


@dataclass
class ResultTable:
    """An answer: variable names (``columns``) and rows of cells.

    ``info`` holds the columns' labels and descriptions when the query declares them, ``lang``
    the language the answer was asked in (its labels and the words of its cells), and ``boolean``
    is set for the answer of an ASK query; ``warnings`` are about the query (a ``swio:`` term the
    ontology does not have), ``notes`` say why an empty answer is empty."""

    columns: list[str]
    rows: list[list[Cell | None]]
    info: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)
    lang: str | None = field(default=None, compare=False)
    boolean: bool | None = field(default=None, compare=False)
    warnings: list[str] = field(default_factory=list, compare=False)
    notes: list[str] = field(default_factory=list, compare=False)

    def labels(self, lang: str | None = None) -> list[str]:
        """The column headers in ``lang`` (default: the answer's language): the declared labels, or the
        variable names where the query declares none (with ``lang=None`` on an answer asked in no
        language, the variable names)."""
        lang = lang or self.lang
        if lang is None:
            return list(self.columns)
        return [self.info[c].label(lang) if c in self.info else c for c in self.columns]

    def descriptions(self, lang: str | None = None) -> dict[str, str]:
        """Variable name -> what its values mean, in ``lang``, for the columns the query describes."""
        lang = lang or self.lang or "en"
        return {c: self.info[c].description(lang) for c in self.columns if c in self.info}

    def records(self) -> list[dict]:
        return [
            {c: (cell.plain() if cell is not None else None) for c, cell in zip(self.columns, row)} for row in self.rows
        ]

    def to_dataframe(self) -> Any:  # a pandas.DataFrame; pandas is optional
        """A pandas DataFrame (pandas must be installed): columns named by the variables, as in JSON;
        the labels are in ``df.attrs["labels"]`` (variable -> label in the answer's language)."""
        import pandas as pd

        frame = pd.DataFrame.from_records(self.records(), columns=self.columns)
        frame.attrs["labels"] = dict(zip(self.columns, self.labels()))
        return frame

    def texts(self, prefixes=None, *, short=False, lang: str | None = None) -> list[list[str]]:
        """Each cell as text; with ``lang``, as a reader sees it in that language (:meth:`Cell.display`)."""
        if lang is None:
            return [[cell.text(prefixes, short=short) if cell is not None else "" for cell in row] for row in self.rows]
        return [
            [cell.display(lang, prefixes, short=short) if cell is not None else "" for cell in row] for row in self.rows
        ]

    def __len__(self) -> int:
        return len(self.rows)

    def _repr_html_(self) -> str:
        """An HTML table for notebooks (Jupyter, VS Code): labels as headers, the variable names as their
        titles, IRIs as links."""
        return render_html(self)

    def to_srj(self) -> str:
        """The answer in the W3C SPARQL 1.1 Query Results JSON Format."""
        return render(self, "srj")

    def to_srx(self) -> str:
        """The answer in the W3C SPARQL Query Results XML Format."""
        return render(self, "srx")


def render(
    table: ResultTable,
    fmt: str,
    prefixes: dict[str, str] | None = None,
    *,
    lang: str | None = None,
    width: int | None = None,
    bom: bool = False,
    names: bool = False,
) -> str:
    """The answer in ``fmt`` (one of :data:`FORMATS`).

    ``lang`` (default: the answer's own) gives the headers' labels and the words of term cells in
    tables, records and CSV/TSV (``names=True`` heads them with the variable names instead);
    ``width`` is the terminal's (tables wrap long cells to it, or turn into one record per block when
    a row cannot fit; ``None``: no limit); ``bom`` writes CSV/TSV for spreadsheets (a UTF-8 byte-order
    mark and CRLF line ends, as Excel and WPS expect). JSON keeps the variable names and values."""
    lang = lang or table.lang
    if fmt == "json":
        return json.dumps(table.records(), ensure_ascii=False, indent=2) + "\n"
    if fmt in ("srj", "srx"):
        return _results_document(table, fmt)
    header = list(table.columns) if names else table.labels(lang)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\r\n" if bom else "\n")
        writer.writerow(header)
        writer.writerows(table.texts(prefixes, lang=lang))
        return ("\ufeff" if bom else "") + out.getvalue()
    if fmt == "table":
        return render_table(table, prefixes, lang=lang, width=width, header=header)
    if fmt == "records":
        return render_records(table, prefixes, lang=lang, width=width, header=header)
    raise ValueError(f"unknown format {fmt!r}")


# -- tables that fit the terminal ----------------------------------------------------------------
GAP = 2  # spaces between two columns
MIN_COLUMN = 4  # narrower than this, a column cannot show a word: one record per block instead


def text_width(text: str) -> int:
    """Display width in terminal cells (CJK characters count two), of the widest line."""
    return max((max(wcwidth.width(line), 0) for line in text.split("\n")), default=0)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))


def wrap(text: str, width: int | None) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken where Unicode allows (between words, between
    CJK characters, never before a closing mark), a too-long word cut; line breaks kept."""
    if not text:
        return [""]
    if width is None:
        return text.split("\n")
    if "\n" not in text and text_width(text) <= width:
        return [text]  # most cells: no need for the line breaking rules
    lines = []
    for paragraph in text.split("\n"):
        lines += wcwidth.wrap(paragraph, width) or [""]
    return lines


def unbreakable(text: str) -> int:
    """The width of the widest part of ``text`` that cannot be broken (a word; a CJK character)."""
    parts = wcwidth.wrap(text, 1, break_long_words=False) if text else []
    return max((text_width(part) for part in parts), default=0)


def _allot(natural: list[int], room: int) -> list[int] | None:
    """Column widths within ``room`` cells: a column that needs no more than an equal share keeps its
    width, the others share what is left equally (None: some column would get less than MIN_COLUMN)."""
    widths = list(natural)
    open_ = list(range(len(natural)))
    left = room
    while open_:
        share = left // len(open_)
        narrow = [i for i in open_ if natural[i] <= share]
        if not narrow:
            if share < MIN_COLUMN:
                return None
            extra = left - share * len(open_)
            for k, i in enumerate(sorted(open_, key=lambda i: -natural[i])):
                widths[i] = share + (1 if k < extra else 0)
            return widths
        for i in narrow:
            open_.remove(i)
            left -= natural[i]
    return widths


def render_table(table: ResultTable, prefixes=None, *, lang=None, width=None, header=None) -> str:
    """An aligned text table: as wide as its contents when that fits ``width``; otherwise headers wrap to
    their longest word and long cells within their columns (rows then set apart by a blank line), or,
    when that would take more lines than one record per block (or a column would be too narrow),
    :func:`render_records`."""
    lang = lang or table.lang
    header = header if header is not None else table.labels(lang)
    rows = table.texts(prefixes, short=True, lang=lang)
    cells = [0] * len(header)
    for row in rows:
        cells = [max(w, text_width(cell)) for w, cell in zip(cells, row)]
    full = [max(c, text_width(h)) for c, h in zip(cells, header)]
    room = None if width is None else width - GAP * (len(full) - 1)
    footer = words.rows_note(len(rows), lang)
    if room is None or sum(full) <= room:
        return _table_text(header, rows, full, footer, wrapping=False)
    need = [max(c, unbreakable(h)) for c, h in zip(cells, header)]
    if sum(need) <= room:  # only headers wrap: give the spare room to the headers that wrap most
        widths = list(need)
        spare = room - sum(need)
        for i in sorted(range(len(widths)), key=lambda i: need[i] - full[i]):
            extra = min(spare, full[i] - widths[i])
            widths[i] += extra
            spare -= extra
    else:
        widths = _allot(need, room)
    if widths is None:
        return render_records(table, prefixes, lang=lang, width=width, header=header)
    wrapped = _table_text(header, rows, widths, footer, wrapping=True)
    if all(w >= c for w, c in zip(widths, cells)):
        return wrapped  # no cell wraps: always the table
    if wrapped.count("\n") <= _records_lines(header, rows, width):
        return wrapped
    return render_records(table, prefixes, lang=lang, width=width, header=header)


def _table_text(header, rows, widths, footer, *, wrapping: bool) -> str:
    limit = widths if wrapping else [None] * len(widths)

    def lines_of(cells) -> list[str]:
        parts = [wrap(c, w) for c, w in zip(cells, limit)]
        height = max((len(p) for p in parts), default=1)
        return [
            "  ".join(_pad(p[k] if k < len(p) else "", w) for p, w in zip(parts, widths)).rstrip()
            for k in range(height)
        ]

    out = lines_of(header)
    out.append("  ".join("-" * w for w in widths))
    blocks = [lines_of(row) for row in rows]
    apart = wrapping and any(len(b) > 1 for b in blocks)
    for i, block in enumerate(blocks):
        if apart and i:
            out.append("")
        out += block
    out.append(footer)
    return "\n".join(out) + "\n"


def _record_widths(header: list[str], width: int | None) -> tuple[int, int | None]:
    label_width = max((text_width(h) for h in header), default=0)
    if width is not None:
        label_width = min(label_width, max(MIN_COLUMN, width // 3))
    return label_width, None if width is None else max(MIN_COLUMN, width - label_width - GAP)


def _records_lines(header: list[str], rows: list[list[str]], width: int | None) -> int:
    """How many lines :func:`render_records` would write."""
    label_width, value_width = _record_widths(header, width)
    labels = [len(wrap(h, label_width if width is not None else None)) for h in header]
    total = 1
    for row in rows:
        total += 1 + sum(max(n, len(wrap(cell, value_width))) for n, cell in zip(labels, row) if cell)
    return total


def render_records(table: ResultTable, prefixes=None, *, lang=None, width=None, header=None) -> str:
    """One block per row: a rule naming the row, then one line per column (label, value), long values
    wrapped to ``width``; empty cells left out."""
    lang = lang or table.lang
    header = header if header is not None else table.labels(lang)
    rows = table.texts(prefixes, short=True, lang=lang)
    label_width, value_width = _record_widths(header, width)
    label_lines = [wrap(h, label_width if width is not None else None) for h in header]
    out = []
    for i, row in enumerate(rows, 1):
        title = f"── {words.text('record', lang, i=f'{i:,}', n=f'{len(rows):,}')} "
        rule = title + "─" * max(0, min(width or 40, 40) - text_width(title))
        out.append(rule)
        for labels, cell in zip(label_lines, row):
            if not cell:
                continue
            values = wrap(cell, value_width)
            for k in range(max(len(labels), len(values))):
                left = _pad(labels[k] if k < len(labels) else "", label_width)
                out.append((left + " " * GAP + (values[k] if k < len(values) else "")).rstrip())
    out.append(words.rows_note(len(rows), lang))
    return "\n".join(out) + "\n"


# -- W3C results formats, HTML --------------------------------------------------------------------
def _binding(cell: Cell) -> dict:
    if cell.kind == "iri":
        return {"type": "uri", "value": str(cell.value)}
    if cell.kind == "bnode":
        return {"type": "bnode", "value": str(cell.value)}
    if cell.lang:
        return {"type": "literal", "value": str(cell.value), "xml:lang": cell.lang}
    if isinstance(cell.value, bool):
        return {"type": "literal", "value": "true" if cell.value else "false", "datatype": XSD + "boolean"}
    if isinstance(cell.value, int):
        return {"type": "literal", "value": str(cell.value), "datatype": XSD + "integer"}
    if isinstance(cell.value, Decimal):
        return {"type": "literal", "value": format_decimal(cell.value), "datatype": XSD + "decimal"}
    binding = {"type": "literal", "value": str(cell.value)}
    if cell.datatype:
        binding["datatype"] = cell.datatype
    return binding


def results_json(table: ResultTable) -> dict:
    """The answer as a SPARQL 1.1 Query Results JSON object (numbers as xsd:integer or xsd:decimal,
    the same whichever store answered)."""
    if table.boolean is not None:
        return {"head": {}, "boolean": table.boolean}
    bindings = [{c: _binding(cell) for c, cell in zip(table.columns, row) if cell is not None} for row in table.rows]
    return {"head": {"vars": list(table.columns)}, "results": {"bindings": bindings}}


def _results_document(table: ResultTable, fmt: str) -> str:
    """srj or srx, written by pyoxigraph's results serializer (which also checks the document)."""
    import pyoxigraph as ox

    data = json.dumps(results_json(table), ensure_ascii=False).encode("utf-8")
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    target = ox.QueryResultsFormat.JSON if fmt == "srj" else ox.QueryResultsFormat.XML
    text = parsed.serialize(format=target).decode("utf-8")
    return text if text.endswith("\n") else text + "\n"


def render_html(table: ResultTable, prefixes=None, *, lang: str | None = None, max_rows: int = 200) -> str:
    """An HTML table: the labels as headers (each titled with its variable name and what it means),
    IRIs as links showing their prefixed names, at most ``max_rows`` rows."""
    lang = lang or table.lang
    esc = html.escape
    descriptions = table.descriptions(lang or "en")
    head = "".join(
        f'<th title="?{esc(c)}{esc(" — " + descriptions[c]) if descriptions.get(c) else ""}">{esc(label)}</th>'
        for c, label in zip(table.columns, table.labels(lang))
    )
    body = []
    for row in table.rows[:max_rows]:
        cells = []
        for cell in row:
            if cell is None:
                cells.append("<td></td>")
            elif cell.kind == "iri":
                cells.append(f'<td><a href="{esc(str(cell.value))}">{esc(cell.text(prefixes, short=True))}</a></td>')
            else:
                attr = f' lang="{esc(cell.lang)}"' if cell.lang and cell.lang != lang else ""
                cells.append(f"<td{attr}>{esc(cell.display(lang))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = words.rows_note(len(table.rows), lang)
    if len(table.rows) > max_rows:
        note += words.text("shown", lang, n=f"{max_rows:,}")
    return (
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table><p><small>{esc(note)}</small></p>"
    )
