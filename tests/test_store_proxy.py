"""The read-only SPARQL proxy of ``swio serve --endpoint`` (``swio.remote.proxy.StoreProxy``) on real Oxigraph and
Virtuoso servers: answers in every format, restricted to the published graphs (a graph the store also holds is
never seen, whatever FROM or GRAPH the query says), the store's refusals as one line, answers over the size
limit, queries over the time limit, and Virtuoso's silent row cap refused instead of passed on as complete."""

from __future__ import annotations

import csv
import io
import json
import time

import pyoxigraph as ox
import pytest
import requests
from requests.auth import HTTPDigestAuth

from swio.remote.http import HttpClient
from swio.remote.proxy import StoreProxy

from .support.servers import start_oxigraph, start_virtuoso

PUBLISHED = ["urn:swio:test:published:one", "urn:swio:test:published:two"]
SECRET = "urn:swio:test:secret"
ROWS = 20


def turtle(graph: str, n: int) -> str:
    return "".join(f"<urn:x:{graph.rsplit(':', 1)[-1]}:{k}> <urn:x:p> {k} .\n" for k in range(n))


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def store(request, tmp_path_factory):
    if request.param == "oxigraph":
        server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "db")
        auth, param = None, "graph"
    else:
        server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), max_rows=10)
        auth, param = HTTPDigestAuth(server.user, server.password), "graph-uri"
    try:
        for graph, n in ((PUBLISHED[0], ROWS // 2), (PUBLISHED[1], ROWS // 2), (SECRET, 3)):
            response = requests.put(
                f"{server.store}?{param}={graph}",
                data=turtle(graph, n).encode(),
                headers={"Content-Type": "text/turtle"},
                auth=auth,
                timeout=30,
            )
            assert response.status_code in (200, 201, 204), response.text
        http = HttpClient(timeout=30, retries=0)
        server.proxy = StoreProxy(server.query, http, PUBLISHED, timeout=20, max_bytes=1 << 20)
        server.name = request.param
        yield server
        http.close()
    finally:
        server.stop()


def body(answer) -> bytes:
    assert answer.status == 200, answer.message
    with answer.file:
        data = answer.file.read()
    assert len(data) == answer.size
    return data


def test_a_select_sees_the_published_graphs_and_no_other(store):
    everything = "SELECT ?s WHERE { ?s ?p ?o }"
    if store.name == "virtuoso":
        everything += " LIMIT 9"  # the row cap (10) is tested below
    rows = json.loads(body(store.proxy.answer(everything, "application/sparql-results+json")))["results"]["bindings"]
    assert rows and all(":secret:" not in r["s"]["value"] for r in rows)
    for sneaky in (
        f"SELECT ?s WHERE {{ GRAPH <{SECRET}> {{ ?s ?p ?o }} }}",
        f"SELECT ?s FROM <{SECRET}> WHERE {{ ?s ?p ?o }}",
        "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER (CONTAINS(STR(?s), 'secret')) }",
    ):
        answer = store.proxy.answer(sneaky + " LIMIT 5", "application/sparql-results+json")
        rows = json.loads(body(answer))["results"]["bindings"]
        assert all(":secret:" not in r["s"]["value"] for r in rows), sneaky


def test_formats_of_answers(store):
    query = "SELECT ?s ?o WHERE { ?s <urn:x:p> ?o FILTER (?o < 3) } ORDER BY ?s"
    table = list(csv.reader(io.StringIO(body(store.proxy.answer(query, "text/csv")).decode("utf-8"))))
    assert table[0] == ["s", "o"] and len(table) == 1 + 6
    xml = body(store.proxy.answer(query, "application/sparql-results+xml")).decode("utf-8")
    assert "<sparql" in xml and "urn:x:one:0" in xml
    graph = "CONSTRUCT { ?s <urn:x:q> ?o } WHERE { ?s <urn:x:p> ?o FILTER (?o = 1) }"
    turtle_answer = store.proxy.answer(graph, "text/turtle")
    triples = list(ox.parse(body(turtle_answer), ox.RdfFormat.TURTLE))
    assert len(triples) == 2 and {t.predicate.value for t in triples} == {"urn:x:q"}
    assert turtle_answer.media == "text/turtle"
    ask = json.loads(body(store.proxy.answer("ASK { ?s <urn:x:p> 5 }", "application/sparql-results+json")))
    assert ask["boolean"] is True


def test_an_html_page_gets_the_first_rows_as_a_table(store):
    answer = store.proxy.answer("SELECT ?s WHERE { ?s <urn:x:p> ?o } ORDER BY ?s LIMIT 4", "", table=True)
    table = json.loads(body(answer))
    assert table["head"]["vars"] == ["s"] and table["total"] == 4
    assert table["results"]["bindings"][0]["s"] == {"type": "uri", "value": "urn:x:one:0"}
    graph = store.proxy.answer("CONSTRUCT WHERE { ?s <urn:x:p> 1 }", "text/turtle", table=True)
    assert len(list(ox.parse(body(graph), ox.RdfFormat.TURTLE))) == 2  # a graph's answer is not a table


def test_the_stores_refusal_is_one_line(store):
    answer = store.proxy.answer("SELECT ?s WHERE { ?s ?p }", "application/sparql-results+json")
    assert answer.status == 400 and answer.message and "\n" not in answer.message and len(answer.message) <= 300


def test_an_answer_over_the_size_limit_is_refused(store):
    small = StoreProxy(store.query, store.proxy.http, PUBLISHED, timeout=20, max_bytes=200)
    answer = small.answer("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5", "application/sparql-results+json")
    assert answer.status == 503 and "larger than 200 bytes" in answer.message


def test_a_query_over_the_time_limit_is_stopped(store):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h . ?i ?t ?j . ?k ?u ?l }"
    started = time.monotonic()
    answer = store.proxy.answer(slow, "application/sparql-results+json", seconds=1.5)
    assert time.monotonic() - started < 10
    assert answer.status == 503 and "did not finish within" in answer.message


def test_a_row_cap_is_refused_not_passed_on(store):
    """Virtuoso (capped at 10 rows here) cuts the 20-row answer and says so only in a header: refused; Oxigraph
    has no cap: all 20 rows."""
    answer = store.proxy.answer("SELECT ?s WHERE { ?s <urn:x:p> ?o }", "application/sparql-results+json")
    if store.name == "virtuoso":
        assert answer.status == 503 and "reached the store's row cap (10 rows)" in answer.message
        for media in ("text/csv", "application/sparql-results+xml", "application/sparql-results+json"):
            assert store.proxy.answer("SELECT ?s WHERE { ?s <urn:x:p> ?o } LIMIT 9", media).status == 200
    else:
        assert len(json.loads(body(answer))["results"]["bindings"]) == ROWS
