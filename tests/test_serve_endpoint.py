"""``swio serve --endpoint``: the real command over a real Oxigraph server holding the shipped graph (loaded with
``swio load``), hit over HTTP: pages in both languages and the RDF of resources from the store, redirects to
``--base-url``, validators and conditional requests, ``/sparql`` as a read-only proxy with the embedded
server's refusals and only the published graphs in sight, the search and the questions from the store, and a
new published version picked up without a restart. (That every file equals the local site's is
tests/test_store_pages.py; the server's limits are tests/test_serve_public.py.)"""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner

from swio.cli import main

from .support.fault_proxy import Fault, FaultProxy
from .support.serve_clients import wait_until
from .support.servers import running, start_oxigraph, start_swio_serve

RESOURCE = "id/org/hefei-shi-shehui-gongzuo-xiehui"
PUBLIC = "https://lod.example.org/swio"
SECRET = "urn:swio:test:not-published"
NEW = "https://w3id.org/swio/id/org/test-new-association"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with running(start_oxigraph, tmp_path_factory.mktemp("oxigraph") / "db") as server:
        result = CliRunner().invoke(main, ["load", "--store", server.store, "-q"])
        assert result.exit_code == 0, result.output
        secret = b"<urn:x:secret> <urn:x:p> <urn:x:o> .\n"
        response = requests.put(
            f"{server.store}?graph={SECRET}", data=secret, headers={"Content-Type": "application/n-triples"}, timeout=30
        )
        assert response.status_code in (201, 204)
        yield server


