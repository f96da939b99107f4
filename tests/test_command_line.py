"""Python conventions of the command line: ``python -m swio``, shell completion, progress on a terminal."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

import swio

from .support.helpers import REPO

BIN = Path(sys.executable).parent


def swio_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWIO_", "_SWIO_"))}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", PYTHONIOENCODING="utf-8", **extra)
    return env


def test_python_m_swio_is_the_swio_command(tmp_path):
    version = subprocess.run(
        [sys.executable, "-m", "swio", "--version"], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert version.returncode == 0 and version.stdout == f"swio, version {swio.__version__}\n"
    wrong = subprocess.run(
        [sys.executable, "-m", "swio", "no-such-command"], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert wrong.returncode == 2 and wrong.stderr.startswith("swio: error: No such command 'no-such-command'")


# -- shell completion ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shell, defines", [("bash", "_swio_completion()"), ("zsh", "#compdef swio"), ("fish", "function _swio_completion")]
)
def test_the_completion_script_is_generated_for_each_shell(shell, defines):
    proc = subprocess.run(
        ["swio"], env=swio_env(_SWIO_COMPLETE=f"{shell}_source"), capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and proc.stderr == ""
    assert defines in proc.stdout and f"_SWIO_COMPLETE={shell}_complete" in proc.stdout


@pytest.mark.parametrize(
    "words, cword, expected",
    [
        (["swio", "va"], 1, ["validate"]),
        (["swio", "validate", "--for"], 2, ["--format"]),
        (["swio", "query", "--lang", ""], 3, ["en", "zh"]),
        (["swio", "b"], 1, ["build"]),
    ],
)
def test_bash_completes_commands_options_and_values_through_the_generated_script(words, cword, expected):
    """The script bash would source, run by bash: the completion function fills COMPREPLY."""
    script = "\n".join(
        [
            "source <(_SWIO_COMPLETE=bash_source swio) || exit 3",
            "COMP_WORDS=(" + " ".join(f"'{w}'" for w in words) + ")",
            f"COMP_CWORD={cword}",
            "_swio_completion swio",
            'printf "%s\\n" "${COMPREPLY[@]}"',
        ]
    )
    proc = subprocess.run(["bash", "-c", script], env=swio_env(), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == expected


# -- progress on a terminal, nothing otherwise --------------------------------------------------


def run_with_stderr_on_a_terminal(args: list[str], cwd: Path, seconds: float = 120) -> tuple[int, str, str]:
    """Run swio with standard error on a pseudo-terminal (standard output a pipe): exit code, stdout,
    what the terminal received."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        ["swio", *args],
        cwd=cwd,
        env=swio_env(COLUMNS="100"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    received = b""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                received += chunk
            elif proc.poll() is not None:
                break
        out = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))[0]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        os.close(master)
    return proc.returncode, out.decode("utf-8"), received.decode("utf-8", "replace")


def status_lines(terminal: str) -> list[str]:
    """The status lines drawn (each starts with a carriage return and an erase-line)."""
    return [part for part in terminal.split("\r\x1b[K") if part]


def test_synth_shows_progress_on_a_terminal_and_clears_it(tmp_path):
    code, out, terminal = run_with_stderr_on_a_terminal(
        ["synth", "--scale", "20000", "--out", str(tmp_path / "synth")], tmp_path
    )
    assert code == 0 and out.startswith("wrote "), terminal
    shown = status_lines(terminal)
    assert shown and shown[0].startswith("swio synth: province 1 of "), terminal
    assert all(len(line) <= 99 for line in shown)  # never wider than the terminal: each line is redrawn in place
    assert terminal.endswith("\r\x1b[K")  # cleared at the end: the terminal is left as it was


def test_synth_writes_nothing_to_stderr_when_it_is_not_a_terminal(tmp_path):
    proc = subprocess.run(
        ["swio", "synth", "--scale", "20000", "--out", str(tmp_path / "synth")],
        env=swio_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("wrote ")
    assert proc.stderr == ""


def test_build_shows_progress_on_a_terminal_and_nothing_otherwise(tmp_path):
    code, out, terminal = run_with_stderr_on_a_terminal(["build", "--no-site", "--out", str(tmp_path / "a")], REPO)
    assert code == 0 and "built release" in out, terminal
    shown = status_lines(terminal)
    assert shown and shown[0] == "swio build: reading the graph", terminal
    assert len(shown) >= 2 and all(
        re.fullmatch(r"swio build: (reading the graph|writing .+|validating)", x) for x in shown
    )
    assert terminal.endswith("\r\x1b[K")
    quiet = subprocess.run(
        ["swio", "build", "--no-site", "--out", str(tmp_path / "b")],
        env=swio_env(),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert quiet.stdout.splitlines()[-1].startswith("built release")


def test_an_error_clears_the_status_line_before_it_is_printed(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "photo.jpg").write_bytes(b"not a release")
    code, out, terminal = run_with_stderr_on_a_terminal(["build", "--out", str(tmp_path / "taken")], REPO)
    assert code == 2 and out == ""
    assert terminal.rstrip().splitlines()[-1].startswith("swio: error: --out ")


@pytest.mark.oxigraph
def test_load_shows_progress_on_a_terminal_and_nothing_otherwise(tmp_path):
    from .support.servers import oxigraph

    with oxigraph(tmp_path / "db") as server:
        code, out, terminal = run_with_stderr_on_a_terminal(["load", "--store", server.store], tmp_path)
        assert code == 0 and "counted in the store" in out, terminal
        shown = status_lines(terminal)
        assert shown[0] == "swio load: reading the data" and len(shown) >= 2, terminal
        assert terminal.endswith("\r\x1b[K")
        quiet = subprocess.run(
            ["swio", "load", "--store", server.store], env=swio_env(), capture_output=True, text=True, timeout=300
        )
        assert quiet.returncode == 0 and "counted in the store" in quiet.stdout
        assert quiet.stderr == ""
