"""The ``swio`` command line: a thin layer over the library.

Exit codes: 0 success (validation: conforms, warnings allowed), 1 violations (or
warnings with ``--strict``), 2 input, query or endpoint errors. Errors are one
line on stderr, never a traceback.
"""

from __future__ import annotations

import sys

import click

from . import __version__
from .errors import SwioError


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SwioError as err:
            for line in str(err).splitlines() or [type(err).__name__]:
                click.echo(f"swio: error: {line}", err=True)
            ctx.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("swio: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="swio")
def main():
    """SWIO: the Social Work Industry Organisation knowledge graph.

    Validate the graph, ask the canned questions about the models, load it into a
    triplestore and build a release.
    """


def _emit(text: str, output: str | None) -> None:
    if output:
        from .fsutil import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


# -- validate --------------------------------------------------------------------------
@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle", "junit"]), default="text",
              show_default=True, help="Report format.")
@click.option("--strict", is_flag=True, help="Warnings make the exit code 1 too.")
@click.option("--engine", type=click.Choice(["auto", "sparql", "pyshacl"]), default="auto", show_default=True,
              help="sparql: SHACL compiled to SPARQL on Oxigraph (fast); pyshacl: the reference engine; "
                   "auto: sparql unless the shapes need pyshacl.")
@click.option("--shapes", type=click.Path(), default=None, help="Another shapes file (default: ontology/shapes.ttl).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Message language.")
@click.option("-o", "--output", type=click.Path(), default=None, help="Write the report to a file (atomically).")
def validate(paths, fmt, strict, engine, shapes, lang, output):
    """Validate data files with the SWIO shapes.

    With no PATHS, the shipped data; PATHS may be .ttl files or directories of them,
    each validated together with the ontology and vocabularies.
    """
    from .report_formats import render
    from .validation import validate as run_validation

    report = run_validation(list(paths) or None, engine=engine, shapes=shapes)
    _emit(render(report, fmt, lang=lang, strict=strict), output)
    sys.exit(report.exit_code(strict))


# -- query -----------------------------------------------------------------------------
def _parse_params(values) -> dict[str, str]:
    from .errors import QueryError

    params = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"--param expects NAME=VALUE, got {item!r}")
        params[name.strip()] = value
    return params


@main.command()
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the canned questions.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True)
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of labels in the answer.")
@click.option("--endpoint", default=None, metavar="URL", help="A SPARQL 1.1 query endpoint instead of the embedded store.")
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="With --endpoint: query these graphs (FROM) instead of the ontology and data graphs.")
@click.option("--default-graph", is_flag=True,
              help="With --endpoint: query the endpoint's default graph as it is (no FROM clauses).")
@click.option("--user", default=None, help="With --endpoint: user name for HTTP authentication.")
@click.option("--password", default=None, envvar="SWIO_PASSWORD", help="Password (or set SWIO_PASSWORD).")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait for the endpoint.")
@click.option("--data", "data_paths", multiple=True, type=click.Path(),
              help="Query these data files instead of the shipped data (embedded store only).")
@click.option("-o", "--output", type=click.Path(), default=None, help="Write the answer to a file (atomically).")
def query(name, list_, params, fmt, lang, endpoint, graphs, default_graph, user, password, timeout, data_paths,
          output):
    """Answer a canned question (NAME) or run a SPARQL file (FILE.rq)."""
    from .errors import QueryError
    from .queries import catalog, run
    from .results import render

    if list_:
        rows = []
        for q in catalog().values():
            rows.append((q.name, q.title.get("en", ""), q.title.get("zh", ""),
                         " ".join(f"{p.name}=<{p.type}>" for p in q.params)))
        width = max(len(r[0]) for r in rows)
        text = "\n".join(f"{n:<{width}}  {en} / {zh}" + (f"  [params: {ps}]" if ps else "") for n, en, zh, ps in rows)
        _emit(text + f"\n({len(rows)} questions)\n", output)
        return
    if not name:
        raise QueryError("give a query NAME or FILE.rq, or --list")
    options = {}
    dataset = None
    if endpoint:
        options = {"user": user, "password": password, "timeout": timeout}
        if default_graph:
            options["graphs"] = []
        elif graphs:
            options["graphs"] = list(graphs)
    elif data_paths:
        from .dataset import Dataset

        dataset = Dataset.load(list(data_paths))
    table = run(name, params=_parse_params(params), lang=lang, dataset=dataset, endpoint=endpoint, **options)
    _emit(render(table, fmt), output)


