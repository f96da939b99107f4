"""``StoreSite``: the pages of a graph in a real Oxigraph server follow the version the store publishes, with
validators made from it, and a store that holds no SWIO graph is refused with one line."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from swio.cli import main
from swio.errors import InputError
from swio.publish.site.store_graph import connect
from swio.publish.site.store_site import SHARED, StoreSite

from .support.servers import start_oxigraph

NEW = "https://w3id.org/swio/id/org/test-new-association"
EXTRA = f"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{NEW}> rdfs:label "新协会"@zh, "A new association"@en .
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "db")
    try:
        result = CliRunner().invoke(main, ["load", "--store", server.store, "-q"])
        assert result.exit_code == 0, result.output
        yield server
    finally:
        server.stop()


def test_pages_follow_the_published_version(server, tmp_path):
    site = StoreSite(connect(server.query, timeout=30), base_url="http://127.0.0.1:9")
    try:
        before = site.validators()
        assert before["ETag"].startswith('"') and before["Last-Modified"].endswith("GMT")
        assert "max-age=" in before["Cache-Control"]
        assert site.file("id/org/hefei-shi-shehui-gongzuo-xiehui.zh.html") is not None
        assert site.file("id/org/test-new-association.en.html") is None
        landing = site.file("index.en.html")
        assert site.check() is False and site.validators() == before  # nothing changed
        extra = tmp_path / "extra.ttl"
        extra.write_text(EXTRA, encoding="utf-8")
        result = CliRunner().invoke(main, ["load", "--store", server.store, "--no-validate", "-q", "data", str(extra)])
        assert result.exit_code == 0, result.output
        site.start(recheck=0.2)  # the thread notices the new version
        deadline = time.monotonic() + 20
        while site.validators()["ETag"] == before["ETag"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert site.validators()["ETag"] != before["ETag"]
        page = site.file("id/org/test-new-association.en.html")
        assert page is not None and "A new association" in page.decode("utf-8")
        assert site.file("index.en.html") != landing  # one more triple counted on the landing page
    finally:
        site.close()


def test_the_shared_pages_are_made_ahead(server):
    site = StoreSite(connect(server.query, timeout=30), base_url="http://127.0.0.1:9")
    asked: list[str] = []
    publication = site.version.publication
    answer = publication.answer

    def counting(sparql, **kwargs):
        asked.append(f"{kwargs.get('name')} {kwargs.get('lang')}")
        return answer(sparql, **kwargs)

    publication.answer = counting
    try:
        site.warm()
        assert set(SHARED) <= set(site.cached())
        # every question's page and CSV file kept on disk, not in memory; each question answered once per
        # language for both files and for the questions' index (which counts the rows)
        names = site.answers.names(publication)
        assert len(names) == 4 * len(publication.questions.catalog) > 0
        assert all(site.answers.kept(site.version.key, name) for name in names)
        assert not [name for _, name in site.cache.keys() if name in names]
        answered = [a for a in asked if a.split()[0] in publication.questions.catalog]
        assert sorted(answered) == sorted(set(answered)) and len(answered) == len(names) // 2
        assert site.file("queries/oldest-associations.zh.csv") == site.answers.kept(
            site.version.key, "queries/oldest-associations.zh.csv"
        )
        assert len(asked) == len(set(asked))  # read back, not answered again
        folder = site.answers.folder
        assert folder.is_dir()
    finally:
        site.close()
    assert not folder.exists()  # the kept answers go with the site


def test_a_store_without_the_graph_is_refused_with_one_line(server):
    with pytest.raises(InputError) as refused:
        StoreSite(connect(server.query, graphs=["urn:swio:test:nothing-here"]), base_url="http://127.0.0.1:9")
    message = str(refused.value)
    assert "\n" not in message and "no SWIO ontology header" in message and "swio load" in message
