"""How the command line names the parameters that library messages name.

The library writes a parameter between backquotes as Python spells it (:mod:`swio.errors`: "`batch_size`
must be ..."); the command line shows the flag instead ("--batch-size must be ...").
"""

from __future__ import annotations

from collections.abc import Callable

import click

from ..errors import name_parameters


def flag_names(command: click.Command | None) -> Callable[[str], str | None]:
    """How ``command`` spells a parameter a library message names: the flag of its option of that name
    (``batch_size`` -> ``--batch-size``; ``union`` -> ``--union-default-graph``), or of that spelling
    (``query`` -> ``--query``, whatever the option's Python name); a boolean choice by its flag
    (``validate=False`` -> ``--no-validate``, ``bulk=True`` -> ``--bulk``); a value by flag and value
    (``engine=pyshacl`` -> ``--engine pyshacl``). None if the command has no such option."""
    flags: dict[str, str] = {}
    spelled: dict[str, str] = {}
    for param in command.params if command is not None else ():
        if not isinstance(param, click.Option) or param.name is None:
            continue
        opt = next((o for o in param.opts if o.startswith("--")), param.opts[0])
        flags[param.name] = opt
        for o in (*param.opts, *param.secondary_opts):
            spelled[o.lstrip("-").replace("-", "_")] = o
        if param.is_flag and param.secondary_opts:
            flags[f"{param.name}=True"], flags[f"{param.name}=False"] = opt, param.secondary_opts[0]
        elif param.is_flag and param.name.startswith("no_"):
            flags[f"{param.name[3:]}=False"] = opt
        elif param.is_flag:
            flags[f"{param.name}=True"] = opt

    def name(parameter: str) -> str | None:
        found = flags.get(parameter) or spelled.get(parameter)
        if found:
            return found
        base, _, value = parameter.partition("=")
        found = flags.get(base) or spelled.get(base)
        return f"{found} {value}" if value and found else None

    return name


def as_flags(text: str, command: click.Command | None = None) -> str:
    """``text`` from the library (a message, a report line) with its parameters named by ``command``'s flags
    (default: the command running now)."""
    if command is None:
        ctx = click.get_current_context(silent=True)
        command = ctx.command if ctx is not None else None
    return name_parameters(text, flag_names(command))
