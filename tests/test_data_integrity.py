"""Data integrity checked in Python, independently of the SHACL shapes."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS, XSD

from swio.namespaces import SWIO

from .helpers import normalise

S = rdflib.Namespace(SWIO)
ID = "https://w3id.org/swio/id/"


def test_every_source_excerpt_is_word_for_word_in_the_article(rdflib_graph, article_text):
    article = normalise(article_text)
    excerpts = list(rdflib_graph.subject_objects(S.sourceText))
    assert len(excerpts) > 150
    missing = [(str(s), str(o)) for s, o in excerpts if normalise(str(o)) not in article]
    assert missing == []


def test_traceability_check_would_catch_an_invented_excerpt(article_text):
    assert normalise("2012年4月18日,合肥市社会工作协会成立") not in normalise(article_text)


def test_every_node_with_an_id_iri_has_zh_and_en_labels(rdflib_graph):
    subjects = {s for s in rdflib_graph.subjects() if str(s).startswith(ID)}
    assert len(subjects) > 150
    for s in subjects:
        langs = sorted(l.language for l in rdflib_graph.objects(s, RDFS.label))
        assert langs == ["en", "zh"], f"{s} has labels in {langs}"


def test_every_fact_node_cites_the_article_or_a_standard(rdflib_graph):
    skip_kinds = {"scheme", "instant", "association-kind", "level", "division-type", "role", "bound", "counted",
                  "population-group", "unit", "support-kind", "service-type", "beneficiary-group",
                  "government-role", "stance", "discourse-mode", "source"}
    for s in {s for s in rdflib_graph.subjects() if str(s).startswith(ID)}:
        kind = str(s)[len(ID):].split("/", 1)[0]
        if kind in skip_kinds:
            continue
        assert list(rdflib_graph.objects(s, DCTERMS.source)), f"{s} does not cite a source"


def test_iri_slugs_are_lowercase_ascii_with_hyphens(rdflib_graph):
    for s in {s for s in rdflib_graph.subjects() if str(s).startswith(ID)}:
        slug = str(s)[len(ID):]
        assert re.fullmatch(r"[a-z-]+/[a-z0-9-]+", slug), f"bad slug: {slug}"


def test_numbers_and_dates_are_typed_by_precision(rdflib_graph):
    for s, v in rdflib_graph.subject_objects(S.value):
        assert isinstance(v, Literal) and v.datatype in (XSD.integer, XSD.decimal), f"{s}: {v!r}"
        if (s, RDF.type, S.Count) in rdflib_graph:
            assert v.datatype == XSD.integer
        else:
            assert v.datatype == XSD.decimal
    for prop in (DCTERMS.date, S.asOf):
        for s, v in rdflib_graph.subject_objects(prop):
            assert v.datatype in (XSD.date, XSD.gYearMonth, XSD.gYear), f"{s}: {v!r}"
    for s, v in rdflib_graph.subject_objects(S.year):
        assert v.datatype == XSD.gYear


def test_amounts_carry_a_currency_and_a_bound(rdflib_graph):
    amounts = list(rdflib_graph.subjects(RDF.type, S.MonetaryAmount))
    assert len(amounts) == 2
    for a in amounts:
        assert str(rdflib_graph.value(a, S.currency)) == "CNY"
        assert str(rdflib_graph.value(a, S.bound)) == ID + "bound/zhishao"  # both are 余 figures


def test_the_source_precision_words_map_to_bounds(rdflib_graph):
    def bound_of(node):
        return str(rdflib_graph.value(URIRef(ID + node), S.bound)).rsplit("/", 1)[-1]

    assert bound_of("quantity/hefei-jujia-yanglao-2013-jine") == "zhishao"       # 6000余万元
    assert bound_of("quantity/shushan-caizheng-touru-2013-jine") == "zhishao"    # 1000余万元
    assert bound_of("quantity/nanjing-minban-shegong-jigou") == "zhiduo"         # 不到10家
    assert bound_of("quantity/hefei-wangluo-jianshe-yongshi") == "zhishao"       # 一年多一点
    assert bound_of("quantity/anhui-zhiye-shuiping-zhengshu-2013-08") == "jingque"


def test_division_codes_match_the_gbt2260_table_in_cpca(rdflib_graph):
    import cpca

    table = Path(cpca.__file__).parent / "resources" / "adcodes.csv"
    with table.open(encoding="utf-8") as handle:
        names = {row["adcode"][:6]: row["name"] for row in csv.DictReader(handle)}
    coded = list(rdflib_graph.subject_objects(S.divisionCode))
    assert len(coded) == 11
    for place, code in coded:
        zh = next(str(l) for l in rdflib_graph.objects(place, RDFS.label) if l.language == "zh")
        assert names.get(str(code)) == zh, f"{place}: code {code} is {names.get(str(code))!r} in GB/T 2260, not {zh}"


def test_concepts_have_the_same_pref_label_and_label(rdflib_graph):
    for concept in set(rdflib_graph.subjects(SKOS.prefLabel, None)):
        assert set(rdflib_graph.objects(concept, SKOS.prefLabel)) == set(rdflib_graph.objects(concept, RDFS.label))


def test_unnamed_groups_stay_unnamed(rdflib_graph):
    """The 18 vice-president departments: a count and the four the article names, no invented people."""
    post = URIRef(ID + "post/hefei-shi-shehui-gongzuo-xiehui-fu-huizhang")
    assert rdflib_graph.value(post, S.holderCount).toPython() == 18
    assert rdflib_graph.value(post, ORG.heldBy) is None
    group = rdflib_graph.value(post, S.holdersDrawnFrom)
    assert rdflib_graph.value(group, S.memberCount).toPython() == 18
    assert len(list(rdflib_graph.objects(group, S.knownMember))) == 4


def test_dates_without_a_year_in_their_sentence_are_marked_inferred(rdflib_graph):
    inferred = {str(s).rsplit("/", 1)[-1] for s in rdflib_graph.subjects(S.yearInferred, Literal(True))}
    assert {"quanguo-shehui-gongzuo-xiehui-gongzuo-huiyi-3", "nanjing-shehui-gongzuozhe-xiehui-chengli",
            "anhui-zhiye-shuiping-zhengshu-2013-08", "shushan-caizheng-touru-2013"} <= inferred
    assert "hefei-shi-shehui-gongzuo-xiehui-chengli" not in inferred


def test_pudong_third_stage_is_open_ended(rdflib_graph):
    from rdflib.namespace import TIME

    period = URIRef(ID + "period/pudong-3")
    assert rdflib_graph.value(period, TIME.hasBeginning) is not None
    assert rdflib_graph.value(period, TIME.hasEnd) is None
