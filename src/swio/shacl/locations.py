"""Where each validation result points in the input: the file and line its focus node is defined in."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal

from ..input.terms import from_rdflib
from .results import ValidationResult


def attach_locations(results: Iterable[ValidationResult], dataset) -> None:
    """Set ``file`` and ``line`` on every result from :meth:`swio.input.dataset.Dataset.locate`.

    The focus node is looked up where it is typed (else where it is first a subject); the line is
    that of its first use as a subject in that file. A blank node gets its file but no line; a
    literal focus node (a shape targeting values) neither."""
    results = list(results)
    nodes = {r.focus: from_rdflib(r.focus) for r in results if r.focus is not None and not isinstance(r.focus, Literal)}
    where = dataset.locate(set(nodes.values())) if nodes else {}
    for r in results:
        node = nodes.get(r.focus)
        r.file, r.line = where.get(node, (None, None)) if node is not None else (None, None)
