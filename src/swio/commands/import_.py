"""``swio import``."""

from __future__ import annotations

import sys

import click

from .output import check as _check_output
from .output import emit as _emit


@click.command(name="import")
@click.argument("workbook", type=click.Path())
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The Turtle file to write (data/NEW.ttl).")
@click.option(
    "--context",
    "context",
    multiple=True,
    type=click.Path(),
    help="Data the workbook goes with (repeatable; default: the shipped data, less the --out file).",
)
@click.option("--no-context", is_flag=True, help="Validate the workbook's graph on its own.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit", "sarif"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("--strict", is_flag=True, help="Warnings stop the import too.")
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="SHACL engine.",
)
@click.option("--shapes", type=click.Path(), default=None, help="Another shapes file (default: ontology/shapes.ttl).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Message language.")
@click.option("-o", "--output", type=click.Path(), default=None, help="Write the report to a file (atomically).")
def import_(workbook, out, context, no_context, fmt, strict, engine, shapes, lang, output):
    """Convert a filled workbook (or a folder of CSV files) to Turtle in the house style.

    The graph is validated with the shapes, together with the data it goes with, before anything is
    written: every problem is reported at its cell (file, sheet, cell, column header) and nothing is
    written unless it conforms (exit 1 with violations, or with warnings and --strict).
    """
    from ..errors import InputError
    from ..sheets import import_workbook
    from ..sheets.summary import render_report

    _check_output(output)
    if not str(workbook).strip():
        raise InputError("an empty WORKBOOK was given; name a .xlsx file or a folder of CSV files")
    if no_context and context:
        raise InputError("give either --context or --no-context, not both")
    chosen = [] if no_context else (list(context) or None)
    checked = import_workbook(workbook, out, context=chosen, engine=engine, shapes=shapes, strict=strict)
    report = checked.report
    code = report.exit_code(strict)
    if report.results or fmt != "text":
        _emit(render_report(report, fmt, lang=lang, strict=strict), output)
    if code == 0:
        conversion = checked.conversion
        click.echo(
            f"wrote {out} ({len(conversion.nodes)} nodes, {conversion.triples} triples from {workbook})",
            err=fmt != "text",
        )
    else:
        click.echo(f"nothing written to {out}: fix the cells above and import again", err=True)
    sys.exit(code)
