"""Cases in spreadsheets (issue 21): the template is derived from the shapes and ontology, an export
imports back to the same graph (every term as written), every problem points at its cell in every
report format, and a bad workbook gets one line per problem with nothing written."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import openpyxl
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from swio import resources
from swio.cli import main
from swio.sheets import export, import_workbook, make_template, validate_workbook
from swio.sheets.schema import CODES, INSTRUCTIONS, load_schema
from swio.sheets.summary import LIMIT, render_summary
from swio.synth import generate

from .support import sheet_examples
from .support.helpers import REPO

SARIF_SCHEMA = json.loads((Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SWIO = "https://w3id.org/swio/def#"
ID = "https://w3id.org/swio/id/"


def triples(*paths) -> set:
    out = set()
    for path in paths:
        out |= {
            ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        }
    return out


def run(*args, cwd: Path = REPO):
    old = Path.cwd()
    try:
        os.chdir(cwd)
        result = CliRunner().invoke(main, [str(a) for a in args])
    finally:
        os.chdir(old)
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("template") / "cases.xlsx"
    make_template(out, lang="en")
    return out


def fill(template: Path, out: Path, rows: dict[str, list[dict]]) -> Path:
    """The template with rows: {sheet: [{header or column letter: value}]} (values as openpyxl writes them)."""
    book = openpyxl.load_workbook(template)
    for sheet, records in rows.items():
        ws = book[sheet]
        headers = {str(c.value): c.column for c in ws[1] if c.value}
        for r, record in enumerate(records, start=2):
            for header, value in record.items():
                ws.cell(row=r, column=headers[_header(headers, header)], value=value)
    book.save(out)
    return out


def _header(headers, key: str) -> str:
    """The template's header a short name stands for ("based in" for "所在地 based in *")."""
    for h in headers:
        bare = h.removesuffix(" *")
        if bare == key or bare.endswith(" " + key):
            return h
    raise KeyError(key)


ASSOCIATION = {
    "ID": "org/test-xiehui",
    "label @zh": "测试协会",
    "label @en": "Test association",
    "Source": "source/gongyi-shibao-hefei-moshi-anli-1",
    "has association kind": "association-kind/shehui-gongzuo-xiehui",
    "has administrative level": "level/shi",
    "based in": "place/hefei-shi",
    "source text @zh": "合肥市社会工作协会成立",
}


def headers_of(template: Path) -> dict[str, dict[str, int]]:
    book = openpyxl.load_workbook(template, read_only=True)
    out = {}
    for ws in book.worksheets:
        row = next(ws.iter_rows(max_row=1, values_only=True), ())
        out[ws.title] = {str(v): i for i, v in enumerate(row, start=1) if v}
    book.close()
    return out


def _t(header: str) -> str:
    return header


