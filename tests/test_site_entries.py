"""Resource pages as entries, the search index and the pictures, in the static site (no browser).

The site is built once; the pages are read as HTML. A summary box per kind (an association's founding,
place, level, leaders with their official posts, figures and models; a person's posts; a model's case
and features in order; a purchase's buyer, implementer, amount with its bound, coverage and
beneficiaries), statements pointing at a resource worded from its side, each name shown once, no IRI
where a label exists, the source on every page that has one, and the same order of properties for
every resource of a kind. The search index holds every page's names and pinyin and ranks the
searches a reader makes; the pictures hold what the data says (Pudong's stage 3 open-ended, the Hefei
network), each with a caption in its page's language.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from swio.cli import main

ID = "https://w3id.org/swio/id/"
SWIO = "https://w3id.org/swio/def#"
ASSOCIATION = "id/org/hefei-shi-shehui-gongzuo-xiehui"


@pytest.fixture(scope="module")
def site(shipped_site) -> Path:
    return shipped_site


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class Text(HTMLParser):
    """The text of an HTML fragment, with line breaks at block ends."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_endtag(self, tag):
        if tag in ("dt", "dd", "li", "p", "div", "h1", "h2", "blockquote"):
            self.parts.append("\n")


def text(html: str) -> str:
    parser = Text()
    parser.feed(html)
    return re.sub(r"[ \t]+", " ", "".join(parser.parts))


def section(html: str, start: str, end: str) -> str:
    i = html.index(start)
    return html[i : html.index(end, i)]


def summary(html: str) -> dict[str, str]:
    """The summary box as {row label: row text}."""
    box = section(html, '<aside class="infobox"', "</aside>")
    rows = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", box, re.S)
    return {text(k).strip(): " ".join(text(v).split()) for k, v in rows}


def test_an_association_reads_like_an_entry(site):
    zh = summary(read(site, ASSOCIATION + ".zh.html"))
    assert zh["成立"].startswith("2012年4月17日")
    assert zh["所在地"] == "合肥市" and zh["层级"] == "市级"
    leaders = zh["负责人及其职务"]
    assert "会长：董昭礼（合肥市政协主席）" in leaders
    assert "执行会长：张炜（合肥市民政局局长）" in leaders
    assert "秘书长：陶梅煚（合肥市民政局调研员）" in leaders
    assert leaders.index("会长：董昭礼") < leaders.index("执行会长") < leaders.index("秘书长")
    assert "合肥模式" in zh["模式"]
    en = summary(read(site, ASSOCIATION + ".en.html"))
    assert en["Founded"].startswith("17 April 2012") and en["Based in"] == "Hefei"
    assert (
        "president: Dong Zhaoli (Chair of the Hefei Municipal Committee of the CPPCC)" in en["Leaders and their posts"]
    )
    nanjing = summary(read(site, "id/org/nanjing-shehui-gongzuozhe-xiehui.en.html"))
    figures = nanjing["Figures"]
    assert "individual members: 430" in figures and "of which from the civil-affairs system: 80%" in figures
    assert "participating private social-work agencies: 10 (at most)" in figures  # 不到10家, with its bound
    assert nanjing["Founded"].startswith("August 2013 (year inferred)")


def test_a_person_a_model_and_a_purchase_have_their_own_summaries(site):
    person = summary(read(site, "id/person/zhang-wei.zh.html"))
    assert set(person["职务"].split(" ")) >= {"合肥市民政局局长", "合肥市社会工作协会执行会长"}
    model = summary(read(site, "id/model/hefei-moshi.zh.html"))
    assert model["案例"].startswith("案例①")
    assert re.fullmatch(r"1\. 政府重视是前提 2\. 网络体系全覆盖 3\. 建立机制创新发展", model["特征"])
    assert model["机制"].startswith("1. 社会工作领导管理机制 2. 社会工作教育培训机制 3. 社会工作人才激励保障机制")
    assert "合肥市社会工作协会" in model["代表组织"]
    purchase = summary(read(site, "id/activity/hefei-jujia-yanglao-goumai-2013.en.html"))
    assert purchase["Implementer"] == "Hefei Social Work Association"
    assert purchase["Funded by"] == "Hefei city- and district-level public finance"
    assert purchase["Amount"] == "60,000,000 CNY (at least)"  # 6000余万元: a lower bound
    assert "Hefei's four city districts" in purchase["Coverage"]
    assert "oldest-old aged 90 and over" in purchase["Beneficiaries"]
    baohe = summary(read(site, "id/activity/baohe-goumai-fuwu-ailin.zh.html"))
    assert baohe["购买方"] == "包河区（区级机关）" and "金额" not in baohe  # the article gives no amount
    shushan = summary(read(site, "id/activity/shushan-caizheng-touru-2013.zh.html"))
    assert (
        shushan["用途"] == "用于发展社会工作" and shushan["金额"] == "10,000,000 元（下限）"
    )  # words in the page's language
    membership = summary(read(site, "id/membership/hefei-fu-huizhang-danwei-caizhengju.en.html"))
    assert membership == {
        "Member": "Hefei Finance Bureau",
        "Organisation": "Hefei Social Work Association",
        "Role": "vice-president unit",
    }


