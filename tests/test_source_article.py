"""The source article as the publication reads it (swio.article): noise lines dropped by a rule derived from the
file, sentences in order, and every excerpt of the graph placed in its sentence."""

from __future__ import annotations

import re

from swio import resources
from swio.article import Article, is_noise, normalise, sentence_anchor, shipped

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_noise_rule_drops_the_anti_copy_lines_and_nothing_else(article_text):
    lines = [line for line in article_text.splitlines() if line.strip()]
    noise = [line for line in lines if is_noise(line)]
    # the forum puts one line of random pairs between the paragraphs: 42 of them in this file
    assert len(noise) == 42
    for line in noise:
        assert not CJK.search(line)
        tokens = line.split()
        assert len(tokens) >= 4 and all(len(t) <= 2 for t in tokens)
        assert len(set(line) - set(" \xa0")) >= 6  # a jumble of letters, digits and punctuation
    kept_ascii = [line.strip() for line in lines if not is_noise(line) and not CJK.search(line)]
    # what else has no Chinese: the forum's footer, kept as text of the page
    assert kept_ascii == [
        "GMT+8, 2024-4-27 15:12 , Processed in 0.117701 second(s), 10 queries , File On.",
        "Powered by Discuz! X3.4",
        "Copyright © 2001-2023, Tencent Cloud.",
    ]
    # no-break spaces between the pairs do not hide a noise line
    assert is_noise("' ^! d4 P7 A\xa0\xa0J6 v; c8 Y") and not is_noise("Powered by Discuz! X3.4")


def test_sentences_in_order_with_the_article_between_the_forums_header_and_footer():
    article = shipped()
    numbers = [s.number for s in article.sentences]
    assert numbers == list(range(1, len(numbers) + 1))
    body = article.part("article")
    assert body[0].text == "社工行业组织的合肥模式" and body[-1].text == "来源:公益时报"
    assert article.part("header")[0].text == "清流社工网"
    assert article.part("footer")[-1].text == "快速回复 返回顶部 返回列表"
    assert all(not is_noise(s.text) for s in article.sentences)
    # …机制:第一…;第二…;第三…。: each item ends its own sentence
    items = [next(s for s in body if word in s.text) for word in ("第一,构建", "第二,建立", "第三,形成")]
    assert len({s.number for s in items}) == 3
    assert [s.text[-1] for s in items] == [";", ";", "。"]
    # nothing of the article is lost: its kept text is the file's text without the noise
    kept = "".join(
        line for line in resources.ARTICLE_FILE.read_text(encoding="utf-8").splitlines() if not is_noise(line)
    )
    assert normalise("".join(s.text for s in article.sentences)) == normalise(kept)


def test_every_excerpt_of_the_graph_has_its_sentence(rdflib_graph):
    from rdflib import Namespace

    swio = Namespace("https://w3id.org/swio/def#")
    article = shipped()
    pairs = list(rdflib_graph.subject_objects(swio.sourceText))
    assert len(pairs) > 200
    for node, text in pairs:
        assert article.locate(str(text)), f"{node}: {text} is in no sentence"
    # an excerpt that spans two sentences stands in both
    spanning = article.locate("只是力度有所区别。这与起步阶段社工及社工机构发育不全密不可分。")
    assert len(spanning) == 2


def test_a_short_excerpt_in_several_places_goes_where_its_neighbours_are():
    article = shipped()
    places = article.places("会员服务")
    assert len(places) == 3  # 会员服务部 (stage 2), 会员服务 (stage 3's main tasks), 创新会员服务形式
    stage3 = article.locate("第三阶段为转型与提升阶段(2010年以后)")[0]
    assert article.locate("会员服务", hints=[stage3.number]) == [stage3]
    assert article.locate("会员服务") == places[0]  # without a hint: the first place
    assert sentence_anchor("2012年4月17日,合肥市社会工作协会成立") == next(
        s.anchor for s in article.sentences if s.text.startswith("2012年4月17日")
    )
    assert sentence_anchor("原文没有的句子") is None


def test_an_article_of_ones_own_splits_the_same_way():
    text = '论坛\n本帖最后由 某人 编辑\n& H: e% L" m6 X;\n标题\n第一句。第二句;第三句?\n来源:某报\n回复\n'
    article = Article(text)
    assert [(s.text, s.part) for s in article.sentences] == [
        ("论坛", "header"),
        ("本帖最后由 某人 编辑", "header"),
        ("标题", "article"),
        ("第一句。", "article"),
        ("第二句;", "article"),
        ("第三句?", "article"),
        ("来源:某报", "article"),
        ("回复", "footer"),
    ]
