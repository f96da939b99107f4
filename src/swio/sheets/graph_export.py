"""A graph into the template's workbook (``swio export``): a row per node on the sheet of its class, a
cell per column, so that ``swio import`` of the workbook gives back the same graph, every term as
written.

A value the template has no column for (an annotation property of a source, a label in a third
language) gets a column of its own after the template's, headed with its property's name (and the
kind the ontology cannot tell, such as ``(xsd:dateTime)``); a value whose plain cell would read back
differently (a decimal in a count, a text that looks like a number) is written as a Turtle literal.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .. import resources
from ..errors import InputError
from ..input.files import expand_paths
from . import cells
from .schema import LANG, LITERAL, REF, STRING, TYPE, Column, Schema, Sheet, load_schema
from .workbook import SheetData, write

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def read_graph(paths) -> dict[str, dict[str, list]]:
    """subject IRI -> predicate IRI -> objects, in the files' order, every term as written."""
    nodes: dict[str, dict[str, list]] = {}
    for path in paths:
        try:
            triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            for t in triples:
                if not isinstance(t.subject, ox.NamedNode) or isinstance(t.object, ox.BlankNode):
                    raise InputError(f"{path}: a blank node; a workbook holds nodes with IRIs only")
                objects = nodes.setdefault(t.subject.value, {}).setdefault(t.predicate.value, [])
                if t.object not in objects:
                    objects.append(t.object)
        except SyntaxError as err:
            raise InputError(f"{path}: not valid Turtle: {str(err).splitlines()[0]}") from None
        except OSError as err:
            raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
    return nodes


def _kind(term) -> str:
    if isinstance(term, ox.NamedNode):
        return REF
    if term.language:
        return LANG
    return STRING if term.datatype.value == XSD_STRING else LITERAL


def _column_for(columns: list[Column], predicate: str, term, schema: Schema) -> Column:
    kind = _kind(term)
    for column in columns:
        if column.predicate != predicate:
            continue
        if kind == REF and column.kind == REF:
            return column
        if kind == LANG and column.kind == LANG and column.lang == term.language:
            return column
        if kind in (STRING, LITERAL) and column.kind in (STRING, LITERAL):
            return column
    if kind == LANG:
        column = schema.extra_column(predicate, LANG, lang=term.language)
    elif kind == LITERAL:
        column = schema.extra_column(predicate, LITERAL, datatype=term.datatype.value)
    else:
        column = schema.extra_column(predicate, kind)
    columns.append(column)
    return column


def layout(nodes: dict[str, dict[str, list]], schema: Schema) -> list[tuple[Sheet, list[Column], list]]:
    """Each sheet with its columns (the template's, then the extra ones) and its nodes."""
    by_sheet: dict[int, list[str]] = {}
    columns = {id(s): list(s.columns) for s in schema.sheets}
    problems = []
    for subject, predicates in nodes.items():
        types = [t.value for t in predicates.get(RDF_TYPE, []) if isinstance(t, ox.NamedNode)]
        sheets = schema.sheet_for_types(types)
        if len(sheets) != 1:
            shown = ", ".join(schema.curie(t) for t in types) or "no rdf:type"
            what = "no sheet" if not sheets else "more than one sheet"
            problems.append(f"{cells.iri_to_id(subject)} ({shown}): {what} of the template holds it")
            continue
        sheet = sheets[0]
        by_sheet.setdefault(schema.sheets.index(sheet), []).append(subject)
        for predicate, objects in predicates.items():
            if predicate != RDF_TYPE:
                for term in objects:
                    _column_for(columns[id(sheet)], predicate, term, schema)
    if problems:
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise InputError("cannot export: " + "; ".join(problems[:20]) + more)
    return [(schema.sheets[i], columns[id(schema.sheets[i])], by_sheet[i]) for i in sorted(by_sheet)]


def rows(sheet: Sheet, columns: list[Column], subjects: list[str], nodes, schema: Schema) -> Iterable[list]:
    for subject in subjects:
        predicates = nodes[subject]
        types = [t.value for t in predicates.get(RDF_TYPE, [])]
        classes = types or [sheet.cls]
        cells_by_key: dict[str, list] = {}
        for predicate, objects in predicates.items():
            if predicate == RDF_TYPE:
                continue
            for term in objects:
                column = _column_for(columns, predicate, term, schema)
                cells_by_key.setdefault(column.key, []).append(term)
        row = []
        for column in columns:
            if column.kind == "id":
                row.append(cells.iri_to_id(subject))
            elif column.kind == TYPE:
                shown = [] if types == [sheet.cls] else [ox.NamedNode(t) for t in types]
                row.append(cells.cell_value(column, shown, classes, schema))
            else:
                row.append(cells.cell_value(column, cells_by_key.get(column.key, []), classes, schema))
        yield row


def export(paths=None, out: str | Path = "cases.xlsx", *, lang: str = "en", shapes=None) -> tuple[str, int, int]:
    """Write the graph of ``paths`` (default: the shipped data) to ``out``; returns (format, nodes, triples)."""
    schema = load_schema(str(shapes) if shapes else None)
    files = resources.shipped_data_files() if not paths else expand_paths(paths)
    nodes = read_graph(files)
    plan = layout(nodes, schema)
    data = [
        SheetData(sheet, columns, rows(sheet, columns, subjects, nodes, schema)) for sheet, columns, subjects in plan
    ]
    shipped = {f.resolve() for f in resources.shipped_data_files()}
    sources = [f.name for f in files if f.resolve() in shipped]  # an edited export replaces these
    fmt = write(out, data, schema, lang, sources)
    triples = sum(len(objs) for preds in nodes.values() for objs in preds.values())
    return fmt, len(nodes), triples
