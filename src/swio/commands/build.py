"""``swio build``."""

from __future__ import annotations

import click


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", default="dist", show_default=True, type=click.Path(), help="Release folder (replaced whole).")
@click.option("--date", default=None, metavar="YYYY-MM-DD",
              help="Release date (default: SOURCE_DATE_EPOCH, else the ontology's dcterms:modified).")
def build(paths, out, date):
    """Build a versioned release: the graph in five formats, ontology, shapes, VoID/DCAT, answers."""
    from ..publish.release import build as build_release

    result = build_release(out, data_paths=list(paths) or None, date=date)
    for name, digest in sorted(result.files.items()):
        click.echo(f"{digest[:12]}  {result.out / name}")
    click.echo(f"built release {result.version} ({result.triples} triples, {len(result.files)} files) in {result.out}")
