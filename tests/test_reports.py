"""Report formats: every result points at the file and line of its focus node; SARIF 2.1.0 checked
against the official schema; the Turtle report follows the SHACL spec (sh:conforms, sh:sourceShape,
sh:resultPath for complex paths)."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import rdflib
from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from swio.cli import main
from swio.shacl.report_formats import render
from swio.shacl.report_terms import parse_path
from swio.shacl.results import Report, ValidationResult
from swio.shacl.sarif import repository_root

from .support.helpers import FIXTURES, REPO

SCHEMA = json.loads((Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SARIF_VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
EX = "https://example.org/report-test/"

# Nodes defined on known lines: a prefixed name, a full IRI, one used before it is defined, a blank node.
DATA = f"""@prefix swio: <https://w3id.org/swio/def#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <{EX}> .

# Posts without an organisation or a role (PostShape), without sources (FactShape).
ex:early org:heldBy ex:bureau .

ex:bureau a swio:GovernmentBody ;
    rdfs:label "局"@zh , "bureau"@en .

<{EX}post> a org:Post ;
    rdfs:label "职位"@zh , "post"@en .

[] a org:Post ; rdfs:label "无名职位"@zh , "unnamed post"@en .
"""
LINES = {f"{EX}early": 7, f"{EX}bureau": 9, f"{EX}post": 12}


def run(*args, cwd: Path | None = None):
    old = Path.cwd()
    try:
        os.chdir(cwd or REPO)
        result = CliRunner().invoke(main, ["validate", *map(str, args)])
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def data_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "posts.ttl"
    path.write_text(DATA, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def report_json(data_file):
    code, out = run(data_file, "--format", "json")
    assert code == 1
    return json.loads(out)


# -- file and line -------------------------------------------------------------------------
def test_json_results_carry_the_line_their_focus_node_is_defined_on(report_json, data_file):
    results = report_json["results"]
    by_focus = {r["focusIri"]: r for r in results}
    assert set(LINES) <= set(by_focus)
    for iri, line in LINES.items():
        assert by_focus[iri]["line"] == line, iri
    text = data_file.read_text(encoding="utf-8").splitlines()
    for r in results:
        if r["line"] is not None:  # the focus node is the subject written at the start of that line
            assert text[r["line"] - 1].startswith((r["focus"], f"<{r['focusIri']}>")), r
    blank = [r for r in results if r["focusIri"] not in LINES]
    assert blank and all(r["line"] is None and r["file"] == os.path.relpath(data_file, REPO) for r in blank)


def test_json_keeps_its_fields_and_adds_line_and_source_shape(report_json):
    for r in report_json["results"]:
        assert {
            "severity",
            "file",
            "line",
            "focus",
            "focusIri",
            "path",
            "value",
            "message",
            "shape",
            "shapeIri",
            "sourceShape",
            "pathSparql",
            "component",
        } <= set(r)
    holder = next(r for r in report_json["results"] if r["component"] == "SPARQLConstraintComponent")
    assert holder["sourceShape"] == holder["shapeIri"] == "https://w3id.org/swio/shapes#PostHolderIsPersonShape"


def test_text_lines_read_file_colon_line(data_file):
    code, out = run(data_file)
    rel = os.path.relpath(data_file, REPO)
    lines = out.splitlines()[:-1]
    assert code == 1 and lines
    for line in lines:
        m = re.match(r"(VIOLATION|WARNING|INFO) (\S+?)(?::(\d+))?: (\S+) ", line)
        assert m and m[2] == rel, line
        if m[4].startswith("_:"):
            assert m[3] is None, line  # a blank node has no line
        else:
            assert int(m[3]) == LINES[m[4].replace("ex:", EX).strip("<>")], line
    assert (
        f"VIOLATION {rel}:12: <{EX}post> path=org:postIn" in out
        or f"VIOLATION {rel}:12: ex:post path=org:postIn" in out
    )


def test_junit_test_cases_carry_file_and_line(data_file):
    code, out = run(data_file, "--format", "junit")
    cases = [c for c in ET.fromstring(out).iter("testcase") if c.get("classname") != "swio.validate"]
    rel = os.path.relpath(data_file, REPO)
    assert code == 1 and cases
    assert all(c.get("file") == rel for c in cases)
    lines = {c.get("line") for c in cases}
    assert {"7", "9", "12"} <= lines and None in lines  # the blank node's case has no line


# -- SARIF -----------------------------------------------------------------------------------
def sarif(*args, cwd: Path | None = None) -> dict:
    code, out = run(*args, "--format", "sarif", cwd=cwd)
    assert code in (0, 1), out
    return json.loads(out)


def test_the_schema_validator_is_live():
    """The vendored schema rejects what SARIF forbids (so a pass below means something)."""
    broken = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "swio"}}, "results": [{"message": {"text": "x"}, "level": "fatal"}]}],
    }
    assert any("fatal" in e.message for e in SARIF_VALIDATOR.iter_errors(broken))
    assert (
        list(SARIF_VALIDATOR.iter_errors({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "swio"}}}]})) == []
    )
    assert not SARIF_VALIDATOR.is_valid({"version": "2.1.0", "$schema": "not a uri", "runs": []})


@pytest.mark.parametrize("args", [(), ("--lang", "zh"), ("--strict",)], ids=["shipped", "zh", "strict"])
def test_sarif_of_the_shipped_graph_is_valid(args):
    doc = sarif(*args)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in SARIF_VALIDATOR.iter_errors(doc)]
    assert not errors, errors
    run_ = doc["runs"][0]
    assert [r["level"] for r in run_["results"]] == ["warning", "note"]
    if "--lang" in args:
        assert run_["language"] == "zh" and run_["results"][0]["message"]["text"] == "原文总数 965 与分项之和 975 不符"


def test_sarif_results_point_at_file_line_and_node(data_file, tmp_path):
    inside = REPO / "tests" / "fixtures" / "bad" / "violations.ttl"
    doc = sarif(inside, data_file)
    assert not list(SARIF_VALIDATOR.iter_errors(doc))
    run_ = doc["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "swio" and driver["version"] and driver["informationUri"].startswith("https://")
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert "swiosh:PostShape/org:postIn/sh:MinCountConstraintComponent" in rule_ids
    assert run_["originalUriBaseIds"]["SRCROOT"]["uri"] == repository_root().as_uri() + "/"
    results = run_["results"]
    for r in results:
        assert rule_ids[r["ruleIndex"]] == r["ruleId"] and r["level"] == "error"
        (location,) = r["locations"]
        (logical,) = location["logicalLocations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        if artifact.get("uriBaseId") == "SRCROOT":  # inside the repository: relative to its root
            assert artifact["uri"] == "tests/fixtures/bad/violations.ttl"
            line = location["physicalLocation"]["region"]["startLine"]
            written = inside.read_text(encoding="utf-8").splitlines()[line - 1]
            assert written.startswith(logical["name"]), (written, logical)
        else:  # outside it (the temporary file): an absolute file: URI
            assert artifact["uri"] == data_file.resolve().as_uri()
            if logical.get("fullyQualifiedName") in LINES:
                assert location["physicalLocation"]["region"]["startLine"] == LINES[logical["fullyQualifiedName"]]
    prints = [r["partialFingerprints"]["swio/v1"] for r in results]
    assert len(set(prints)) == len(prints)

    def named(doc_results):  # a blank node's label, so its fingerprint, changes from run to run
        return [
            r["partialFingerprints"]["swio/v1"]
            for r in doc_results
            if "fullyQualifiedName" in r["locations"][0]["logicalLocations"][0]
        ]

    again = sarif(inside, data_file)["runs"][0]["results"]
    assert len(named(results)) >= 10 and sorted(named(again)) == sorted(named(results))


def test_sarif_uris_are_relative_to_the_repository_root_wherever_it_runs():
    doc = sarif(FIXTURES / "bad" / "violations.ttl", cwd=REPO / "tests")
    artifact = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "tests/fixtures/bad/violations.ttl", "uriBaseId": "SRCROOT", "index": 0}


# -- Turtle: the SHACL spec's report -----------------------------------------------------------
def turtle(*args) -> tuple[int, rdflib.Graph, rdflib.term.Node]:
    code, out = run(*args, "--format", "turtle")
    g = rdflib.Graph().parse(data=out, format="turtle")
    return code, g, next(g.subjects(RDF.type, SH.ValidationReport))


def test_turtle_conforms_is_false_with_warnings_while_the_exit_code_is_0():
    code, g, report = turtle()
    assert code == 0
    assert g.value(report, SH.conforms) == Literal(False)
    assert {g.value(r, SH.resultSeverity) for r in g.objects(report, SH.result)} == {SH.Warning, SH.Info}


def test_turtle_conforms_is_true_only_without_results(tmp_path):
    data = tmp_path / "nothing-targeted.ttl"
    data.write_text(f'<{EX}x> <{EX}p> "a" .\n', encoding="utf-8")
    code, g, report = turtle(data)
    assert code == 0 and g.value(report, SH.conforms) == Literal(True)
    assert list(g.objects(report, SH.result)) == []


def _result(path: str | None, shape) -> ValidationResult:
    return ValidationResult(
        severity="Violation",
        focus=URIRef(EX + "a"),
        shape=shape,
        named_shape=URIRef(EX + "NodeShape"),
        component="MinCountConstraintComponent",
        path=path,
    )


def _report(*results) -> Report:
    return Report(results=list(results), engine="test", files=[], triples=0)


def test_turtle_source_shape_is_the_shape_holding_the_constraint():
    prop = URIRef(EX + "PropertyShape")
    g = rdflib.Graph().parse(data=render(_report(_result(f"<{EX}p>", prop)), "turtle"), format="turtle")
    (node,) = g.subjects(RDF.type, SH.ValidationResult)
    assert g.value(node, SH.sourceShape) == prop  # not the node shape (named_shape) around it
    assert g.value(node, SH.resultPath) == URIRef(EX + "p")


@pytest.mark.parametrize(
    "path",
    [
        f"^<{EX}p>",
        f"(<{EX}p>/<{EX}q>)",
        f"(<{EX}p>|^<{EX}q>)",
        f"(<{EX}p>)*",
        f"(<{EX}p>/(<{EX}q>|<{EX}r>)+/(^<{EX}s>)?)",
    ],
)
def test_turtle_result_path_is_written_as_a_shacl_path(path):
    g = rdflib.Graph().parse(data=render(_report(_result(path, BNode())), "turtle"), format="turtle")
    (node,) = g.subjects(RDF.type, SH.ValidationResult)
    written = g.value(node, SH.resultPath)
    assert written is not None
    assert parse_path(_read_back(g, written)) == parse_path(path)


def _read_back(g: rdflib.Graph, node) -> str:
    """SHACL path syntax back to SPARQL (an independent reading, straight from the SHACL spec's table)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if (node, RDF.first, None) in g:
        return "(" + "/".join(_read_back(g, n) for n in Collection(g, node)) + ")"
    for predicate, template in (
        (SH.inversePath, "^({})"),
        (SH.zeroOrMorePath, "({})*"),
        (SH.oneOrMorePath, "({})+"),
        (SH.zeroOrOnePath, "({})?"),
    ):
        inner = g.value(node, predicate)
        if inner is not None:
            return template.format(_read_back(g, inner))
    options = g.value(node, SH.alternativePath)
    return "(" + "|".join(_read_back(g, n) for n in Collection(g, options)) + ")"
