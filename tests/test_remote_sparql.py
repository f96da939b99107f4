"""`SparqlEndpoint.select_all`: every row or a loud failure, against real Oxigraph and Virtuoso servers.

Virtuoso caps every answer at ResultSetMaxRows rows without an error (set small here through
tests/support/servers.py); the client must notice (X-SPARQL-MaxRows), fetch the rest in pages, and check
the total against a COUNT. Oxigraph does not cap; a cap the caller declares (max_rows) is honoured
the same way.
"""

from __future__ import annotations

import pytest
import requests
from requests.auth import HTTPDigestAuth

from swio.errors import EndpointError
from swio.remote.http import HttpClient
from swio.remote.sparql import SparqlEndpoint

from .support.servers import oxigraph, start_virtuoso

ROWS = 250  # more than the cap, not a multiple of it
CAP = 100
GRAPH = "urn:x:rows"
QUERY = "PREFIX ex: <http://example.org/>\n# every row, no order given\nSELECT ?s ?v WHERE { ?s ex:v ?v }"


def insert_rows(update_url, auth=None):
    triples = "\n".join(f'<http://example.org/s{i}> <http://example.org/v> "v{i % 37}" .' for i in range(ROWS))
    requests.post(
        update_url,
        data=f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {triples} }} }}".encode(),
        auth=auth,
        headers={"Content-Type": "application/sparql-update"},
        timeout=60,
    ).raise_for_status()


def expected_rows():
    return sorted((f"http://example.org/s{i}", f"v{i % 37}") for i in range(ROWS))


def got_rows(answer):
    return sorted((r["s"]["value"], r["v"]["value"]) for r in answer.rows)


@pytest.fixture(scope="module")
def small_cap_virtuoso(tmp_path_factory):
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso-cap"), max_rows=CAP)
    try:
        insert_rows(server.update, HTTPDigestAuth(server.user, server.password))
        yield server
    finally:
        server.stop()


@pytest.mark.virtuoso
def test_virtuoso_caps_silently_and_select_all_still_returns_every_row(small_cap_virtuoso):
    server = small_cap_virtuoso
    raw = requests.post(
        server.query,
        data={"query": f"SELECT ?s ?v FROM <{GRAPH}> WHERE {{ ?s ?p ?v }}"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert len(raw.json()["results"]["bindings"]) == CAP  # the cap this test is about: a truncated answer
    answer = SparqlEndpoint(server.query, HttpClient(timeout=30)).select_all(QUERY, graphs=[GRAPH])
    assert got_rows(answer) == expected_rows()
    assert answer.pages == 3


@pytest.mark.virtuoso
def test_a_canned_question_over_a_capped_virtuoso_answers_in_full(small_cap_virtuoso, tmp_path):
    import swio

    server = small_cap_virtuoso
    question = tmp_path / "rows.rq"
    question.write_text(
        f"# title@en: rows\nSELECT ?s ?v FROM <{GRAPH}> WHERE {{ ?s <http://example.org/v> ?v }}\n", encoding="utf-8"
    )
    with pytest.raises(EndpointError, match="cannot be fetched in pages"):  # its own FROM: cannot page it
        swio.query(str(question), endpoint=server.query, graphs=[])
    question.write_text("# title@en: rows\nSELECT ?s ?v WHERE { ?s <http://example.org/v> ?v }\n", encoding="utf-8")
    table = swio.query(str(question), endpoint=server.query, graphs=[GRAPH])
    assert len(table.rows) == ROWS


@pytest.mark.server
def test_oxigraph_with_a_declared_cap_pages_and_checks_the_total(tmp_path):
    with oxigraph(tmp_path / "db") as server:
        insert_rows(server.update)
        endpoint = SparqlEndpoint(server.query, HttpClient(timeout=30), max_rows=CAP)
        answer = endpoint.select_all(QUERY, graphs=[GRAPH])
        assert got_rows(answer) == expected_rows() and answer.pages == 3
        ask = endpoint.select_all("ASK { ?s ?p ?o }", graphs=[GRAPH])
        assert ask.boolean is True
        small = endpoint.select_all(QUERY + " LIMIT 7", graphs=[GRAPH])
        assert len(small.rows) == 7 and small.pages == 1


@pytest.mark.server
def test_pages_that_come_back_short_fail_loudly_instead_of_a_partial_answer(tmp_path):
    from .support.fault_proxy import Fault, FaultProxy

    with oxigraph(tmp_path / "db") as server:
        insert_rows(server.update)
        with FaultProxy(server.base, [Fault("truncate", body_contains=b"OFFSET", keep=0, times=99)]) as proxy:
            endpoint = SparqlEndpoint(proxy.base + "/query", HttpClient(timeout=30), max_rows=CAP)
            with pytest.raises(EndpointError, match="has 250 rows but 0 could be fetched in pages of 100"):
                endpoint.select_all(QUERY, graphs=[GRAPH])
            assert proxy.fired
