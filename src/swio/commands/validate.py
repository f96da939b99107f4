"""``swio validate``."""

from __future__ import annotations

import sys

import click

from .output import check as _check_output
from .paths import check_inputs
from .output import emit as _emit


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle", "junit", "sarif"]), default="text",
              show_default=True, help="Report format.")
@click.option("--strict", is_flag=True, help="Warnings make the exit code 1 too.")
@click.option("--engine", type=click.Choice(["auto", "sparql", "pyshacl"]), default="auto", show_default=True,
              help="sparql: SHACL compiled to SPARQL on Oxigraph (fast, complete); pyshacl: the reference "
                   "engine; auto: the same as sparql (kept for compatibility).")
@click.option("--shapes", type=click.Path(), default=None, help="Another shapes file (default: ontology/shapes.ttl).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Message language.")
@click.option("-o", "--output", type=click.Path(), default=None, help="Write the report to a file (atomically).")
def validate(paths, fmt, strict, engine, shapes, lang, output):
    """Validate data files with the SWIO shapes.

    With no PATHS, the shipped data; PATHS may be .ttl files or directories of them,
    each validated together with the ontology and vocabularies.
    """
    from ..shacl.report_formats import render
    from ..shacl.validation import validate as run_validation

    _check_output(output)
    if shapes is not None and not shapes.strip():
        from ..errors import InputError

        raise InputError("--shapes is empty; name a shapes file")
    report = run_validation(check_inputs(paths), engine=engine, shapes=shapes)
    _emit(render(report, fmt, lang=lang, strict=strict), output)
    sys.exit(report.exit_code(strict))
