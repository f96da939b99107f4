"""``swio load``."""

from __future__ import annotations

import signal
from contextlib import contextmanager

import click

from .flags import as_flags
from .progress import progress


def _parse_graphs(values) -> dict[str, str]:
    from ..errors import InputError
    from ..remote.sparql import check_iri

    graphs = {}
    for item in values:
        name, sep, iri = item.partition("=")
        if not sep or name not in ("ontology", "data") or not iri:
            raise InputError(f"--graph expects ontology=IRI or data=IRI, got {item!r}")
        graphs[name] = check_iri(iri, f"--graph {name}=")
    return graphs


@contextmanager
def _sigterm_as_interrupt():
    """A SIGTERM (a cron job's timeout, a service stop) cleans up like Ctrl-C instead of dying mid-request."""

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (e.g. called from a test runner's worker): leave it alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--store", default=None, metavar="URL", help="SPARQL 1.1 Graph Store Protocol endpoint.")
@click.option(
    "--update",
    default=None,
    metavar="URL",
    help="SPARQL 1.1 Update endpoint (for stores without GSP, and for publishing).",
)
@click.option(
    "--query",
    "query_url",
    default=None,
    metavar="URL",
    help="Query endpoint used to count what was loaded (derived from --store/--update when possible).",
)
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="ontology=IRI|data=IRI",
    help="Target graph IRIs (default: the ontology IRI and the dataset IRI).",
)
@click.option("--user", default=None, help="User name for HTTP authentication.")
@click.option("--password", default=None, envvar="SWIO_PASSWORD", help="Password (or set SWIO_PASSWORD).")
@click.option(
    "--auth",
    type=click.Choice(["auto", "basic", "digest"]),
    default="auto",
    show_default=True,
    help="auto: no credentials until the store asks, then the scheme it asks for.",
)
@click.option(
    "--timeout",
    type=float,
    default=120.0,
    show_default=True,
    help="Seconds each HTTP request may take in all (connect, send, wait, read).",
)
@click.option(
    "--retries",
    type=int,
    default=3,
    show_default=True,
    help="Retries (with backoff) on connection errors, timeouts and 5xx answers.",
)
@click.option("--batch-size", type=int, default=100_000, show_default=True, help="Triples per Graph Store request.")
@click.option(
    "--update-batch-size", type=int, default=5_000, show_default=True, help="Triples per INSERT DATA request."
)
@click.option(
    "--union-default-graph",
    "union",
    type=click.Choice(["auto", "yes", "no"]),
    default="auto",
    show_default=True,
    help="Is the store's default graph the union of its named graphs? auto: probe it.",
)
@click.option(
    "--stale-after",
    type=float,
    default=24.0,
    show_default=True,
    metavar="HOURS",
    help="Drop staging graphs that runs started this long ago left behind.",
)
@click.option("--cleanup", is_flag=True, help="Only drop stale staging graphs (see --stale-after), load nothing.")
@click.option("--no-validate", is_flag=True, help="Load without validating the data first.")
@click.option("--bulk", is_flag=True, help="Oxigraph's non-transactional bulk loader: fastest, not atomic.")
@click.option(
    "--parallel", type=int, default=2, show_default=True, help="Concurrent requests per graph for the bulk loader."
)
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
def load(
    paths,
    store,
    update,
    query_url,
    graphs,
    user,
    password,
    auth,
    timeout,
    retries,
    batch_size,
    update_batch_size,
    union,
    stale_after,
    cleanup,
    no_validate,
    bulk,
    parallel,
    quiet,
):
    """Validate the ontology and the data (default: the shipped data) and load them into a triplestore.

    Each goes into its own named graph through a staging graph private to this run, is
    counted through the query endpoint, and replaces the previous version in one request.
    """
    from ..remote.load import cleanup as cleanup_store
    from ..remote.load import load as load_store

    with progress("load") as shown:
        if quiet:
            shown = None
        say = (lambda _m: None) if quiet else (shown.echo if shown else (lambda m: click.echo(m, err=True)))
        graph_iris = _parse_graphs(graphs)
        options = dict(
            store=store,
            update=update,
            query=query_url,
            user=user,
            password=password,
            auth=auth,
            timeout=timeout,
            retries=retries,
            log=say,
        )
        if cleanup:
            dropped = cleanup_store(older_than=stale_after, **options)
            if not quiet:
                click.echo(
                    f"dropped {len(dropped)} stale staging graph{'' if len(dropped) == 1 else 's'}"
                    f" (older than {stale_after:g} h)"
                )
            return
        from ..input.dataset import Dataset

        if shown:
            shown("reading the data")
        dataset = Dataset.load(list(paths) or None)
        with _sigterm_as_interrupt():
            report = load_store(
                dataset,
                graphs=graph_iris,
                batch_size=batch_size,
                update_batch_size=update_batch_size,
                bulk=bulk,
                parallel=parallel,
                union=union,
                stale_after=stale_after,
                validate=not no_validate,
                progress=shown,
                **options,
            )
    if not quiet:
        for g in report.graphs:
            click.echo(f"{g.name} graph <{g.graph}>: {g.count} triples sent, {g.counted} counted in the store")
        click.echo(f"validation: {as_flags(report.validation)}")
        click.echo(f"loaded in {report.seconds:.2f} s with {report.requests} requests ({report.method})")
