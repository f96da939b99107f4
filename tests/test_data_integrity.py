"""Data integrity checked in Python, independently of the SHACL shapes."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS, XSD

from swio.namespaces import SWIO

from .support.helpers import normalise

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
    skip_kinds = {
        "scheme",
        "instant",
        "association-kind",
        "level",
        "division-type",
        "role",
        "bound",
        "counted",
        "population-group",
        "unit",
        "support-kind",
        "service-type",
        "beneficiary-group",
        "government-role",
        "stance",
        "discourse-mode",
        "source",
        "participation-role",
        "modality",
        "answer",
        "aspect",
        "founding-role",
        "founding-direction",
    }
    for s in {s for s in rdflib_graph.subjects() if str(s).startswith(ID)}:
        kind = str(s)[len(ID) :].split("/", 1)[0]
        if kind in skip_kinds:
            continue
        assert list(rdflib_graph.objects(s, DCTERMS.source)), f"{s} does not cite a source"


def test_iri_slugs_are_lowercase_ascii_with_hyphens(rdflib_graph):
    for s in {s for s in rdflib_graph.subjects() if str(s).startswith(ID)}:
        slug = str(s)[len(ID) :]
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
    for _s, v in rdflib_graph.subject_objects(S.year):
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

    assert bound_of("quantity/hefei-jujia-yanglao-2013-jine") == "zhishao"  # 6000余万元
    assert bound_of("quantity/shushan-caizheng-touru-2013-jine") == "zhishao"  # 1000余万元
    assert bound_of("quantity/nanjing-minban-shegong-jigou") == "zhiduo"  # 不到10家
    assert bound_of("quantity/hefei-wangluo-jianshe-yongshi") == "zhishao"  # 一年多一点
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
    assert {
        "quanguo-shehui-gongzuo-xiehui-gongzuo-huiyi-3",
        "nanjing-shehui-gongzuozhe-xiehui-chengli",
        "anhui-zhiye-shuiping-zhengshu-2013-08",
        "shushan-caizheng-touru-2013",
    } <= inferred
    assert "hefei-shi-shehui-gongzuo-xiehui-chengli" not in inferred


def test_pudong_third_stage_is_open_ended(rdflib_graph):
    from rdflib.namespace import TIME

    period = URIRef(ID + "period/pudong-3")
    assert rdflib_graph.value(period, TIME.hasBeginning) is not None
    assert rdflib_graph.value(period, TIME.hasEnd) is None


# --- nothing the article does not say, unless marked as the editors' ---------------------------

PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


def _zh(graph, node):
    return next(str(l) for l in graph.objects(node, RDFS.label) if l.language == "zh")


def test_known_members_are_named_in_their_groups_own_excerpt(rdflib_graph):
    """swio:knownMember only for members the article names in the sentence that counts the group."""
    pairs = list(rdflib_graph.subject_objects(S.knownMember))
    assert pairs
    for group, member in pairs:
        excerpts = " ".join(str(t) for t in rdflib_graph.objects(group, S.sourceText))
        name = _zh(rdflib_graph, member)
        assert name in excerpts or name.removeprefix("合肥") in excerpts, f"{group} does not name {name}"


def test_members_placed_by_the_editors_say_why(rdflib_graph):
    groups = set(rdflib_graph.subjects(S.editorialMember, None))
    assert {str(g).rsplit("/", 1)[-1] for g in groups} == {
        "hefei-shi-sige-qu",
        "hefei-shi-zhuchengqu-jiedao",
        "shanghai-quanshi-xiehui",
    }
    for group in groups:
        assert {l.language for l in rdflib_graph.objects(group, S.editorialNote)} == {"zh", "en"}
    # the four districts come from GB/T 2260, so the group cites it
    assert URIRef(ID + "source/gbt-2260") in set(
        rdflib_graph.objects(URIRef(ID + "place/hefei-shi-sige-qu"), DCTERMS.source)
    )


def test_coverage_only_where_the_article_says_what_is_covered(rdflib_graph):
    for activity in set(rdflib_graph.subjects(S.coversArea, None)):
        if (activity, RDF.type, S.ServicePurchase) in rdflib_graph:
            excerpts = " ".join(str(t) for t in rdflib_graph.objects(activity, S.sourceText))
            assert "覆盖" in excerpts, f"{activity} covers areas the article does not state"
    covered = {
        str(a).rsplit("/", 1)[-1]
        for a in rdflib_graph.subjects(S.coversArea, None)
        if (a, RDF.type, S.ServicePurchase) in rdflib_graph
    }
    assert covered == {"hefei-jujia-yanglao-goumai-2013"}


def test_every_bodys_name_is_the_articles_or_carries_an_editorial_note(rdflib_graph, article_text):
    article = normalise(article_text)
    bodies = {
        row[0]
        for row in rdflib_graph.query("""
        SELECT DISTINCT ?o WHERE {
          { ?o a/rdfs:subClassOf* <http://www.w3.org/ns/org#Organization> }
          UNION { ?o a <https://w3id.org/swio/def#PublicFinance> } UNION { ?o a <https://w3id.org/swio/def#OrganisationGroup> }
        }""")
    }
    assert len(bodies) > 25
    unexplained = sorted(
        _zh(rdflib_graph, b)
        for b in bodies
        if _zh(rdflib_graph, b) not in article and not list(rdflib_graph.objects(b, S.editorialNote))
    )
    assert unexplained == []
    # the names the article never uses in that form
    assert _zh(rdflib_graph, URIRef(ID + "org/zhonggong-hefei-shiwei")) == "合肥市委"
    baohe = URIRef(ID + "org/baohe-qu-zhengfu")
    assert (baohe, RDF.type, S.PublicBody) in rdflib_graph and "包河区政府" not in _zh(rdflib_graph, baohe)


def test_every_editorial_note_is_bilingual(rdflib_graph):
    nodes = set(rdflib_graph.subjects(S.editorialNote, None))
    assert len(nodes) > 15
    for node in nodes:
        assert sorted(l.language for l in rdflib_graph.objects(node, S.editorialNote)) == ["en", "zh"], node


# --- facts that lived only in labels are structure ---------------------------------------------


def test_the_mayor_attended_and_spoke_at_the_conference_as_mayor(rdflib_graph):
    conference = URIRef(ID + "event/quanguo-shehui-gongzuo-xiehui-gongzuo-huiyi-3")
    person = URIRef(ID + "person/zhang-qingjun")
    [participation] = [
        p
        for p in rdflib_graph.objects(conference, PROV.qualifiedAssociation)
        if (p, PROV.agent, person) in rdflib_graph
    ]
    roles = {str(r).rsplit("/", 1)[-1] for r in rdflib_graph.objects(participation, PROV.hadRole)}
    assert roles == {"chuxizhe", "fayanzhe"}  # 出席会议的 … 说
    post = rdflib_graph.value(participation, S.inCapacity)
    assert post == URIRef(ID + "post/hefei-shi-shizhang") and (post, ORG.heldBy, person) in rdflib_graph
    assert (conference, PROV.wasAssociatedWith, person) in rdflib_graph
    quote = URIRef(ID + "quotation/zhang-qingjun-zhongyao-zhuashou")
    assert (quote, S.atEvent, conference) in rdflib_graph and (quote, S.speaker, person) in rdflib_graph
    assert list(rdflib_graph.objects(participation, S.editorialNote)), "which meeting is the editors' reading"


def test_the_secretariat_is_independent_and_sits_under_the_council_not_a_term(rdflib_graph):
    secretariat = URIRef(ID + "org/shanghai-shi-shehui-gongzuozhe-xiehui-mishuchu")
    assert rdflib_graph.value(secretariat, S.operatesIndependently).toPython() is True  # 独立运营的秘书处
    council = rdflib_graph.value(secretariat, ORG.subOrganizationOf)
    assert (council, RDF.type, S.GoverningCouncil) in rdflib_graph
    assert rdflib_graph.value(council, S.termNumber) is None  # "在理事会领导下"
    fourth = URIRef(ID + "org/shanghai-shi-shehui-gongzuozhe-xiehui-lishihui-4")
    assert rdflib_graph.value(fourth, S.termOf) == council and rdflib_graph.value(fourth, S.termNumber).toPython() == 4


def test_the_point_put_as_a_question_is_marked_so(rdflib_graph):
    question = URIRef(ID + "modality/wenju")
    asked = list(rdflib_graph.subjects(S.modality, question))
    assert [str(a).rsplit("/", 1)[-1] for a in asked] == ["pudong-jiandu-zhengfu"]
    assert all(str(t).endswith("?") for t in rdflib_graph.objects(asked[0], S.sourceText))
    assert "问" not in _zh(rdflib_graph, asked[0]), "the label no longer carries the fact"
    # every feature and task says how the article puts it
    for cls in (S.ModelFeature, S.Combination, S.Mechanism, S.Task):
        for node in rdflib_graph.subjects(RDF.type, cls):
            assert rdflib_graph.value(node, S.modality) is not None, node


def test_the_two_combinations_are_typed_and_numbered(rdflib_graph):
    combinations = sorted(
        rdflib_graph.subjects(RDF.type, S.Combination), key=lambda c: rdflib_graph.value(c, S.ordinal).toPython()
    )
    assert [rdflib_graph.value(c, S.ordinal).toPython() for c in combinations] == [1, 2]
    assert [str(rdflib_graph.value(c, S.sourceText))[:2] for c in combinations] == ["一是", "二是"]


def test_founding_years_computed_from_an_age_are_marked_derived(rdflib_graph):
    shanghai = URIRef(ID + "event/shanghai-shi-shehui-gongzuozhe-xiehui-chengli")
    age = rdflib_graph.value(shanghai, S.dateDerivedFrom)
    assert age == URIRef(ID + "quantity/shanghai-shi-shehui-gongzuozhe-xiehui-lishi")
    assert rdflib_graph.value(age, S.value).toPython() == 20 and str(rdflib_graph.value(age, S.asOf)) == "2013"
    year = rdflib_graph.value(shanghai, DCTERMS.date)
    assert (str(year), year.datatype) == ("1993", XSD.gYear)  # 2013 − 20
    assert str(rdflib_graph.value(shanghai, S.dateBound)).endswith("/dayue")  # approximately
    assert str(rdflib_graph.value(shanghai, S.sourceText)) == "上海市社会工作者协会到今年已经有20年的历史"
    # a founding date is either written in the article (成立) or computed and marked so
    for event in rdflib_graph.subjects(RDF.type, S.FoundingEvent):
        text = " ".join(str(t) for t in rdflib_graph.objects(event, S.sourceText))
        derived = rdflib_graph.value(event, S.dateDerivedFrom) is not None
        assert derived or "成立" in text, event
        if derived:
            assert rdflib_graph.value(event, S.dateBound) is not None
            assert list(rdflib_graph.objects(event, S.editorialNote))


# --- who drove each founding, and what the article says on each comparison aspect --------------

FROLE = ID + "founding-role/"


def _founders(graph, event_slug):
    event = URIRef(ID + "event/" + event_slug)
    out = []
    for p in graph.objects(event, PROV.qualifiedAssociation):
        agent = graph.value(p, PROV.agent)
        roles = sorted(str(r)[len(FROLE) :] for r in graph.objects(p, PROV.hadRole))
        out.append((str(agent).rsplit("/", 1)[-1], roles, int(graph.value(p, S.ordinal))))
        assert (event, PROV.wasAssociatedWith, agent) in graph
        assert list(graph.objects(p, S.sourceText)) and graph.value(p, DCTERMS.source) is not None
    return sorted(out, key=lambda x: x[2])


def test_who_drove_each_founding_is_structure(rdflib_graph):
    g = rdflib_graph
    # Nanjing: the preparatory group prepared it, the bureau supported it in 人、财、物
    assert _founders(g, "nanjing-shehui-gongzuozhe-xiehui-chengli") == [
        ("nanjing-shehui-gongzuozhe-xiehui-choubeizu", ["choubei"], 1),
        ("nanjing-shi-minzhengju", ["zhichi"], 2),
    ]
    # ... and the group's leader is whoever holds the bureau's deputy director post (由…主管副局长任组长)
    leader = URIRef(ID + "post/nanjing-shehui-gongzuozhe-xiehui-choubeizu-zuzhang")
    assert g.value(leader, ORG.postIn) == URIRef(ID + "org/nanjing-shehui-gongzuozhe-xiehui-choubeizu")
    deputy = g.value(leader, S.heldByHolderOf)
    assert g.value(deputy, ORG.postIn) == URIRef(ID + "org/nanjing-shi-minzhengju")
    # Xicheng: "西城区率先成立"
    assert _founders(g, "xicheng-qu-shehui-gongzuozhe-lianhehui-chengli") == [("xicheng-qu-zhengfu", ["faqi"], 1)]
    # Hefei: governments and departments at every level, the network built from the top down
    for slug in (
        "hefei-shi-shehui-gongzuo-xiehui-chengli",
        "shushan-qu-xiyuan-jiedao-shehui-gongzuo-xiehui-chengli",
        "luyang-qu-shehui-gongzuo-xiehui-chengli",
    ):
        assert _founders(g, slug) == [("hefei-geji-zhengfu", ["zhichi"], 1)]
        event = URIRef(ID + "event/" + slug)
        assert str(g.value(event, S.foundingDirection)).endswith("/zishang-erxia")
        assert any("自上而下建立协会" in str(t) for t in g.objects(event, S.sourceText))
    # the article names no founder of the Shanghai and Pudong associations
    for slug in ("shanghai-shi-shehui-gongzuozhe-xiehui-chengli", "pudong-xinqu-shehui-gongzuo-xiehui-chengli"):
        assert _founders(g, slug) == []
        assert g.value(URIRef(ID + "event/" + slug), S.foundingDirection) is None


def test_what_the_article_states_otherwise_is_structure_with_its_words(rdflib_graph, article_text):
    g = rdflib_graph
    contrary = {
        str(s).rsplit("/", 1)[-1]
        for s in g.subjects(S.answer, URIRef(ID + "answer/yuanwen-xiangfan"))
        if (s, RDF.type, S.AspectStatement) in g
    }
    assert contrary == {"shanghai-lishihui-zhuanye-renshi"}
    s = URIRef(ID + "statement/shanghai-lishihui-zhuanye-renshi")
    assert str(g.value(s, S.onAspect)).endswith("/lingdao-jianren-gongzhi")
    assert g.value(s, S.about) == URIRef(ID + "org/shanghai-shi-shehui-gongzuozhe-xiehui-lishihui-4")
    assert "全部由来自学界和实务界的专业人士组成" in str(g.value(s, S.sourceText))
    assert {l.language for l in g.objects(s, S.editorialNote)} == {"zh", "en"}
    # "not stated" is the absence of both: no node ever records it
    assert list(g.subjects(S.answer, URIRef(ID + "answer/yuanwen-weishu"))) == []
    # Hefei's words close to "government leads the model", in the article's order
    hefei = sorted(
        (int(g.value(x, S.ordinal)), str(g.value(x, S.sourceText)))
        for x in g.subjects(S.about, URIRef(ID + "model/hefei-moshi"))
        if (x, RDF.type, S.AspectStatement) in g
    )
    assert [text for _, text in hefei] == [
        "合肥依托政府资源高速、高效建立起社工协会网络",
        "领导重视是前提",
        "自上而下建立协会",
    ]
    positions = [normalise(article_text).index(normalise(text)) for _, text in hefei]
    assert positions == sorted(positions)


def test_the_articles_order_is_in_the_ordinals(rdflib_graph, article_text):
    """Each list a page or an answer shows (features, combinations, mechanisms, stages, tasks, cases, government
    roles) is numbered 1, 2, … in the order the article gives it."""
    g = rdflib_graph
    article = normalise(article_text)
    lists = []
    for model in g.subjects(RDF.type, S.OrganisationalModel):
        for prop in (S.hasFeature, S.hasCombination, S.hasMechanism, S.hasStage):
            members = list(g.objects(model, prop))
            if prop == S.hasFeature:  # hasCombination and hasMechanism are its subproperties: their own lists
                members = [m for m in members if (m, RDF.type, S.ModelFeature) in g]
            lists.append(members)
    for stage in g.subjects(RDF.type, S.DevelopmentStage):
        lists += [list(g.objects(stage, S.mainTask)), list(g.objects(stage, S.specificWork))]
    lists.append(list(g.objects(URIRef(ID + "source/gongyi-shibao-hefei-moshi"), DCTERMS.hasPart)))
    lists.append(list(g.objects(URIRef(ID + "model/yi-hui-dai-suo"), S.governmentRole)))
    assert sum(len(members) for members in lists) > 60
    for members in lists:
        numbered = sorted(members, key=lambda m: int(g.value(m, S.ordinal)))
        assert [int(g.value(m, S.ordinal)) for m in numbered] == list(range(1, len(members) + 1)), members
    # the combinations are their own list now: 一是, 二是
    combinations = sorted(
        g.objects(URIRef(ID + "model/hefei-moshi"), S.hasCombination), key=lambda c: int(g.value(c, S.ordinal))
    )
    assert [str(g.value(c, S.sourceText))[:2] for c in combinations] == ["一是", "二是"]
    # Pudong's third stage: its specific work in the order of "具体包括…"
    stage3 = sorted(g.objects(URIRef(ID + "stage/pudong-3"), S.specificWork), key=lambda t: int(g.value(t, S.ordinal)))
    positions = [article.index(normalise(str(g.value(t, S.sourceText)))) for t in stage3]
    assert positions == sorted(positions)


# --- the citation of the original: CITATION.cff agrees with the graph ------------------------------------------


def test_citation_cff_is_valid_cff_1_2_and_cites_the_original_as_the_graph_does(rdflib_graph):
    import json

    import jsonschema
    import yaml

    root = Path(__file__).resolve().parent.parent
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((Path(__file__).parent / "cff" / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(cff)
    article, repost = cff["references"]
    src = rdflib.Namespace(ID + "source/")
    g = rdflib_graph
    assert article["type"] == "newspaper-article"
    assert article["title"] == str(g.value(src["gongyi-shibao-hefei-moshi"], DCTERMS.title))
    assert str(article["year"]) == str(g.value(src["gongyi-shibao-hefei-moshi"], DCTERMS.issued))
    publisher = g.value(src["gongyi-shibao-hefei-moshi"], DCTERMS.publisher)
    assert all(str(label) in article["journal"] for label in g.objects(publisher, RDFS.label))
    assert repost["title"] == str(g.value(src["qingliu-shegongwang-2013-09-25"], DCTERMS.title))
    assert repost["date-published"] == str(g.value(src["qingliu-shegongwang-2013-09-25"], DCTERMS.issued))[:10]
    assert "000_edb6593af680b9cd.txt" in article["notes"]
