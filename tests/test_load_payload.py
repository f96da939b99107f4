"""What `swio load` sends is the input's terms exactly: a recording proxy on 127.0.0.1 in front of a real
Oxigraph server keeps every request body, and the triples in them are compared with the input file as
pyoxigraph parses it ("0042"^^xsd:integer stays "0042", "5"^^xsd:int stays xsd:int).

This depends on Dataset.triples() yielding the terms as written (the input/ rewrite); until that lands,
the store's canonical forms are sent and these tests fail on the six literals that are not canonical.
"""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from swio.namespaces import DATASET_IRI

from .support.fault_proxy import FaultProxy
from .support.helpers import FIXTURES, LITERAL_FORMS_GRAPH, STORES_KEEP, stored_forms
from .support.servers import oxigraph

pytestmark = pytest.mark.server
SOURCE = FIXTURES / "load" / "literal-forms.ttl"
INSERT = re.compile(rb"INSERT DATA \{ GRAPH <([^>]*)> \{\n(.*?)\} \}", re.S)


def parse_nt(body: bytes, prologue: bytes = b"") -> set:
    """N-Triples, or SPARQL triples written with the request's PREFIX declarations (read as Turtle)."""
    prefixes = re.sub(rb"PREFIX\s+(\S*:)\s*(<[^>]*>)\s*", rb"@prefix \1 \2 .\n", prologue)
    return {q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(prefixes + body, format=ox.RdfFormat.TURTLE)}


def sent_to_data_graph(requests) -> set:
    """Triples the client sent for the data graph (its staging graph or the target itself)."""

    def is_data(graph: str) -> bool:
        return graph == DATASET_IRI or graph.endswith(":data")

    sent: set = set()
    for r in requests:
        if r.method in ("PUT", "POST") and r.headers.get("Content-Type", "").startswith("application/n-triples"):
            query = parse_qs(urlsplit(r.path).query, keep_blank_values=True)
            graph = (query.get("graph") or query.get("graph-uri") or [""])[0]
            if is_data(graph):
                sent |= parse_nt(r.body)
        prologue = b"".join(re.findall(rb"PREFIX\s+\S*:\s*<[^>]*>\s*", r.body.split(b"INSERT DATA", 1)[0]))
        for graph, body in INSERT.findall(r.body):
            if is_data(graph.decode()):
                sent |= parse_nt(body, prologue)
    return sent


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with oxigraph(tmp_path_factory.mktemp("ox") / "db") as running:
        yield running


@pytest.mark.parametrize(
    "mode, hide_server",
    [
        (("--store", "{base}/store"), True),  # generic: Graph Store batches to staging, then MOVE
        (("--update", "{base}/update"), True),  # generic: INSERT DATA batches to staging, then MOVE
        (("--store", "{base}/store"), False),  # Oxigraph: one transaction with INSERT DATA
        (("--store", "{base}/store", "--bulk"), False),  # Oxigraph's bulk loader
    ],
    ids=["graph-store-staged", "update-staged", "oxigraph-one-transaction", "bulk"],
)
def test_the_loader_sends_the_input_terms_as_written(server, mode, hide_server):
    expected = {q.triple for q in ox.parse(path=str(SOURCE), format=ox.RdfFormat.TURTLE)}
    with FaultProxy(server.base, hide_server=hide_server) as proxy:
        args = [a.format(base=proxy.base) for a in mode]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "swio.cli",
                "load",
                str(SOURCE),
                *args,
                "--no-validate",
                "--batch-size",
                "4",
                "--update-batch-size",
                "4",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        sent = sent_to_data_graph(proxy.requests)
    missing = sorted(str(t.object) for t in expected - sent)
    extra = sorted(str(t.object) for t in sent - expected)
    assert not missing and not extra, f"sent terms differ from the input: missing {missing}, not in the input {extra}"


def test_blank_node_groups_follow_the_parsed_terms_not_the_text():
    """Components are found on the parsed line: a literal that merely contains "_:" is on its own, a chain
    of blank nodes is one group however its lines are ordered, lines keep their order."""
    from swio.remote.payload import blank_node_groups

    lines = [
        b'<urn:a> <urn:p> "see _:b1 here" .',
        b"_:b1 <urn:p> _:b2 .",
        b"<urn:a> <urn:q> <urn:b> .",
        b'_:b3 <urn:p> "x" .',
        b'_:b2 <urn:p> "y" .',
        b"<urn:c> <urn:p> _:b3 .",
        b'<urn:d> <urn:p> "_:" .',
    ]
    groups = blank_node_groups(lines)
    assert groups == [lines[0], [lines[1], lines[4]], lines[2], [lines[3], lines[5]], lines[6]]
    assert blank_node_groups(lines[:1] + lines[2:3]) == [lines[0], lines[2]]


def test_what_oxigraph_keeps_of_the_terms_sent(server):
    """The README's account of Oxigraph (swio sends the terms as written; the store canonicalises them):
    derived integer types become xsd:integer, lexical forms are canonical, booleans 1/0 become true/false."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "swio.cli",
            "load",
            str(SOURCE),
            "--store",
            server.store,
            "--no-validate",
            "--graph",
            f"data={LITERAL_FORMS_GRAPH}",
            "--graph",
            "ontology=urn:x-swio:test:literal-forms-ontology",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert stored_forms(server.query) == STORES_KEEP["oxigraph"]
