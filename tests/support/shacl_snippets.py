"""Validate small Turtle snippets with the default engine (for the engine's own tests)."""

from __future__ import annotations

from pathlib import Path

from swio.input.dataset import Dataset
from swio.shacl.model import load_shapes, read_model
from swio.shacl.sparql_engine import SparqlEngine

PREFIXES = """@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""
EX = "http://example.org/"


def write(directory: Path, name: str, body: str) -> Path:
    path = directory / name
    path.write_text(PREFIXES + body, encoding="utf-8")
    return path


def model_of(tmp_path: Path, shapes: str):
    return read_model(load_shapes(write(tmp_path, "shapes.ttl", shapes)))


def validate(tmp_path: Path, data: str | list[str], shapes: str, *, strict_literals: bool = False):
    """The results for ``data`` (one snippet, or several, each its own file) against ``shapes``."""
    bodies = [data] if isinstance(data, str) else data
    paths = [write(tmp_path, f"data{i}.ttl", body) for i, body in enumerate(bodies)]
    dataset = Dataset.load(paths, schema=False, strict_literals=strict_literals)
    return SparqlEngine(model_of(tmp_path, shapes)).validate(dataset)


def short(term) -> str:
    text = str(term)
    return text[len(EX) :] if text.startswith(EX) else text


def summary(results) -> list[tuple]:
    """(focus, component, value) of each result, IRIs shortened, sorted."""
    return sorted(
        (
            short(r.focus),
            r.component.replace("ConstraintComponent", ""),
            short(r.value) if r.value is not None else None,
        )
        for r in results
    )
