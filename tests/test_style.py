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
