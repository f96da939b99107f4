"""``swio serve``."""

from __future__ import annotations

import click


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
def serve(paths, host, port):
    """Serve the publication live: pages, RDF by content negotiation, SPARQL endpoint, canned questions."""
    raise click.ClickException("not yet")
