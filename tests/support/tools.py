"""The external tools the tests use, the pytest marker of each, and the guard that keeps the markers true.

A test that starts one of these programs carries the tool's marker (and, with it, ``external``), so
``pytest -m "not external"`` is the quick lane that needs nothing but the virtualenv. The markers are
applied centrally by ``tests/conftest.py`` (:data:`USES`, and the tests' own ``@pytest.mark.TOOL``);
while the tests run, every program the test process starts goes through :func:`check_program`, and a
test that starts a tool without its marker fails, naming the tool and where to declare it.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import PurePath

import pytest

#: marker -> what a test with it needs (the marker descriptions ``pytest --markers`` shows)
TOOLS = {
    "oxigraph": "starts a real Oxigraph server (the `oxigraph` command of the PyPI package oxigraph)",
    "virtuoso": "starts Virtuoso Open Source 7 (`virtuoso-t`, Debian virtuoso-opensource)",
    "java": "runs java: HermiT and the OWL API shipped in owlready2 (Debian default-jdk-headless)",
    "apache": "starts Apache httpd (`apache2`, Debian apache2)",
    "chromium": "opens pages in headless chromium (Debian chromium, driven by playwright)",
    "network": "installs packages from PyPI into a new virtualenv (the README's quick start)",
}
EXTERNAL = "external"
#: older marker names, still accepted: ``server`` meant an Oxigraph server
ALIASES = {"server": "oxigraph"}

#: program name (the file name of what is executed) -> the tool it is
PROGRAMS = {
    "oxigraph": "oxigraph",
    "virtuoso-t": "virtuoso",
    "java": "java",
    "javac": "java",
    "apache2": "apache",
    "apache2ctl": "apache",
    "apachectl": "apache",
    "httpd": "apache",
    "chromium": "chromium",
    "chromium-browser": "chromium",
    "chrome": "chromium",
    "headless_shell": "chromium",
}

#: Tests that use a tool without saying so in their own file, by module (``"*"``: in any module): ``"*"``
#: for every test of the module, or the name of a fixture that starts the tool (a fixture parametrized with tool names
#: gives each parameter its own marker). Tests may also carry ``@pytest.mark.TOOL`` themselves.
USES: dict[str, dict[str, tuple[str, ...]]] = {
    "*": {"browser": ("chromium",)},  # every module's `browser` fixture launches chromium (playwright)
    "test_benchmark.py": {"*": ("oxigraph",)},  # benchmarks/run.py loads into an Oxigraph server
    "test_readme.py": {"session": ("oxigraph",)},  # the manual's `oxigraph serve &` examples
    "test_reasoner.py": {"*": ("java",)},
    "test_site_apache.py": {"apache": ("apache",)},
    "test_validate_in_store.py": {"store": ("oxigraph", "virtuoso")},
    "test_store_index.py": {"store": ("oxigraph", "virtuoso")},
    "test_store_pages.py": {"served": ("oxigraph", "virtuoso")},
    "test_store_proxy.py": {"store": ("oxigraph", "virtuoso")},
    "test_store_site.py": {"server": ("oxigraph",)},
    "test_serve_endpoint.py": {"store": ("oxigraph",)},
}


def tools_of(module: str, fixtures: Iterable[str], params: dict[str, object]) -> set[str]:
    """The tools :data:`USES` says a test of ``module`` (a file name) with these fixtures and parameters uses."""
    found: set[str] = set()
    for fixture, tools in (USES.get("*", {}) | USES.get(module, {})).items():
        if fixture == "*":
            found.update(tools)
        elif fixture in fixtures:
            chosen = params.get(fixture)
            found.update([chosen] if isinstance(chosen, str) and chosen in tools else tools)
    return found


def program_tool(args: str | Sequence[object] | object, executable: object = None) -> str | None:
    """The tool a ``Popen(args, executable=...)`` starts, or None."""
    if executable is not None:
        first = str(executable)
    elif isinstance(args, str | bytes):
        text = args.decode() if isinstance(args, bytes) else args
        words = shlex.split(text) if text.strip() else [""]
        first = words[0]
    elif isinstance(args, Sequence) and args:
        first = str(args[0])
    else:
        first = str(args)
    path = PurePath(first)
    if path.name == "node" and "playwright" in path.parts:  # playwright's driver, which starts the browser
        return "chromium"
    return PROGRAMS.get(path.name)


#: the test running now (set by tests/conftest.py around each test's setup, call and teardown)
current: pytest.Item | None = None


def check_program(args: object, executable: object = None, item: pytest.Item | None = None) -> None:
    """Fail the running test if the program it starts is an external tool its markers do not name."""
    item = item if item is not None else current
    tool = program_tool(args, executable)
    if item is None or tool is None or item.get_closest_marker(tool) is not None:
        return
    pytest.fail(
        f"{item.nodeid} starts {tool} ({program_name(args, executable)}) but is not marked {tool!r}: add "
        f"@pytest.mark.{tool} to the test, or name the module and the fixture in USES in tests/support/tools.py",
        pytrace=False,
    )


def program_name(args: object, executable: object = None) -> str:
    if executable is not None:
        return str(executable)
    if isinstance(args, str):
        return args.split()[0] if args.split() else args
    if isinstance(args, Sequence) and args:
        return str(args[0])
    return str(args)


class GuardedPopen(subprocess.Popen):
    """``subprocess.Popen`` while the tests run: the program is checked against the running test's markers
    (``subprocess.run``, ``check_output`` and asyncio's subprocesses all create their processes through it)."""

    def __init__(self, args, *rest, **kwargs):
        check_program(args, kwargs.get("executable"))
        super().__init__(args, *rest, **kwargs)


_original_popen = subprocess.Popen


def install_guard() -> None:
    subprocess.Popen = GuardedPopen  # type: ignore[misc]


def remove_guard() -> None:
    subprocess.Popen = _original_popen  # type: ignore[misc]
