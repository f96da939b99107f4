"""Where a command's text goes: standard output, or a file written atomically (``-o``)."""

from __future__ import annotations

from collections.abc import Iterable

import click


def check(output: str | None) -> None:
    """Refuse an ``-o`` that cannot be written, before the command does any work."""
    if output is None:
        return
    from ..atomic_files import check_output_file
    from ..errors import InputError

    problem = check_output_file(output)
    if problem:
        raise InputError(f"-o {output}: {problem}")


def emit(text: str | bytes | Iterable[str], output: str | None) -> None:
    """Write ``text`` (a string, or pieces of one, written as they come) to standard output or ``output``."""
    if output is None:
        for piece in [text] if isinstance(text, (str, bytes)) else text:
            click.echo(piece, nl=False)
        return
    from ..atomic_files import write_atomic
    from ..errors import InputError

    try:
        write_atomic(output, text)
    except OSError as err:  # a full disk, a read-only file system: the old file (if any) is untouched
        raise InputError(f"-o {output}: {err.strerror or err}; nothing was written") from None
