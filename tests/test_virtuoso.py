"""A second, different store: Virtuoso Open Source 7 (Debian package virtuoso-opensource).

The fixture starts a real virtuoso-t on 127.0.0.1 with its own database; `scripts/test`
(through `scripts/install-test-tools`) installs the package when it is missing. These tests fail
(they are not skipped) when Virtuoso cannot be started.
"""

from __future__ import annotations

import pytest
import requests
from click.testing import CliRunner

import swio
from swio.cli import main
from swio.namespaces import DATASET_IRI, ONTOLOGY_IRI
from swio.queries.catalog import catalog

from .support.expected_answers import VARIANTS
from .support.helpers import LITERAL_FORMS, LITERAL_FORMS_GRAPH, STORES_KEEP, assert_same_answers, stored_forms
from .support.servers import start_virtuoso

pytestmark = pytest.mark.virtuoso


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def embedded():
    return swio.open_dataset()


def count(server, graph):
    r = requests.post(
        server.query,
        data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def load(server, *args):
    return CliRunner().invoke(main, ["load", "--user", server.user, "--password", server.password, *args])


@pytest.fixture(scope="module")
def loaded(virtuoso):
    result = load(virtuoso, "--store", virtuoso.store)
    assert result.exit_code == 0, result.output
    return virtuoso


def test_graph_store_load_with_digest_auth_counts_every_triple(loaded, embedded):
    assert count(loaded, ONTOLOGY_IRI) == sum(f.triples for f in embedded.files if f.schema)
    assert count(loaded, DATASET_IRI) == sum(f.triples for f in embedded.files if not f.schema)


@pytest.mark.parametrize("name", sorted(catalog()))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_question_answers_the_same_on_virtuoso(loaded, embedded, name, lang):
    assert_same_answers(loaded.query, embedded, name, lang)


@pytest.mark.parametrize("name, params, lang", [(v[0], v[1], v[2]) for v in VARIANTS])
def test_parameterised_questions_on_virtuoso(loaded, embedded, name, params, lang):
    assert_same_answers(loaded.query, embedded, name, lang, params)


def test_reload_over_sparql_update_does_not_duplicate(loaded, embedded):
    result = load(loaded, "--update", loaded.update, "--update-batch-size", "1000")
    assert result.exit_code == 0, result.output
    assert count(loaded, DATASET_IRI) == sum(f.triples for f in embedded.files if not f.schema)
    result = load(loaded, "--store", loaded.store)
    assert result.exit_code == 0
    assert count(loaded, ONTOLOGY_IRI) + count(loaded, DATASET_IRI) == len(embedded)


def test_virtuoso_refuses_without_or_with_wrong_credentials(loaded):
    result = CliRunner().invoke(main, ["load", "--store", loaded.store, "--retries", "0"])
    assert result.exit_code == 2
    assert "401 Unauthorized: give --user and --password" in result.stderr
    result = CliRunner().invoke(
        main, ["load", "--store", loaded.store, "--user", "dba", "--password", "nope", "--retries", "0"]
    )
    assert result.exit_code == 2 and "401 Unauthorized" in result.stderr


def test_auto_auth_answers_virtuosos_digest_challenge_and_never_sends_basic(loaded):
    from .support.fault_proxy import FaultProxy

    with FaultProxy(loaded.base) as proxy:
        result = CliRunner().invoke(
            main,
            [
                "load",
                "--store",
                proxy.base + loaded.STORE,
                "--user",
                loaded.user,
                "--password",
                loaded.password,
                "--no-validate",
            ],
        )
        assert result.exit_code == 0, result.output
        schemes = [r.headers.get("Authorization", "").split(" ", 1)[0] or None for r in proxy.requests]
    assert schemes[0] is None, f"the first request carried {schemes[0]} credentials before being asked"
    assert "Basic" not in schemes and "Digest" in schemes
    assert "warning" not in result.stderr


def test_update_path_with_the_default_batch_size_fits_virtuosos_limit(loaded, embedded):
    result = load(loaded, "--update", loaded.update, "--no-validate")
    assert result.exit_code == 0, result.output
    assert "too many for one INSERT DATA; halving the batch" in result.stderr
    assert count(loaded, DATASET_IRI) == sum(f.triples for f in embedded.files if not f.schema)


def test_blank_nodes_stay_one_node_on_virtuoso(loaded, tmp_path):
    import rdflib
    from rdflib.compare import isomorphic

    from .test_load_faults import blank_node_turtle

    source = blank_node_turtle(tmp_path / "bnodes.ttl")
    result = load(
        loaded,
        str(source),
        "--store",
        loaded.store,
        "--batch-size",
        "4",
        "--no-validate",
        "--graph",
        "data=urn:x:bnodes",
    )
    assert result.exit_code == 0, result.output
    r = requests.post(
        loaded.query,
        data={"query": "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <urn:x:bnodes> { ?s ?p ?o } }"},
        headers={"Accept": "application/n-triples"},
        timeout=30,
    )
    got = rdflib.Graph().parse(data=r.text, format="nt")
    expected = rdflib.Graph().parse(source, format="turtle")
    assert len(got) == len(expected) and isomorphic(got, expected)


def test_published_means_durable_a_kill_9_right_after_the_load_loses_nothing(tmp_path, embedded):
    """Exit 0 then SIGKILL (no checkpoint): the restarted server has every counted triple, twice in a row
    (the second load replaces the first through MOVE)."""
    directory = tmp_path / "crash"
    expected = {
        ONTOLOGY_IRI: sum(f.triples for f in embedded.files if f.schema),
        DATASET_IRI: sum(f.triples for f in embedded.files if not f.schema),
    }
    for _ in range(2):
        server = start_virtuoso(directory)
        try:
            result = load(server, "--store", server.store, "--no-validate")
            assert result.exit_code == 0, result.output
        finally:
            server.kill()
        server = start_virtuoso(directory)
        try:
            assert {g: count(server, g) for g in expected} == expected
            stale = requests.post(
                server.query,
                data={"query": 'ASK { GRAPH ?g { ?s ?p ?o } FILTER STRSTARTS(STR(?g), "urn:swio:staging:") }'},
                headers={"Accept": "application/sparql-results+json"},
                timeout=30,
            ).json()
            assert stale["boolean"] is False
        finally:
            server.stop()


def test_what_virtuoso_keeps_of_the_terms_sent(virtuoso):
    """The README's account of Virtuoso 7 (swio sends the terms as written): it keeps derived integer types
    and booleans as written but canonicalises numeric lexical forms ("0042" -> "42", "1e0" -> "1.0")."""
    result = load(
        virtuoso,
        str(LITERAL_FORMS),
        "--store",
        virtuoso.store,
        "--no-validate",
        "--graph",
        f"data={LITERAL_FORMS_GRAPH}",
        "--graph",
        "ontology=urn:x-swio:test:literal-forms-ontology",
    )
    assert result.exit_code == 0, result.output
    assert stored_forms(virtuoso.query) == STORES_KEEP["virtuoso"]
