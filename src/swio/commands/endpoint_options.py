"""The options that choose graphs and credentials on a SPARQL endpoint, shared by the commands that read one."""

from __future__ import annotations

import click


def endpoint_options(verb: str, graphs_help: str):
    """``--graph`` (repeatable), ``--default-graph``, ``--user``, ``--password`` and ``--auth``; ``verb`` says
    what the command does with the graphs ("query", "validate")."""
    options = [
        click.option("--graph", "graphs", multiple=True, metavar="IRI", help=f"With --endpoint: {graphs_help}"),
        click.option(
            "--default-graph",
            is_flag=True,
            help=f"With --endpoint: {verb} the endpoint's default graph as it is (no FROM clauses).",
        ),
        click.option("--user", default=None, help="With --endpoint: user name for HTTP authentication."),
        click.option("--password", default=None, envvar="SWIO_PASSWORD", help="Password (or set SWIO_PASSWORD)."),
        click.option(
            "--auth",
            type=click.Choice(["auto", "basic", "digest"]),
            default="auto",
            show_default=True,
            help="With --endpoint: auto answers the scheme the endpoint asks for.",
        ),
    ]

    def apply(command):
        for option in reversed(options):
            command = option(command)
        return command

    return apply