# -- load ------------------------------------------------------------------------------
def _parse_graphs(values) -> dict[str, str]:
    from .errors import InputError

    graphs = {}
    for item in values:
        name, sep, iri = item.partition("=")
        if not sep or name not in ("ontology", "data") or not iri:
            raise InputError(f"--graph expects ontology=IRI or data=IRI, got {item!r}")
        graphs[name] = iri
    return graphs


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--store", default=None, metavar="URL", help="SPARQL 1.1 Graph Store Protocol endpoint.")
@click.option("--update", default=None, metavar="URL", help="SPARQL 1.1 Update endpoint (for stores without GSP, "
              "and for the final atomic MOVE).")
@click.option("--query", "query_url", default=None, metavar="URL",
              help="Query endpoint used to count what was loaded (derived from --store/--update when possible).")
@click.option("--graph", "graphs", multiple=True, metavar="ontology=IRI|data=IRI",
              help="Target graph IRIs (default: the ontology IRI and the dataset IRI).")
@click.option("--user", default=None, help="User name for HTTP authentication.")
@click.option("--password", default=None, envvar="SWIO_PASSWORD", help="Password (or set SWIO_PASSWORD).")
@click.option("--auth", type=click.Choice(["auto", "basic", "digest"]), default="auto", show_default=True,
              help="auto: basic, or digest when the store asks for it.")
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds per HTTP request.")
@click.option("--retries", type=int, default=3, show_default=True,
              help="Retries (with backoff) on connection errors and 5xx answers.")
@click.option("--batch-size", type=int, default=100_000, show_default=True, help="Triples per Graph Store request.")
@click.option("--update-batch-size", type=int, default=5_000, show_default=True,
              help="Triples per INSERT DATA request.")
@click.option("--bulk", is_flag=True, help="Oxigraph's non-transactional bulk loader: fastest, not atomic.")
@click.option("--parallel", type=int, default=2, show_default=True, help="With --bulk: concurrent requests per graph.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
def load(paths, store, update, query_url, graphs, user, password, auth, timeout, retries, batch_size,
         update_batch_size, bulk, parallel, quiet):
    """Load the ontology and the data (default: the shipped data) into a triplestore.

    Each goes into its own named graph through a staging graph, is counted through
    the query endpoint, and replaces the previous version in one atomic MOVE.
    """
    from .dataset import Dataset
    from .triplestore import load as load_store

    dataset = Dataset.load(list(paths) or None)
    say = (lambda _m: None) if quiet else (lambda m: click.echo(m, err=True))
    report = load_store(dataset, store=store, update=update, query=query_url, graphs=_parse_graphs(graphs),
                        user=user, password=password, auth=auth, timeout=timeout, retries=retries,
                        batch_size=batch_size, update_batch_size=update_batch_size, bulk=bulk, parallel=parallel,
                        log=say)
    if not quiet:
        for g in report.graphs:
            click.echo(f"{g.name} graph <{g.graph}>: {g.triples} triples sent, {g.counted} counted in the store")
        click.echo(f"loaded in {report.seconds:.2f} s with {report.requests} requests ({report.method})")


# -- build -----------------------------------------------------------------------------
@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", default="dist", show_default=True, type=click.Path(), help="Release folder (replaced whole).")
@click.option("--date", default=None, metavar="YYYY-MM-DD",
              help="Release date (default: SOURCE_DATE_EPOCH, else the ontology's dcterms:modified).")
def build(paths, out, date):
    """Build a versioned release: the graph in five formats, ontology, shapes, VoID/DCAT, answers."""
    from .release import build as build_release

    result = build_release(out, data_paths=list(paths) or None, date=date)
    for name, digest in sorted(result.files.items()):
        click.echo(f"{digest[:12]}  {result.out / name}")
    click.echo(f"built release {result.version} ({result.triples} triples, {len(result.files)} files) in {result.out}")


# -- synth -----------------------------------------------------------------------------
@main.command()
@click.option("--scale", type=int, default=10_000, show_default=True, help="About how many triples to generate.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed: same seed, same bytes.")
@click.option("--violations", type=int, default=0, show_default=True,
              help="Seed this many violations of each kind (listed in ground-truth.json).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for synth.ttl and ground-truth.json.")
def synth(scale, seed, violations, out):
    """Generate a deterministic national-scale synthetic graph for benchmarks and tests."""
    from .synth import generate

    result = generate(out, scale=scale, seed=seed, violations=violations)
    click.echo(f"wrote {result.path} ({result.triples} triples, {result.districts} districts) "
               f"and {result.ground_truth} ({len(result.expected)} expected results)")


if __name__ == "__main__":  # pragma: no cover
    main()
