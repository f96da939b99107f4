"""TEMPORARY adapter to the dataset's written/canonical views until swio.input.terms lands on main.

Remove after merging main: the engine then calls ``dataset.query(..., view=...)`` and
``swio.input.terms`` directly.
"""

from __future__ import annotations

import pyoxigraph as ox

from .model import rdflib_term

try:  # the lead's literal-fidelity API
    from ..input.terms import as_written, is_surrogate, sparql_datatype, sparql_value, to_rdflib  # noqa: F401
except ImportError:  # pragma: no cover - until main has it
    def as_written(term):
        return term

    def is_surrogate(term) -> bool:
        return False

    def sparql_datatype(var: str) -> str:
        return f"DATATYPE({var})"

    def sparql_value(var: str) -> str:
        return var

    def to_rdflib(term):
        return None if term is None else rdflib_term(term)


def query(dataset, text: str, view: str):
    try:
        return dataset.query(text, view=view)
    except TypeError:
        return dataset.store.query(text, default_graph=[ox.NamedNode(f.graph) for f in dataset.files])


def written_form(dataset, terms: list) -> list:
    convert = getattr(dataset, "written_form", None)
    return list(convert(terms)) if convert else list(terms)


def has_surrogates(dataset) -> bool:
    return bool(getattr(dataset, "has_surrogates", False))


def ill_typed(dataset) -> set:
    return set(getattr(dataset, "ill_typed", set()))


def well_formed(lexical: str, datatype: str) -> bool:
    try:
        from ..input.xsd import well_formed as check
    except ImportError:  # pragma: no cover
        return True
    return check(lexical, datatype)
