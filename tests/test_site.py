"""``swio site``: the static site of the shipped graph, built once for the module.

Checked here without a browser or a web server: every internal link resolves, every
resource's Turtle / JSON-LD / N-Triples / RDF/XML document holds exactly its statements
as written, the ontology documentation anchors every term by its local name, the shapes
documentation has every property shape, the questions' answers match ``swio query``,
two builds are byte-identical, and bad input leaves nothing behind.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from swio import __version__, resources
from swio.cli import main
from swio.input.dataset import Dataset
from swio.queries.catalog import bind, catalog, run_embedded
from swio.queries.table import render

from .support.site_support import Descriptions, assert_document_holds, broken_links, canonical, page_links

BASE = "http://127.0.0.1:9/site"
DEF = "https://w3id.org/swio/def#"
SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(main, ["site", "--out", str(out), "--base-url", BASE, "--jobs", "3"])
    assert result.exit_code == 0, result.output
    assert re.match(r"wrote \d+ files", result.output)
    return out


@pytest.fixture(scope="module")
def descriptions(dataset) -> Descriptions:
    return Descriptions(dataset)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_internal_link_resolves(site):
    assert broken_links(site) == []


def test_every_resource_has_its_pages_and_documents(site, descriptions):
    iris = descriptions.resource_iris()
    assert len(iris) > 200
    for iri in iris:
        stem = site / iri[len("https://w3id.org/swio/") :]
        for suffix in (".en.html", ".zh.html", ".ttl", ".jsonld", ".nt", ".rdf"):
            assert (stem.parent / (stem.name + suffix)).is_file(), f"{iri}: no {suffix}"


def test_every_document_holds_exactly_the_resources_statements_as_written(site, descriptions):
    for iri in descriptions.resource_iris():
        stem = site / iri[len("https://w3id.org/swio/") :]
        expected = descriptions.of(iri)
        for fmt in ("ttl", "jsonld", "nt", "rdf"):
            data = (stem.parent / f"{stem.name}.{fmt}").read_bytes()
            assert_document_holds(data, fmt, expected, f"{iri} .{fmt}")


def test_a_page_shows_labels_statements_inverse_links_and_provenance(site):
    page = (site / "id/org/hefei-shi-shehui-gongzuo-xiehui.zh.html").read_text(encoding="utf-8")
    assert '<h1 lang="zh-Hans">合肥市社会工作协会</h1>' in page
    assert "Hefei Social Work Association" in page  # the other language's label
    assert 'href="../place/hefei-shi.zh.html"' in page  # a linked object
    assert "指向本资源的陈述" in page and 'href="../post/hefei-shi-shehui-gongzuo-xiehui-huizhang.zh.html"' in page
    start = page.index('<aside class="provenance">')
    provenance = page[start : page.index("</aside>", start)]
    assert "../source/gongyi-shibao-hefei-moshi-anli-1.zh.html" in provenance  # the case section
    assert '<blockquote lang="zh-Hans">' in provenance
    english = (site / "id/org/hefei-shi-shehui-gongzuo-xiehui.en.html").read_text(encoding="utf-8")
    assert '<h1 lang="en">Hefei Social Work Association</h1>' in english


def test_every_page_has_a_language_switch_to_its_other_language(site):
    for page in sorted(site.rglob("*.html")):
        parsed = page_links(page)
        name = page.name
        if name == "index.html":
            continue
        lang = name.rsplit(".", 2)[1]
        other = "zh" if lang == "en" else "en"
        assert parsed.lang == ("zh-Hans" if lang == "zh" else "en"), page
        switch = name.rsplit(".", 2)[0] + f".{other}.html"
        assert switch in parsed.links, f"{page}: no link to {switch}"


def test_ontology_anchors_are_local_names_and_reused_terms_cannot_collide(site, dataset):
    parsed = page_links(site / "def.en.html")
    html = (site / "def.en.html").read_text(encoding="utf-8")
    terms = sorted(
        {
            t.subject.value
            for t in dataset.triples()
            if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(DEF)
        }
    )
    assert len(terms) > 100
    for iri in terms:
        assert iri[len(DEF) :] in parsed.ids, f"no anchor for {iri}"
    # #Role is swio:Role (the post role), and org:Role has an anchor of its own
    role = html[html.index('<section class="term" id="Role">') :]
    role = role[: role.index("</section>")]
    assert "swio:Role" in role and "https://w3id.org/swio/def#Role" in role
    assert "org:Role" in parsed.ids and "Role1" not in parsed.ids
    org_role = html[html.index('<section class="term" id="org:Role">') :]
    assert "http://www.w3.org/ns/org#Role" in org_role[: org_role.index("</section>")]


def test_classes_show_hierarchy_domains_and_what_a_valid_instance_must_have(site):
    html = (site / "def.en.html").read_text(encoding="utf-8")
    section = html[html.index('<section class="term" id="SocialWorkAssociation">') :]
    section = section[: section.index("</section>")]
    assert "Subclass of" in section and "org:FormalOrganization" in section
    assert "Properties with this domain" in section and "swio:associationKind" in section
    assert "What a valid instance must have" in section
    assert "swiosh:SocialWorkAssociationShape" in section and "exactly one" in section
    assert "swiosh:FactShape" in section  # the source every fact node needs
    zh = (site / "def.zh.html").read_text(encoding="utf-8")
    section = zh[zh.index('<section class="term" id="SocialWorkAssociation">') :]
    assert "有效实例须满足的条件" in section[: section.index("</section>")]


def test_shapes_documentation_has_every_node_and_property_shape(site):
    import rdflib

    shapes = rdflib.Graph().parse(resources.SHAPES_FILE)
    node_shapes = {str(s) for s in shapes.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "NodeShape"))}
    property_shapes = list(shapes.objects(None, rdflib.URIRef(SH + "property")))
    html = (site / "shapes.en.html").read_text(encoding="utf-8")
    parsed = page_links(site / "shapes.en.html")
    for iri in node_shapes:
        assert iri.split("#", 1)[1] in parsed.ids
    rows = html.count("<tr><td>")  # one table row per property shape
    assert rows == len(property_shapes) > 100
    assert html.count('<span class="sev sev-') >= len(property_shapes)


def test_the_ontology_and_shapes_documents_hold_their_terms_statements(site, descriptions, dataset):
    terms = sorted(
        {
            t.subject.value
            for t in dataset.triples()
            if isinstance(t.subject, ox.NamedNode) and (t.subject.value.startswith(DEF) or t.subject.value == DEF[:-1])
        }
    )
    doc = (site / "def.ttl").read_bytes()
    parsed = {q.triple for q in ox.parse(input=doc, format=ox.RdfFormat.TURTLE)}
    expected = descriptions.of(*terms)
    assert expected <= parsed  # every SWIO term's statements, as written
    reused = {t.subject for t in parsed} - {ox.NamedNode(i) for i in terms}
    assert reused and all(not s.value.startswith("https://w3id.org/swio/") for s in reused)
    assert parsed == descriptions.of(*terms, *(s.value for s in reused))
    shapes = {q.triple for q in ox.parse(input=(site / "shapes.nt").read_bytes(), format=ox.RdfFormat.N_TRIPLES)}
    written = {q.triple for q in ox.parse(path=str(resources.SHAPES_FILE), format=ox.RdfFormat.TURTLE)}
    assert len(shapes) == len(written) and canonical(shapes) == canonical(written)


def test_question_pages_answer_as_swio_query_does(site, dataset):
    for name, query in catalog().items():
        for lang in ("en", "zh"):
            table = run_embedded(dataset, bind(query, {}, lang), name=name, query=query, lang=lang)
            csv_bytes = (site / f"queries/{name}.{lang}.csv").read_bytes()
            assert csv_bytes == render(table, "csv", bom=True).encode("utf-8")
            html = (site / f"queries/{name}.{lang}.html").read_text(encoding="utf-8")
            assert query.question[lang] in html.replace("&#39;", "'").replace("&#34;", '"')
            assert "<pre><code>" in html and f"{name}.{lang}.csv" in html
        assert (site / f"queries/{name}.rq").read_text(encoding="utf-8") == query.text


def test_pictures_are_svg_drawn_from_the_graph(site, dataset):
    ns = {"svg": "http://www.w3.org/2000/svg"}
    for name in ("timeline", "models", "hierarchy", "ontology"):
        for lang in ("en", "zh"):
            root = ET.parse(site / f"pictures/{name}.{lang}.svg").getroot()
            assert root.tag == "{http://www.w3.org/2000/svg}svg"
            assert not root.findall(".//svg:image", ns) and not root.findall(".//svg:script", ns)
    texts = " ".join(
        t.text or ""
        for t in ET.parse(site / "pictures/timeline.en.svg").getroot().iter("{http://www.w3.org/2000/svg}text")
    )
    timeline = run_embedded(dataset, bind(catalog()["hefei-timeline"], {}, "en"))
    for row in timeline.records():
        assert str(row["date"]) in texts
    models = run_embedded(dataset, bind(catalog()["model-comparison"], {}, "zh"))
    svg = (site / "pictures/models.zh.svg").read_text(encoding="utf-8")
    for row in models.records():
        assert str(row["model"])[:4] in svg
    hierarchy = (site / "pictures/hierarchy.en.svg").read_text(encoding="utf-8")
    for row in dataset.query(
        "SELECT ?l WHERE { ?c <http://www.w3.org/ns/org#subOrganizationOf> ?p . "
        "?c <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER (lang(?l) = 'en') }"
    ):
        assert (
            row["l"].value.replace("'", "&#x27;").replace("&", "&amp;")[:20] in hierarchy.replace("'", "&#x27;")
            or row["l"].value[:20] in hierarchy
        )
    ontology = (site / "pictures/ontology.en.svg").read_text(encoding="utf-8")
    assert "swio:SocialWorkAssociation" in ontology and "org:Organization" in ontology


def test_landing_page_has_dataset_json_ld_licence_and_citation(site):
    html = (site / "index.en.html").read_text(encoding="utf-8")
    script = re.search(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', html, re.S)
    data = json.loads(script.group(1))
    assert data["@type"] == "Dataset" and data["@context"] == "https://schema.org/"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["version"] == __version__ and data["distribution"]
    assert data["isBasedOn"]["@id"].startswith("https://w3id.org/swio/id/source/")
    assert "How to cite" in html and "void.ttl" in html
    assert (site / "index.html").read_bytes() == (site / "index.en.html").read_bytes()


def test_htaccess_redirects_every_format_to_the_base_url(site):
    text = (site / ".htaccess").read_text()
    for ext in ("ttl", "jsonld", "nt", "rdf", "zh.html", "en.html"):
        assert f"{BASE}/$1.{ext} [R=303,L]" in text


def test_two_builds_are_byte_identical_whatever_the_hash_seed(site, tmp_path):
    other = tmp_path / "again"
    env = dict(os.environ, PYTHONHASHSEED="4242")
    # the fixture's build made the resource pages in several processes; this one in one
    subprocess.run(
        [sys.executable, "-m", "swio.cli", "site", "--out", str(other), "--base-url", BASE, "--jobs", "1"],
        check=True,
        env=env,
        capture_output=True,
        timeout=300,
    )
    first, second = tree(site), tree(other)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_bad_input_is_one_line_and_leaves_nothing(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["site", "--out", str(out), str(bad)])
    assert result.exit_code == 2
    assert result.output.startswith("swio: error: ") and "bad.ttl" in result.output and "Traceback" not in result.output
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["bad.ttl"]
    result = CliRunner().invoke(main, ["site", "--out", str(out), "--base-url", "ftp://x"])
    assert result.exit_code == 2 and "--base-url" in result.output


def test_the_release_holds_the_site(tmp_path):
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "site/index.html").is_file() and (out / "site/id/org/hefei-shi-shehui-gongzuo-xiehui.ttl").is_file()
    listed = {line.split("  ", 1)[1] for line in (out / "SHA256SUMS").read_text().splitlines()}
    assert "site/def.en.html" in listed
    landing = (out / "site/index.en.html").read_text(encoding="utf-8")
    assert f'href="../swio-{__version__}.ttl"' in landing and 'href="../void.ttl"' in landing
    assert broken_links(out / "site", within=out) == []


def test_a_graph_given_as_paths_gets_its_own_site(tmp_path):
    data = tmp_path / "one.ttl"
    data.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/swio/id/org/x> rdfs:label "某协会"@zh , "An association"@en ;\n'
        '    <https://w3id.org/swio/def#memberCount> "0042"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
        encoding="utf-8",
    )
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["site", "--out", str(out), str(data)])
    assert result.exit_code == 0, result.output
    page = (out / "id/org/x.zh.html").read_text(encoding="utf-8")
    assert "某协会" in page and "An association" in page
    expected = Descriptions(Dataset.load([data])).of("https://w3id.org/swio/id/org/x")
    assert_document_holds((out / "id/org/x.nt").read_bytes(), "nt", expected, "x.nt")


def test_swio_site_never_replaces_a_folder_that_is_not_a_site(tmp_path):
    """The same guarantee as `swio build`: --out is new, empty or a previous site; anything else is refused."""
    from click.testing import CliRunner

    from swio.cli import main

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "mine.txt").write_text("keep me")
    result = CliRunner().invoke(main, ["site", "--out", str(notes)])
    assert result.exit_code == 2
    assert "not a swio web site" in result.output
    assert (notes / "mine.txt").read_text() == "keep me"


def test_a_graph_over_the_page_limit_gets_a_site_without_resource_pages(tmp_path):
    """Past --max-resource-pages, the site has every other page (browse lists included), links to the
    resources' IRIs instead of pages, no broken link, and says where the resource pages can come from."""
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["site", "--out", str(out), "--max-resource-pages", "100"])
    assert result.exit_code == 0, result.output
    assert "0 resource pages" in result.stdout
    counted = re.search(r"the graph has (\d+) resources \(more than 100\)", result.stderr)
    assert counted and int(counted[1]) > 300 and "swio serve --endpoint" in result.stderr
    assert not (out / "id").exists() and (out / "browse/org.en.html").is_file() and (out / "def.zh.html").is_file()
    assert broken_links(out) == []
    listing = page_links(out / "browse/org.en.html").links
    assert "https://w3id.org/swio/id/org/hefei-shi-shehui-gongzuo-xiehui" in listing
    question = page_links(out / "queries/sub-organisation-hierarchy.zh.html").links
    assert any(link.startswith("https://w3id.org/swio/id/org/") for link in question)
    forced = tmp_path / "forced"
    result = CliRunner().invoke(
        main, ["site", "--out", str(forced), "--max-resource-pages", "100", "--resource-pages", "all"]
    )
    assert result.exit_code == 0 and f"{counted[1]} resource pages" in result.output
    assert (forced / "id/org/hefei-shi-shehui-gongzuo-xiehui.zh.html").is_file()


