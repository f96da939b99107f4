"""``swio serve``: the real command started once for the module on 127.0.0.1, hit over HTTP.

Every format of a resource by ``Accept`` and by extension, ``Accept-Language``, the
SPARQL endpoint (GET, POST form, POST query; JSON, XML, CSV, TSV, Turtle), the canned
questions with parameters, and hostile requests: path traversal, bad ``Accept``, a 1 MB
query string, a 2 MB body, updates, malformed SPARQL, a query that runs too long.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import time
import xml.etree.ElementTree as ET

import pytest
import requests

from .support.servers import running, start_swio_serve
from .support.site_support import Descriptions, assert_document_holds

RESOURCE = "id/org/hefei-shi-shehui-gongzuo-xiehui"
IRI = "https://w3id.org/swio/" + RESOURCE
FORMATS = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with running(start_swio_serve, log, "--timeout", "3", "--sparql-workers", "1") as served:
        yield served.base
    assert "Traceback" not in log.read_text()


@pytest.fixture(scope="module")
def descriptions(dataset):
    return Descriptions(dataset)


def get(url, **kwargs):
    kwargs.setdefault("timeout", 30)
    kwargs.setdefault("allow_redirects", False)
    return requests.get(url, **kwargs)


@pytest.mark.parametrize("media", sorted(FORMATS))
def test_each_rdf_format_by_accept_is_a_303_to_the_document(server, descriptions, media):
    r = get(f"{server}/{RESOURCE}", headers={"Accept": media})
    assert r.status_code == 303
    assert r.headers["Location"] == f"/{RESOURCE}.{FORMATS[media]}"
    assert "Accept" in r.headers["Vary"]
    doc = get(server + r.headers["Location"])
    assert doc.status_code == 200 and doc.headers["Content-Type"].split(";")[0] == media
    assert_document_holds(doc.content, FORMATS[media], descriptions.of(IRI), media)


def test_browsers_get_html_in_the_language_they_ask_for(server):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = get(f"{server}/{RESOURCE}", headers={"Accept": browser, "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert r.status_code == 303 and r.headers["Location"] == f"/{RESOURCE}.zh.html"
    r = get(f"{server}/{RESOURCE}", headers={"Accept": browser, "Accept-Language": "en-GB,en;q=0.9"})
    assert r.headers["Location"] == f"/{RESOURCE}.en.html"
    page = get(server + f"/{RESOURCE}.zh.html")
    assert page.status_code == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="zh-Hans">' in page.text and "合肥市社会工作协会" in page.text
    assert 'id="lang-switch" href="hefei-shi-shehui-gongzuo-xiehui.en.html"' in page.text
    assert get(f"{server}/", headers={"Accept-Language": "zh"}).headers["Location"] == "/index.zh.html"
    assert get(f"{server}/def", headers={"Accept": "text/turtle"}).headers["Location"] == "/def.ttl"
    assert get(f"{server}/shapes").headers["Location"] == "/shapes.en.html"


def test_the_served_pages_are_the_static_sites_files(server):
    for path in (
        "def.en.html",
        "shapes.zh.html",
        "queries/model-comparison.en.csv",
        "pictures/timeline.zh.svg",
        "browse/index.en.html",
        "static/site.css",
        "index.zh.html",
        "source/article.en.html",
        "source/article.zh.html",
    ):
        r = get(f"{server}/{path}")
        assert r.status_code == 200, path
    assert 'id="s12"' in get(f"{server}/source/article.zh.html").text  # the article, sentence by sentence
    head = requests.head(f"{server}/def.en.html", timeout=30)
    assert head.status_code == 200 and head.content == b""


def test_sparql_results_in_every_format_by_accept(server, dataset):
    n = int(next(iter(dataset.query(COUNT)))["n"].value)
    r = get(f"{server}/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
    assert r.headers["Content-Type"].startswith("application/sparql-results+json")
    assert r.json()["results"]["bindings"][0]["n"]["value"] == str(n)
    r = get(f"{server}/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+xml"})
    assert r.headers["Content-Type"].startswith("application/sparql-results+xml")
    assert ET.fromstring(r.content).find(".//{http://www.w3.org/2005/sparql-results#}literal").text == str(n)
    r = get(f"{server}/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
    assert list(csv.reader(io.StringIO(r.text))) == [["n"], [str(n)]]
    r = get(f"{server}/sparql", params={"query": COUNT}, headers={"Accept": "text/tab-separated-values"})
    assert r.headers["Content-Type"].startswith("text/tab-separated-values") and r.text.splitlines() == ["?n", str(n)]
    r = requests.post(
        f"{server}/sparql",
        data={"query": "ASK { ?s ?p ?o }"},
        timeout=30,
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200 and r.json()["boolean"] is True
    r = requests.post(
        f"{server}/sparql",
        data=f"CONSTRUCT {{ <{IRI}> ?p ?o }} WHERE {{ <{IRI}> ?p ?o }}",
        timeout=30,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"},
    )
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    assert "合肥市社会工作协会" in r.text
    html = get(f"{server}/sparql", params={"query": COUNT}, headers={"Accept": "text/html"})
    assert html.status_code == 200 and f"<td>{n}</td>" in html.text


def test_updates_are_refused(server, dataset):
    before = int(next(iter(dataset.query(COUNT)))["n"].value)
    update = f"INSERT DATA {{ <{IRI}> <http://example.org/p> 1 }}"
    assert requests.post(f"{server}/sparql", data={"update": update}, timeout=30).status_code == 403
    assert (
        requests.post(
            f"{server}/sparql", data=update, timeout=30, headers={"Content-Type": "application/sparql-update"}
        ).status_code
        == 403
    )
    r = get(f"{server}/sparql", params={"query": update})
    assert r.status_code == 403 and "read-only" in r.text
    r = get(f"{server}/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == str(before)


def test_hostile_and_malformed_requests_get_a_clear_4xx(server):
    with socket.create_connection(("127.0.0.1", int(server.rsplit(":", 1)[1])), timeout=10) as s:
        s.sendall(b"GET /id/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400") and b"path traversal" in reply and b"root:" not in reply
    r = get(f"{server}/id/%2e%2e/%2e%2e/etc/passwd")
    assert r.status_code == 400
    r = get(f"{server}/{RESOURCE}", headers={"Accept": "image/png"})
    assert r.status_code == 406 and "text/turtle" in r.text
    r = get(f"{server}/{RESOURCE}", headers={"Accept": "this is ;;; not a media type"})
    assert r.status_code == 406
    r = get(f"{server}/sparql?query=" + "x" * (1 << 20))
    assert r.status_code == 414 and "POST" in r.text
    r = requests.post(
        f"{server}/sparql", data=b"q" * (2 << 20), timeout=30, headers={"Content-Type": "application/sparql-query"}
    )
    assert r.status_code == 413
    r = get(f"{server}/sparql", params={"query": "SELECT ?x WHERE { ?x "})
    assert r.status_code == 400 and "syntax" in r.text.lower()
    r = get(f"{server}/sparql", params={"query": COUNT, "default-graph-uri": "http://example.org/g"})
    assert r.status_code == 400
    r = requests.post(f"{server}/sparql", data="x", timeout=30, headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert get(f"{server}/id/org/no-such-thing").status_code == 404
    assert get(f"{server}/no/such/page.html").status_code == 404
    assert requests.delete(f"{server}/{RESOURCE}.ttl", timeout=30).status_code == 405
    for r in (get(f"{server}/id/%00"), get(f"{server}/sparql", params={"query": "\u0000"})):
        assert 400 <= r.status_code < 500 and "Traceback" not in r.text


def test_a_query_that_runs_too_long_is_stopped_and_the_endpoint_recovers(server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    r = get(f"{server}/sparql", params={"query": slow}, timeout=60)
    assert r.status_code == 503 and "limit" in r.text
    assert time.monotonic() - started < 30
    deadline = time.monotonic() + 120
    while True:  # a new worker takes the stopped one's place
        r = get(f"{server}/sparql", params={"query": "ASK {}"}, timeout=60)
        if r.status_code == 200:
            break
        assert time.monotonic() < deadline
        time.sleep(0.5)


def test_canned_questions_take_parameters_from_the_query_string(server):
    r = get(f"{server}/queries/leaders-with-official-posts.zh.csv", params={"city": "南京"})
    assert r.status_code == 200
    assert r.content.startswith(b"\xef\xbb\xbf") and b"\r\n" in r.content  # for spreadsheets, as the site's
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows and {row["协会"] for row in rows} == {"南京社会工作者协会"}
    everything = list(
        csv.DictReader(
            io.StringIO(get(f"{server}/queries/leaders-with-official-posts.zh.csv").content.decode("utf-8-sig"))
        )
    )
    assert len(everything) > len(rows)
    r = get(f"{server}/queries/leaders-with-official-posts.en.csv", params={"nope": "1"})
    assert r.status_code == 400 and "no parameter 'nope'" in r.text
    r = get(f"{server}/queries/anhui-certification.en.html", params={"x": "1"})
    assert r.status_code == 400


def test_json_ld_document_is_standalone(server):
    data = get(f"{server}/{RESOURCE}.jsonld").json()
    assert isinstance(data["@context"], dict) and data["@graph"][0]["@id"] == "body:hefei-shi-shehui-gongzuo-xiehui"
    assert json.dumps(data["@context"]).count("http") < 80  # only the part of the context it uses
