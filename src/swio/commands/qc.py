"""``swio qc``."""

from __future__ import annotations

import sys

import click

from .output import emit as _emit


def _width(output: str | None) -> int | None:
    """Tables fit $COLUMNS, or the terminal when the report goes to one (a file: no limit)."""
    import os
    import shutil

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if output is None and sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--checks",
    "checks_dir",
    type=click.Path(),
    default=None,
    help="A directory of SPARQL checks (default: the shipped qc/).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of check titles and labels.",
)
@click.option("-o", "--output", type=click.Path(), default=None, help="Write the report to a file (atomically).")
def qc(paths, checks_dir, lang, output):
    """Run the quality-control checks; any row a check returns fails (exit 1).

    With no PATHS, the shipped data; PATHS are .ttl files or directories of them,
    checked together with the ontology and vocabularies.
    """
    from ..input.dataset import Dataset
    from ..qc import run_checks
    from ..queries.table import render

    dataset = Dataset.load(list(paths) or None)
    results = run_checks(dataset, directory=checks_dir, lang=lang)
    lines = []
    for result in results:
        title = result.check.title.get(lang, result.name)
        if result.passed:
            lines.append(f"ok    {result.name}: {title}\n")
        else:
            lines.append(f"FAIL  {result.name}: {title} ({len(result.table.rows)} rows)\n")
            lines.append(render(result.table, "table", lang=lang, width=_width(output)))
    failed = [r for r in results if not r.passed]
    rows = sum(len(r.table.rows) for r in failed)
    lines.append(f"qc: {len(results)} checks, {len(failed)} failed" + (f" ({rows} rows)\n" if failed else "\n"))
    _emit("".join(lines), output)
    sys.exit(1 if failed else 0)
