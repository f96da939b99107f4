"""``swio export``."""

from __future__ import annotations

import click

from .paths import check_inputs


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--out", required=True, type=click.Path(), help="The workbook to write (cases.xlsx), or a folder for CSV files."
)
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True, help="Language of the sheet names."
)
@click.option("--shapes", type=click.Path(), default=None, help="Another shapes file (default: ontology/shapes.ttl).")
def export(paths, out, lang, shapes):
    """Write a graph (the shipped data by default) into the template's workbook, to edit it in a
    spreadsheet; swio import of the workbook gives back the same graph, every term as written."""
    from ..errors import InputError
    from ..sheets import export as run_export

    if not str(out).strip():
        raise InputError("--out is empty; name a .xlsx file or a folder")
    fmt, nodes, triples = run_export(check_inputs(paths), out, lang=lang, shapes=shapes)
    what = "workbook" if fmt == "xlsx" else "folder of CSV files"
    click.echo(f"wrote {nodes} nodes ({triples} triples) to the {what} {out}")
