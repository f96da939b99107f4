"""``swio query`` for people reading answers in a terminal or a spreadsheet and writing their own SPARQL:
tables that fit the terminal, one record per block, CSV for Excel, the W3C results formats, notebook
display, ``--describe``, and the help a query gets (missing prefixes, unknown terms, near names,
parameters and FILTERs that match nothing)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import swio
from swio.cli import main
from swio.queries.catalog import catalog, run
from swio.queries.sparql_help import vocabularies
from swio.queries.table import text_width

CATALOG = catalog()
SWIO_PREFIX = "PREFIX swio: <https://w3id.org/swio/def#>\n"
RDFS_PREFIX = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def invoke(*args, columns: int | None = None):
    env = {"COLUMNS": str(columns)} if columns else {"COLUMNS": ""}
    return CliRunner().invoke(main, ["query", *args], env=env)


def _chars(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace())


# -- tables that fit ----------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_answer_fits_the_terminal_and_loses_nothing(width, lang, dataset):
    for name in CATALOG:
        result = invoke(name, "--lang", lang, columns=width)
        assert result.exit_code == 0, result.output
        out = result.stdout
        too_wide = [line for line in out.splitlines() if text_width(line) > width]
        assert not too_wide, f"{name} at {width}: {len(too_wide)} lines wider, e.g. {too_wide[0]!r}"
        table = run(name, lang=lang, dataset=dataset)
        shown = Counter()
        for row in table.texts(short=True, lang=lang):
            for cell in row:
                shown += _chars(cell)
        missing = shown - _chars(out)
        assert not missing, f"{name} at {width}: cells lost characters {dict(missing.most_common(5))}"


def test_a_wide_answer_wraps_its_cells_and_a_narrow_one_stays_a_table():
    wide = invoke("hefei-timeline", columns=80).stdout.splitlines()
    assert wide[0].startswith("date") and set(wide[3]) <= {"-", " "}  # the header wraps to 3 lines
    assert "" in wide  # wrapped rows set apart by a blank line
    narrow = invoke("government-money-totals", columns=80).stdout.splitlines()
    assert narrow == [
        "year  bound     currency  total     figures",
        "----  --------  --------  --------  -------",
        "2013  at least  CNY       70000000  2",
        "(1 row)",
    ]


def test_records_show_one_block_per_row_in_the_answers_language():
    out = invoke("model-comparison", "--format", "records", "--lang", "zh", columns=80).stdout
    assert out.count("── 第 ") == len(run("model-comparison").rows) == 5
    assert "── 第 1 行，共 5 行" in out and "领导兼任公职      原文有述" in out and out.endswith("（共 5 行）\n")
    # a table that cannot fit becomes records by itself
    assert "── row 1 of 12" in invoke("quotations", columns=80).stdout


def test_without_a_terminal_or_with_width_0_lines_are_as_long_as_needed():
    out = invoke("quotations", columns=None).stdout
    assert max(text_width(line) for line in out.splitlines()) > 300
    assert invoke("quotations", "--width", "0", columns=80).stdout == out


# -- CSV for spreadsheets, W3C formats, names --------------------------------------------------------
def test_csv_with_bom_opens_in_excel_and_wps():
    result = invoke("leaders-with-official-posts", "--format", "csv", "--bom", "--lang", "zh")
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r["人物"] for r in rows] == ["董昭礼", "陶梅煚", "张炜", "蒯本宪"]
    plain = invoke("leaders-with-official-posts", "--format", "csv").stdout_bytes
    assert not plain.startswith(b"\xef\xbb\xbf") and b"\r\n" not in plain
    bad = invoke("firsts", "--format", "json", "--bom")
    assert bad.exit_code == 2 and "--bom applies to --format csv or tsv" in bad.stderr


def test_names_head_columns_with_the_variables():
    out = invoke("hefei-timeline", "--format", "csv", "--names", "--lang", "zh").stdout
    assert out.splitlines()[0] == "date,precision,event,level,days_after_city_association"
    assert json.loads(invoke("hefei-timeline", "--format", "json", "--lang", "zh").stdout)[0]["precision"] == "日"


@pytest.mark.parametrize("name", ["government-money", "anhui-certification", "membership-composition"])
def test_srj_and_srx_are_the_w3c_results_formats(name, dataset):
    table = run(name, dataset=dataset)
    for fmt, ox_format in (("srj", ox.QueryResultsFormat.JSON), ("srx", ox.QueryResultsFormat.XML)):
        result = invoke(name, "--format", fmt)
        assert result.exit_code == 0, result.output
        parsed = ox.parse_query_results(result.stdout_bytes, format=ox_format)
        assert [v.value for v in parsed.variables] == table.columns
        solutions = list(parsed)
        assert len(solutions) == len(table.rows)
        for solution, row in zip(solutions, table.rows):
            for i, cell in enumerate(row):
                term = solution[i]
                assert (term is None) == (cell is None)
                if cell is not None and cell.kind == "literal" and cell.lang:
                    assert term.value == cell.value and term.language == cell.lang
    doc = json.loads(invoke(name, "--format", "srj").stdout)
    assert doc["head"]["vars"] == table.columns and "bindings" in doc["results"]
    root = ET.fromstring(invoke(name, "--format", "srx").stdout_bytes)
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"


def test_an_ask_answer_in_the_results_formats(tmp_path):
    path = tmp_path / "any-person.rq"
    path.write_text("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nASK { ?p a foaf:Person }\n", encoding="utf-8")
    assert json.loads(invoke(str(path), "--format", "srj").stdout) == {"head": {}, "boolean": True}
    root = ET.fromstring(invoke(str(path), "--format", "srx").stdout_bytes)
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


# -- notebooks ------------------------------------------------------------------------------------------
def test_a_notebook_shows_an_answer_as_a_labelled_table(tmp_path):
    table = swio.query("hefei-timeline", lang="zh")
    html = table._repr_html_()
    assert html.startswith("<table>") and '<th title="?precision — 日、月或年' in html
    assert ">距市协会成立天数</th>" in html and "<td>日</td>" in html and "（共 5 行）" in html
    frame = table.to_dataframe()
    assert list(frame.columns) == table.columns  # scripts keep the variable names
    assert frame.attrs["labels"]["days_after_city_association"] == "距市协会成立天数"
    assert table.labels("en")[-1] == "days after the city association"
    assert "Social Workers&#x27; Federation" in swio.query("firsts")._repr_html_()  # labels escaped
    path = tmp_path / "associations.rq"
    path.write_text(SWIO_PREFIX + "SELECT ?a WHERE { ?a a swio:SocialWorkAssociation } ORDER BY ?a LIMIT 1\n")
    html = swio.query(str(path))._repr_html_()
    assert '<a href="https://w3id.org/swio/id/org/' in html and ">body:" in html  # IRIs link, shown short


# -- describe, names, parameters -----------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_describe_explains_every_question(lang):
    for name, query in CATALOG.items():
        result = invoke("--describe", name, "--lang", lang, columns=100)
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert query.question[lang][:30] in out.replace("\n    ", "").replace("\n  ", "")
        for c in query.columns:
            assert c.name in out and c.label(lang) in out
        for p in query.params:
            assert f"--param {p.name}=" in out
            for example in p.examples:
                assert example in out
        assert ("?lang" in out) == query.uses_lang


def test_every_parameter_has_examples_that_give_an_answer(dataset):
    for name, query in CATALOG.items():
        for p in query.params:
            assert p.examples and p.descriptions.get("zh") and p.descriptions.get("en"), f"{name}: {p.name}"
            for example in p.examples:
                table = run(name, params={p.name: example}, dataset=dataset)
                assert table.rows, f"{name} --param {p.name}={example} gives no answer"


def test_unknown_names_and_parameters_suggest_the_nearest():
    result = invoke("hefei-timelne")
    assert result.exit_code == 2 and "(did you mean hefei-timeline?)" in result.stderr
    result = invoke("--describe", "modle-comparison")
    assert result.exit_code == 2 and "did you mean model-comparison" in result.stderr
    result = invoke("leaders-with-official-posts", "--param", "cty=合肥")
    assert result.exit_code == 2 and "did you mean city?" in result.stderr


def test_a_parameter_that_matches_nothing_says_so():
    result = invoke("leaders-with-official-posts", "--param", "city=Atlantis")
    assert result.exit_code == 0 and "(0 rows)" in result.stdout
    assert (
        "no row matches city=Atlantis (without it the answer has 4 rows); "
        "values that give an answer: city=合肥, city=Nanjing" in result.stderr
    )
    zh = invoke("leaders-with-official-posts", "--param", "city=Atlantis", "--lang", "zh")
    assert "没有一行符合 city=Atlantis" in zh.stderr


# -- writing SPARQL ----------------------------------------------------------------------------------------
def test_a_missing_prefix_is_named_with_the_prefix_lines_to_copy(tmp_path):
    path = tmp_path / "no-prefix.rq"
    path.write_text(RDFS_PREFIX + "SELECT ?a WHERE {\n  ?a a swio:SocialWorkAssociation }\n", encoding="utf-8")
    result = invoke(str(path))
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "swio: error: no-prefix: line 3: swio:SocialWorkAssociation uses the prefix swio:, which the query does "
        "not declare; add PREFIX swio: <https://w3id.org/swio/def#>"
    )
    for prefix, namespace in vocabularies().items():
        assert any(line.startswith(f"PREFIX {prefix}:") and line.endswith(f"<{namespace}>") for line in lines[2:])
    printed = invoke("--prefixes").stdout
    assert printed.splitlines() == lines[2:]
    path.write_text(printed + "SELECT ?a WHERE { ?a a swio:SocialWorkAssociation }\n", encoding="utf-8")
    assert invoke(str(path), "--format", "csv").stdout.count("\n") > 5  # the printed lines make it run


def test_a_misspelt_swio_term_gets_a_warning_with_the_nearest_term(tmp_path):
    path = tmp_path / "typo.rq"
    path.write_text(
        SWIO_PREFIX + RDFS_PREFIX + "SELECT ?l WHERE {\n  ?a a swio:SocialWorkAssocation ; rdfs:label ?l }\n",
        encoding="utf-8",
    )
    result = invoke(str(path))
    assert result.exit_code == 0
    assert (
        "swio: warning: typo: line 4: swio:SocialWorkAssocation is not a term of the SWIO ontology; "
        "did you mean swio:SocialWorkAssociation?" in result.stderr
    )
    # under another prefix for the same namespace, and not for a string or an IRI that mentions it
    path.write_text(
        "PREFIX s: <https://w3id.org/swio/def#>\nSELECT ?a WHERE { ?a s:basedln ?p ; ?x 'swio:Nothing' }\n",
        encoding="utf-8",
    )
    result = invoke(str(path))
    assert "s:basedln is not a term of the SWIO ontology; did you mean s:basedIn?" in result.stderr
    assert "Nothing" not in result.stderr


def test_a_filter_that_matches_nothing_says_which(tmp_path):
    path = tmp_path / "chinese.rq"
    path.write_text(
        SWIO_PREFIX + RDFS_PREFIX + "SELECT ?l WHERE {\n  ?a a swio:SocialWorkAssociation ; rdfs:label ?l .\n"
        '  FILTER (lang(?l) = "cn")\n}\n',
        encoding="utf-8",
    )
    result = invoke(str(path))
    assert result.exit_code == 0 and "(0 rows)" in result.stdout
    assert 'line 5: FILTER (lang(?l) = "cn") leaves no row (without it the answer has' in result.stderr


def test_lang_fills_the_lang_variable_of_a_query_file(tmp_path):
    path = tmp_path / "labels.rq"
    path.write_text(
        SWIO_PREFIX + RDFS_PREFIX + "SELECT ?name WHERE { ?a a swio:SocialWorkAssociation ; rdfs:label ?name "
        "FILTER (lang(?name) = ?lang) } ORDER BY ?name LIMIT 1\n",
        encoding="utf-8",
    )
    assert invoke(str(path), "--format", "csv", "--lang", "zh").stdout.splitlines()[1].endswith("协会")
    assert invoke(str(path), "--format", "csv", "--lang", "en").stdout.splitlines()[1].endswith("Association")
