"""``swio validate``.

The command reads the data and validates it (:func:`_validate_files`, :func:`_validate_workbook` for a
workbook, or :func:`_validate_store` with ``--endpoint``), lets other checks add their results to the report (:func:`_add_other_checks`), then writes
the report as a stream (:func:`_write`).
"""

from __future__ import annotations

import sys

import click

from .endpoint_options import endpoint_options
from .output import check as _check_output
from .output import emit as _emit
from .paths import check_inputs

_SHOWN_UNCHECKED = 20  # ill-typed literals no shape checks, listed on stderr; the rest counted


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--shapes",
    type=click.Path(),
    default=None,
    help="Your own shapes file: validate exactly the data PATHS (required) against exactly these shapes, "
    "nothing added. Without --shapes: SWIO's shapes, with SWIO's ontology and vocabularies merged into the data.",
)
@click.option(
    "--with-swio-ontology",
    is_flag=True,
    help="With --shapes: add SWIO's ontology and vocabularies to the data (shapes written for SWIO's data).",
)
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
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="sparql: SHACL compiled to SPARQL on Oxigraph (fast, complete); pyshacl: the reference engine.",
)
@click.option(
    "--max-results",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Keep at most N results in the report (the first by severity and focus node); the counts, and a "
    "summary per shape and component, cover every result. Memory stays bounded however many there are.",
)
@click.option(
    "--summary",
    "show_summary",
    is_flag=True,
    help="Text format: add the number of results per shape and component (shown anyway when --max-results "
    "leaves results out).",
)
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
    paths,
    shapes,
    with_swio_ontology,
    fmt,
    strict,
    engine,
    max_results,
    show_summary,
    lang,
    output,
    endpoint,
    graphs,
    default_graph,
    user,
    password,
    auth,
    timeout,
):
    """Validate data files, or the data in a SPARQL store, against SHACL shapes.

    \b
    swio validate [PATHS]                    SWIO's shapes; PATHS (default: the shipped data)
                                             validated together with SWIO's ontology and vocabularies
    swio validate --shapes SHAPES PATHS...   your shapes on exactly the data PATHS, nothing added
                                             (--with-swio-ontology adds SWIO's ontology and vocabularies)
    swio validate --endpoint URL             the graphs of a SPARQL 1.1 store (by default the two that
                                             swio load writes)

    PATHS are .ttl files or directories of them. Exit codes: 0 conforms (warnings allowed), 1 violations
    (or warnings with --strict), 2 input, usage or system errors.
    """
    from ..errors import InputError

    _check_output(output)
    if shapes is not None and not shapes.strip():
        raise InputError("--shapes is empty; name a shapes file")
    if with_swio_ontology and shapes is None:
        raise InputError("--with-swio-ontology goes with --shapes (SWIO's own shapes always have the ontology)")
    if endpoint is None:
        for flag, given in (("--graph", graphs), ("--default-graph", default_graph), ("--user", user)):
            if given:
                raise InputError(f"{flag} only applies with --endpoint")
        from ..sheets.inputs import is_sheets_input  # a workbook or CSV folder: results at its cells

        workbook = bool(paths) and is_sheets_input(paths[0])
        if workbook:
            report = _validate_workbook(paths, shapes, engine)
        else:
            report = _validate_files(paths, shapes, with_swio_ontology, engine, max_results)
    else:
        workbook = False
        report = _validate_store(
            paths, endpoint, shapes, with_swio_ontology, engine, graphs, default_graph, user, password, auth, timeout
        )
    report.limit(max_results)
    _add_other_checks(report, paths, swio_data=endpoint is None and not workbook and shapes is None)
    _write(report, fmt, lang, strict, show_summary, output, workbook)
    sys.exit(report.exit_code(strict))


def _validate_files(paths, shapes, with_swio_ontology, engine, max_results):
    """The data is read and validated here (:func:`swio.shacl.validation.validate`)."""
    from ..errors import InputError
    from ..shacl.validation import validate as run_validation  # light: the engine is imported while the data loads

    inputs = check_inputs(paths)
    if shapes is not None and inputs is None:
        raise InputError("--shapes names your own shapes: give the data files to validate with them (PATHS)")
    report = run_validation(
        inputs, engine=engine, shapes=shapes, with_swio_ontology=with_swio_ontology or None, max_results=max_results
    )
    _note_unchecked(report)
    return report


def _validate_workbook(paths, shapes, engine):
    """A workbook (or a folder of CSV files) of the template, with the data files given after it: every
    result at its cell (:mod:`swio.sheets`)."""
    from ..sheets import validate_workbook

    return validate_workbook(paths[0], context=check_inputs(paths[1:]), engine=engine, shapes=shapes)


def _validate_store(
    paths, endpoint, shapes, with_swio_ontology, engine, graphs, default_graph, user, password, auth, timeout
):
    from ..errors import InputError
    from ..remote.validate import DEFAULT_GRAPHS, validate_endpoint

    if paths:
        raise InputError("give either data PATHS or --endpoint, not both")
    if engine == "pyshacl":
        raise InputError("--engine pyshacl reads files; in-store validation (--endpoint) uses the sparql engine")
    if with_swio_ontology:
        raise InputError("--with-swio-ontology reads files; with --endpoint, name the store's graphs (--graph)")
    if default_graph and graphs:
        raise InputError("give either --graph or --default-graph, not both")
    chosen = [] if default_graph else (list(graphs) or list(DEFAULT_GRAPHS))
    return validate_endpoint(
        endpoint,
        graphs=chosen,
        shapes=shapes,
        user=user,
        password=password,
        auth=auth,
        timeout=timeout,
        log=lambda m: click.echo(m, err=True),
    )


def _add_other_checks(report, paths, *, swio_data: bool) -> None:
    """Checks beyond SHACL add their results here (``report.add_results``), before the report is written.

    Data files validated with SWIO's own shapes: every typed date, year, count and amount against its own
    sentence (:mod:`swio.sentence_values`), a disagreement a warning of ``swiosh:SentenceValueShape``."""
    if swio_data:
        from ..sentence_values import add_warnings

        add_warnings(report, check_inputs(paths))


def _note_unchecked(report) -> None:
    """Your shapes: the ill-typed literals no sh:datatype checked, one note each on stderr (the exit code is
    the shapes' verdict)."""
    found = report.unchecked_ill_typed
    for bad in found[:_SHOWN_UNCHECKED]:
        click.echo(f"swio: note: {bad.message()} (no sh:datatype of the shapes checks it)", err=True)
    if len(found) > _SHOWN_UNCHECKED:
        click.echo(f"swio: note: ... and {len(found) - _SHOWN_UNCHECKED} more ill-typed literals", err=True)


def _write(report, fmt, lang, strict, show_summary, output, workbook=False) -> None:
    if workbook and fmt == "text" and not show_summary and not report.truncated:
        from ..sheets import summary  # many results of a workbook: grouped by sheet and column

        _emit(summary.render_report(report, fmt, lang=lang, strict=strict), output)
        return
    from ..shacl.report_formats import chunks

    _emit(chunks(report, fmt, lang=lang, strict=strict, show_summary=True if show_summary else None), output)