def test_a_release_without_resource_pages_says_so(tmp_path):
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--resource-pages", "none"])
    assert result.exit_code == 0, result.output
    assert re.search(r"site/: the graph has \d+ resources \(--resource-pages none\)", result.stderr)
    assert (out / "site/index.html").is_file() and not (out / "site/id").exists()
    assert broken_links(out / "site", within=out) == []


# --- the source beside its facts, the article's order, three-state answers ------------------------------------


def _sentences(html: str) -> list[tuple[str, str, str]]:
    """(anchor, used|unused, Chinese text) of every sentence on a source page, in order."""
    return re.findall(
        r'<div class="sentence (used|unused)" id="(s\d+)">\s*<p class="text">.*?<span lang="zh-Hans">(.*?)</span>',
        html,
        re.S,
    )


def test_the_source_page_shows_every_sentence_beside_the_facts_drawn_from_it(site):
    from swio.article import shipped

    article = shipped()
    for lang in ("en", "zh"):
        html = (site / f"source/article.{lang}.html").read_text(encoding="utf-8")
        found = _sentences(html)
        # every sentence of the forum's header and of the article, in order (the forum's footer is left out)
        assert [a for _, a, _ in found] == [s.anchor for s in article.sentences if s.part != "footer"]
        body = html[
            html.index('<section class="article-text">') : html.index(
                "</section>", html.index('<section class="article-text">')
            )
        ]
        used, total = body.count('class="sentence used"'), body.count('class="sentence ')
        assert total == len(article.part("article")) and 0 < used < total
        assert (
            f"<strong>{used} / {total}</strong>" in html and f"<strong>{round(100 * used / total)} %</strong>" in html
        )
        assert "& H: e% L" not in html.replace("&amp;", "&")  # the forum's noise is left out
        unused = {text for kind, _, text in found if kind == "unused"}
        assert "合肥正是如此。" in unused and "合肥社工协会的发展速度令人称奇。" in unused
        assert body.count('<p class="unused-note">') == total - used
    en = (site / "source/article.en.html").read_text(encoding="utf-8")
    assert (
        "<h1>The source article, sentence by sentence</h1>" in en and "China Philanthropy Times (公益时报), 2013" in en
    )
    zh = (site / "source/article.zh.html").read_text(encoding="utf-8")
    assert "《社工行业组织的合肥模式》，公益时报，2013 年。转载于清流社工网，2013-09-25 09:06" in zh
    # a used sentence lists the resources drawn from it, linked to their pages
    stage3 = next(a for kind, a, text in _sentences(zh) if text.startswith("第三阶段为转型与提升阶段"))
    block = zh[zh.index(f'id="{stage3}"') :].split('<div class="sentence ', 1)[0]
    for page in ("task/pudong-3-rencai-fazhan", "task/pudong-3-huiyuan-fuwu", "stage/pudong-3", "period/pudong-3"):
        assert f'href="../id/{page}.zh.html"' in block


