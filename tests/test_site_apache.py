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
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from swio.cli import main

from .support.site_support import Descriptions, assert_document_holds, free_port

APACHE = shutil.which("apache2") or ("/usr/sbin/apache2" if os.path.exists("/usr/sbin/apache2") else None)
MODULES = Path("/usr/lib/apache2/modules")
RESOURCE = "id/org/hefei-shi-shehui-gongzuo-xiehui"
IRI = "https://w3id.org/swio/" + RESOURCE
FORMATS = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
}

CONFIG = """ServerRoot "{conf}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{conf}/httpd.pid"
ErrorLog "{conf}/error.log"
LogLevel warn
DefaultRuntimeDir "{conf}"
Mutex file:{conf} default
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule headers_module {modules}/mod_headers.so
TypesConfig /etc/mime.types
{user}
DocumentRoot "{root}"
<Directory "{root}">
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
DirectoryIndex index.html
"""


@pytest.fixture(scope="module")
def apache():
    if APACHE is None:
        pytest.fail("Apache httpd (Debian apache2) is not installed: run scripts/install-test-tools")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp(prefix="swio-apache-"))
    os.chmod(work, 0o755)  # the httpd's worker user must read the documents
    root, conf = work / "www", work / "conf"
    root.mkdir()
    conf.mkdir()
    result = CliRunner().invoke(main, ["site", "--out", str(root / "site"), "--base-url", f"{base}/site"])
    assert result.exit_code == 0, result.output
    (root / "swio").mkdir()
    shutil.copy(root / "site" / ".htaccess", root / "swio" / ".htaccess")
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    (conf / "httpd.conf").write_text(CONFIG.format(conf=conf, port=port, modules=MODULES, root=root, user=user))
    for folder in (root, *root.rglob("*")):
        if folder.is_dir():
            os.chmod(folder, 0o755)
    proc = subprocess.Popen(
        [APACHE, "-f", str(conf / "httpd.conf"), "-DFOREGROUND"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (
                (conf / "error.log").read_text() if (conf / "error.log").exists() else "apache exited"
            )
            try:
                requests.get(f"{base}/", timeout=2)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "Apache did not start within 30 s"
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
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