# -- the template ------------------------------------------------------------------------------
def test_every_class_the_shapes_target_has_a_sheet_and_every_property_shape_a_column(template):
    shapes = Graph().parse(resources.SHAPES_FILE)
    vocab = Graph().parse(resources.VOCABULARIES_FILE)
    schema = load_schema()
    code_classes = {o for o in vocab.objects(None, RDF.type)}
    for cls in set(shapes.objects(None, SH.targetClass)) - code_classes:
        assert schema.sheet_for_types([str(cls)]), cls
    # every simple property path of a shape targeting a class is a column of that class's sheet
    for shape, cls in shapes.subject_objects(SH.targetClass):
        if cls in code_classes:
            continue
        sheet = schema.sheet_for_types([str(cls)])[0]
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            if isinstance(path, URIRef):
                assert sheet.columns_for(str(path)), (sheet.name("en"), path)
    book = openpyxl.load_workbook(template)
    assert book.sheetnames[0] == INSTRUCTIONS["en"] and book.sheetnames[-1] == CODES["en"]
    assert book.sheetnames[1:-1] == [s.name("en") for s in schema.sheets]
    ws = book["SocialWorkAssociation"]
    heads = {c.value: c for c in ws[1]}
    based = heads["所在地 based in *"]  # required (sh:minCount 1), zh and en labels of the ontology
    assert "The area where an organisation is based" in based.comment.text and "必填 / required" in based.comment.text
    assert "标签 label @zh" in heads and "标签 label @en" in heads and "原文摘录 source text @zh" in heads
    assert "原文摘录 source text @en" not in heads  # sh:languageIn ( "zh" )
    # dropdown of the sh:in list, from the Codes sheet
    kinds = heads["属于协会类型 has association kind *"].column_letter
    lists = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(kinds + "2")]
    assert lists and lists[0].type == "list" and lists[0].formula1.startswith("'Codes'!")
    codes = book["Codes"]
    column = [c.value for c in codes[lists[0].formula1.split("!")[1].split(":")[0].replace("$", "")[0]]]
    assert column[1:4] == [
        "association-kind/shehui-gongzuo-xiehui",
        "association-kind/shehui-gongzuozhe-xiehui",
        "association-kind/shehui-gongzuozhe-lianhehui",
    ]
    # dates are text-formatted (2013-07 stays as typed), numbers checked
    events = book["Event"]
    date_col = next(c for c in events[1] if c.value == "日期 Date *").column_letter
    assert events.column_dimensions[date_col].number_format == "@"
    assert "2013, 2013-07, 2013-07-01" in next(c for c in events[1] if c.value == "日期 Date *").comment.text


def test_the_template_follows_the_shapes_given(tmp_path):
    """A new property shape becomes a column; nothing is listed by hand."""
    shapes = tmp_path / "shapes.ttl"
    extra = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix swiosh: <https://w3id.org/swio/shapes#> .
@prefix swio: <https://w3id.org/swio/def#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
swiosh:TestShape a sh:NodeShape ; sh:targetClass swio:SocialWorkAssociation ;
    sh:property [ sh:path swio:memberCount ; sh:minCount 1 ; sh:datatype xsd:integer ] .
"""
    shapes.write_text(resources.SHAPES_FILE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    out = tmp_path / "cases.xlsx"
    assert run("template", "--out", out, "--shapes", shapes).exit_code == 0
    assert "成员数 member count *" in headers_of(out)["SocialWorkAssociation"]
    assert "成员数 member count *" not in headers_of(out).get("Public body", {})


def test_template_in_chinese_and_as_csv(tmp_path):
    result = run("template", "--out", tmp_path / "zh.xlsx", "--lang", "zh")
    assert result.exit_code == 0 and "30 sheets" in result.output or "sheets)" in result.output
    names = openpyxl.load_workbook(tmp_path / "zh.xlsx", read_only=True).sheetnames
    assert names[0] == "填写说明" and "社会工作行业组织" in names and names[-1] == "代码表"
    result = run("template", "--out", tmp_path / "csv")
    assert result.exit_code == 0, result.output
    files = {p.name for p in (tmp_path / "csv").iterdir()}
    assert {"How to fill in.csv", "Codes.csv", "SocialWorkAssociation.csv", "Event.csv"} <= files
    head = (tmp_path / "csv" / "Event.csv").read_bytes()
    assert head.startswith("\ufeff".encode()) and "日期 Date *".encode() in head


# -- round trips --------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_of_the_shipped_data_imports_back_to_the_same_graph(tmp_path, suffix):
    book = tmp_path / ("all.xlsx" if suffix == "xlsx" else "all")
    fmt, nodes, count = export(None, book)
    assert fmt == suffix and count == len(triples(*resources.shipped_data_files()))
    out = tmp_path / "all.ttl"
    checked = import_workbook(book, out, context=[])
    assert checked.report.violations == 0, [r.message() for r in checked.report.results]
    assert triples(out) == triples(*resources.shipped_data_files())  # every term as written


def test_export_of_one_case_imports_back_in_place_of_its_file(tmp_path):
    book = tmp_path / "hefei.xlsx"
    assert run("export", "data/hefei.ttl", "--out", book).exit_code == 0
    # validate: the workbook stands for data/hefei.ttl (its instructions record it), the rest is context
    result = run("validate", book)
    assert result.exit_code == 0, result.output
    assert "in 7 data files" in result.output  # the workbook and the six other files
    out = tmp_path / "hefei.ttl"
    result = run("import", book, "--out", out)
    assert result.exit_code == 0, result.output
    assert triples(out) == triples(REPO / "data" / "hefei.ttl")


def test_synthetic_graph_round_trip(tmp_path):
    synth = generate(tmp_path / "synth", scale=2000, seed=3)
    book = tmp_path / "synth.xlsx"
    export([synth.path], book)
    out = tmp_path / "synth.ttl"
    checked = import_workbook(book, out, context=[])
    assert checked.report.violations == 0
    assert triples(out) == triples(synth.path)


def test_odd_literals_survive_as_turtle_literals(tmp_path):
    data = tmp_path / "odd.ttl"
    data.write_text(
        """@prefix swio: <https://w3id.org/swio/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/swio/id/quantity/odd> a swio:Count ; rdfs:label "5"@zh , "two\\nlines"@en , "Zahl"@de ;
  swio:value "05"^^xsd:integer ; swio:asOf "2013-07"^^xsd:gYearMonth ; dcterms:identifier "0042" ;
  rdfs:comment "\\"quoted\\""@en ; dcterms:issued "2013-09-25T09:06:00+08:00"^^xsd:dateTime .