def test_every_facts_page_links_back_to_its_sentence(site):
    zh = (site / "source/article.zh.html").read_text(encoding="utf-8")
    texts = {anchor: text for _, anchor, text in _sentences(zh)}
    for page, starts in (
        ("event/hefei-shi-shehui-gongzuo-xiehui-chengli", "2012年4月17日,合肥市社会工作协会成立"),
        ("task/pudong-3-huiyuan-fuwu", "第三阶段为转型与提升阶段"),  # 会员服务 is also in stage 2's sentence
        ("participation/nanjing-chengli-choubeizu", "会长蒯本宪介绍,该会在筹备阶段"),
    ):
        for lang in ("en", "zh"):
            html = (site / f"id/{page}.{lang}.html").read_text(encoding="utf-8")
            anchors = re.findall(rf'class="in-article" href="\.\./\.\./source/article\.{lang}\.html#(s\d+)"', html)
            assert anchors, page
            assert texts[anchors[0]].startswith(starts), (page, texts[anchors[0]])


def _links(html: str, after: str) -> list[str]:
    section = html[html.index(after) :].split("</dd>", 1)[0]
    return re.findall(r'<a href="[^"]*"[^>]*>([^<]*)</a>', section)


def test_pages_list_features_tasks_and_cases_in_the_articles_order(site):
    hefei = (site / "id/model/hefei-moshi.zh.html").read_text(encoding="utf-8")
    assert _links(hefei, "swio:hasMechanism</code>") == [
        "社会工作领导管理机制",
        "社会工作教育培训机制",
        "社会工作人才激励保障机制",
    ]
    assert _links(hefei, "swio:hasFeature</code>") == ["政府重视是前提", "网络体系全覆盖", "建立机制创新发展"]
    assert _links(hefei, "swio:hasCombination</code>") == ["协会工作与副会长单位职能相结合", "协会工作与社区服务相结合"]
    stage3 = (site / "id/stage/pudong-3.zh.html").read_text(encoding="utf-8")
    assert _links(stage3, "swio:mainTask</code>") == ["人才发展", "提升质量", "会员服务", "行业研究"]
    xicheng = (site / "id/model/yi-hui-dai-suo.en.html").read_text(encoding="utf-8")
    assert _links(xicheng, "swio:governmentRole</code>") == [
        "leading actor",
        "initiator",
        "planner",
        "purchaser",
        "controller",
    ]
    landing = (site / "index.zh.html").read_text(encoding="utf-8")
    models = re.findall(r'<li><a href="id/model/([a-z-]+)\.zh\.html"', landing)
    assert models == [
        "hefei-moshi",
        "nanjing-xina-huiyuan",
        "yi-hui-dai-suo",
        "liang-tiao-tui-zoulu",
        "pudong-jieduanxing",
    ]
    cases = re.findall(r'<li><a href="id/source/gongyi-shibao-hefei-moshi-anli-(\d)\.zh\.html"', landing)
    assert cases == ["1", "2", "3", "4", "5"]


