"""``swio site``."""

from __future__ import annotations

import click


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", default="site", show_default=True, type=click.Path(), help="Site folder (replaced whole).")
@click.option(
    "--base-url",
    default="https://w3id.org/swio",
    show_default=True,
    metavar="URL",
    help="Where the site is hosted: the .htaccess redirects the w3id.org IRIs there.",
)
@click.option(
    "--date",
    default=None,
    metavar="YYYY-MM-DD",
    help="Release date shown (default: SOURCE_DATE_EPOCH, else the ontology's dcterms:modified).",
)
@click.option(
    "--jobs",
    default=None,
    type=click.IntRange(1, 64),
    metavar="N",
    help="Processes making the resource pages (default: the CPUs, at most 4; same bytes either way).",
)
@click.option(
    "--sparql-endpoint",
    default=None,
    metavar="URL",
    help="A live SPARQL endpoint over the same graph, linked from every page's navigation (default: none).",
)
@click.option(
    "--resource-pages",
    type=click.Choice(["auto", "all", "none"]),
    default="auto",
    show_default=True,
    help="A page per resource: auto when the graph has at most --max-resource-pages resources "
    "(else the other pages link to the resources' IRIs: serve those with swio serve --endpoint).",
)
@click.option(
    "--max-resource-pages",
    default=20_000,
    show_default=True,
    type=click.IntRange(0),
    metavar="N",
    help="With --resource-pages auto: the most resources that get pages of their own.",
)
def site(paths, out, base_url, date, jobs, sparql_endpoint, resource_pages, max_resource_pages):
    """Write the bilingual static web site: a page per resource, term, shape and question, pictures, .htaccess."""
    from ..errors import InputError
    from ..publish.site.static_site import build_site

    if not base_url.startswith(("http://", "https://")):
        raise InputError(f"--base-url {base_url!r} is not an http(s) URL")
    if sparql_endpoint is not None and not sparql_endpoint.startswith(("http://", "https://")):
        raise InputError(f"--sparql-endpoint {sparql_endpoint!r} is not an http(s) URL")
    result = build_site(
        out,
        data_paths=list(paths) or None,
        base_url=base_url,
        date=date,
        jobs=jobs,
        sparql_endpoint=sparql_endpoint,
        resource_pages=resource_pages,
        max_resource_pages=max_resource_pages,
    )
    note = result.note()
    if note:
        click.echo(f"swio: note: {note}", err=True)
    click.echo(
        f"wrote {result.files} files ({result.bytes / 1e6:.1f} MB, {result.resources} resource pages) "
        f"to {result.out} in {result.seconds:.1f} s"
    )
