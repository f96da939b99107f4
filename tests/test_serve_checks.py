"""The parts of ``swio serve`` that need no server: the check of query texts, error messages, the workers' sandbox.

The check (``swio.serve.query_check``) refuses updates, anything that would make the store send
a request (``SERVICE`` in every spelling Oxigraph's parser reads), and nesting or operator
chains deep enough to overflow a worker's stack -- counting brackets hidden in what the lexer
reads as an IRI. The sandbox (``swio.serve.sandbox``) is tried in a child process: after it,
no Internet socket can be made, a Unix one still can, and Oxigraph's SERVICE fails there.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from swio.serve.http import clip, text_response
from swio.serve.query_check import QueryRefused, check_query

PREFIX = "PREFIX ex: <http://example.org/> "


@pytest.mark.parametrize(
    "text,form",
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        (PREFIX + "ask { ex:a ?p ?o }", "ASK"),
        ("# a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://example.org/a>", "DESCRIBE"),
        (PREFIX + 'SELECT * WHERE { ?s ex:service "SERVICE <x> {}" . ?service ?p <http://e.org/service> }', "SELECT"),
        ("SELECT * WHERE { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }", "SELECT"),
        ("SELECT * WHERE { VALUES ?x { " + "1 " * 100_000 + "} }", "SELECT"),
    ],
)
def test_queries_that_pass(text, form):
    assert check_query(text) == form


@pytest.mark.parametrize(
    "text,status,words",
    [
        ("INSERT DATA { <a> <b> <c> }", 403, "read-only"),
        ("DROP ALL", 403, "read-only"),
        ("not sparql", 400, "not a SPARQL query"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 403, "SERVICE"),
        ("select * where { service silent ?x { } }", 403, "SERVICE"),
        (PREFIX + "SELECT * WHERE { SERVICEex:a { } }", 403, "SERVICE"),
        ("PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { service:a { } }", 403, "SERVICE"),
        ("SELECT * WHERE { FILTER(" + "(" * 129 + "1" + ")" * 129 + ") }", 400, "deep"),
        ("SELECT * WHERE " + "{" * 129 + "}" * 129, 400, "deep"),
        ("SELECT * WHERE { ?s ?p " + "[ ?p " * 129 + "?o" + " ]" * 129 + " }", 400, "deep"),
        ("SELECT * WHERE { FILTER(1<" + "(" * 200 + "1" + ")" * 200 + ">2) }", 400, "deep"),
        ("SELECT * WHERE { FILTER(1" + "+1" * 5000 + ") }", 400, "operators"),
        ("SELECT * WHERE { {}" + " UNION {}" * 5000 + " }", 400, "operators"),
        ("SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { } " * 5000 + " }", 400, "operators"),
        ("SELECT * WHERE { FILTER(?a<" + "1+" * 5000 + "1>?b) }", 400, "operators"),
    ],
)
def test_queries_that_are_refused(text, status, words):
    with pytest.raises(QueryRefused) as refused:
        check_query(text)
    assert refused.value.status == status and words in refused.value.message


def test_error_messages_are_one_short_line():
    assert clip("a\nb\x00c" + "x" * 500) == "a b c" + "x" * 114 + "…"
    body = text_response(400, "no page /" + "y" * 100_000).body
    assert body.count(b"\n") == 1 and len(body) < 450


_SANDBOXED = textwrap.dedent(
    """
    import socket, pyoxigraph
    from swio.serve.sandbox import forbid_network
    assert forbid_network()
    a, b = socket.socketpair()  # Unix sockets: still allowed (the worker talks to the server through pipes)
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.socket(family, socket.SOCK_STREAM)
        except OSError as err:
            print("refused", err.errno)
    try:
        list(pyoxigraph.Store().query("SELECT * WHERE { SERVICE <http://127.0.0.1:8080/> { ?s ?p ?o } }"))
    except OSError as err:
        print("service:", err)
    """
)


def test_a_sandboxed_process_cannot_open_network_connections():
    out = subprocess.run([sys.executable, "-c", _SANDBOXED], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[:2] == ["refused 101", "refused 101"]  # ENETUNREACH
    assert lines[2].startswith("service:") and "unreachable" in lines[2].lower()
