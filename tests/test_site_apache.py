"""The site's ``.htaccess`` served by a real Apache httpd (Debian apache2) on 127.0.0.1.

Apache is started once for the module with its own configuration in a temporary
folder (mod_rewrite, AllowOverride All). ``/swio/`` holds only the ``.htaccess``, as
w3id.org's ``swio/`` folder would; ``/site/`` holds the site built with that base URL.
Each ``Accept`` must get a 303 See Other to the right document, which Apache then
serves with its media type and exactly the resource's statements.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from swio.cli import main

from .support.apache_httpd import APACHE, apache_httpd
from .support.site_support import Descriptions, assert_document_holds

RESOURCE = "id/org/hefei-shi-shehui-gongzuo-xiehui"
IRI = "https://w3id.org/swio/" + RESOURCE
FORMATS = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
}


@pytest.fixture(scope="module")
def apache():
    if APACHE is None:
        pytest.fail("Apache httpd (Debian apache2) is not installed: run scripts/install-test-tools")
    work = Path(tempfile.mkdtemp(prefix="swio-apache-"))
    root = work / "www"
    root.mkdir()
    try:
        with apache_httpd(root) as httpd:
            result = CliRunner().invoke(main, ["site", "--out", str(root / "site"), "--base-url", f"{httpd.base}/site"])
            assert result.exit_code == 0, result.output
            (root / "swio").mkdir()
            shutil.copy(root / "site" / ".htaccess", root / "swio" / ".htaccess")
            for folder in (work, root, *root.rglob("*")):
                if folder.is_dir():
                    os.chmod(folder, 0o755)  # the httpd's worker user must read the documents
            yield httpd.base
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def descriptions(dataset):
    return Descriptions(dataset)


def get(url, **kwargs):
    return requests.get(url, allow_redirects=False, timeout=30, **kwargs)


@pytest.mark.parametrize("media", sorted(FORMATS))
def test_each_rdf_accept_gets_a_303_to_its_document(apache, descriptions, media):
    r = get(f"{apache}/swio/{RESOURCE}", headers={"Accept": media})
    assert r.status_code == 303
    assert r.headers["Location"] == f"{apache}/site/{RESOURCE}.{FORMATS[media]}"
    doc = get(r.headers["Location"])
    assert doc.status_code == 200 and doc.headers["Content-Type"].split(";")[0] == media
    assert_document_holds(doc.content, FORMATS[media], descriptions.of(IRI), f"apache {media}")


def test_html_by_accept_language(apache):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = get(f"{apache}/swio/{RESOURCE}", headers={"Accept": browser, "Accept-Language": "zh-CN,zh;q=0.9"})
    assert r.status_code == 303 and r.headers["Location"] == f"{apache}/site/{RESOURCE}.zh.html"
    page = get(r.headers["Location"])
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "合肥市社会工作协会" in page.content.decode("utf-8")
    r = get(f"{apache}/swio/{RESOURCE}", headers={"Accept": browser, "Accept-Language": "en-US,en"})
    assert r.headers["Location"] == f"{apache}/site/{RESOURCE}.en.html"
    assert get(f"{apache}/swio/{RESOURCE}").headers["Location"] == f"{apache}/site/{RESOURCE}.en.html"


def test_the_ontology_shapes_and_landing_page_redirect(apache):
    r = get(f"{apache}/swio/def", headers={"Accept": "text/turtle"})
    assert r.status_code == 303 and r.headers["Location"] == f"{apache}/site/def.ttl"
    assert get(r.headers["Location"]).headers["Content-Type"].startswith("text/turtle")
    r = get(f"{apache}/swio/def")
    assert r.headers["Location"] == f"{apache}/site/def.en.html"
    assert 'id="Role"' in get(r.headers["Location"]).text  # the browser then jumps to #Role
    assert (
        get(f"{apache}/swio/shapes", headers={"Accept": "application/ld+json"}).headers["Location"]
        == f"{apache}/site/shapes.jsonld"
    )
    assert (
        get(f"{apache}/swio/", headers={"Accept-Language": "zh"}).headers["Location"] == f"{apache}/site/index.zh.html"
    )


def test_documents_are_never_redirected_and_the_site_negotiates_too(apache):
    assert get(f"{apache}/swio/{RESOURCE}.ttl").status_code == 404  # w3id holds no documents itself
    r = get(f"{apache}/site/{RESOURCE}", headers={"Accept": "application/n-triples"})
    assert r.status_code == 303 and r.headers["Location"] == f"{apache}/site/{RESOURCE}.nt"
    r = get(f"{apache}/site/{RESOURCE}.jsonld")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/ld+json")
