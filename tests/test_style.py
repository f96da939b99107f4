"""The code stays as its checkers want it: ``ruff check``, ``ruff format --check`` and ``mypy`` (configured
in pyproject.toml; the same ruff the pre-commit hooks pin) pass on the whole repository."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .support.helpers import REPO

BIN = Path(sys.executable).parent


def run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    tool = BIN / args[0]
    if not tool.exists():
        pytest.fail(f"{tool} is missing: install the test extras (pip install -e '.[test]'), which include it")
    return subprocess.run(
        [str(tool), *args[1:]], cwd=REPO, capture_output=True, text=True, timeout=600, env={"HOME": str(tmp_path)}
    )


def test_ruff_finds_nothing(tmp_path):
    proc = run("ruff", "check", "--no-cache", "--output-format", "concise", ".", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_code_is_formatted(tmp_path):
    proc = run("ruff", "format", "--check", "--no-cache", ".", tmp_path=tmp_path)
    assert proc.returncode == 0, "run `ruff format .`:\n" + proc.stdout + proc.stderr


def test_mypy_passes_on_src(tmp_path):
    """Over src/ as pyproject.toml's [tool.mypy] says (the public API strictly)."""
    proc = run("mypy", "--cache-dir", str(tmp_path / "mypy-cache"), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success" in proc.stdout


def test_the_public_api_the_manual_shows_is_annotated():
    """Every function docs/python-api.md shows has a type for each parameter and for what it returns."""
    import inspect

    import swio
    from swio import synth
    from swio.input.dataset import Dataset
    from swio.publish.release import build
    from swio.queries.table import ResultTable
    from swio.remote.load import load
    from swio.remote.validate import validate_endpoint

    page = (REPO / "docs" / "python-api.md").read_text(encoding="utf-8")
    shown = {
        "swio.validate": swio.validate,
        "swio.query": swio.query,
        "swio.list_queries": swio.list_queries,
        "swio.open_dataset": swio.open_dataset,
        "dataset.query": Dataset.query,
        "table.records": ResultTable.records,
        "table.to_dataframe": ResultTable.to_dataframe,
        "build": build,
        "load": load,
        "validate_endpoint": validate_endpoint,
        "synth.generate": synth.generate,
        "synth.compare": synth.compare,
    }
    for name, function in shown.items():
        assert f"{name}(" in page, f"docs/python-api.md no longer shows {name}: update this list"
        signature = inspect.signature(function)
        untyped = [p for p in signature.parameters if p not in ("self", "cls")]
        untyped = [p for p in untyped if signature.parameters[p].annotation is inspect.Parameter.empty]
        assert not untyped, f"{name}: parameters without a type: {untyped}"
        assert signature.return_annotation is not inspect.Signature.empty, f"{name}: no return type"
