"""Shared fixtures: the shipped graph loaded once, paths, the source article."""

from __future__ import annotations

import pytest

from swio import resources
from swio.input.dataset import Dataset

from .helpers import ARTICLE


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return Dataset.load()


@pytest.fixture(scope="session")
def rdflib_graph():
    """Ontology + vocabularies + data parsed by rdflib (independently of Oxigraph)."""
    import rdflib

    g = rdflib.Graph()
    for path in (*resources.SCHEMA_FILES, *resources.shipped_data_files()):
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="session")
def article_text() -> str:
    if not ARTICLE.is_file():
        pytest.fail(f"the source article is missing: {ARTICLE} (set SWIO_SOURCE_DIR to the folder holding it)")
    return ARTICLE.read_text(encoding="utf-8")

