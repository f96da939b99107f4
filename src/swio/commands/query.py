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


@click.command()
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the canned questions.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@click.option(
    "--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Language of labels in the answer."
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
def query(
    name, list_, params, fmt, lang, endpoint, graphs, default_graph, user, password, auth, timeout, data_paths, output
):
    """Answer a canned question (NAME) or run a SPARQL file (FILE.rq)."""
    from ..errors import QueryError
    from ..queries.catalog import catalog, run
    from ..queries.table import render

    _check_output(output)
    if list_:
        rows = []
        for q in catalog().values():
            rows.append(
                (
                    q.name,
                    q.title.get("en", ""),
                    q.title.get("zh", ""),
                    " ".join(f"{p.name}=<{p.type}>" for p in q.params),
                )
            )
        width = max(len(r[0]) for r in rows)
        text = "\n".join(f"{n:<{width}}  {en} / {zh}" + (f"  [params: {ps}]" if ps else "") for n, en, zh, ps in rows)
        _emit(text + f"\n({len(rows)} questions)\n", output)
        return
    if not name:
        raise QueryError("give a query NAME or FILE.rq, or --list")
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
    _emit(render(table, fmt), output)
