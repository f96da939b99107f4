"""Values checked against their own sentences (swio.sentence_values): in swio qc a failing check, in swio validate
a warning. The shipped data passes; every copy of it with one value made to contradict its sentence — a date a day
off, a count one off, an amount a factor of ten off, a bound flipped — is caught."""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner

from swio import resources
from swio.cli import main
from swio.sentence_values import (
    ABOUT,
    AT_LEAST,
    AT_MOST,
    EXACT,
    check_dataset,
    check_files,
    chinese_number,
    date_mentions,
    number_mentions,
)

from .support.value_mutations import plan

EVENT = "https://w3id.org/swio/id/event/"
QTY = "https://w3id.org/swio/id/quantity/"
MUTATIONS = plan()

#: the values whose own excerpts write nothing of their kind: nothing to compare them with
UNCHECKED = {
    ("hefei-shi-shehui-gongzuo-xiehui-huojiang-2013", "date"),  # "合肥市社会工作协会获颁…": no date
    ("anhui-shehui-gongzuoshi-zhengshu-2013-08", "date"),  # "其中颁发社会工作师登记证书285人": no date
    ("anhui-zhuli-shehui-gongzuoshi-zhengshu-2013-08", "date"),  # "助理社会工作师登记证书690人"
}


@pytest.mark.parametrize(
    "text, value, bound, kind",
    [
        ("市区两级财政的投入就达到6000余万元", Decimal(60_000_000), AT_LEAST, "money"),
        ("而民办社工机构参与数不到10家", Decimal(10), AT_MOST, "count"),
        ("其430个个人会员中80%来自民政系统", Decimal(430), EXACT, "count"),
        ("经过四届理事会", Decimal(4), EXACT, "count"),
        ("十八个部门", Decimal(18), EXACT, "count"),
        ("只用了一年多一点的时间", Decimal(1), AT_LEAST, "measure"),
        ("约3亿元", Decimal(300_000_000), ABOUT, "money"),
        ("近20年", Decimal(20), ABOUT, "measure"),
        ("500人左右", Decimal(500), ABOUT, "count"),
        ("协会的第四届理事会", Decimal(4), EXACT, "ordinal"),
        ("90%来自民政系统", Decimal(90), EXACT, "percent"),
    ],
)
def test_numbers_are_read_with_their_bound_and_kind(text, value, bound, kind):
    found = number_mentions(text)
    assert (found[0].value, found[0].bound, found[0].kind) == (value, bound, kind)


def test_chinese_numerals_and_words_that_count_nothing():
    assert [chinese_number(t) for t in ("十八", "二十", "一千零五", "两", "十")] == [18, 20, 1005, 2, 10]
    assert number_mentions("一是将协会工作与社区服务紧密结合起来") == []  # 一是: a list marker, not a count


def test_dates_at_their_precision_with_the_year_from_the_publication():
    found, rest = date_mentions("2012年4月17日,合肥市社会工作协会成立", 2013)
    assert [(d.year, d.month, d.day, d.precision) for d in found] == [(2012, 4, 17, "day")]
    assert number_mentions(rest) == []  # a date is never read as a count
    found, _ = date_mentions("2013年7月,4个主城区街道全部成立社会工作协会", 2013)
    assert [(d.year, d.month, d.precision) for d in found] == [(2013, 7, "month")]
    found, _ = date_mentions("8月刚刚成立的南京社会工作者协会", 2013)
    assert [(d.year, d.month, d.year_from_publication) for d in found] == [(2013, 8, True)]
    found, _ = date_mentions("上海市社会工作者协会到今年已经有20年的历史", 2013)
    assert [(d.year, d.precision) for d in found] == [(2013, "year")]
    found, _ = date_mentions("第一阶段为初创与探索阶段(1999-2003)", 2013)
    assert [d.year for d in found] == [1999, 2003]


def test_the_shipped_data_agrees_with_its_sentences(dataset):
    findings = check_files()
    assert findings.mismatches == []
    assert findings.checked >= 45 and findings.unchecked == len(UNCHECKED)
    assert check_dataset(dataset).mismatches == []


def test_every_kind_of_mutation_is_planned():
    kinds = {m.kind for m in MUTATIONS}
    assert kinds == {"date", "year", "count", "amount", "bound"}
    assert len(MUTATIONS) > 100


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.id)
def test_no_value_made_to_contradict_its_sentence_passes(mutation, tmp_path):
    folder = mutation.write(tmp_path / "data")
    findings = check_files([folder])
    named = {(m.node, m.path.name) for m in findings.mismatches}
    slug = mutation.reported.rsplit("/", 1)[-1]
    if (slug, mutation.kind) in UNCHECKED:
        assert findings.mismatches == []  # nothing in its sentence to contradict
        return
    assert any(node == mutation.reported for node, _ in named), f"{mutation.id}: not caught"
    for m in findings.mismatches:
        assert m.line and m.sentence and m.says, m  # file:line, both values and the sentence


def _one_day_later(tmp_path):
    text = (resources.DATA_DIR / "hefei.ttl").read_text(encoding="utf-8")
    assert text.count('dcterms:date "2012-04-17"^^xsd:date') == 1
    for path in resources.shipped_data_files():
        body = path.read_text(encoding="utf-8")
        if path.name == "hefei.ttl":
            body = body.replace('dcterms:date "2012-04-17"^^xsd:date', 'dcterms:date "2012-04-18"^^xsd:date')
        (tmp_path / path.name).write_text(body, encoding="utf-8")
    line = next(
        n
        for n, text in enumerate((tmp_path / "hefei.ttl").read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("event:hefei-shi-shehui-gongzuo-xiehui-chengli ")
    )
    return tmp_path, line


def test_qc_fails_on_a_founding_date_one_day_after_its_sentence(tmp_path):
    folder, line = _one_day_later(tmp_path)
    result = CliRunner().invoke(main, ["qc", str(folder)])
    assert result.exit_code == 1
    out = result.stdout
    assert "FAIL  sentence-values: Values that disagree with their own sentence (1 rows)" in out
    row = next(l for l in out.splitlines() if "event:hefei-shi-shehui-gongzuo-xiehui-chengli" in l)
    assert f"hefei.ttl:{line}" in row and "2012-04-18" in row and "2012年4月17日" in row
    assert "2012年4月17日,合肥市社会工作协会成立" in row
    assert out.strip().splitlines()[-1].endswith("1 failed (1 rows)")
    result = CliRunner().invoke(main, ["qc", "--lang", "zh", str(folder)])
    assert "与自身原文摘录不符的数值" in result.stdout and "数值不符" in result.stdout


def test_validate_warns_on_it_and_strict_fails(tmp_path):
    folder, line = _one_day_later(tmp_path)
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    warning = next(l for l in result.stdout.splitlines() if "SentenceValueShape" in l)
    assert (
        warning.startswith("WARNING ") and f"hefei.ttl:{line}: event:hefei-shi-shehui-gongzuo-xiehui-chengli" in warning
    )
    assert (
        "dcterms:date is 2012-04-18 but its own sentence says 2012年4月17日 (the value differs): "
        '"2012年4月17日,合肥市社会工作协会成立"' in warning
    )
    assert CliRunner().invoke(main, ["validate", "--strict", str(folder)]).exit_code == 1
    zh = CliRunner().invoke(main, ["validate", "--lang", "zh", str(folder)]).stdout
    assert "dcterms:date 为 2012-04-18，而其原文摘录写的是 2012年4月17日（数值不符）" in zh


def test_the_shipped_data_gives_no_such_warning():
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0 and "SentenceValueShape" not in result.stdout