def test_the_landing_page_cites_the_original_next_to_how_to_cite(site):
    for lang, words in (
        ("en", "China Philanthropy Times (公益时报), 2013. Reposted on Qingliu Social Work Net"),
        ("zh", "《社工行业组织的合肥模式》，公益时报，2013 年。转载于清流社工网"),
    ):
        html = (site / f"index.{lang}.html").read_text(encoding="utf-8")
        cite = html[html.index('<h2 id="cite">') :]
        assert words in cite and 'href="source/article.' + lang + '.html"' in cite


def test_the_models_picture_never_draws_a_cross_for_not_stated(site, dataset):
    for lang in ("en", "zh"):
        root = ET.parse(site / f"pictures/models.{lang}.svg").getroot()
        texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
        table = run_embedded(dataset, bind(catalog()["model-comparison"], {}, lang))
        statuses = [c for c in table.columns if c.endswith(("_post", "_money", "commissioned", "_founding", "_model"))]
        cells = [row[c] for row in table.records() for c in statuses]
        labels = {
            "en": ("stated", "stated otherwise", "not stated", "editors' inference"),
            "zh": ("原文有述", "原文说法相反", "原文未述", "编者推定"),
        }[lang]
        assert all(label in texts for label in labels)  # the legend
        # one mark per cell: a cross only where the article says otherwise, a neutral dash where it is silent
        assert texts.count("✗") == cells.count(labels[1]) + 1  # + the legend's
        assert texts.count("–") == cells.count(labels[2]) + 1
        assert texts.count("✓") == cells.count(labels[0]) + 1 and texts.count("≈") == cells.count(labels[3]) + 1
        assert cells.count(labels[2]) > cells.count(labels[1]) >= 1
        # the article's words beside Hefei's "not stated" for government leading the model
        assert any("合肥依托政府资源" in t for t in texts)
