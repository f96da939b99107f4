"""Errors the library raises; the CLI turns each into one line and an exit code.

A message names the parameters of the call it is about between backquotes, as Python spells them:
``InputError("`batch_size` must be a whole number of at least 1, not 0")``. That is how a program or a
notebook reads it; the command line shows the flag instead (``--batch-size must be ...``) through
:meth:`SwioError.naming`, so the library never names a command-line flag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

#: a parameter in a message: `name`, or `name=value` for a choice (`validate=False`)
PARAMETER = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*(?:=[A-Za-z0-9_]+)?)`")


class SwioError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    exit_code = 2

    @property
    def parameters(self) -> list[str]:
        """The parameters the message names (```name``` or ```name=value``` in it), in order."""
        return PARAMETER.findall(str(self))

    def naming(self, names: Mapping[str, str] | Callable[[str], str | None]) -> str:
        """The message with each parameter named as ``names`` says (the command line: by its flag)."""
        return name_parameters(str(self), names)


def name_parameters(text: str, names: Mapping[str, str] | Callable[[str], str | None]) -> str:
    """``text`` with each ```parameter``` in it named as ``names`` says; a parameter ``names`` does not know
    keeps its Python spelling, without the backquotes."""
    lookup = names.get if isinstance(names, Mapping) else names
    return PARAMETER.sub(lambda m: lookup(m.group(1)) or m.group(1), text)


class InputError(SwioError):
    """An input file or directory that cannot be read as the RDF it should be."""


class QueryError(SwioError):
    """An unknown canned question, a bad parameter or a SPARQL syntax error."""


class EndpointError(SwioError):
    """A SPARQL endpoint or graph store that cannot be reached or refuses a request."""


class ValidationFailed(SwioError):
    """Raised by operations that refuse to continue on a graph with violations (e.g. a release build)."""

    exit_code = 1
