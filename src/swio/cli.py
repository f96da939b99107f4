"""The ``swio`` command line: a thin layer over the library.

Exit codes: 0 success (validation: conforms, warnings allowed), 1 violations (or
warnings with ``--strict``), 2 input, query or endpoint errors. Errors are one
line on stderr, never a traceback.
"""

from __future__ import annotations

import click

from . import __version__
from .commands.build import build
from .commands.load import load
from .commands.qc import qc
from .commands.query import query
from .commands.synth import synth
from .commands.validate import validate
from .errors import SwioError


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SwioError as err:
            for line in str(err).splitlines() or [type(err).__name__]:
                click.echo(f"swio: error: {line}", err=True)
            ctx.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("swio: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="swio")
def main():
    """SWIO: the Social Work Industry Organisation knowledge graph.

    Validate the graph, ask the canned questions about the models, load it into a
    triplestore and build a release.
    """


for _command in (validate, qc, query, load, build, synth):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
