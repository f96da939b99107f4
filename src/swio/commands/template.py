"""``swio template``."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(),
    help="The workbook to write (cases.xlsx), or a folder for one CSV file per sheet.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="en",
    show_default=True,
    help="Language of the sheet names and of the instructions' first column (headers are in both).",
)
@click.option("--shapes", type=click.Path(), default=None, help="Another shapes file (default: ontology/shapes.ttl).")
def template(out, lang, shapes):
    """Write the workbook for adding cases, generated from the ontology and the shapes.

    A sheet per kind of node, a column per property (zh and en headers, the definition as the
    header's comment, required columns marked *), dropdowns from the code lists, and a first sheet
    that explains how to fill it in. A --out without .xlsx is a folder of CSV files.
    """
    from ..errors import InputError
    from ..sheets import make_template

    if not str(out).strip():
        raise InputError("--out is empty; name a .xlsx file or a folder")
    fmt = make_template(out, lang=lang, shapes=shapes)
    from ..sheets.schema import load_schema

    sheets = len(load_schema(str(shapes) if shapes else None).sheets)
    what = "workbook" if fmt == "xlsx" else "folder of CSV files"
    click.echo(f"wrote the template {what} {out} ({sheets} sheets)")
