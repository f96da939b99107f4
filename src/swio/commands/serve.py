"""``swio serve``."""

from __future__ import annotations

import click

from .endpoint_options import endpoint_options


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
@click.option(
    "--endpoint",
    default=None,
    metavar="URL",
    help="Serve the graph a SPARQL 1.1 store holds (its query endpoint) instead of loading files: every page and "
    "/sparql come from the store, and this process keeps no copy of the graph (docs/deploying.md).",
)
@endpoint_options("serve", "serve these graphs instead of the ontology and data graphs swio load writes.")
@click.option(
    "--store-timeout",
    default=300.0,
    show_default=True,
    type=click.FloatRange(1, 86400),
    help="With --endpoint: seconds one query of a page may take at the store (pages made from the whole graph "
    "take minutes at ten million triples, once per version).",
)
@click.option(
    "--page-wait",
    default=20.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="With --endpoint: seconds a reader waits for a page made from the whole graph while the store makes it "
    "(once per version); past that the answer is 503 with Retry-After and the page is still made.",
)
@click.option(
    "--base-url",
    default=None,
    metavar="URL",
    help="With --endpoint: the address readers reach the pages at (behind a reverse proxy: its public URL, with "
    "its path); redirects and absolute links use it.",
)
@click.option(
    "--recheck",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0, 86400),
    help="With --endpoint: seconds between two readings of the published version (0: never).",
)
def serve(
    paths,
    host,
    port,
    sparql_workers,
    timeout,
    trusted_proxies,
    access_log,
    endpoint,
    graphs,
    default_graph,
    user,
    password,
    auth,
    store_timeout,
    page_wait,
    base_url,
    recheck,
):
    """Serve the publication live: pages, RDF by content negotiation, a read-only SPARQL endpoint, questions.

    From files (the shipped data by default), or with --endpoint from the store that holds the graph.
    Made to face the internet: docs/running-in-public.md says what it refuses and its limits."""
    from ..errors import InputError
    from ..serve import Limits, run

    limits = Limits(sparql_timeout=timeout, trusted_proxies=tuple(trusted_proxies), page_wait=page_wait)
    if endpoint is None:
        for flag, given in (
            ("--graph", graphs),
            ("--default-graph", default_graph),
            ("--user", user),
            ("--base-url", base_url),
        ):
            if given:
                raise InputError(f"{flag} goes with --endpoint URL")
    else:
        if paths:
            raise InputError("give PATHs (files to load) or --endpoint URL (a store that holds the graph), not both")
        if base_url is not None and not base_url.startswith(("http://", "https://")):
            raise InputError(f"--base-url {base_url!r} is not an http(s) URL")
        from ..serve.store import run_store

        def ready_store(site):
            info = site.publication.info
            click.echo(
                f"serving the graph of {site.graph.url} ({len(site.publication.dataset)} triples, version "
                f"{info.version}) at http://{host}:{port}/ (SPARQL endpoint: http://{host}:{port}/sparql); "
                "Ctrl-C stops",
                err=True,
            )

        run_store(
            endpoint,
            graphs=list(graphs),
            default_graph=default_graph,
            user=user,
            password=password,
            auth=auth,
            store_timeout=store_timeout,
            base_url=base_url,
            recheck=recheck,
            host=host,
            port=port,
            limits=limits,
            access_log=access_log,
            ready=ready_store,
            log_line=lambda m: click.echo(f"swio: {m}", err=True),
        )
        return

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
        limits=limits,
        access_log=access_log,
        ready=ready,
    )
