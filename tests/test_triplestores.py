"""`swio load` and `swio query --endpoint` against real Oxigraph servers (PyPI package oxigraph)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests
from click.testing import CliRunner

import swio
from swio.cli import main
from swio.namespaces import DATASET_IRI, ONTOLOGY_IRI
from swio.queries.catalog import catalog
from swio.remote.endpoints import Endpoints
from swio.remote.http import HttpClient
from swio.remote.load import Loader

from .support.auth_proxy import AuthProxy
from .support.expected_answers import VARIANTS
from .support.helpers import assert_same_answers
from .support.servers import oxigraph, start_oxigraph

pytestmark = pytest.mark.server
QUESTIONS = sorted(catalog())


def count(server, graph=None):
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
    r = requests.post(
        server.query,
        data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def load(*args):
    return CliRunner().invoke(main, ["load", "--retries", "1", *map(str, args)])


@pytest.fixture(scope="module", params=["union", "plain"])
def loaded(request, tmp_path_factory):
    """An Oxigraph server, with or without --union-default-graph, holding the shipped graph."""
    with oxigraph(tmp_path_factory.mktemp("ox") / "db", union=request.param == "union") as server:
        result = load("--store", server.store)
        assert result.exit_code == 0, result.output
        yield server


@pytest.fixture(scope="module")
def embedded():
    return swio.open_dataset()


def test_load_reports_sent_and_counted_triples(loaded, embedded):
    ontology = sum(f.triples for f in embedded.files if f.schema)
    data = sum(f.triples for f in embedded.files if not f.schema)
    assert count(loaded, ONTOLOGY_IRI) == ontology
    assert count(loaded, DATASET_IRI) == data
    assert count(loaded) == ontology + data  # no staging graph left behind


@pytest.mark.parametrize("name", QUESTIONS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_question_answers_the_same_over_the_endpoint(loaded, embedded, name, lang):
    assert_same_answers(loaded.query, embedded, name, lang)


@pytest.mark.parametrize("name, params, lang", [(v[0], v[1], v[2]) for v in VARIANTS])
def test_parameterised_questions_answer_the_same_over_the_endpoint(loaded, embedded, name, params, lang):
    assert_same_answers(loaded.query, embedded, name, lang, params)


def test_without_from_clauses_only_a_union_store_sees_the_graph(loaded, embedded):
    table = swio.query("leaders-with-official-posts", endpoint=loaded.query, graphs=[])
    assert len(table.rows) == (4 if loaded.union else 0)


def test_reload_replaces_rather_than_duplicates(tmp_path):
    with oxigraph(tmp_path / "db") as server:
        for _ in range(3):
            assert load("--store", server.store).exit_code == 0
        first = count(server)
        assert load("--update", server.update).exit_code == 0
        assert count(server) == first


def test_sparql_update_path_loads_the_same(tmp_path, embedded):
    with oxigraph(tmp_path / "db") as server:
        result = load("--update", server.update, "--update-batch-size", "500")
        assert result.exit_code == 0, result.output
        assert "(atomic: all graphs replaced in one transaction)" in result.stdout
        assert count(server) == len(embedded)
        assert (
            swio.query("hefei-timeline", endpoint=server.query).rows
            == swio.query("hefei-timeline", dataset=embedded).rows
        )


def test_custom_graph_names(tmp_path):
    with oxigraph(tmp_path / "db") as server:
        result = load("--store", server.store, "--graph", "data=urn:x:data", "--graph", "ontology=urn:x:onto")
        assert result.exit_code == 0
        assert count(server, "urn:x:data") > 1000 and count(server, DATASET_IRI) == 0
        table = (
            CliRunner()
            .invoke(
                main,
                [
                    "query",
                    "firsts",
                    "--endpoint",
                    server.query,
                    "--graph",
                    "urn:x:data",
                    "--graph",
                    "urn:x:onto",
                    "--format",
                    "csv",
                ],
            )
            .stdout
        )
        assert table.count("\n") == 5


def test_bulk_loader(tmp_path, embedded):
    with oxigraph(tmp_path / "db") as server:
        result = load("--store", server.store, "--bulk")
        assert result.exit_code == 0, result.output
        assert "oxigraph bulk loader (not atomic)" in result.stdout
        assert count(server) == len(embedded)


def test_unreachable_store_is_one_line_exit_2():
    result = load("--store", "http://127.0.0.1:9/store", "--timeout", "2")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "swio: error: http://127.0.0.1:9/update: cannot write a probe triple: connection refused (after 2 attempts)"
    )


def test_wrong_endpoint_path_is_a_404(tmp_path):
    with oxigraph(tmp_path / "db") as server:
        result = load(
            "--store",
            server.base + "/nothing-here",
            "--query",
            server.query,
            "--update",
            server.base + "/nothing-either",
        )
        assert result.exit_code == 2
        assert "404 Not Found" in result.stderr.strip().splitlines()[-1]


def test_a_store_that_rejects_the_payload(tmp_path):
    with oxigraph(tmp_path / "db") as server:
        loader = Loader(Endpoints(query=server.query, store=server.store, update=server.update), HttpClient(retries=0))
        with pytest.raises(swio.EndpointError) as err:
            loader.http.request(
                "PUT",
                loader.store_url("urn:x:g"),
                what="write graph <urn:x:g>",
                data=b"<urn:a> <urn:b> this is not n-triples .\n",
                headers={"Content-Type": "application/n-triples"},
            )
        assert "the store refused to write graph <urn:x:g> (HTTP 400)" in str(err.value)
        assert count(server) == 0


def test_a_read_only_store_refuses_and_nothing_changes(tmp_path):
    with oxigraph(tmp_path / "db") as server:
        assert load("--store", server.store).exit_code == 0
        before = count(server)
    with oxigraph(tmp_path / "db", read_only=True) as server:
        result = load("--store", server.store)
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert "swio: error:" in result.stderr
        assert count(server) == before


def test_authentication_errors_through_an_authenticating_proxy(tmp_path):
    with oxigraph(tmp_path / "db") as server, AuthProxy(server.base) as proxy:
        store, query = proxy.base + "/store", proxy.base + "/query"
        result = load("--store", store)
        assert result.exit_code == 2
        assert "401 Unauthorized: give --user and --password (the store asks for Basic authentication)" in result.stderr
        result = load("--store", store, "--user", "writer", "--password", "wrong")
        assert result.exit_code == 2 and "401 Unauthorized" in result.stderr
        result = load("--store", store, "--user", "reader", "--password", "r3ad")
        assert result.exit_code == 2 and "403 Forbidden: this user may not write a probe triple" in result.stderr
        assert count(server) == 0
        result = load("--store", store, "--user", "writer", "--password", "s3cret", "--auth", "basic", "--no-validate")
        assert result.exit_code == 0, result.output
        answer = CliRunner().invoke(
            main, ["query", "firsts", "--endpoint", query, "--user", "reader", "--password", "r3ad", "--format", "csv"]
        )
        assert answer.exit_code == 0 and answer.stdout.count("\n") == 5
        denied = CliRunner().invoke(main, ["query", "firsts", "--endpoint", query])
        assert denied.exit_code == 2
        assert denied.stderr.strip() == (
            f"swio: error: {query}: 401 Unauthorized: give --user and --password "
            "(the store asks for Basic authentication)"
        )


def _big_turtle(path, triples: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(
            "@prefix swio: <https://w3id.org/swio/def#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        )
        for i in range(triples // 2):
            f.write(
                f'<https://w3id.org/swio/id/org/bulk-{i}> a swio:SocialWorkAssociation ; rdfs:label "协会 {i}"@zh .\n'
            )


def test_a_server_killed_mid_load_leaves_the_published_graph_intact(tmp_path):
    big = tmp_path / "big.ttl"
    _big_turtle(big, 200_000)
    location = tmp_path / "db"
    server = start_oxigraph(location)
    try:
        assert load("--store", server.store).exit_code == 0
        published = count(server, DATASET_IRI)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "swio.cli",
                "load",
                str(big),
                "--store",
                server.store,
                "--no-validate",
                "--retries",
                "2",
                "--timeout",
                "5",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        lock = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:swio:lock> { ?s ?p ?o } }"

        def publishing():
            r = requests.post(
                server.query, data={"query": lock}, headers={"Accept": "application/sparql-results+json"}, timeout=30
            )
            return int(r.json()["results"]["bindings"][0]["n"]["value"]) > 0

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not publishing() and proc.poll() is None:
            time.sleep(0.05)
        server.kill()  # SIGKILL while the publish transaction is being sent
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 2, out + err
        assert "Traceback" not in err
        assert "connection refused (after 3 attempts)" in err.strip().splitlines()[-1]
    finally:
        server.stop()
    with oxigraph(location, port=server.port) as restarted:
        assert count(restarted, DATASET_IRI) == published
        result = load("--store", restarted.store, "--timeout", "5")  # waits out the dead run's lock (5 + 10 s)
        assert result.exit_code == 0, result.output
        assert count(restarted, DATASET_IRI) == published
