"""``swio build``."""

from __future__ import annotations

import click

from .paths import check_inputs
from .progress import progress


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--out",
    default="dist",
    show_default=True,
    type=click.Path(),
    help="Release folder: new, empty or a previous release (replaced whole).",
)
@click.option(
    "--date",
    default=None,
    metavar="YYYY-MM-DD",
    help="Release date (default: SOURCE_DATE_EPOCH, else the ontology's dcterms:modified).",
)
@click.option(
    "--no-site",
    is_flag=True,
    help="Leave out site/ (the web site: a page per resource; at a million triples most of the build).",
)
@click.option(
    "--sparql-endpoint",
    default=None,
    metavar="URL",
    help="A live SPARQL endpoint over the same graph, linked from the site's navigation (default: none).",
)
@click.option(
    "--resource-pages",
    type=click.Choice(["auto", "all", "none"]),
    default="auto",
    show_default=True,
    help="In site/, a page per resource: auto when the graph has at most 20,000 resources (else the pages "
    "link to the resources' IRIs: serve those with swio serve --endpoint).",
)
def build(paths, out, date, no_site, sparql_endpoint, resource_pages):
    """Build a versioned release: the graph in five formats, ontology, shapes, VoID/DCAT, answers.

    --out is replaced only if it is a previous release (its SHA256SUMS lists every file);
    anything else is refused. Stale folders of killed builds next to it are removed."""
    from ..errors import InputError
    from ..publish.release import build as build_release

    if sparql_endpoint is not None and not sparql_endpoint.startswith(("http://", "https://")):
        raise InputError(f"--sparql-endpoint {sparql_endpoint!r} is not an http(s) URL")
    with progress("build") as shown:
        result = build_release(
            out,
            data_paths=check_inputs(paths),
            date=date,
            with_site=not no_site,
            sparql_endpoint=sparql_endpoint,
            resource_pages=resource_pages,
            progress=shown,
        )
    for path in result.leftovers.removed:
        click.echo(f"swio: removed {path}, left by a build that was killed", err=True)
    for path in result.leftovers.unknown:
        click.echo(
            f"swio: note: {path} may be left by a killed build of an older swio; delete it if no build is running",
            err=True,
        )
    for note in result.notes:
        click.echo(f"swio: note: {note}", err=True)
    for name, digest in sorted(result.files.items()):
        click.echo(f"{digest[:12]}  {result.out / name}")
    click.echo(f"built release {result.version} ({result.triples} triples, {len(result.files)} files) in {result.out}")
