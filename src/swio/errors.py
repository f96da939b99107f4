"""Errors the library raises; the CLI turns each into one line and an exit code."""

from __future__ import annotations


class SwioError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    exit_code = 2


class InputError(SwioError):
    """An input file or directory that cannot be read as the RDF it should be."""


class QueryError(SwioError):
    """An unknown canned question, a bad parameter or a SPARQL syntax error."""


class EndpointError(SwioError):
    """A SPARQL endpoint or graph store that cannot be reached or refuses a request."""


class ValidationFailed(SwioError):
    """Raised by operations that refuse to continue on a graph with violations (e.g. a release build)."""

    exit_code = 1
