"""``swio load``."""

from __future__ import annotations

import click


def _parse_graphs(values) -> dict[str, str]:
    from ..errors import InputError

    graphs = {}
    for item in values:
        name, sep, iri = item.partition("=")
        if not sep or name not in ("ontology", "data") or not iri:
            raise InputError(f"--graph expects ontology=IRI or data=IRI, got {item!r}")
        graphs[name] = iri
    return graphs


@click.command()
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
    from ..input.dataset import Dataset
    from ..remote.load import load as load_store

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
