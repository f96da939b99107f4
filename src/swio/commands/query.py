"""``swio query``."""

from __future__ import annotations

import click

from .endpoint_options import endpoint_options
from .output import check as _check_output
from .output import emit as _emit
from .paths import check_inputs


def _parse_params(values) -> dict[str, str]:
    from ..errors import QueryError

    params = {}
    for item in values:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise QueryError(f"--param expects NAME=VALUE, got {item!r}")
        if name in params:
            raise QueryError(f"--param {name} is given twice")
        params[name] = value
    return params


def _width(option: int | None, output: str | None) -> int | None:
    """The width tables fit: --width (0: no limit); else $COLUMNS; else the terminal's, when the answer
    goes to a terminal; else no limit (a file, a pipe: lines as long as the answer needs)."""
    import os
    import shutil
    import sys

    if option is not None:
        return option or None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if output is None and sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def _list(lang: str) -> str:
    from ..queries import words
    from ..queries.catalog import catalog

    rows = []
    other = "zh" if lang == "en" else "en"
    for q in catalog().values():
        params = " ".join(f"{p.name}=<{p.type}>" for p in q.params)
        titles = f"{q.title.get(lang, '')} / {q.title.get(other, '')}"
        rows.append((q.name, titles, params))
    width = max(len(r[0]) for r in rows)
    label = words.text("params", lang)
    text = "\n".join(f"{n:<{width}}  {t}" + (f"  [{label}: {ps}]" if ps else "") for n, t, ps in rows)
    return text + "\n" + words.text("list_count", lang, n=len(rows)) + "\n"


def _prefix_problem(query) -> bool:
    """Print the error for an undeclared prefix, with the PREFIX lines to copy; True when there was one."""
    from ..queries.sparql_help import prefix_lines, undeclared_prefix_problem

    problem = undeclared_prefix_problem(query.text, query.name)
    if not problem:
        return False
    click.echo(f"swio: error: {problem}", err=True)
    click.echo("swio: the vocabularies SWIO uses, to copy to the top of the query:", err=True)
    for line in prefix_lines():
        click.echo(line, err=True)
    return True


FORMATS = ["table", "records", "csv", "tsv", "json", "srj", "srx"]


@click.command()
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the canned questions.")
@click.option(
    "--describe",
    is_flag=True,
    help="Explain the question NAME: what it asks, its parameters with examples, what each column means.",
)
@click.option(
    "--prefixes", "prefixes_", is_flag=True, help="Print the PREFIX lines of the vocabularies SWIO uses, and stop."
)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table (fits the terminal), records (one block per row), csv, tsv, json, or the W3C SPARQL results "
    "formats srj (JSON) and srx (XML).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of the answer: fills ?lang (the labels' language) and names the columns.",
)
@click.option(
    "--bom",
    is_flag=True,
    help="With --format csv or tsv: a UTF-8 byte-order mark and CRLF line ends, for Excel and WPS.",
)
@click.option(
    "--names",
    is_flag=True,
    help="Head table, records and CSV/TSV columns with the variable names (as JSON does), not labels.",
)
@click.option(
    "--width",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Fit tables to N columns (0: no limit; default: $COLUMNS or the terminal's width).",
)
@click.option(
    "--endpoint", default=None, metavar="URL", help="A SPARQL 1.1 query endpoint instead of the embedded store."
)
@endpoint_options("query", "query these graphs (FROM) instead of the ontology and data graphs.")
@click.option(
    "--timeout",
    type=float,
    default=60.0,
    show_default=True,
    help="With --endpoint: seconds the whole request may take.",
)
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(),
    help="Query these data files instead of the shipped data (embedded store only).",
)
@click.option("-o", "--output", type=click.Path(), default=None, help="Write the answer to a file (atomically).")
@click.pass_context
def query(
    ctx,
    name,
    list_,
    describe,
    prefixes_,
    params,
    fmt,
    lang,
    bom,
    names,
    width,
    endpoint,
    graphs,
    default_graph,
    user,
    password,
    auth,
    timeout,
    data_paths,
    output,
):
    """Answer a canned question (NAME) or run a SPARQL file (FILE.rq).

    The answer's labels are in the language of --lang (it fills ?lang in the query), and so are the
    column headers of tables and CSV; JSON keys are the query's variable names.
    """
    from ..errors import QueryError
    from ..queries.catalog import get_query, run
    from ..queries.table import render

    _check_output(output)
    if bom and fmt not in ("csv", "tsv"):
        raise click.UsageError("--bom applies to --format csv or tsv")
    if prefixes_:
        from ..queries.sparql_help import prefix_lines

        _emit("\n".join(prefix_lines()) + "\n", output)
        return
    if list_:
        _emit(_list(lang), output)
        return
    if not name:
        raise QueryError("give a query NAME or FILE.rq, or --list")
    if describe:
        from ..queries.describe import describe as describe_text

        _emit(describe_text(get_query(name), lang, _width(width, output)), output)
        return
    if _prefix_problem(get_query(name)):
        ctx.exit(2)
    options = {}
    dataset = None
    if endpoint:
        options = {
            "user": user,
            "password": password,
            "auth": auth,
            "timeout": timeout,
            "log": lambda m: click.echo(m, err=True),
        }
        if default_graph:
            options["graphs"] = []
        elif graphs:
            options["graphs"] = list(graphs)
    elif data_paths:
        from ..input.dataset import Dataset

        dataset = Dataset.load(check_inputs(data_paths, "--data"))
    table = run(name, params=_parse_params(params), lang=lang, dataset=dataset, endpoint=endpoint, **options)
    for warning in table.warnings:
        click.echo(f"swio: warning: {warning}", err=True)
    for note in table.notes:
        click.echo(f"swio: note: {note}", err=True)
    text = render(table, fmt, lang=lang, width=_width(width, output), bom=bom, names=names)
    _emit(text.encode("utf-8") if fmt in ("csv", "tsv", "srj", "srx") else text, output)
