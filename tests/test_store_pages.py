"""The publication made from a store is the embedded one: the shipped graph loaded with ``swio load`` into
real Oxigraph and Virtuoso servers, every file of the site made from the store (``StoreIndex`` and
``StoreGraph``) is compared byte for byte with the file made locally.

The local reference indexes the statements as a store holds them — the embedded store's canonical view,
where ``"500.0"^^xsd:decimal`` is ``"500"`` — since no store gives back the input's lexical forms; a
second test pins down that this is the only difference from the site ``swio site`` writes (the written
forms), resource by resource. Virtuoso runs with its silent row cap lowered to 100 rows, so the longer
lists the site reads (subjects, browse pages) must be fetched in pages.
"""

from __future__ import annotations

from itertools import chain

import pytest
from click.testing import CliRunner

import swio
from swio.cli import main
from swio.publish.release import jsonld_context
from swio.publish.site.publication import Publication, load_shapes
from swio.publish.site.store_graph import connect, open_store_publication
from swio.publish.site.store_site import SHARED
from swio.publish.site.triple_index import TripleIndex

from .support.servers import start_oxigraph, start_virtuoso

PARTS = 8  # the resources are compared in this many tests (each bounded in time)
#: queries a resource's pages take, whatever its size: its description, the statements pointing at it
#: (counted, then listed), the entry's batched look-ups one step further (at most four), the labels
MAX_QUERIES = 9
#: and to place an excerpt the article holds in several places (sourcepage.excerpt_sentences): its node's other
#: excerpts, its description and referrers, their excerpts
PER_AMBIGUOUS_EXCERPT = 4


def ambiguous(publication, iri: str) -> int:
    """How many of the resource's excerpts the article holds in more than one place."""
    from swio.article import shipped

    article = shipped()
    texts = [t.object.value for t in publication.index.describe([iri]) if t.predicate.value == SOURCE_TEXT]
    return sum(1 for text in texts if len(article.places(text)) > 1)


BASE = "http://127.0.0.1:8080"
SOURCE_TEXT = "https://w3id.org/swio/def#sourceText"


@pytest.fixture(scope="module")
def dataset():
    return swio.open_dataset()


def canonical_publication(dataset) -> Publication:
    """The local site over the statements a store holds (the canonical view) plus the shapes."""
    triples = (
        q.triple for g in dataset.view_graphs("canonical") for q in dataset.store.quads_for_pattern(None, None, None, g)
    )
    index = TripleIndex.build(chain(triples, load_shapes().triples()))
    return Publication(dataset, context=jsonld_context(dataset), base_url=BASE, index=index)


@pytest.fixture(scope="module")
def reference(dataset):
    with canonical_publication(dataset) as publication:
        yield publication


@pytest.fixture(scope="module")
def written(dataset):
    with Publication(dataset, context=jsonld_context(dataset), base_url=BASE) as publication:
        yield publication


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def served(request, tmp_path_factory, reference):
    if request.param == "oxigraph":
        server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "db")
        credentials = []
    else:
        server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), max_rows=100)
        credentials = ["--user", server.user, "--password", server.password]
    try:
        result = CliRunner().invoke(main, ["load", "--store", server.store, "-q", *credentials])
        assert result.exit_code == 0, result.output
        graph = connect(server.query, timeout=30)
        publication = open_store_publication(graph, base_url=BASE, date=reference.info.date)
        publication.store_name = request.param
        yield publication
        publication.close()
    finally:
        server.stop()


@pytest.mark.parametrize("part", range(PARTS))
def test_every_resource_page_and_document(reference, served, part):
    pages = list(reference.resource_pages())
    assert len(pages) > 250
    for iri, stem in pages[part::PARTS]:
        before = served.index.queries
        made = dict(served.resource_documents(iri, stem))
        assert served.index.queries - before <= MAX_QUERIES + PER_AMBIGUOUS_EXCERPT * ambiguous(reference, iri), stem
        expected = dict(reference.resource_documents(iri, stem))
        assert made.keys() == expected.keys()
        for name in expected:
            assert made[name] == expected[name], f"{served.store_name}: {name}"


@pytest.mark.parametrize(
    "stem",
    [*dict.fromkeys(name.rsplit(".", 2)[0] for name in SHARED), ".htaccess"],
)
def test_every_other_file(reference, served, stem):
    producer = next(p for p in reference.producers if p.STEM == stem)
    names = []
    for name, expected in producer.files():
        names.append(name)
        assert served.file(name) == expected, f"{served.store_name}: {name}"
    assert names and (stem == ".htaccess" or any(n.endswith(".zh.html") for n in names))


def test_a_page_takes_a_bounded_number_of_queries(served):
    served.file("id/org/hefei-shi-shehui-gongzuo-xiehui.en.html")  # the sources every page cites, read once
    for stem in ("id/org/hefei-shi-shehui-gongzuo-xiehui", "id/person/dong-zhaoli", "id/place/baohe-qu"):
        before = served.index.queries
        assert served.file(stem + ".zh.html") is not None
        assert served.index.queries - before <= MAX_QUERIES + 1, stem  # + is it a subject


def test_an_unknown_resource_is_none(served):
    assert served.file("id/org/no-such-organisation.en.html") is None
    assert served.file("id/org/no-such-organisation.ttl") is None


def test_the_store_forms_of_literals_are_the_only_difference_from_the_written_site(dataset, reference, written):
    """Where the embedded store rewrote a literal (``500.0`` → ``500``), the reference shows the store's form;
    nothing else differs from what ``swio site`` writes."""
    rewritten = set()
    for source in dataset.files:
        if source.side_graphs:
            for quad in dataset.store.quads_for_pattern(None, None, None, swio_node(source.canonical_graph)):
                rewritten.add(quad.subject.value)
    assert rewritten  # the shipped graph has such literals (decimals written as 500.0)
    differ = set()
    for iri, stem in written.resource_pages():
        if dict(written.resource_documents(iri, stem, formats=("en", "ttl"))) != dict(
            reference.resource_documents(iri, stem, formats=("en", "ttl"))
        ):
            differ.add(iri)
    assert differ == rewritten


def swio_node(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def test_search_asks_the_store(reference, served):
    """The served search page lists what the store finds by label (no index of every label in the server);
    the box's script (``search/index.js``) carries the terms and questions only."""
    search = next(p for p in served.producers if p.STEM == "search")
    page = search.file("search.zh.html", query="合肥").decode("utf-8")
    expected = [iri for iri in reference.index.search("合肥", 201) if iri.startswith("https://w3id.org/swio/id/")]
    assert len(expected) > 20
    for iri in expected[:20]:
        assert f'href="{iri[len("https://w3id.org/swio/") :]}.zh.html"' in page, iri
    script = search.file("search/index.js").decode("utf-8")
    assert "queries/hefei-timeline" in script and '"def"' in script and '"id/' not in script
