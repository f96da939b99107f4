"""Where a command's text goes: standard output, or a file written atomically (``-o``)."""

from __future__ import annotations

import click


def emit(text: str, output: str | None) -> None:
    if output:
        from ..fsutil import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
