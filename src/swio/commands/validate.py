"""``swio validate``."""

from __future__ import annotations

import sys

import click

from .endpoint_options import endpoint_options
from .output import check as _check_output
from .output import emit as _emit
from .paths import check_inputs


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle", "junit", "sarif"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("--strict", is_flag=True, help="Warnings make the exit code 1 too.")
@click.option(
    "--engine",
    type=click.Choice(["auto", "sparql", "pyshacl"]),
    default="auto",
    show_default=True,
    help="sparql: SHACL compiled to SPARQL on Oxigraph (fast, complete); pyshacl: the reference "
    "engine; auto: the same as sparql (kept for compatibility).",
)
@click.option("--shapes", type=click.Path(), default=None, help="Another shapes file (default: ontology/shapes.ttl).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Message language.")
@click.option("-o", "--output", type=click.Path(), default=None, help="Write the report to a file (atomically).")
@click.option(
    "--endpoint",
    default=None,
    metavar="URL",
    help="Validate the data in a SPARQL 1.1 store, in place (the shapes run there as queries).",
)
@endpoint_options(
    "validate", "validate these graphs (read together, FROM) instead of the ontology and data graphs swio load writes."
)
@click.option(
    "--timeout",
    type=float,
    default=300.0,
    show_default=True,
    help="With --endpoint: seconds each query may take (the whole request).",
)
def validate(
    paths, fmt, strict, engine, shapes, lang, output, endpoint, graphs, default_graph, user, password, auth, timeout
):
    """Validate data files, or the data in a SPARQL store, with the SWIO shapes.

    With no PATHS, the shipped data; PATHS may be .ttl files or directories of them,
    each validated together with the ontology and vocabularies. With --endpoint, the
    graphs of a SPARQL 1.1 store (by default the two that swio load writes).
    """
    from ..errors import InputError
    from ..shacl.validation import validate as run_validation  # light: the engine is imported while the data loads

    _check_output(output)
    if shapes is not None and not shapes.strip():
        raise InputError("--shapes is empty; name a shapes file")
    if endpoint is None:
        for flag, given in (("--graph", graphs), ("--default-graph", default_graph), ("--user", user)):
            if given:
                raise InputError(f"{flag} only applies with --endpoint")
        from ..sheets.inputs import is_sheets_input  # a workbook or CSV folder: results at its cells

        if paths and is_sheets_input(paths[0]):
            from ..sheets import summary, validate_workbook

            report = validate_workbook(paths[0], context=check_inputs(paths[1:]), engine=engine, shapes=shapes)
            _emit(summary.render_report(report, fmt, lang=lang, strict=strict), output)
            sys.exit(report.exit_code(strict))
        report = run_validation(check_inputs(paths), engine=engine, shapes=shapes)
    else:
        from ..remote.validate import DEFAULT_GRAPHS, validate_endpoint

        if paths:
            raise InputError("give either data PATHS or --endpoint, not both")
        if engine == "pyshacl":
            raise InputError("--engine pyshacl reads files; in-store validation (--endpoint) uses the sparql engine")
        if default_graph and graphs:
            raise InputError("give either --graph or --default-graph, not both")
        chosen = [] if default_graph else (list(graphs) or list(DEFAULT_GRAPHS))
        report = validate_endpoint(
            endpoint,
            graphs=chosen,
            shapes=shapes,
            user=user,
            password=password,
            auth=auth,
            timeout=timeout,
            log=lambda m: click.echo(m, err=True),
        )
    from ..shacl.report_formats import render

    _emit(render(report, fmt, lang=lang, strict=strict), output)
    sys.exit(report.exit_code(strict))
