"""Shared fixtures: the shipped graph loaded once, paths, the source article."""

from __future__ import annotations

import signal

import pytest

from swio import resources
from swio.input.dataset import Dataset

from .support.helpers import ARTICLE

if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    # pytest started in the background by a shell without job control (`cmd &` in a script, nohup):
    # SIGINT is ignored, and every process the tests start would inherit that, so the Ctrl-C tests'
    # swio would never hear the signal. A handler (unlike SIG_IGN) is reset to the default by exec.
    signal.signal(signal.SIGINT, signal.default_int_handler)


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
        pytest.fail(f"the source article is missing: {ARTICLE} (it ships in the repository's source/ folder)")
    return ARTICLE.read_text(encoding="utf-8")
