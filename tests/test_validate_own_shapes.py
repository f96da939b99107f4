"""`swio validate --shapes` for anyone's shapes and data (issue 22): each defect from its minimal reproduction.

Each test is the smallest case that showed the problem: shapes and data written here, validated through the
command line (as CI runs it) or the library, with the exit code, the report and stderr checked.
"""

from __future__ import annotations

import json

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import SH, XSD

import swio
from swio.cli import main
from swio.errors import InputError
from swio.shacl.report_formats import chunks, render
from swio.shacl.validation import validate

PREFIXES = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
    "@prefix ex: <http://example.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
)
FORMATS = ("text", "json", "turtle", "junit", "sarif")


def write(tmp_path, name: str, body: str, prefixes: str = PREFIXES):
    path = tmp_path / name
    path.write_text(prefixes + body, encoding="utf-8")
    return path


def run(*args):
    result = CliRunner().invoke(main, ["validate", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def report_graph(text: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format="turtle")


# -- 1. exactly the data given, against exactly the shapes given ------------------------------------------
def test_your_shapes_see_only_your_data_unless_you_add_the_swio_ontology(tmp_path):
    # every concept scheme needs a title: SWIO's vocabularies hold schemes without dcterms:title
    shapes = write(
        tmp_path,
        "s.ttl",
        "ex:SchemeShape a sh:NodeShape ; sh:targetClass skos:ConceptScheme ;\n"
        "  sh:property [ sh:path <http://purl.org/dc/terms/title> ; sh:minCount 1 ] .\n",
    )
    data = write(tmp_path, "d.ttl", 'ex:scheme a skos:ConceptScheme ; <http://purl.org/dc/terms/title> "mine" .\n')
    code, out, _ = run("--shapes", shapes, data)
    assert code == 0, out
    assert out.splitlines()[-1].startswith("conforms: 0 violations, 0 warnings, 0 infos in 1 data file (2 triples;")
    code, out, _ = run("--shapes", shapes, "--with-swio-ontology", data)
    swio_schemes = [line for line in out.splitlines() if line.startswith("VIOLATION ") and "ex:scheme" not in line]
    assert code == 1 and swio_schemes, out
    assert "triples with the ontology" in out.splitlines()[-1]


def test_the_library_takes_the_same_choice(tmp_path):
    shapes = write(
        tmp_path,
        "s.ttl",
        "ex:S sh:targetClass <http://www.w3.org/2002/07/owl#Class> ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    )
    data = write(tmp_path, "d.ttl", "ex:a ex:p 1 .")
    alone = validate([data], shapes=shapes)
    assert (alone.total, alone.triples, alone.data_only) == (0, 1, True)  # no owl:Class in the data
    merged = validate([data], shapes=shapes, with_swio_ontology=True)
    assert merged.total > 50 and not merged.data_only  # SWIO's classes
    assert swio.validate().violations == 0  # SWIO's own shapes: shipped data with the ontology, as before


def test_with_swio_ontology_needs_your_shapes_and_your_shapes_need_data(tmp_path):
    code, _, err = run("--with-swio-ontology")
    assert code == 2 and err.strip() == (
        "swio: error: --with-swio-ontology goes with --shapes (SWIO's own shapes always have the ontology)"
    )
    shapes = write(tmp_path, "s.ttl", "ex:S sh:targetNode ex:a .")
    code, _, err = run("--shapes", shapes)
    assert code == 2 and "--shapes names your own shapes: give the data files" in err


def test_library_errors_name_parameters_and_the_command_line_names_flags(tmp_path):
    shapes = write(tmp_path, "s.ttl", "ex:S sh:targetNode ex:a .")
    with pytest.raises(InputError, match=r"^`shapes` is empty; name a shapes file$"):
        validate([shapes], shapes=" ")
    with pytest.raises(InputError, match=r"give the data to validate with them \(`paths`\)"):
        validate(shapes=shapes)
    with pytest.raises(
        InputError, match=r"^`max_results` must be a whole number, 0 or more \(None: every result\), not -1$"
    ):
        validate(max_results=-1)
    with pytest.raises(InputError, match=r"^`with_swio_ontology=False` needs `shapes`"):
        validate(with_swio_ontology=False)
    code, _, err = run("--shapes", " ", shapes)
    assert code == 2 and err.strip() == "swio: error: --shapes is empty; name a shapes file"
    code, _, err = run("--max-results", "-1")
    assert code == 2 and "--max-results" in err


def test_help_says_which_is_which():
    out = CliRunner().invoke(main, ["validate", "--help"]).stdout
    flat = " ".join(out.split())
    assert "SWIO's shapes; PATHS (default: the shipped data) validated together with SWIO's ontology" in flat
    assert "your shapes on exactly the data PATHS, nothing added" in flat
    assert "--with-swio-ontology" in out and "[sparql|pyshacl]" in out and "compatibility" not in out


# -- 2. the defects, one by one -------------------------------------------------------------------------------
def test_a_custom_severity_is_reported_in_every_format_and_counts_as_a_violation(tmp_path):
    shapes = write(
        tmp_path,
        "s.ttl",
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:severity ex:Critical ] .",
    )
    data = write(tmp_path, "d.ttl", "ex:a ex:q 1 .")
    for fmt in FORMATS:
        code, out, err = run("--shapes", shapes, data, "--format", fmt)
        assert code == 1 and "Traceback" not in err and err == "", (fmt, err)
        if fmt == "text":
            assert out.splitlines()[0].startswith("ex:Critical d.ttl:") or "ex:Critical" in out.splitlines()[0]
            assert out.splitlines()[-1].startswith("does not conform: 0 violations, 0 warnings, 0 infos, 1 ex:Critical")
        if fmt == "turtle":
            g = report_graph(out)
            assert set(g.objects(None, SH.resultSeverity)) == {rdflib.URIRef("http://example.org/Critical")}
        if fmt == "json":
            assert json.loads(out)["counts"]["other"] == {"http://example.org/Critical": 1}
        if fmt == "sarif":
            assert json.loads(out)["runs"][0]["results"][0]["level"] == "error"


def test_an_empty_data_file_is_a_graph_with_no_triples(tmp_path):
    shapes = write(tmp_path, "s.ttl", "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .")
    for text in ("", "# nothing here\n", "@prefix ex: <http://example.org/> .\n"):
        data = tmp_path / "empty.ttl"
        data.write_text(text, encoding="utf-8")
        code, out, err = run("--shapes", shapes, data)
        assert code == 1 and err == ""
        assert out.splitlines()[0].startswith("VIOLATION -: ex:a path=ex:p value=-: fewer than 1 values")
    code, _, err = run(data)  # SWIO's own data: a file of it with nothing in it is still a mistake
    assert code == 2 and "file is empty (no triples)" in err


ILL_TYPED_SHAPES = (
    "ex:S sh:targetSubjectsOf ex:when ; sh:property [ sh:path ex:when ; sh:datatype xsd:date ] ;\n"
    "  sh:property [ sh:path ex:flag ; sh:datatype xsd:boolean ] .\n"
)
ILL_TYPED_DATA = (
    'ex:a ex:when "2013-02-30"^^xsd:date ;\n  ex:flag "none"^^xsd:boolean .\nex:b ex:when "2013-02-28"^^xsd:date .\n'
)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_ill_typed_literals_are_sh_datatype_results_with_file_and_line(tmp_path, engine, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shapes = write(tmp_path, "s.ttl", ILL_TYPED_SHAPES)
    data = write(tmp_path, "d.ttl", ILL_TYPED_DATA)
    code, out, err = run("--shapes", shapes, data, "--engine", engine)
    assert code == 1, out + err
    assert err == ""  # no rdflib logging traceback, no warning
    line = ILL_TYPED_DATA.count("\n", 0, 0) + PREFIXES.count("\n") + 1  # ex:a is on the first data line
    results = [l for l in out.splitlines() if l.startswith("VIOLATION")]
    assert results == [
        f'VIOLATION d.ttl:{line}: ex:a path=ex:flag value="none"^^xsd:boolean: '
        + (
            'value "none"^^xsd:boolean is not a well-formed literal of datatype xsd:boolean'
            if engine == "sparql"
            else "does not satisfy sh:datatype"
        )
        + " [ex:S DatatypeConstraintComponent]",
        f'VIOLATION d.ttl:{line}: ex:a path=ex:when value="2013-02-30"^^xsd:date: '
        + (
            'value "2013-02-30"^^xsd:date is not a well-formed literal of datatype xsd:date'
            if engine == "sparql"
            else "does not satisfy sh:datatype"
        )
        + " [ex:S DatatypeConstraintComponent]",
    ]


def test_ill_typed_literals_no_shape_checks_are_noted_on_stderr_with_your_shapes(tmp_path):
    shapes = write(tmp_path, "s.ttl", "ex:S sh:targetNode ex:a .")
    data = write(tmp_path, "d.ttl", ILL_TYPED_DATA)
    code, out, err = run("--shapes", shapes, data)
    assert code == 0 and out.startswith("conforms:")
    lines = err.strip().splitlines()
    assert len(lines) == 2 and all(l.startswith("swio: note: ") for l in lines)
    assert f'{data}:{PREFIXES.count(chr(10)) + 1}: ill-typed literal "2013-02-30"^^xsd:date' in lines[0]
    assert lines[0].endswith("(no sh:datatype of the shapes checks it)")


def test_swio_data_ill_typed_where_a_shape_checks_it_is_a_violation_elsewhere_an_error(tmp_path):
    swio_prefixes = (
        "@prefix swio: <https://w3id.org/swio/def#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix ex: <https://example.org/> .\n"
    )
    checked = write(
        tmp_path, "group.ttl", 'ex:g a swio:OrganisationGroup ; swio:memberCount "ten"^^xsd:integer .\n', swio_prefixes
    )
    code, out, err = run(checked)
    assert code == 1 and err == ""
    assert any(
        'ex:g path=swio:memberCount value="ten"^^xsd:integer' in l and "DatatypeConstraintComponent" in l
        for l in out.splitlines()
    ), out
    unchecked = write(tmp_path, "other.ttl", 'ex:x ex:when "2013-13-45"^^xsd:date .\n', swio_prefixes)
    code, out, err = run(unchecked)
    assert code == 2 and out == ""
    assert (
        err.strip()
        == f'swio: error: {unchecked}:4: ill-typed literal "2013-13-45"^^xsd:date: not a valid xsd:date value'
    )


def test_language_in_the_empty_range_refuses_values_without_a_tag_and_says_so_once_quoted(tmp_path):
    shapes = write(
        tmp_path, "s.ttl", 'ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:label ; sh:languageIn ( "" ) ] .'
    )
    data = write(tmp_path, "d.ttl", 'ex:a ex:label "plain" .')
    code, out, _ = run("--shapes", shapes, data)
    assert code == 1
    assert 'value "plain" is not a literal in one of the languages ("")' in out.splitlines()[0]
    shapes = write(
        tmp_path, "s.ttl", 'ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:label ; sh:languageIn ( "en" "zh" ) ] .'
    )
    data = write(tmp_path, "d.ttl", 'ex:a ex:label "plain", "ok"@en, "oui"@fr .')
    code, out, _ = run("--shapes", shapes, data)
    lines = [l for l in out.splitlines() if l.startswith("VIOLATION")]
    assert [l.split(" value=")[1].split(":")[0] for l in lines] == ['"oui"@fr', '"plain"']
    assert 'one of the languages ("en" "zh")' in lines[0]


@pytest.mark.parametrize(
    "literal",
    ['"none"^^xsd:boolean', '"1"^^xsd:boolean', '"1.0e"^^xsd:double', '" 5"^^xsd:integer', '"true"^^xsd:boolean'],
)
def test_turtle_report_writes_every_value_as_valid_turtle(tmp_path, literal):
    shapes = write(
        tmp_path, "s.ttl", "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:v ; sh:datatype xsd:string ] ."
    )
    data = write(tmp_path, "d.ttl", f"ex:a ex:v {literal} .")
    code, out, _ = run("--shapes", shapes, data, "--format", "turtle")
    assert code == 1
    value = next(report_graph(out).objects(None, SH.value))
    expected = rdflib.Graph().parse(data=PREFIXES + f"ex:a ex:v {literal} .", format="turtle")
    want = next(expected.objects())
    assert (str(value), value.datatype) == (str(want), want.datatype)


# -- 4. reports at scale ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """3,000 results from two constraints of one shape (1,500 focus nodes)."""
    folder = tmp_path_factory.mktemp("many")
    shapes = write(
        folder,
        "s.ttl",
        "ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        "  sh:property [ sh:path ex:count ; sh:datatype xsd:integer ] ;\n"
        "  sh:property [ sh:path ex:name ; sh:minLength 5 ] .\n",
    )
    data = write(
        folder, "d.ttl", "".join(f'ex:t{i:04d} a ex:Thing ; ex:count "many" ; ex:name "ab" .\n' for i in range(1500))
    )
    return shapes, data


def test_max_results_keeps_the_first_n_and_counts_and_summarises_all(many):
    shapes, data = many
    code, out, _ = run("--shapes", shapes, data, "--max-results", "10")
    lines = out.splitlines()
    assert code == 1
    assert [l.split(": ")[1].split(" ")[0] for l in lines[:10]] == [f"ex:t{i:04d}" for i in range(5) for _ in (0, 1)]
    assert lines[10] == "... 2990 more results not shown (the first 10 of 3000); results per shape and component:"
    assert lines[11:13] == [
        "1500 VIOLATION ex:ThingShape path=ex:count DatatypeConstraintComponent",
        "1500 VIOLATION ex:ThingShape path=ex:name MinLengthConstraintComponent",
    ]
    assert lines[13].startswith("does not conform: 3000 violations, 0 warnings, 0 infos in 1 data file")
    doc = json.loads(run("--shapes", shapes, data, "--max-results", "10", "--format", "json")[1])
    assert (doc["total"], doc["truncated"], len(doc["results"])) == (3000, True, 10)
    assert [(s["path"], s["results"]) for s in doc["summary"]] == [("ex:count", 1500), ("ex:name", 1500)]
    g = report_graph(run("--shapes", shapes, data, "--max-results", "10", "--format", "turtle")[1])
    report = next(g.subjects(rdflib.RDF.type, SH.ValidationReport))
    assert len(list(g.objects(report, SH.result))) == 10
    assert g.value(report, rdflib.URIRef("https://w3id.org/swio/def#omittedResults")).toPython() == 2990
    zh = run("--shapes", shapes, data, "--max-results", "10", "--lang", "zh")[1].splitlines()
    assert zh[10] == "... 另有 2990 条结果未列出（共 3000 条，列出前 10 条）；按形状与约束组件汇总："
    code, out, _ = run("--shapes", shapes, data, "--max-results", "0", "--summary")
    assert code == 1 and out.splitlines()[0].startswith("... 3000 more results not shown")


def test_summary_without_a_limit(many):
    shapes, data = many
    lines = run("--shapes", shapes, data, "--summary")[1].splitlines()
    assert lines[3000] == "results per shape and component:"
    assert lines[3001].startswith("1500 VIOLATION ex:ThingShape")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_written_as_a_stream_and_parses(many, fmt):
    shapes, data = many
    report = validate([data], shapes=shapes)
    pieces = list(chunks(report, fmt))
    assert len(pieces) > 3  # a few hundred results a piece, not one string
    assert max(len(p) for p in pieces) < len("".join(pieces)) / 2
    text = "".join(pieces)
    assert text == render(report, fmt)
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "turtle":
        assert len(list(report_graph(text).objects(None, SH.result))) == 3000
    elif fmt == "junit":
        import xml.etree.ElementTree as ET

        assert ET.fromstring(text).find("testsuite").get("failures") == str(3000 + 1)


def test_json_results_are_one_per_line(many):
    shapes, data = many
    out = run("--shapes", shapes, data, "--format", "json", "--max-results", "3")[1]
    result_lines = [l for l in out.splitlines() if l.lstrip().startswith('{"severity"')]
    assert len(result_lines) == 3 and all(json.loads(l.strip().rstrip(",")) for l in result_lines)


def test_output_file_is_written_whole_from_the_stream(many, tmp_path):
    shapes, data = many
    out = tmp_path / "report.ttl"
    code, stdout, _ = run("--shapes", shapes, data, "--format", "turtle", "-o", out)
    assert code == 1 and stdout == ""
    assert len(list(report_graph(out.read_text(encoding="utf-8")).objects(None, SH.result))) == 3000


# -- SWIO's own shapes --------------------------------------------------------------------------------------
def test_a_group_of_places_names_only_places_as_known_members(tmp_path):
    data = write(
        tmp_path,
        "g.ttl",
        "place:g a swio:PlaceGroup ; swio:knownMember body:an-association .\n"
        "body:an-association a swio:IndustryAssociation .\n",
        "@prefix swio: <https://w3id.org/swio/def#> .\n@prefix place: <https://w3id.org/swio/id/place/> .\n"
        "@prefix body: <https://w3id.org/swio/id/org/> .\n",
    )
    report = validate([data])
    hits = [
        r
        for r in report.results
        if str(r.named_shape).endswith("#PlaceGroupShape") and r.component == "ClassConstraintComponent"
    ]
    assert [(str(r.value), r.path) for r in hits] == [
        ("https://w3id.org/swio/id/org/an-association", "<https://w3id.org/swio/def#knownMember>")
    ]
    assert hits[0].message("en") == "a known member of a group of places must be a place"


def test_custom_severity_datatype_of_values(tmp_path):
    """sh:resultSeverity of a custom severity survives the Turtle report as an IRI, sh:Violation stays sh:."""
    shapes = write(
        tmp_path,
        "s.ttl",
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:severity ex:Critical ] ;"
        " sh:property [ sh:path ex:q ; sh:datatype xsd:string ] .",
    )
    data = write(tmp_path, "d.ttl", "ex:a ex:q 1 .")
    g = report_graph(run("--shapes", shapes, data, "--format", "turtle")[1])
    assert set(g.objects(None, SH.resultSeverity)) == {rdflib.URIRef("http://example.org/Critical"), SH.Violation}
    assert next(g.objects(None, SH.value)) == rdflib.Literal("1", datatype=XSD.integer)
