"""The ``swio`` command line: a thin layer over the library.

Exit codes: 0 success (validation: conforms, warnings allowed), 1 violations (or
warnings with ``--strict``), 2 input, usage, query, endpoint or system errors
(permission denied, disk full), 130 interrupted, 141 output pipe closed. Errors are
one line on stderr, never a traceback.
"""

from __future__ import annotations

import os
import re
import sys

import click

from . import __version__
from .commands.build import build
from .commands.export import export
from .commands.flags import flag_names
from .commands.import_ import import_
from .commands.load import load
from .commands.qc import qc
from .commands.query import query
from .commands.serve import serve
from .commands.site import site
from .commands.synth import synth
from .commands.template import template
from .commands.validate import validate
from .errors import SwioError


def _fail(ctx: click.Context, message: str, code: int):
    for line in message.splitlines() or ["error"]:
        click.echo(f"swio: error: {line}", err=True)
    ctx.exit(code)


def _os_error_message(err: OSError) -> str:
    """One line for a failed system call: the file(s) it concerned and what the system said."""
    what = err.strerror or str(err) or type(err).__name__
    if err.filename is not None and err.filename2 is not None:
        return f"{err.filename} -> {err.filename2}: {what}"
    if err.filename is not None:
        return f"{err.filename}: {what}"
    return what


# click >= 8.2 raises this for a bare ``swio``; it shows the help, which is not an error line
_NO_ARGS_IS_HELP = tuple(c for c in [getattr(click.exceptions, "NoArgsIsHelpError", None)] if c)


def _click_message(err: click.ClickException) -> str:
    message = re.sub(r"\s*\n\s*", " ", err.format_message().strip())
    command = getattr(err, "ctx", None)
    if isinstance(err, click.UsageError) and command is not None:
        message += f" (see '{command.command_path} -h')"
    return message


class _Group(click.Group):
    """Every failure a user can cause or meet becomes one ``swio: error:`` line and an exit code:
    2 for input, usage and system errors (permission denied, disk full), 130 on Ctrl-C,
    141 when the reader of the output went away (``swio ... | head``)."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:  # options of swio itself (swio --bogus)
            return super().make_context(info_name, args, parent=parent, **extra)
        except _NO_ARGS_IS_HELP:
            raise
        except click.UsageError as err:
            click.echo(f"swio: error: {_click_message(err)}", err=True)
            sys.exit(2)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, *_NO_ARGS_IS_HELP):
            raise
        except click.ClickException as err:  # a bad option value, a missing argument, an unknown command
            _fail(ctx, _click_message(err), 2 if isinstance(err, click.UsageError) else err.exit_code)
        except SwioError as err:  # the library names parameters; the command line names its flags
            command = self.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
            _fail(ctx, err.naming(flag_names(command)) or type(err).__name__, err.exit_code)
        except KeyboardInterrupt:
            click.echo("swio: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            try:  # nothing more can be written; keep Python from complaining at exit
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError, AttributeError):
                pass
            ctx.exit(141)
        except OSError as err:
            _fail(ctx, _os_error_message(err), 2)
        except MemoryError:
            _fail(ctx, "out of memory (the input is too large for this machine)", 2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="swio")
def main():
    """SWIO: the Social Work Industry Organisation knowledge graph.

    Validate the graph, ask the canned questions about the models, load it into a
    triplestore and build a release; add and edit cases in a spreadsheet (template,
    import, export).
    """


for _command in (validate, qc, query, load, build, synth, site, serve, template, import_, export):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