@pytest.fixture(scope="module")
def served(store, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    args = ("--endpoint", store.query, "--base-url", PUBLIC, "--recheck", "0.5", "--timeout", "5")
    with running(start_swio_serve, log, *args) as server:
        yield server
    assert "Traceback" not in log.read_text()


def test_the_banner_names_the_store_and_the_graph(served, store):
    assert f"serving the graph of {store.query} (" in served.banner and "version" in served.banner


def test_resource_pages_and_documents_come_from_the_store(served):
    zh = requests.get(f"{served.base}/{RESOURCE}.zh.html", timeout=30)
    assert zh.status_code == 200 and "合肥市社会工作协会" in zh.text
    en = requests.get(f"{served.base}/{RESOURCE}.en.html", timeout=30)
    assert en.status_code == 200 and "Hefei Social Work Association" in en.text
    ttl = requests.get(f"{served.base}/{RESOURCE}.ttl", timeout=30)
    triples = list(ox.parse(ttl.content, ox.RdfFormat.TURTLE))
    assert ttl.headers["content-type"].startswith("text/turtle")
    assert {t.subject.value for t in triples} == {"https://w3id.org/swio/" + RESOURCE}
    assert requests.get(f"{served.base}/id/org/no-such-thing.en.html", timeout=30).status_code == 404


def test_redirects_go_to_the_public_address(served):
    r = requests.get(f"{served.base}/{RESOURCE}", headers={"Accept": "text/turtle"}, allow_redirects=False, timeout=30)
    assert r.status_code == 303 and r.headers["location"] == f"{PUBLIC}/{RESOURCE}.ttl"
    r = requests.get(f"{served.base}/", headers={"Accept-Language": "zh"}, allow_redirects=False, timeout=30)
    assert r.headers["location"] == f"{PUBLIC}/index.zh.html"


def test_validators_and_conditional_requests(served):
    first = requests.get(f"{served.base}/{RESOURCE}.en.html", timeout=30)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('"') and modified.endswith("GMT") and "max-age" in first.headers["cache-control"]
    again = requests.get(f"{served.base}/{RESOURCE}.en.html", headers={"If-None-Match": etag}, timeout=30)
    assert again.status_code == 304 and again.content == b""
    since = requests.get(f"{served.base}/def.zh.html", headers={"If-Modified-Since": modified}, timeout=30)
    assert since.status_code == 304
    other = requests.get(f"{served.base}/{RESOURCE}.en.html", headers={"If-None-Match": '"other"'}, timeout=30)
    assert other.status_code == 200


def test_sparql_is_a_read_only_proxy_over_the_published_graphs(served):
    def ask(query: str, accept: str = "application/sparql-results+json"):
        return requests.post(f"{served.base}/sparql", data={"query": query}, headers={"Accept": accept}, timeout=30)

    counted = ask("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").json()
    assert int(counted["results"]["bindings"][0]["n"]["value"]) > 4000
    for sneaky in (
        f"SELECT * WHERE {{ GRAPH <{SECRET}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{SECRET}> WHERE {{ ?s ?p ?o }}",
    ):
        rows = ask(sneaky).json()["results"]["bindings"]
        assert all(row["s"]["value"] != "urn:x:secret" for row in rows)
    refused = ask("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert refused.status_code == 403 and "SERVICE" in refused.text
    update = requests.post(f"{served.base}/sparql", data={"update": "DROP ALL"}, timeout=30)
    assert update.status_code == 403
    csv_rows = ask("SELECT ?s WHERE { ?s a <https://w3id.org/swio/def#Case> } ORDER BY ?s", "text/csv").text
    assert csv_rows.splitlines()[0] == "s" and len(csv_rows.splitlines()) == 6
    page = requests.get(
        f"{served.base}/sparql.en.html",
        params={"query": "SELECT ?s WHERE { ?s a <https://w3id.org/swio/def#Case> }"},
        timeout=30,
    )
    assert page.status_code == 200 and "id/source/" in page.text


def test_search_and_questions_from_the_store(served):
    found = requests.get(f"{served.base}/search.zh.html", params={"q": "合肥市社会工作"}, timeout=30)
    assert found.status_code == 200 and f"{RESOURCE}.zh.html" in found.text
    answer = requests.get(f"{served.base}/queries/posts-and-holders.en.csv", params={"city": "Hefei"}, timeout=30)
    assert answer.status_code == 200 and "Dong Zhaoli" in answer.text


def test_a_new_published_version_is_picked_up(served, store, tmp_path):
    before = requests.get(f"{served.base}/index.en.html", timeout=30).headers["etag"]
    assert requests.get(f"{served.base}/id/org/test-new-association.en.html", timeout=30).status_code == 404
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        f'<{NEW}> <http://www.w3.org/2000/01/rdf-schema#label> "新协会"@zh, "A new association"@en .\n',
        encoding="utf-8",
    )
    try:
        result = CliRunner().invoke(main, ["load", "--store", store.store, "--no-validate", "-q", "data", str(extra)])
        assert result.exit_code == 0, result.output
        deadline = time.monotonic() + 20
        etag = before
        while etag == before and time.monotonic() < deadline:
            time.sleep(0.3)
            etag = requests.get(f"{served.base}/index.en.html", timeout=30).headers["etag"]
        assert etag != before
        page = requests.get(f"{served.base}/id/org/test-new-association.en.html", timeout=30)
        assert page.status_code == 200 and "A new association" in page.text
    finally:
        result = CliRunner().invoke(main, ["load", "--store", store.store, "-q"])
        assert result.exit_code == 0, result.output


def test_usage_errors_are_one_line(tmp_path):
    runner = CliRunner()
    both = runner.invoke(main, ["serve", "data", "--endpoint", "http://127.0.0.1:9/query"])
    assert both.exit_code == 2 and "not both" in both.output
    alone = runner.invoke(main, ["serve", "--graph", "urn:x"])
    assert alone.exit_code == 2 and "--graph goes with --endpoint" in alone.output
    down = runner.invoke(main, ["serve", "--endpoint", "http://127.0.0.1:9/query", "--store-timeout", "2"])
    last = down.output.strip().splitlines()[-1]  # after a line saying it tries again
    assert down.exit_code == 2 and last.startswith("swio: error: http://127.0.0.1:9/query: cannot run the query")
    assert "connection refused" in last


def test_a_whole_graph_page_the_store_is_slow_to_make_is_made_once_and_does_not_hold_up_resource_pages(store, tmp_path):
    """At ten million triples the landing page's census takes the store minutes. Readers asking for it then
    share one making of it (one census at the store), get 503 with Retry-After past --page-wait, and the
    resource pages keep coming meanwhile; once the store answers, the page is there."""
    census = b"GROUP+BY+%3Fkind"  # the landing page's count of the subjects by kind (form-encoded)
    hold = Fault("hold", method="POST", body_contains=census, interval=120)
    with FaultProxy(store.base, [hold]) as proxy:
        args = ("--endpoint", proxy.base + "/query", "--recheck", "0", "--page-wait", "1", "--timeout", "5")
        with running(start_swio_serve, tmp_path / "serve.log", *args) as served:
            try:
                assert wait_until(lambda: proxy.fired == ["hold"], 60), "the census never reached the store"
                waiting = [requests.get(f"{served.base}/index.en.html", timeout=30) for _ in range(6)]
                assert {r.status_code for r in waiting} == {503}
                assert all(r.headers["retry-after"] == "60" and "not ready yet" in r.text for r in waiting)
                for _ in range(6):  # more than the server's page threads
                    page = requests.get(f"{served.base}/{RESOURCE}.en.html", timeout=10)
                    assert page.status_code == 200 and "Hefei Social Work Association" in page.text
                assert sum(census in r.body for r in proxy.requests) == 1
            finally:
                proxy.released.set()
            assert wait_until(lambda: requests.get(f"{served.base}/index.en.html", timeout=30).status_code == 200, 60)
            assert sum(census in r.body for r in proxy.requests) == 1
        assert "Traceback" not in (tmp_path / "serve.log").read_text()
