"""Validate data files against shapes: the library entry point behind ``swio validate``.

Two ways, which :func:`validate` tells apart by ``shapes``:

* SWIO's own shapes (``shapes=None``): the data (default: the shipped data) is validated together with
  SWIO's ontology and vocabularies, as the shapes expect (class targets through ``rdfs:subClassOf``,
  concepts of the controlled vocabularies);
* your shapes (``shapes=FILE``): exactly the data files given against exactly those shapes, nothing added —
  the same results pySHACL or any other SHACL engine gives on the same two graphs.
  ``with_swio_ontology=True`` adds SWIO's ontology and vocabularies to the data (shapes written for SWIO's
  data).

Ill-typed literals (``"2013-13-45"^^xsd:date``) are data SHACL reports: a ``sh:datatype`` constraint whose
datatype is the literal's gives a violation (the focus node's file and line). Those that no result names as
its value (no ``sh:datatype``, directly or in a ``sh:or``, checks them) are listed in
:attr:`Report.unchecked_ill_typed`; with SWIO's own shapes they are an input error (SWIO's data must be well
typed everywhere, and its shapes give every typed property a datatype).

Only light modules are imported with this one: the shapes model (rdflib) and the engines are imported,
and the shapes read, on first use — by :func:`validate` in a second thread while the data loads (the
loader leaves the interpreter free part of the time: it parses natively).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from .. import resources
from ..errors import InputError
from ..input.dataset import Dataset, ill_typed_error

if TYPE_CHECKING:
    from .model import ShapesModel
    from .results import Report

#: ``sparql`` (the default) implements all of SHACL Core and SHACL-SPARQL; ``pyshacl`` is the reference.
ENGINES = ("sparql", "pyshacl")
#: Prefixes a report of your own shapes starts from (the data's and the shapes' own are added).
_CORE_PREFIXES = ("sh", "rdf", "rdfs", "xsd", "owl")


def load_model(shapes: str | Path | None = None) -> ShapesModel:
    from .model import load_shapes, read_model

    return read_model(load_shapes(shapes or resources.SHAPES_FILE))


def make_engine(model: ShapesModel, engine: str = "sparql"):
    """``sparql`` (fast, the default) or ``pyshacl`` (the reference)."""
    if engine not in ENGINES:
        raise InputError(f"unknown `engine` {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "sparql":
        from .sparql_engine import SparqlEngine

        return SparqlEngine(model)
    from .pyshacl_engine import PyshaclEngine  # pyshacl takes a while to import

    return PyshaclEngine(model)


def _check_options(shapes, paths, with_swio_ontology, max_results) -> bool:
    """Whether the data goes with SWIO's ontology and vocabularies; InputError for options that do not fit."""
    if shapes is not None and not str(shapes).strip():
        raise InputError("`shapes` is empty; name a shapes file")
    if max_results is not None and (
        isinstance(max_results, bool) or not isinstance(max_results, int) or max_results < 0
    ):
        raise InputError(f"`max_results` must be a whole number, 0 or more (None: every result), not {max_results!r}")
    if shapes is None:
        if with_swio_ontology is False:
            raise InputError("`with_swio_ontology=False` needs `shapes`: SWIO's own shapes need its ontology")
        return True
    if paths is None:
        raise InputError("`shapes` names your own shapes: give the data to validate with them (`paths`)")
    return bool(with_swio_ontology)


def validate_dataset(
    dataset: Dataset,
    *,
    engine: str = "sparql",
    shapes: str | Path | None = None,
    max_results: int | None = None,
) -> Report:
    """Validate a loaded :class:`Dataset` (SWIO's shapes by default)."""
    _check_options(shapes, [], True if shapes is None else None, max_results)
    start = time.perf_counter()
    return _run(dataset, make_engine(load_model(shapes), engine), start, own=shapes is None, max_results=max_results)


def validate(
    paths: Iterable[str | Path] | None = None,
    *,
    engine: str = "sparql",
    shapes: str | Path | None = None,
    with_swio_ontology: bool | None = None,
    max_results: int | None = None,
) -> Report:
    """Validate data files.

    ``shapes=None``: SWIO's shapes, on the data (default: the shipped data) together with SWIO's ontology and
    vocabularies. ``shapes=FILE``: exactly the data files ``paths`` against exactly those shapes;
    ``with_swio_ontology=True`` adds SWIO's ontology and vocabularies to the data. ``max_results``: keep at
    most that many results in the report (the first by severity and focus node; the counts and the summary
    per shape and component still cover every result), so memory stays bounded however many there are."""
    schema = _check_options(shapes, paths, with_swio_ontology, max_results)
    own = shapes is None
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=1) as pool:  # the shapes and the engine, while the data loads
        runner = pool.submit(lambda: make_engine(load_model(shapes), engine))
        try:
            dataset = Dataset.load(paths, schema=schema, strict_literals=False, allow_empty=not own)
        except BaseException:
            runner.cancel()
            raise
        return _run(dataset, runner.result(), start, own=own, max_results=max_results)


def _report_prefixes(dataset: Dataset, model, own: bool) -> dict[str, str]:
    if own:
        return dict(dataset.prefixes)
    from ..namespaces import PREFIXES

    out = {p: PREFIXES[p] for p in _CORE_PREFIXES}
    for prefix, ns in dataset.file_prefixes.items():
        out.setdefault(prefix, ns)
    for prefix, ns in model.graph.namespaces():
        if prefix and prefix != "xml":
            out.setdefault(prefix, str(ns))
    return out


def _run(dataset: Dataset, runner, start: float, *, own: bool = True, max_results: int | None = None) -> Report:
    """The report of ``runner`` on ``dataset``; ``start``: when the validation began (for its seconds)."""
    from ..input.terms import to_rdflib
    from .locations import attach_locations
    from .results import Report, Results

    collected = Results(max_results)
    watched = {to_rdflib(lit): bad for lit, bad in dataset.ill_typed.items()}
    checked: set = set()

    def sink(results) -> None:
        results = list(results)
        if watched:
            for r in results:
                if r.value in watched:  # reported: by sh:datatype, or by sh:or of datatypes, ...
                    checked.add(r.value)
        collected.add(results)

    runner.validate(dataset, sink=sink)
    unchecked = [bad for lit, bad in watched.items() if lit not in checked]
    if own and unchecked:  # SWIO's data: every literal well typed (see the module's doc)
        raise ill_typed_error(unchecked)
    results = collected.chosen()
    attach_locations(results, dataset)
    results.sort(key=lambda r: r.sort_key())
    return Report(
        results=results,
        engine=runner.name,
        files=[f.path for f in dataset.data_files],
        triples=len(dataset),
        seconds=time.perf_counter() - start,
        prefixes=_report_prefixes(dataset, runner.model, own),
        max_results=max_results,
        found=None if max_results is None else (collected.total, dict(collected.counts), dict(collected.by_constraint)),
        unchecked_ill_typed=unchecked,
        data_only=not own and not dataset.schema_files,
    )
