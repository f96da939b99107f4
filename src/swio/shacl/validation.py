"""Validate data files against the SWIO shapes: the library entry point behind ``swio validate``.

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
from ..input.dataset import Dataset

if TYPE_CHECKING:
    from .model import ShapesModel
    from .results import Report

#: ``auto`` is kept for compatibility: it means ``sparql``, which implements all of SHACL Core and SHACL-SPARQL.
ENGINES = ("auto", "sparql", "pyshacl")


def load_model(shapes: str | Path | None = None) -> ShapesModel:
    from .model import load_shapes, read_model

    return read_model(load_shapes(shapes or resources.SHAPES_FILE))


def make_engine(model: ShapesModel, engine: str = "auto"):
    """``sparql`` (fast, the default; ``auto`` is the same) or ``pyshacl`` (the reference)."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine != "pyshacl":
        from .sparql_engine import SparqlEngine

        return SparqlEngine(model)
    from .pyshacl_engine import PyshaclEngine  # pyshacl takes a while to import

    return PyshaclEngine(model)


def validate_dataset(dataset: Dataset, *, engine: str = "auto", shapes: str | Path | None = None) -> Report:
    start = time.perf_counter()
    return _run(dataset, make_engine(load_model(shapes), engine), start)


def validate(
    paths: Iterable[str | Path] | None = None, *, engine: str = "auto", shapes: str | Path | None = None
) -> Report:
    """Validate data files (default: the shipped data), each together with the ontology and vocabularies."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=1) as pool:  # the shapes and the engine, while the data loads
        runner = pool.submit(lambda: make_engine(load_model(shapes), engine))
        dataset = Dataset.load(paths)
        return _run(dataset, runner.result(), start)


def _run(dataset: Dataset, runner, start: float) -> Report:
    """The report of ``runner`` on ``dataset``; ``start``: when the validation began (for its seconds)."""
    from .locations import attach_locations
    from .results import Report

    results = runner.validate(dataset)
    attach_locations(results, dataset)
    results.sort(key=lambda r: r.sort_key())
    return Report(
        results=results,
        engine=runner.name,
        files=[f.path for f in dataset.data_files],
        triples=len(dataset),
        seconds=time.perf_counter() - start,
        prefixes=dict(dataset.prefixes),
    )
