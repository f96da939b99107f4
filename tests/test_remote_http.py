"""The one HTTP client of swio (src/swio/remote/http.py) as `swio load` and `swio query --endpoint` use it:
whole-request deadlines against a server that trickles, authentication that answers the server's
challenge, credentials never printed, clear one-line errors for bad options, and no injection through
graph IRIs or update queries. Against a real Oxigraph server (PyPI package oxigraph) where a store is needed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
import requests
from click.testing import CliRunner

from swio.cli import main
from swio.namespaces import DATASET_IRI

from .support.auth_proxy import AuthProxy
from .support.fault_proxy import FaultProxy
from .support.servers import oxigraph

pytestmark = pytest.mark.server
SWIO = [sys.executable, "-m", "swio.cli"]


def swio(*args, env=None, timeout=90):
    """Run the real command in its own process, bounded in time."""
    return subprocess.run(
        [*SWIO, *map(str, args)], capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )


def count(server, graph=None):
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
    r = requests.post(
        server.query,
        data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """One Oxigraph server holding the shipped graph plus a graph nobody may delete."""
    with oxigraph(tmp_path_factory.mktemp("ox") / "db") as server:
        result = swio("load", "--store", server.store, "--retries", "0")
        assert result.returncode == 0, result.stderr
        requests.post(
            server.update,
            data=b"INSERT DATA { GRAPH <urn:victim> { <urn:a> <urn:b> <urn:c> } }",
            headers={"Content-Type": "application/sparql-update"},
            timeout=30,
        ).raise_for_status()
        yield server


# -- deadlines -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "command",
    [
        lambda url: ("load", "--store", url + "/store", "--timeout", "2", "--retries", "0", "--no-validate"),
        lambda url: ("query", "firsts", "--endpoint", url + "/query", "--timeout", "2"),
    ],
    ids=["load", "query"],
)
def test_timeout_bounds_the_whole_request_against_a_trickling_server(command):
    with FaultProxy(None) as slow:  # answers every request with one byte every 1.5 s
        started = time.monotonic()
        result = swio(*command(slow.base), timeout=60)
        elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "no complete answer within 2 s (--timeout)" in result.stderr.strip().splitlines()[-1]
    assert elapsed < 15, f"took {elapsed:.1f} s with --timeout 2"


# -- authentication ------------------------------------------------------------------------------
def test_auto_auth_sends_no_password_before_the_server_asks_and_warns_about_basic_over_http(store):
    with AuthProxy(store.base) as proxy:
        result = swio(
            "load", "--store", proxy.base + "/store", "--user", "writer", "--password", "s3cret", "--no-validate"
        )
        assert result.returncode == 0, result.stderr
        assert proxy.seen[0][2] is None, f"the first request carried {proxy.seen[0][2]} credentials"
        assert {scheme for _, _, scheme in proxy.seen[1:]} == {"Basic"}
        assert "warning: sending the password with Basic authentication over plain http" in result.stderr
        assert "s3cret" not in result.stderr + result.stdout


def test_a_password_outside_latin1_works(store):
    with AuthProxy(store.base) as proxy:
        result = swio(
            "load",
            "--store",
            proxy.base + "/store",
            "--user",
            "张伟",
            "--password",
            "密码",
            "--auth",
            "basic",
            "--no-validate",
        )
        assert result.returncode == 0, result.stderr
        result = swio(
            "query",
            "firsts",
            "--endpoint",
            proxy.base + "/query",
            "--user",
            "张伟",
            "--password",
            "密码",
            "--format",
            "csv",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.count("\n") == 5


def test_credentials_written_into_a_url_are_used_and_never_printed(store):
    with AuthProxy(store.base) as proxy:
        port = proxy.base.rsplit(":", 1)[1]
        result = swio(
            "query", "firsts", "--endpoint", f"http://writer:s3cret@127.0.0.1:{port}/query", "--format", "csv"
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.count("\n") == 5
        assert "s3cret" not in result.stderr
        result = swio("query", "firsts", "--endpoint", f"http://writer:wrong-pw@127.0.0.1:{port}/query")
        assert result.returncode == 2
        assert "wrong-pw" not in result.stderr and "401 Unauthorized" in result.stderr
    result = swio("load", "--store", "http://writer:s3cret@127.0.0.1:9/store", "--retries", "0", "--no-validate")
    assert result.returncode == 2
    assert "s3cret" not in result.stderr + result.stdout
    assert "http://127.0.0.1:9/update: cannot" in result.stderr


@pytest.mark.parametrize(
    "args, env, message",
    [
        (("--store", "ftp://127.0.0.1/store"), {}, "only http:// and https:// URLs are supported, not ftp://"),
        (("--store", "http://[::1/store"), {}, "not a valid URL"),
        (("--store", "http:///store"), {}, "the URL has no host"),
        (("--store", "http://127.0.0.1:99999/store"), {}, "not a valid URL"),
        (("--store", "STORE", "--batch-size", "0"), {}, "--batch-size must be a whole number of at least 1, not 0"),
        (
            ("--update", "UPDATE", "--update-batch-size", "0"),
            {},
            "--update-batch-size must be a whole number of at least 1",
        ),
        (("--store", "STORE", "--timeout", "0"), {}, "--timeout must be a positive number of seconds, not 0.0"),
        (("--store", "STORE", "--timeout", "-5"), {}, "--timeout must be a positive number of seconds, not -5.0"),
        (("--store", "STORE"), {"SWIO_PASSWORD": "x"}, "a password is given but no --user: give --user too"),
    ],
    ids=[
        "ftp",
        "malformed",
        "no-host",
        "bad-port",
        "batch-0",
        "update-batch-0",
        "timeout-0",
        "timeout-negative",
        "password-without-user",
    ],
)
def test_bad_options_are_one_line_errors(store, args, env, message):
    args = [a.replace("STORE", store.store).replace("UPDATE", store.update) for a in args]
    before = count(store)
    result = swio("load", *args, "--no-validate", env=env)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("swio: error: ") and message in lines[0], lines
    assert count(store) == before


def test_password_without_user_is_refused_for_query_too(store):
    result = swio("query", "firsts", "--endpoint", store.query, env={"SWIO_PASSWORD": "x"})
    assert result.returncode == 2
    assert "no --user: give --user too" in result.stderr


# -- injection -------------------------------------------------------------------------------
def test_a_graph_iri_that_smuggles_sparql_is_refused(store):
    before = count(store)
    result = swio(
        "load", "--store", store.store, "--graph", "data=urn:x> ; DROP GRAPH <urn:victim> ; #", "--no-validate"
    )
    assert result.returncode == 2
    assert "is not an absolute IRI" in result.stderr and "Traceback" not in result.stderr
    result = swio("query", "firsts", "--endpoint", store.query, "--graph", "urn:x> } DROP GRAPH <urn:victim")
    assert result.returncode == 2 and "is not an absolute IRI" in result.stderr
    assert count(store, "urn:victim") == 1 and count(store) == before


def test_an_update_is_never_sent_to_an_endpoint(store, tmp_path):
    drop = tmp_path / "drop.rq"
    drop.write_text("PREFIX ex: <http://example.org/>\n# empties the store\nDROP ALL\n", encoding="utf-8")
    before = count(store)
    with FaultProxy(store.base) as proxy:
        result = swio("query", str(drop), "--endpoint", proxy.base + "/update")
        assert result.returncode == 2
        assert "is a SPARQL Update" in result.stderr and "not a query" in result.stderr
        assert proxy.requests == []
    assert count(store) == before and count(store, DATASET_IRI) > 0


def test_the_library_refuses_updates_too(store):
    import swio as api
    from swio.remote.query import select

    with pytest.raises(api.QueryError, match="SPARQL Update"):
        select(store.update, "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", graphs=[])
    assert count(store, "urn:victim") == 1


def test_query_errors_name_the_endpoint_in_one_line():
    result = CliRunner().invoke(main, ["query", "firsts", "--endpoint", "http://127.0.0.1:9/query", "--timeout", "3"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "swio: error: http://127.0.0.1:9/query: cannot run firsts: connection refused (after 1 attempt)"
    )