def test_statements_pointing_here_are_worded_from_the_resources_side(site, dataset):
    zh = read(site, ASSOCIATION + ".zh.html")
    referrers = section(zh, "指向本资源的陈述", "</section>")
    assert "作为…的产生组织" in referrers and "产生的组织" not in referrers.replace("作为…的产生组织", "")
    assert "设有的职位" in referrers
    en = read(site, ASSOCIATION + ".en.html")
    assert "organisation resulting from" in section(en, "Statements pointing here", "</section>")
    # every property that points at a resource in the data has its inverse wording in both languages
    rows = dataset.query(
        f"SELECT DISTINCT ?p WHERE {{ ?s ?p ?o FILTER (isIRI(?o) && STRSTARTS(STR(?o), '{ID}') "
        "&& ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) }"
    )
    missing = []
    for row in rows:
        p = row["p"].value
        labels = {r["l"].language for r in dataset.query(f"SELECT ?l WHERE {{ <{p}> <{SWIO}inverseLabel> ?l }}")}
        if labels != {"zh", "en"}:
            missing.append(p)
    assert missing == [] or set(missing) <= {"http://www.w3.org/1999/02/22-rdf-syntax-ns#first"}, missing


def test_each_name_is_shown_once_and_no_iri_stands_for_a_label(site):
    page = read(site, "id/model/hefei-moshi.zh.html")
    statements = section(page, "<h2>陈述</h2>", "</section>")
    assert statements.count(">合肥模式<") == 1  # rdfs:label and skos:prefLabel merged into one row
    assert "skos:prefLabel" in statements and statements.count('<div class="row"><dt>') == len(
        set(re.findall(r'<div class="row"><dt><a[^>]*>([^<]*)</a>', statements))
    )
    for path in sorted(site.glob("id/**/*.html")):
        main = read(site, str(path.relative_to(site)))
        main = main[main.index("<main") : main.index("</main>")]
        main = re.sub(r'<p class="iri">.*?</p>', "", main, flags=re.S)  # the page's own IRI, shown on purpose
        shown = re.findall(r">\s*(https?://[^<\s]+)\s*<", main)
        assert shown == [], f"{path}: {shown[:3]}"


def test_every_page_of_a_fact_links_to_its_source(site, dataset):
    with_source = {
        row["s"].value
        for row in dataset.query(
            "SELECT DISTINCT ?s WHERE { ?s <http://purl.org/dc/terms/source> ?src FILTER isIRI(?s) }"
        )
        if row["s"].value.startswith(ID)
    }
    assert len(with_source) > 150
    for iri in sorted(with_source):
        for lang in ("zh", "en"):
            path = site / (iri[len("https://w3id.org/swio/") :] + f".{lang}.html")
            page = path.read_text(encoding="utf-8")
            start = page.index('<aside class="provenance">')
            source = section(page[start : page.index("</aside>", start)], '<p class="source">', "</p>")
            targets = [(path.parent / href).resolve() for href in re.findall(r'href="([^"#]+)"', source)]
            assert any(t.is_file() and t.parent == (site / "id/source").resolve() for t in targets), iri


def statement_order(page: str) -> list[str]:
    block = section(page, '<section class="block">', "</section>")
    return re.findall(r'<div class="row"><dt>.*?<code class="curie">([^<]+)</code>', block)


