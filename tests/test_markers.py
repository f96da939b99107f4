"""The test markers: one per external tool, all implying ``external``, kept true by a guard
(tests/support/tools.py, tests/conftest.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .support import tools
from .support.helpers import REPO


@pytest.fixture(scope="module")
def markers() -> dict[str, set[str]]:
    """Every test of the suite and its markers, as a collection of the whole suite applies them."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "tests.support.marker_listing"]
        + ["--collect-only", "-q"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    rows = [line.split("\t") for line in proc.stdout.splitlines() if line.startswith("@@marker-listing@@\t")]
    return {nodeid: set(filter(None, names.split(","))) for _, nodeid, names in rows}


def test_each_program_is_known_by_its_file_name():
    assert tools.program_tool(["/usr/bin/java", "-cp", "x.jar"]) == "java"
    assert tools.program_tool(["virtuoso-t", "+foreground"]) == "virtuoso"
    assert tools.program_tool("/usr/sbin/apache2 -f httpd.conf -X") == "apache"
    assert tools.program_tool(["/venv/lib/python3.11/site-packages/playwright/driver/node", "cli.js"]) == "chromium"
    assert tools.program_tool([sys.executable, "-m", "swio"]) is None
    assert tools.program_tool(["x"], executable="/usr/bin/chromium") == "chromium"


def test_a_test_that_starts_a_tool_without_its_marker_fails(request):
    with pytest.raises(pytest.fail.Exception, match="starts java .* is not marked 'java'"):
        tools.check_program(["java", "-version"], item=request.node)
    tools.check_program(["git", "--version"], item=request.node)  # not an external tool
    request.node.add_marker("java")
    tools.check_program(["java", "-version"], item=request.node)  # marked: allowed


def test_the_guard_is_what_subprocess_starts_programs_with():
    assert subprocess.Popen is tools.GuardedPopen


def test_the_quick_lane_leaves_out_every_test_that_needs_a_tool(markers):
    quick = {t for t, names in markers.items() if tools.EXTERNAL not in names}
    external = set(markers) - quick
    assert len(quick) > 500 and len(external) > 100
    for t in external:  # external because of a tool, and every tool marker implies external
        assert markers[t] & set(tools.TOOLS), t
    for module in ("test_virtuoso.py", "test_site_apache.py", "test_reasoner.py", "test_triplestores.py"):
        assert not [t for t in quick if t.startswith(f"tests/{module}::")], module
    browser = {t for t in external if "chromium" in markers[t]}
    assert browser and all("_browser.py::" in t for t in browser)  # the modules with a `browser` fixture
    assert {t for t in markers if t.startswith("tests/test_site_browser.py::")} <= browser
    # a fixture parametrized with tool names gives each parameter its own marker
    in_store = {t for t in markers if t.startswith("tests/test_validate_in_store.py::") and "[" in t}
    assert in_store and all(
        ("virtuoso" in markers[t]) == ("[virtuoso" in t) and ("oxigraph" in markers[t]) == ("[oxigraph" in t)
        for t in in_store
    )
    assert all("oxigraph" in markers[t] for t in markers if "server" in markers[t])  # the old name
