"""Start and stop real triplestores on 127.0.0.1, for the tests and the benchmarks (not part of the package).

* Oxigraph: the ``oxigraph`` command from the PyPI package of the same name.
* Virtuoso Open Source 7: ``virtuoso-t`` from the Debian package ``virtuoso-opensource``,
  run in the foreground with its own database directory and ports.

Every wait is bounded; a server that does not come up is stopped and reported.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, seconds: float, log: Path | None = None, **kwargs) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"server exited with {proc.returncode} before answering {url}\n{tail}")
        try:
            if requests.get(url, timeout=2, **kwargs).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer {url} within {seconds:.0f} s")


class _Endpoints:
    """The URLs of a server on 127.0.0.1, from its HTTP port and the paths of its three services."""

    STORE, QUERY, UPDATE = "/store", "/query", "/update"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def store(self) -> str:
        return self.base + self.STORE

    @property
    def query(self) -> str:
        return self.base + self.QUERY

    @property
    def update(self) -> str:
        return self.base + self.UPDATE


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if it has not ended within 30 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


class _Process:
    """A server run as one child process (``self.process``): stopped with SIGTERM, then SIGKILL."""

    process: subprocess.Popen

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        stop_process(self.process)


@dataclass
class Oxigraph(_Endpoints, _Process):
    port: int
    location: Path
    process: subprocess.Popen
    union: bool

    @property
    def http_port(self) -> int:
        return self.port


def oxigraph_command() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        raise RuntimeError("the oxigraph server is not installed: pip install oxigraph (it is in the test extras)")
    return found


def start_oxigraph(
    location: Path, *, union: bool = False, port: int | None = None, read_only: bool = False, wait: float = 60.0
) -> Oxigraph:
    port = port or free_port()
    location.mkdir(parents=True, exist_ok=True)
    args = [
        oxigraph_command(),
        "serve-read-only" if read_only else "serve",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    if union:
        args.append("--union-default-graph")
    log = location.parent / f"oxigraph-{port}.log"
    proc = subprocess.Popen(args, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    server = Oxigraph(port, location, proc, union)
    return _ready(server, proc, wait, log)


def _ready(server, proc: subprocess.Popen, wait: float, log: Path):
    """The server once its query endpoint answers; stopped and reported if it does not in time."""
    try:
        _wait_for(f"{server.query}?query=ASK%7B%7D", proc, wait, log)
    except BaseException:
        server.stop()
        raise
    return server


@contextmanager
def running(start, *args, **kwargs):
    """``with running(start_oxigraph, path) as server:`` — started, and stopped whatever happens."""
    server = start(*args, **kwargs)
    try:
        yield server
    finally:
        server.stop()


def oxigraph(location: Path, **kwargs):
    return running(start_oxigraph, location, **kwargs)


# -- swio serve ----------------------------------------------------------------------------


@dataclass
class SwioServe(_Endpoints, _Process):
    """``swio serve`` (the project's own live server) run as a reader runs it, on 127.0.0.1."""

    port: int
    process: subprocess.Popen
    log: Path
    QUERY = "/sparql"

    @property
    def http_port(self) -> int:
        return self.port

    @property
    def banner(self) -> str:
        """What the command printed when it started (its ``serving ...`` line)."""
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_swio_serve(log: Path, *args: str, port: int | None = None, wait: float = 120.0) -> SwioServe:
    """``swio serve --port PORT ARGS`` with its output in ``log``; returned once ``/sparql`` answers."""
    port = port or free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "swio.cli", "serve", "--port", str(port), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return _ready(SwioServe(port, proc, log), proc, wait, log)


# -- Virtuoso ------------------------------------------------------------------------------
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@dataclass
class Virtuoso(_Endpoints):
    sql_port: int
    http_port: int
    directory: Path
    process: subprocess.Popen
    user: str = "dba"
    password: str = "dba"
    STORE, QUERY, UPDATE = "/sparql-graph-crud-auth", "/sparql", "/sparql-auth"

    def kill(self) -> None:
        """SIGKILL: no checkpoint, no clean shutdown (what a crash or an OOM kill does)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        isql = shutil.which("isql-vt")
        if isql:
            try:
                subprocess.run(
                    [isql, f"127.0.0.1:{self.sql_port}", self.user, self.password, "exec=shutdown;"],
                    capture_output=True,
                    timeout=20,
                )
            except subprocess.TimeoutExpired:
                pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


def virtuoso_available() -> bool:
    return shutil.which("virtuoso-t") is not None and VIRTUOSO_INI.exists()


def start_virtuoso(
    directory: Path, *, wait: float = 120.0, max_query_seconds: int = 30, max_rows: int = 1_000_000
) -> Virtuoso:
    """A Virtuoso server on free ports with its database in ``directory`` (reused if it is there: a
    restart after :meth:`Virtuoso.kill` recovers from the transaction log). ``max_rows`` is
    ``ResultSetMaxRows``, the cap Virtuoso puts on every answer without an error."""
    if not virtuoso_available():
        raise RuntimeError(
            "Virtuoso is not installed: apt-get install virtuoso-opensource (scripts/install-test-tools does it)"
        )
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    text = VIRTUOSO_INI.read_text()
    text = text.replace("/var/lib/virtuoso-opensource-7/db/", f"{directory}/")
    text = re.sub(r"(?m)^(\s*ServerPort\s*=\s*)1111", rf"\g<1>127.0.0.1:{sql_port}", text)
    text = re.sub(r"(?m)^(\s*ServerPort\s*=\s*)8890", rf"\g<1>127.0.0.1:{http_port}", text)
    text = re.sub(r"(?m)^(\s*DefaultHost\s*=\s*)localhost:8890", rf"\g<1>127.0.0.1:{http_port}", text)
    text = re.sub(r"(?m)^(\s*DirsAllowed\s*=\s*)(.*)$", rf"\g<1>\g<2>, {directory}", text)
    text = re.sub(r"(?m)^(\s*ResultSetMaxRows\s*=\s*)\d+", rf"\g<1>{max_rows}", text)
    text = re.sub(r"(?m)^(\s*MaxQueryExecutionTime\s*=\s*)\d+", rf"\g<1>{max_query_seconds}", text)
    ini = directory / "virtuoso.ini"
    ini.write_text(text)
    log = directory / "virtuoso-console.log"
    env = dict(os.environ)
    proc = subprocess.Popen(
        ["virtuoso-t", "+configfile", str(ini), "+foreground"],
        cwd=directory,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env=env,
    )
    server = Virtuoso(sql_port, http_port, directory, proc)
    return _ready(server, proc, wait, log)


def virtuoso(directory: Path, **kwargs):
    return running(start_virtuoso, directory, **kwargs)
