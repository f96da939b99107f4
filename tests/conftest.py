"""Shared fixtures (the shipped graph loaded once, the source article) and the markers of the tests that
need an external tool (``tests/support/tools.py``): ``pytest -m "not external"`` is the quick lane."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from swio import resources
from swio.input.dataset import Dataset

from .support import tools
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


# -- markers: which tests need which external tool ---------------------------------------------


def pytest_configure(config):
    for name, needs in tools.TOOLS.items():
        config.addinivalue_line("markers", f"{name}: {needs} (implies external)")
    for old, new in tools.ALIASES.items():
        config.addinivalue_line("markers", f"{old}: the old name of the {new} marker (implies {new} and external)")
    config.addinivalue_line(
        "markers", f"{tools.EXTERNAL}: needs a tool beyond the virtualenv; the quick lane is -m 'not external'"
    )
    tools.install_guard()


def pytest_unconfigure(config):
    tools.remove_guard()


def pytest_collection_modifyitems(config, items):
    """Each test gets the markers of the tools it uses (its own, its module's entry in tools.USES, the
    aliases), and ``external`` when it uses any."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        used = tools.tools_of(Path(str(item.path)).name, item.fixturenames, params)
        used.update(m.name for m in item.iter_markers() if m.name in tools.TOOLS)
        used.update(tools.ALIASES[m.name] for m in item.iter_markers() if m.name in tools.ALIASES)
        for tool in sorted(used):
            if item.get_closest_marker(tool) is None:
                item.add_marker(tool)
        if used and item.get_closest_marker(tools.EXTERNAL) is None:
            item.add_marker(tools.EXTERNAL)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """While a test is set up, run and torn down, the programs it starts are checked against its markers."""
    tools.current = item
    try:
        yield
    finally:
        tools.current = None


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory):
    """The static site of the shipped data with the default options (``swio site --out DIR``), built once
    for the tests that only read it."""
    from click.testing import CliRunner

    from swio.cli import main

    out = tmp_path_factory.mktemp("shipped-site") / "site"
    result = CliRunner().invoke(main, ["site", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
