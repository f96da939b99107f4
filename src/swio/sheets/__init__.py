"""Cases in spreadsheets: the template workbook generated from the ontology and the shapes, import of a
filled workbook (or a folder of CSV files) as Turtle with every problem reported at its cell, and export
of the graph into the same workbook.

    from swio.sheets import make_template, import_workbook, export

    make_template("cases.xlsx", lang="zh")
    outcome = import_workbook("cases.xlsx", "data/wuhu.ttl")   # nothing written unless it conforms
    export(["data/hefei.ttl"], "hefei.xlsx")

Modules: :mod:`.schema` (sheets and columns from the shapes and ontology), :mod:`.cells` (a cell's
terms, both ways), :mod:`.reader` (workbooks and CSV folders, the structural checks),
:mod:`.convert` (rows to nodes, the cell source map), :mod:`.turtle` (the house style),
:mod:`.check` (validation with results at cells), :mod:`.summary` (many results in a few lines),
:mod:`.workbook` (writing .xlsx and CSV), :mod:`.graph_export`.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["export", "import_workbook", "make_template", "validate_workbook"]


def export(paths=None, out="cases.xlsx", *, lang: str = "en", shapes=None) -> tuple[str, int, int]:
    """Write the graph of ``paths`` (default: the shipped data) into the workbook (or CSV folder) ``out``;
    returns (format, nodes, triples). See :mod:`.export`."""
    from .graph_export import export as run

    return run(paths, out, lang=lang, shapes=shapes)


def make_template(out: str | Path, *, lang: str = "en", shapes=None) -> str:
    """Write the empty template (.xlsx, or a folder of CSV files); returns the format written."""
    from .schema import load_schema
    from .workbook import SheetData, write

    schema = load_schema(str(shapes) if shapes else None)
    return write(out, [SheetData(s, s.columns) for s in schema.sheets], schema, lang)


def validate_workbook(book, *, context=None, engine: str = "sparql", shapes=None):
    """The validation :class:`~swio.shacl.results.Report` of a workbook, every result at its cell."""
    from .check import check

    return check(book, context=context, engine=engine, shapes=shapes).report


def import_workbook(book, out, *, context=None, engine: str = "sparql", shapes=None, strict: bool = False):
    """Convert and validate ``book``; write ``out`` (atomically) only when it conforms.

    Returns the :class:`~swio.sheets.check.Checked` outcome; its report says what was wrong when
    nothing was written (``report.exit_code(strict) != 0``)."""
    from ..atomic_files import write_atomic
    from .check import check

    out = Path(out)
    checked = check(book, context=context, exclude=[out], engine=engine, shapes=shapes, keep_turtle=True)
    if checked.report.exit_code(strict) == 0:
        write_atomic(out, checked.turtle)
    return checked
