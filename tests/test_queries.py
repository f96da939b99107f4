"""The canned competency questions: headers, tested answers, parameters, formats and errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

import swio
from swio.cli import main
from swio.queries.catalog import catalog

from .support.expected_answers import EXPECTED, VARIANTS

CATALOG = catalog()


def project(table, columns):
    index = [table.columns.index(c) for c in columns]
    return [tuple(row[i].plain() if row[i] is not None else None for i in index) for row in table.rows]


def test_there_are_at_least_15_questions_each_with_a_full_header():
    assert len(CATALOG) >= 15
    for q in CATALOG.values():
        for part in (q.title, q.question, q.shows):
            assert set(part) == {"en", "zh"}, f"{q.name}: header needs title/question/shows in en and zh"


def test_every_question_has_a_tested_answer():
    assert set(CATALOG) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_answer_on_the_embedded_store(name, dataset):
    params, lang, columns, rows = EXPECTED[name]
    table = swio.query(name, params=params, lang=lang, dataset=dataset)
    assert project(table, columns) == rows


@pytest.mark.parametrize(
    "name, params, lang, columns, rows",
    VARIANTS,
    ids=[f"{v[0]}-{v[2]}-{'-'.join(v[1].values()) or 'all'}" for v in VARIANTS],
)
def test_parameters_and_chinese_labels(name, params, lang, columns, rows, dataset):
    assert project(swio.query(name, params=params, lang=lang, dataset=dataset), columns) == rows


def test_list_shows_every_question_with_both_titles():
    result = CliRunner().invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == f"({len(CATALOG)} questions)"
    timeline = next(l for l in lines if l.startswith("hefei-timeline "))
    assert "Founding timeline of the Hefei association network / 合肥社工协会网络的建立时间线" in timeline
    assert "[params: city=<string>]" in next(l for l in lines if l.startswith("leaders-with-official-posts "))


def test_csv_tsv_json_and_table_formats():
    runner = CliRunner()
    out = runner.invoke(main, ["query", "leaders-with-official-posts", "--format", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["person"] for r in rows] == ["Dong Zhaoli", "Tao Meijiong", "Zhang Wei", "Kuai Benxian"]
    out = runner.invoke(main, ["query", "government-money", "--format", "tsv"]).stdout
    assert out.splitlines()[1].split("\t")[-3:] == ["60000000", "CNY", "at least"]
    out = runner.invoke(main, ["query", "membership-composition", "--format", "json"]).stdout
    records = json.loads(out)
    assert records[0]["implied_count"] == 87.3 and records[1]["implied_count"] == 344
    out = runner.invoke(main, ["query", "anhui-certification", "--lang", "zh"]).stdout
    assert out.splitlines()[-1] == "（共 3 行）" and "获颁社会工作者职业水平证书人数" in out


def test_a_query_file_can_be_run(tmp_path):
    path = tmp_path / "count-people.rq"
    path.write_text(
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nSELECT (COUNT(?p) AS ?people) WHERE { ?p a foaf:Person }\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["query", str(path), "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.splitlines() == ["people", "7"]


def test_the_answer_can_be_written_to_a_file(tmp_path):
    target = tmp_path / "answer.csv"
    result = CliRunner().invoke(main, ["query", "firsts", "--format", "csv", "-o", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("distinction,organisation,within,founded\n")


def test_pandas_users_get_a_dataframe_shape():
    table = swio.query("government-money")
    assert table.records()[0]["amount"] == 60000000


@pytest.mark.parametrize(
    "args, message",
    [
        (["no-such-question"], "swio: error: unknown query 'no-such-question'; `swio query --list` shows them"),
        (["timeline"], "swio: error: unknown query 'timeline' (did you mean hefei-timeline?)"),
        (
            ["leaders-with-official-posts", "--param", "town=x"],
            "swio: error: query 'leaders-with-official-posts' has no parameter 'town' (parameters: city)",
        ),
        (["leaders-with-official-posts", "--param", "city"], "swio: error: --param expects NAME=VALUE, got 'city'"),
        (["figures-with-sources", "--param", "case=two"], "swio: error: parameter value 'two' is not an integer"),
        (
            ["hefei-timeline", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "3"],
            "swio: error: http://127.0.0.1:9/sparql: cannot run hefei-timeline: connection refused",
        ),
    ],
)
def test_query_errors_are_one_line_with_exit_2(args, message):
    result = CliRunner().invoke(main, ["query", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message)


def test_sparql_syntax_error_is_one_line(tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("SELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("swio: error: broken: SPARQL syntax error: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_refused_parameter_is_named_as_the_form_and_the_url_name_it():
    """The library names a canned question's parameter as `param=NAME`: the command line shows --param NAME,
    a served form the parameter's own name in the page's language."""
    from swio.errors import QueryError
    from swio.publish.site.live import form_error
    from swio.queries.catalog import bind, catalog

    with pytest.raises(QueryError) as caught:
        bind(catalog()["figures-with-sources"], {"case": "two"}, "en")
    assert "`param=case`" in str(caught.value)
    assert form_error(str(caught.value), "zh") == "参数 case 须为整数。"
    assert form_error(str(caught.value), "en") == "The parameter case must be a whole number."
    assert caught.value.naming(lambda p: p.partition("=")[2]) == "parameter value 'two' is not an integer (case)"