def test_properties_come_in_one_order_for_every_resource_of_a_kind(site, dataset):
    kinds: dict[str, list[str]] = defaultdict(list)
    for row in dataset.query("SELECT ?s ?c WHERE { ?s a ?c FILTER (isIRI(?s) && isIRI(?c)) }"):
        if row["s"].value.startswith(ID):
            kinds[row["c"].value].append(row["s"].value)
    checked = 0
    for cls, members in kinds.items():
        if len(members) < 2:
            continue
        seen: dict[tuple[str, str], bool] = {}
        for iri in members:
            order = statement_order(read(site, iri[len("https://w3id.org/swio/") :] + ".en.html"))
            assert order[0] == "rdf:type" and order[1] == "rdfs:label", (iri, order)
            tail = [p for p in order if p in ("dcterms:source", "swio:sourceText")]
            assert order[len(order) - len(tail) :] == tail, (iri, order)  # provenance last
            if "skos:definition" in order:
                assert order.index("skos:definition") == 2, (iri, order)
            for i, a in enumerate(order):
                for b in order[i + 1 :]:
                    assert not seen.get((b, a)), f"{cls}: {a} before {b} on {iri}, after it elsewhere"
                    seen[(a, b)] = True
            checked += 1
    assert checked > 250


def test_a_rows_values_follow_the_articles_order(site):
    page = read(site, "id/stage/pudong-3.en.html")
    statements = section(page, "<h2>Statements</h2>", "</section>")
    row = section(statements, "swio:specificWork", "</dd>")
    tasks = [text(t).strip() for t in re.findall(r"<li>(.*?)</li>", row)]
    assert tasks[0].startswith("strict entry") and tasks[-1].startswith("industry research"), tasks


def test_the_look_ups_per_page_are_bounded(dataset):
    """However many statements point at a resource, its entry costs the description, its referrers and
    at most four more batched look-ups (as a remote store would answer them)."""
    from swio.publish.release import jsonld_context
    from swio.publish.site.publication import Publication
    from swio.publish.site.resource import Description

    with Publication(dataset, context=jsonld_context(dataset)) as pub:
        worst = 0
        for iri, _stem in pub.resource_pages():
            description = Description.read(pub.index, [iri])
            from swio.publish.site.views import Graph

            made = description.entry(pub.index, pub.naming, iri, Graph(description.triples))
            worst = max(worst, made.lookups)
        assert 1 <= worst <= 4


# -- search -------------------------------------------------------------------------------------------
def index_data(site: Path) -> dict:
    script = read(site, "search/index.js")
    assert script.startswith("window.SWIO_SEARCH=") and script.rstrip().endswith(";")
    return json.loads(script[len("window.SWIO_SEARCH=") : script.rstrip().rindex(";")])


def test_the_search_index_holds_every_page_with_its_names_pinyin_and_kind(site, dataset):
    data = index_data(site)
    items = {(i[0], i[1]): i for i in data["items"]}
    pages = {str(p.relative_to(site))[: -len(".en.html")] for p in site.glob("id/**/*.en.html")}
    assert pages <= {path for path, _ in items}
    model = items[("id/model/hefei-moshi", "")]
    assert model[2:5] == ["合肥模式", "the Hefei model", "he fei mo shi"]
    assert data["kinds"][model[5]] == ["行业组织模式", "organisational model"]
    person = items[("id/person/zhang-wei", "")]
    assert person[4] == "zhang wei" and data["kinds"][person[5]][0] == "人"
    assert items[("def", "SocialWorkAssociation")][2] == "社会工作行业组织"
    assert ("queries/model-comparison", "") in items
    for path in ("search.zh.html", "search.en.html"):
        assert 'id="search-page"' in read(site, path)
    header = read(site, ASSOCIATION + ".zh.html")
    assert 'role="combobox"' in header and 'role="listbox"' in header and 'data-root="../../"' in header
    assert '<script src="../../static/search.js" defer></script>' in header


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("合肥模式", "id/model/hefei-moshi"),
        ("以会带所", "id/model/yi-hui-dai-suo"),
        ("张炜", "id/person/zhang-wei"),
        ("Kuai Benxian", "id/person/kuai-benxian"),
        ("hefei", "id/place/hefei-shi"),
        ("hefei moshi", "id/model/hefei-moshi"),
        ("yihuidaisuo", "id/model/yi-hui-dai-suo"),
        ("HFMS", "id/model/hefei-moshi"),  # initials, any case
    ],
)
def test_the_searches_a_reader_makes_rank_the_right_page_first(site, query, page):
    from swio.publish.site.search_index import Entry, search

    data = index_data(site)
    entries = [Entry(*row) for row in data["items"]]
    assert search(entries, query, 3)[0].path == page


# -- pictures -------------------------------------------------------------------------------------------
def svg_texts(path: Path) -> list[str]:
    return [t.text or "" for t in ET.parse(path).getroot().iter("{http://www.w3.org/2000/svg}text")]


