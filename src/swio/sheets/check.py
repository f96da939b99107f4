"""Check a workbook as ``swio validate WORKBOOK`` and ``swio import`` do: read it, convert it, validate the
graph with the shapes together with the data it goes with, and report every problem at its cell.

The data it goes with (the *context*) is the shipped data by default, so that a new case can refer to
places, sources and bodies already there; ``swio import --out data/X.ttl`` leaves ``data/X.ttl`` out
of it (the workbook replaces that file). Results whose focus node is a row of the workbook point at
the cell: the row's cell in the column of the result's path (the cell holding the value when there
is one, the empty cell when a value is missing), or the row's ID cell for a result without a path.
"""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from .. import resources
from ..errors import InputError
from ..input.files import expand_paths
from ..input.terms import from_rdflib, to_rdflib
from ..shacl.paths import Predicate
from ..shacl.results import Cell, Report, ValidationResult
from . import reader
from .convert import Conversion, Node, Problem, convert
from .schema import Schema, load_schema
from .turtle import turtle_chunks

SHEETS_NS = "https://w3id.org/swio/sheets#"
#: The checks a workbook's cells get before the shapes (their IRIs name them in reports).
CHECKS = {
    "id": "IdCheck",
    "duplicate": "DuplicateIdCheck",
    "type": "TypeCheck",
    "value": "ValueCheck",
    "serial": "SerialDateCheck",
    "formula": "FormulaCheck",
    "reference": "ReferenceCheck",
    "code": "CodeCheck",
}
_FIRST_IRI = re.compile(r"^\(?<([^>]+)>")


@dataclass
class Checked:
    report: Report
    conversion: Conversion
    turtle: list[str] | None  # the Turtle text (import only)


def context_files(context=None, exclude=()) -> list[Path]:
    if context is None:
        files = resources.shipped_data_files()
    else:
        files = expand_paths(context) if context else []
    left_out = {Path(e).resolve() for e in exclude}
    return [f for f in files if f.resolve() not in left_out]


def defined_in(files) -> dict[str, str]:
    """IRI -> the file (as given) defining it, for every subject of the context files."""
    out: dict[str, str] = {}
    for f in files:
        try:
            for triple in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE):
                s = triple.subject
                if isinstance(s, ox.NamedNode):
                    out.setdefault(s.value, str(f))
        except (SyntaxError, ValueError, OSError):
            continue  # the validation below reports the file
    return out


def check(
    book: str | Path,
    *,
    context=None,
    exclude=(),
    engine: str = "sparql",
    shapes: str | Path | None = None,
    keep_turtle: bool = False,
) -> Checked:
    """Read, convert and validate ``book``; InputError for a workbook that cannot be read as the template's."""
    from ..shacl.validation import validate

    start = time.perf_counter()
    book = Path(book)
    schema = load_schema(str(shapes) if shapes else None)
    tables = reader.read(book, schema)
    if context is None:  # an edited export stands for the data files it was exported from
        exclude = [*exclude, *(f for f in resources.shipped_data_files() if f.name in reader.exported_from(book))]
    files = context_files(context, exclude)
    conversion = convert(tables, schema, defined_in(files))
    del tables
    chunks = list(turtle_chunks(conversion, schema, book.name))
    with tempfile.TemporaryDirectory(prefix="swio-sheets-") as tmp:
        converted = Path(tmp) / f"{book.stem or 'workbook'}.ttl"
        converted.write_text("".join(chunks), encoding="utf-8")
        inputs = [*files, converted] if conversion.nodes else files
        try:
            if inputs:
                # the template's shapes are SWIO's (or written for SWIO's data): with the ontology, as before
                report = validate(inputs, engine=engine, shapes=shapes, with_swio_ontology=True if shapes else None)
            else:  # nothing to validate: only the cells' own problems
                report = Report(results=[], engine=engine, files=[], triples=0)
        except InputError as err:  # the converted graph is ours: a bad literal should have been a problem
            raise InputError(str(err).replace(str(converted), str(book))) from None
        results = _locate(report.results, conversion, converted, book)
        results, known = _without_known_context_results(results, files, engine, shapes)
    results.extend(problem_result(p, schema) for p in conversion.problems)
    results = _dedupe(results)
    order = {id(s): i for i, s in enumerate(schema.sheets)}
    results.sort(key=lambda r: _sort_key(r, order, conversion))
    report.results = results
    report.context_known = known
    report.files = [book, *files]
    report.prefixes = {**report.prefixes, "sheets": SHEETS_NS}
    report.seconds = time.perf_counter() - start
    return Checked(report=report, conversion=conversion, turtle=chunks if keep_turtle else None)


