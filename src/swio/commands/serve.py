"""``swio serve``."""

from __future__ import annotations

import click


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--sparql-workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes answering /sparql (forked from one that loaded the graph: they share it).",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a SPARQL query may wait for a worker and run, in all, before it is stopped (503).",
)
@click.option(
    "--trust-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="ADDRESS",
    help="A reverse proxy's address: its X-Forwarded-For names the client, for the per-client limits (repeatable).",
)
@click.option("--access-log/--no-access-log", default=False, show_default=True, help="Log every request.")
def serve(paths, host, port, sparql_workers, timeout, trusted_proxies, access_log):
    """Serve the publication live: pages, RDF by content negotiation, a read-only SPARQL endpoint, questions.

    Made to face the internet: docs/running-in-public.md says what it refuses and its limits."""
    from ..serve import Limits, run

    def ready(publication):
        click.echo(
            f"serving {len(publication.dataset)} triples at http://{host}:{port}/ "
            f"(SPARQL endpoint: http://{host}:{port}/sparql); Ctrl-C stops",
            err=True,
        )

    run(
        list(paths) or None,
        host=host,
        port=port,
        sparql_workers=sparql_workers,
        limits=Limits(sparql_timeout=timeout, trusted_proxies=tuple(trusted_proxies)),
        access_log=access_log,
        ready=ready,
    )
