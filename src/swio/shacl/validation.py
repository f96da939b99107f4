"""Validate data files against the SWIO shapes: the library entry point behind ``swio validate``."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from .. import resources
from ..input.dataset import Dataset
from ..errors import InputError
from .locations import attach_locations
from .model import ShapesModel, load_shapes, read_model
from .results import Report
from .sparql_engine import SparqlEngine

#: ``auto`` is kept for compatibility: it means ``sparql``, which implements all of SHACL Core and SHACL-SPARQL.
ENGINES = ("auto", "sparql", "pyshacl")


def load_model(shapes: str | Path | None = None) -> ShapesModel:
    return read_model(load_shapes(shapes or resources.SHAPES_FILE))


def make_engine(model: ShapesModel, engine: str = "auto"):
    """``sparql`` (fast, the default; ``auto`` is the same) or ``pyshacl`` (the reference)."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine != "pyshacl":
        return SparqlEngine(model)
    from .pyshacl_engine import PyshaclEngine  # imported on demand: pyshacl takes a while to import

    return PyshaclEngine(model)


def validate_dataset(dataset: Dataset, *, engine: str = "auto", shapes: str | Path | None = None) -> Report:
    start = time.perf_counter()
    runner = make_engine(load_model(shapes), engine)
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


def validate(paths: Iterable[str | Path] | None = None, *, engine: str = "auto",
             shapes: str | Path | None = None) -> Report:
    """Validate data files (default: the shipped data), each together with the ontology and vocabularies."""
    start = time.perf_counter()
    dataset = Dataset.load(paths)
    report = validate_dataset(dataset, engine=engine, shapes=shapes)
    report.seconds = time.perf_counter() - start
    return report