def test_pudongs_stages_are_drawn_with_their_tasks_and_stage_3_open_ended(site, dataset):
    texts = svg_texts(site / "pictures/stages.en.svg")
    joined = " ".join(texts)
    for name in ("founding and exploration", "development and growth", "transformation and improvement"):
        assert name in joined
    assert "1999—2003" in joined and "2003—2010" in joined
    assert "from 2010, no end given" in joined and "the article gives no end" in joined
    tasks = [t for t in texts if t in ("talent development", "raising quality", "member services", "industry research")]
    assert tasks == ["talent development", "raising quality", "member services", "industry research"]
    end = dataset.query(
        "SELECT ?e WHERE { <https://w3id.org/swio/id/period/pudong-3> <http://www.w3.org/2006/time#hasEnd> ?e }"
    )
    assert list(end) == []  # what the picture says is what the data says
    zh = " ".join(svg_texts(site / "pictures/stages.zh.svg"))
    assert "转型与提升阶段" in zh and "2010年以后" in zh


def test_the_hierarchy_shows_the_hefei_network_from_city_to_subdistrict(site):
    texts = svg_texts(site / "pictures/hierarchy.zh.svg")
    order = [t for t in texts if t in ("合肥市", "庐阳区", "蜀山区", "西园街道")]
    assert order == ["合肥市", "庐阳区", "蜀山区", "西园街道"]
    joined = " ".join(texts)
    assert "▸ 合肥市社会工作协会" in joined and "▸ 蜀山区西园街道社会工作协会" in joined
    assert "2012年6月13日" in joined and "2013年4月7日" in joined


def test_every_picture_has_a_caption_in_its_pages_language(site):
    for name in ("timeline", "stages", "models", "hierarchy", "ontology"):
        zh = read(site, f"pictures/{name}.zh.html")
        en = read(site, f"pictures/{name}.en.html")
        caption_zh = text(section(zh, "<figcaption>", "</figcaption>"))
        caption_en = text(section(en, "<figcaption>", "</figcaption>"))
        assert len(caption_zh) > 20 and re.search(r"[\u4e00-\u9fff]", caption_zh)
        assert len(caption_en) > 40 and not re.search(r"[\u4e00-\u9fff]", caption_en)
    index = read(site, "pictures/index.en.html")
    assert index.count("<p>") >= 5


def test_a_static_site_names_its_live_endpoint_only_when_given_one(site, tmp_path):
    page = read(site, ASSOCIATION + ".en.html")
    nav = section(page, "<nav", "</nav>")
    assert 'rel="external"' not in nav and ">SPARQL</a>" not in nav  # the cheat-sheet link is not an endpoint
    form = read(site, "queries/leaders-with-official-posts.zh.html")
    assert "<fieldset disabled" in form and "swio serve" in form and 'id="form-note"' in form
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["site", "--out", str(out), "--sparql-endpoint", "https://example.org/sparql"])
    assert result.exit_code == 0, result.output
    nav = section((out / (ASSOCIATION + ".zh.html")).read_text(encoding="utf-8"), "<nav", "</nav>")
    assert '<a href="https://example.org/sparql" class="ext" rel="external">SPARQL</a>' in nav
    assert "https://example.org/sparql" in (out / "index.en.html").read_text(encoding="utf-8")
    bad = CliRunner().invoke(main, ["site", "--out", str(tmp_path / "x"), "--sparql-endpoint", "ftp://x"])
    assert bad.exit_code == 2 and "--sparql-endpoint" in bad.output


def test_the_index_interface_answers_in_batches(dataset):
    from swio.publish.site.triple_index import TripleIndex, incoming, nodes, typed_subjects, values

    with TripleIndex.build(dataset.triples()) as index:
        person = ID + "person/zhang-wei"
        assert nodes(index, [person, "urn:x:none"]) == {person: {"zh": "张炜", "en": "Zhang Wei"}}
        posts = incoming(index, [person], ["http://www.w3.org/ns/org#heldBy"], 10)[person]
        assert posts["http://www.w3.org/ns/org#heldBy"] == [
            ID + "post/hefei-shi-minzhengju-juzhang",
            ID + "post/hefei-shi-shehui-gongzuo-xiehui-zhixing-huizhang",
        ]
        found = values(index, [ID + "event/hefei-shi-shehui-gongzuo-xiehui-chengli"], ["http://purl.org/dc/terms/date"])
        (date,) = found[ID + "event/hefei-shi-shehui-gongzuo-xiehui-chengli"]["http://purl.org/dc/terms/date"]
        assert isinstance(date, ox.Literal) and date.value == "2012-04-17"
        people = dict(typed_subjects(index, ID + "person/"))
        assert people[person] == ["http://xmlns.com/foaf/0.1/Person"] and len(people) >= 7