def _without_known_context_results(results, files, engine, shapes) -> tuple[list[ValidationResult], int]:
    """The results, less those about the context's own nodes that the context gives without the workbook
    (the shipped data's standing warning, say): they are not the workbook's to fix, and ``swio validate``
    of the data lists them. A context result the workbook causes (a new member over a stated count) stays."""
    from ..shacl.validation import validate

    about_context = [r for r in results if r.cell is None and r.file is not None]
    if not about_context or not files:
        return results, 0
    baseline = {r.key() for r in validate(files, engine=engine, shapes=shapes).results}
    known = {id(r) for r in about_context if r.key() in baseline}
    return [r for r in results if id(r) not in known], len(known)


def _sort_key(r: ValidationResult, order, conversion: Conversion):
    severity = (
        ("Violation", "Warning", "Info").index(r.severity) if r.severity in ("Violation", "Warning", "Info") else 3
    )
    if r.cell is None:
        return (severity, 1, str(r.file or ""), 0, r.line or 0, 0, str(r.focus))
    node = conversion.where.get(str(r.focus))
    sheet = order.get(id(node.table.sheet), 0) if node is not None else 0
    return (severity, 0, str(r.file or ""), sheet, r.cell.row, r.cell.column, r.cell.sheet)


def _locate(results, conversion: Conversion, converted: Path, book: Path) -> list[ValidationResult]:
    out = []
    for r in results:
        if r.file is None or Path(r.file).resolve() != converted.resolve():
            out.append(r)  # a node of the context: its file and line
            continue
        node = conversion.where.get(str(r.focus))
        if node is None:
            r.file, r.line = book, None
            out.append(r)
            continue
        index, header = _column_of(node, r)
        r.file = node.table.file
        r.line = node.row
        r.cell = Cell(sheet=node.table.name, row=node.row, column=index, header=header)
        out.append(r)
    return out


def _column_of(node: Node, r: ValidationResult) -> tuple[int, str]:
    predicate = None
    if isinstance(r.result_path, Predicate):
        predicate = str(r.result_path.predicate)
    elif r.path:
        m = _FIRST_IRI.match(r.path)
        predicate = m.group(1) if m else None
    id_cell = (node.id_column, "ID")
    if predicate is None:
        return id_cell
    value = from_rdflib(r.value) if isinstance(r.value, Literal | URIRef) else None
    candidates = [(i, c, terms) for i, c, terms in node.values if c.predicate == predicate]
    if value is not None:
        for i, c, terms in candidates:
            if value in terms:
                return i, c.title
    lang = getattr(value, "language", None) if value is not None else None
    columns = [(i, c) for i, c in node.table.columns if c.predicate == predicate]
    if lang:
        for i, c in columns:
            if c.lang == lang:
                return i, c.title
    if columns:
        filled = {i for i, _, _ in candidates}
        empty = [(i, c) for i, c in columns if i not in filled]
        i, c = (empty or columns)[0]
        return i, c.title
    return id_cell


def problem_result(p: Problem, schema: Schema) -> ValidationResult:
    check = URIRef(SHEETS_NS + CHECKS[p.kind])
    focus = to_rdflib(p.focus)
    predicate = p.predicate
    return ValidationResult(
        severity="Violation",
        focus=focus,
        shape=check,
        named_shape=check,
        component=str(check),
        path=f"<{predicate}>" if predicate else None,
        value=Literal(p.value) if p.value is not None else None,
        templates=[Literal(p.zh, lang="zh"), Literal(p.en, lang="en")],
        file=p.table.file,
        line=p.row,
        result_path=Predicate(URIRef(predicate)) if predicate else None,
        cell=Cell(sheet=p.table.name, row=p.row, column=p.column, header=p.header),
    )


def _dedupe(results: list[ValidationResult]) -> list[ValidationResult]:
    """A cell whose content could not be read has its own result: the shapes' results about the value
    that is missing from the graph because of it say nothing more."""
    bad = {
        (r.file, r.cell.sheet, r.cell.row, r.cell.column)
        for r in results
        if r.cell and str(r.shape).startswith(SHEETS_NS)
    }
    return [
        r
        for r in results
        if r.cell is None
        or str(r.shape).startswith(SHEETS_NS)
        or (r.file, r.cell.sheet, r.cell.row, r.cell.column) not in bad
    ]