""",
        encoding="utf-8",
    )
    book = tmp_path / "odd.xlsx"
    export([data], book)
    out = tmp_path / "odd-back.ttl"
    import_workbook(book, out, context=[])  # violations (no source) do not matter: compare the graph
    checked = import_workbook(book, out, context=[], strict=False)
    assert checked.conversion.problems == []
    written = set()
    for node in checked.conversion.nodes:
        written |= set(node.triples())
    assert written == triples(data)


# -- values at the precision of the cell ---------------------------------------------------------
def test_dates_at_the_precision_of_the_cell_and_serial_numbers_refused(template, tmp_path):
    events = [
        {
            "ID": f"event/e{i}",
            "label @zh": "事",
            "label @en": "e",
            "Date": value,
            "Source": "source/gongyi-shibao-hefei-moshi-anli-1",
        }
        for i, value in enumerate(
            ["2013", "2013-07", "2013-07-01", dt.datetime(2012, 4, 17), 2009, 41456, "41456", "2013-13"]
        )
    ]
    book = fill(template, tmp_path / "dates.xlsx", {"Event": events})
    checked = validate_workbook(book, context=[])
    conversion_types = {}
    from swio.sheets.check import check

    conv = check(book, context=[]).conversion
    for node in conv.nodes:
        for _i, column, terms in node.values:
            if column.predicate == "http://purl.org/dc/terms/date":
                conversion_types[node.subject.value.rsplit("/", 1)[1]] = (
                    terms[0].value,
                    terms[0].datatype.value.split("#")[1],
                )
    assert conversion_types == {
        "e0": ("2013", "gYear"),
        "e1": ("2013-07", "gYearMonth"),
        "e2": ("2013-07-01", "date"),
        "e3": ("2012-04-17", "date"),
        "e4": ("2009", "gYear"),
    }
    by_cell = {
        r.cell.a1: r for r in checked.results if r.cell and r.cell.sheet == "Event" and "sheets#" in str(r.shape)
    }
    date_col = headers_of(template)["Event"]["日期 Date *"]
    letter = openpyxl.utils.get_column_letter(date_col)
    assert "Excel date serial number (it stands for 2013-07-01)" in by_cell[f"{letter}7"].message()
    assert "Excel date serial number" in by_cell[f"{letter}8"].message()  # the same as text
    assert "is not a date" in by_cell[f"{letter}9"].message()
    assert "Excel 的日期序列号" in by_cell[f"{letter}7"].message("zh")


# -- results at their cells ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bad_book(template, tmp_path_factory) -> Path:
    rows = [
        dict(ASSOCIATION),
        {**ASSOCIATION, "ID": "org/test-two", "based in": None, "has administrative level": "level/sheng"},
        {**ASSOCIATION, "ID": "org/test-xiehui"},
        {
            **ASSOCIATION,
            "ID": "org/test-three",
            "has association kind": "association-kind/nonesuch",
            "based in": "place/nowhere",
        },
    ]
    return fill(template, tmp_path_factory.mktemp("bad") / "bad.xlsx", {"SocialWorkAssociation": rows})


def test_every_problem_at_its_cell(bad_book, template):
    report = validate_workbook(bad_book, context=None)
    heads = headers_of(template)["SocialWorkAssociation"]

    def col(header):
        return openpyxl.utils.get_column_letter(heads[header])

    cells = {(r.cell.a1, r.component.rsplit("#", 1)[-1]) for r in report.results if r.cell}
    assert (f"{col('所在地 based in *')}3", "MinCountConstraintComponent") in cells  # the empty cell
    assert (f"{col('所处行政层级 has administrative level *')}3", "InConstraintComponent") in cells
    assert (f"{col('ID *')}4", "DuplicateIdCheck") in cells
    assert (f"{col('属于协会类型 has association kind *')}5", "CodeCheck") in cells
    assert (f"{col('所在地 based in *')}5", "ReferenceCheck") in cells
    text = run("validate", bad_book).output
    assert f"bad.xlsx: SocialWorkAssociation!{col('所在地 based in *')}3 (所在地 based in): " in text
    assert "unknown code association-kind/nonesuch: the codes of this list are" in text
    assert report.exit_code() == 1


def test_every_report_format_carries_the_cell(bad_book):
    result = run("validate", bad_book, "--format", "json")
    doc = json.loads(result.output)
    located = [r for r in doc["results"] if r.get("sheet")]
    assert located and all({"sheet", "row", "column", "cell", "header"} <= set(r) for r in located)
    one = next(r for r in located if r["component"] == "MinCountConstraintComponent")
    assert one["row"] == 3 and one["cell"] == f"{one['column']}3" and one["header"] == "所在地 based in"
    sarif = json.loads(run("validate", bad_book, "--format", "sarif").output)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    results = sarif["runs"][0]["results"]
    regions = [
        r["locations"][0]["physicalLocation"]["region"]
        for r in results
        if "region" in r["locations"][0].get("physicalLocation", {})
    ]
    assert {"startLine": 3, "startColumn": one_column(one)} in regions
    junit = ET.fromstring(run("validate", bad_book, "--format", "junit").output)
    lines = {(c.get("file"), c.get("line")) for c in junit.iter("testcase")}
    assert any(f and f.endswith("bad.xlsx") and line == "3" for f, line in lines)


def one_column(result) -> int:
    return openpyxl.utils.column_index_from_string(result["column"])


def test_import_writes_nothing_on_error_and_the_house_style_when_it_conforms(bad_book, template, tmp_path):
    out = tmp_path / "new.ttl"
    result = run("import", bad_book, "--out", out)
    assert result.exit_code == 1 and not out.exists() and f"nothing written to {out}" in result.output
    good = fill(template, tmp_path / "good.xlsx", {"SocialWorkAssociation": [ASSOCIATION]})
    result = run("import", good, "--out", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.count("@prefix swio:") == 1 and "# SocialWorkAssociation (社会工作行业组织)" in text
    assert (
        'body:test-xiehui a swio:SocialWorkAssociation ;\n    rdfs:label "测试协会"@zh , "Test association"@en ;'
        in text
    )


def test_many_failing_rows_are_summarised(template, tmp_path):
    rows = [{**ASSOCIATION, "ID": f"org/test-{i}", "based in": None} for i in range(LIMIT + 20)]
    book = fill(template, tmp_path / "many.xlsx", {"SocialWorkAssociation": rows})
    result = run("validate", book)
    lines = result.output.splitlines()
    assert len(lines) < 10, result.output
    assert any(line.startswith(f"VIOLATION {LIMIT + 20} × SocialWorkAssociation (所在地 based in)") for line in lines)
    assert "cells H2, H3, H4, H5, H6 …" in result.output or "cells " in result.output
    report = validate_workbook(book, context=None)
    assert "results, by shape and column" in render_summary(report)


# -- bad workbooks: one line each, nothing written ----------------------------------------------------
def _bad(template: Path, tmp_path: Path, name: str) -> Path:
    out = tmp_path / f"{name}.xlsx"
    if name == "not-a-workbook":
        out.write_text("ID,label\n", encoding="utf-8")
    elif name == "encrypted":
        msoffcrypto = pytest.importorskip("msoffcrypto")
        from msoffcrypto.format.ooxml import OOXMLFile

        with open(template, "rb") as plain, open(out, "wb") as secret:
            OOXMLFile(plain).encrypt("secret", secret)
        assert msoffcrypto
    else:
        book = openpyxl.load_workbook(template)
        ws = book["SocialWorkAssociation"]
        heads = {str(c.value): c.column for c in ws[1] if c.value}
        for header, value in ASSOCIATION.items():
            key = _header(heads, header)
            ws.cell(row=2, column=heads[key], value=value)
        if name == "sheet-renamed":
            ws.title = "Assocs"
        elif name == "column-renamed":
            ws.cell(row=1, column=heads["所在地 based in *"], value="所在 based")
        elif name == "merged-header":
            ws.merge_cells(start_row=1, start_column=3, end_row=1, end_column=4)
        elif name == "formula":
            ws.cell(row=2, column=heads["标签 label @en"], value='=CONCAT("a","b")')
        elif name == "empty-row":
            for header, value in ASSOCIATION.items():
                key = _header(heads, header)
                ws.cell(row=4, column=heads[key], value=value if header != "ID" else "org/test-later")
        elif name == "unknown-sheet":
            book.create_sheet("Notes").append(["a", "b"])
        elif name == "duplicate-id":
            for header, value in ASSOCIATION.items():
                key = _header(heads, header)
                ws.cell(row=3, column=heads[key], value=value)
        elif name == "full-sheet":
            ws.cell(row=1_048_576, column=1, value="org/last")
        elif name == "serial-date":
            ev = book["Event"]
            eh = {str(c.value): c.column for c in ev[1] if c.value}
            ev.cell(row=2, column=eh["ID *"], value="event/x")
            ev.cell(row=2, column=eh["日期 Date *"], value=41456)
        book.save(out)
    return out


BAD = {
    "not-a-workbook": "not-a-workbook.xlsx: not an Excel workbook (.xlsx) nor a folder of CSV files",
    "encrypted": "encrypted.xlsx: the workbook is password-protected (encrypted); save a copy without a password",
    "sheet-renamed": "sheet-renamed.xlsx: sheet 'Assocs': not a sheet of the template; its columns are those of 'SocialWorkAssociation'",
    "column-renamed": "column-renamed.xlsx: SocialWorkAssociation!H1: '所在 based' is not a column of this sheet (renamed from '所在地 based in *'?)",
    "merged-header": "merged-header.xlsx: SocialWorkAssociation!C1:D1: merged cells; unmerge them",
    "empty-row": "empty-row.xlsx: SocialWorkAssociation!A3: row 3 is empty but row 4 below it has data",
    "unknown-sheet": "unknown-sheet.xlsx: sheet 'Notes': unknown sheet; the template's sheets are",
    "full-sheet": "full-sheet.xlsx: SocialWorkAssociation: the sheet has 1,048,576 rows, Excel's limit",
}
CELL_LEVEL = {
    "formula": ("FormulaCheck", 'a formula (=CONCAT("a","b")); write the value itself'),
    "duplicate-id": ("DuplicateIdCheck", "the ID org/test-xiehui is also the ID of SocialWorkAssociation!A2"),
    "serial-date": ("SerialDateCheck", "41456 looks like an Excel date serial number (it stands for 2013-07-01)"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_workbook_gets_one_clear_line_and_nothing_written(template, tmp_path, name):
    book = _bad(template, tmp_path, name)
    out = tmp_path / "out.ttl"
    for args in (["import", book, "--out", out], ["validate", book]):
        result = run(*args, cwd=tmp_path)
        assert result.exit_code == 2, result.output
        errors = [line for line in result.output.splitlines() if line.startswith("swio: error:")]
        assert len(errors) == 1 and BAD[name] in errors[0], result.output
    assert not out.exists()


@pytest.mark.parametrize("name", sorted(CELL_LEVEL))
def test_a_bad_cell_is_a_result_at_the_cell_and_nothing_written(template, tmp_path, name):
    book = _bad(template, tmp_path, name)
    out = tmp_path / "out.ttl"
    result = run("import", book, "--out", out, cwd=tmp_path)
    assert result.exit_code == 1 and not out.exists()
    check, message = CELL_LEVEL[name]
    report = validate_workbook(book)
    hits = [r for r in report.results if str(r.shape).endswith(check)]
    assert len(hits) == 1 and message in hits[0].message() and hits[0].cell is not None, result.output


def test_csv_folder_with_the_same_checks(tmp_path):
    folder = tmp_path / "cases"
    assert run("template", "--out", folder).exit_code == 0
    path = folder / "SocialWorkAssociation.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    row = ["" for _ in header]
    for key, value in ASSOCIATION.items():
        row[next(i for i, h in enumerate(header) if h.removesuffix(" *").endswith(key))] = value or ""
    row[header.index("所在地 based in *")] = ""
    path.write_text("\ufeff" + lines[0] + "\r\n" + ",".join(row) + "\r\n", encoding="utf-8")
    result = run("validate", folder)
    letter = openpyxl.utils.get_column_letter(header.index("所在地 based in *") + 1)
    assert (
        result.exit_code == 1
        and f"SocialWorkAssociation.csv: SocialWorkAssociation!{letter}2 (所在地 based in)" in result.output
    )


def test_the_worked_example_is_current(tmp_path):
    """examples/ holds what tests/support/sheet_examples.py makes from today's template."""
    made = sheet_examples.make(tmp_path)
    for path in made:
        committed = sheet_examples.EXAMPLES / path.name
        a = openpyxl.load_workbook(path, read_only=True)
        b = openpyxl.load_workbook(committed, read_only=True)
        assert a.sheetnames == b.sheetnames
        for name in a.sheetnames:
            assert list(a[name].iter_rows(values_only=True)) == list(b[name].iter_rows(values_only=True)), name


def test_the_benchmark_script_runs_small(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "sheets.py"), "--rows", "300", "--work", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    assert "import" in proc.stdout and "validate" in proc.stdout
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_results_the_context_gives_without_the_workbook_are_left_out_and_counted():
    """The shipped data's standing warning and remark are not the workbook's: left out and counted on the
    last line; a result about a shipped node that the shipped data alone does not give is kept."""
    import copy

    import swio
    from swio.sheets.check import _without_known_context_results

    fixed = REPO / "examples" / "chaohu-fixed.xlsx"
    report = validate_workbook(fixed)
    assert report.results == [] and report.context_known == 2
    result = CliRunner().invoke(main, ["validate", str(fixed)])
    assert result.exit_code == 0, result.output
    assert "2 results the other data files give without the workbook not shown" in result.output
    assert "data/hefei.ttl" not in result.output
    shipped = swio.validate().results
    assert len(shipped) == 2
    caused = copy.copy(shipped[0])
    caused.focus = type(caused.focus)("https://w3id.org/swio/id/qty/a-count-the-workbook-changed")
    kept, known = _without_known_context_results([*shipped, caused], resources.shipped_data_files(), "sparql", None)
    assert kept == [caused] and known == 2
