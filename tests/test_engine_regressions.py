"""Regression tests for the engine bugs listed in issue 9 (item 1 is tests/test_w3c.py, item 8 the
oracle comparison elsewhere). Each test fails on the engine before the rewrite."""

from __future__ import annotations

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import SH, XSD

from swio.cli import main
from swio.errors import InputError
from swio.input.dataset import Dataset
from swio.shacl.paths import Inverse, Predicate, Sequence, ZeroOrMore
from swio.shacl.report_formats import render_turtle
from swio.shacl.results import Report
from swio.shacl.sparql_engine import SparqlEngine
from swio.shacl.validation import load_model

from .support.shacl_snippets import EX, summary, validate, write


# -- item 2: literals as written, although the store canonicalises them -----------------------
def test_datatype_int_accepts_a_valid_int_and_rejects_an_integer(tmp_path):
    results = validate(
        tmp_path,
        'ex:a ex:n "5"^^xsd:int . ex:b ex:n "5"^^xsd:integer .',
        "ex:S sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:n ; sh:datatype xsd:int ] .",
    )
    assert summary(results) == [("b", "Datatype", "5")]
    assert results[0].value.datatype == XSD.integer


def test_max_length_sees_the_lexical_form_as_written(tmp_path):
    results = validate(
        tmp_path,
        'ex:a ex:n "0042"^^xsd:integer . ex:b ex:n "42"^^xsd:integer .',
        "ex:S sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:n ; sh:maxLength 2 ] .",
    )
    assert summary(results) == [("a", "MaxLength", "0042")]
    assert str(results[0].value) == "0042"


def test_in_true_rejects_boolean_one(tmp_path):
    results = validate(
        tmp_path,
        'ex:a ex:b "1"^^xsd:boolean . ex:c ex:b true .',
        "ex:S sh:targetSubjectsOf ex:b ; sh:property [ sh:path ex:b ; sh:in ( true ) ] .",
    )
    assert summary(results) == [("a", "In", "1")]


def test_values_still_compare_by_value_and_count_as_distinct_terms(tmp_path):
    data = 'ex:a ex:n "0042"^^xsd:integer , "42"^^xsd:integer , "4.0"^^xsd:decimal .'
    shapes = (
        "ex:S sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:n ; sh:minInclusive 4 ; "
        "sh:maxCount 2 ; sh:hasValue 4.0 ] ."
    )
    assert summary(validate(tmp_path, data, shapes)) == [("a", "MaxCount", None)]  # three distinct terms


# -- item 3: well-formedness of every XSD datatype ---------------------------------------------
def test_ill_typed_literals_fail_their_datatype(tmp_path):
    data = (
        'ex:a ex:t "25:61:00"^^xsd:time ; ex:i "twelve"^^xsd:int ; ex:d "2012-04-31" ^^xsd:date .\n'
        'ex:b ex:t "12:30:00"^^xsd:time ; ex:i "12"^^xsd:int ; ex:d "2012-04-30"^^xsd:date .'
    )
    shapes = (
        "ex:S sh:targetNode ex:a , ex:b ; sh:property [ sh:path ex:t ; sh:datatype xsd:time ] , "
        "[ sh:path ex:i ; sh:datatype xsd:int ] , [ sh:path ex:d ; sh:datatype xsd:date ] ."
    )
    assert summary(validate(tmp_path, data, shapes)) == [
        ("a", "Datatype", "2012-04-31"),
        ("a", "Datatype", "25:61:00"),
        ("a", "Datatype", "twelve"),
    ]


def test_cli_refuses_ill_typed_literals_by_default(tmp_path):
    path = write(tmp_path, "d.ttl", 'ex:a ex:d "2012-04-31" ^^xsd:date .')
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert "2012-04-31" in result.stderr and len(result.stderr.strip().splitlines()) == 1


# -- item 4: one result for a triple stated in two files ---------------------------------------
def test_same_triple_in_two_files_gives_one_result(tmp_path):
    data = 'ex:a ex:n "x" .'
    results = validate(
        tmp_path, [data, data], "ex:S sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:n ; sh:datatype xsd:int ] ."
    )
    assert summary(results) == [("a", "Datatype", "x")]


# -- item 5: sh:minCount on the predicate of the only sh:targetSubjectsOf ----------------------
def test_min_count_kept_when_the_path_is_the_target_predicate(tmp_path):
    results = validate(
        tmp_path,
        "ex:a ex:p ex:x . ex:b ex:p ex:x , ex:y .",
        "ex:S sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:minCount 2 ] .",
    )
    assert summary(results) == [("a", "MinCount", None)]


# -- item 6: SPARQL text handled as SPARQL, errors as input errors ------------------------------
def test_the_word_select_in_a_string_is_not_a_sub_select(tmp_path):
    shapes = (
        'ex:S sh:targetNode ex:a ; sh:sparql [ sh:select """'
        'SELECT $this WHERE { $this ex:note ?n FILTER (CONTAINS(?n, \\"select\\")) }""" ] .'
        '\nex: sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .'
    )
    shapes = shapes.replace('sh:select """', 'sh:prefixes ex: ; sh:select """')
    results = validate(tmp_path, 'ex:a ex:note "please select one" .', shapes)
    assert summary(results) == [("a", "SPARQL", "a")]


def test_undeclared_prefix_is_an_input_error_with_exit_2(tmp_path):
    shapes = write(
        tmp_path,
        "s.ttl",
        'ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE { $this foo:bar ?x }" ] .',
    )
    data = write(tmp_path, "d.ttl", "ex:a ex:p 1 .")
    result = CliRunner().invoke(main, ["validate", "--shapes", str(shapes), str(data)])
    assert result.exit_code == 2
    assert "foo:" in result.stderr and "ex:S" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


# -- item 7: nothing silently ignored ------------------------------------------------------------
def test_property_shape_nested_in_a_property_shape(tmp_path):
    data = "ex:p ex:address ex:addr . ex:addr ex:city ex:nowhere ."
    shapes = (
        "ex:S sh:targetNode ex:p ; sh:property [ sh:path ex:address ; "
        "sh:property [ sh:path ex:city ; sh:class ex:City ] ] ."
    )
    assert summary(validate(tmp_path, data, shapes)) == [("addr", "Class", "nowhere")]


COMPONENT = """
ex:MaxWordsComponent a sh:ConstraintComponent ;
    sh:parameter [ sh:path ex:maxWords ] , [ sh:path ex:separator ; sh:optional true ] ;
    sh:propertyValidator [ a sh:SPARQLSelectValidator ; sh:select '''
        SELECT $this ?value WHERE {
            $this $PATH ?value .
            FILTER (COUNT_WORDS > $maxWords)
        }''' ] ;
    sh:validator [ a sh:SPARQLAskValidator ; sh:ask '''
        ASK { FILTER (STRLEN(STR($value)) <= $maxWords) }''' ] .
"""


def test_sparql_constraint_component_with_select_and_ask_validators(tmp_path):
    words = '(STRLEN(?value) - STRLEN(REPLACE(?value, COALESCE(?separator, \\" \\"), \\"\\")) + 1)'
    component = COMPONENT.replace("COUNT_WORDS", words)
    shapes = component + (
        "ex:P sh:targetNode ex:a , ex:b ; sh:property [ sh:path ex:text ; ex:maxWords 2 ] .\n"
        "ex:Q sh:targetNode ex:a , ex:b ; sh:property [ sh:path ex:tags ; ex:maxWords 2 ; "
        'ex:separator "," ] .\n'
        'ex:N sh:targetNode "abc" , "abcdef" ; ex:maxWords 3 .'
    )
    data = 'ex:a ex:text "one two three" ; ex:tags "x,y,z" .\nex:b ex:text "one two" ; ex:tags "x y z" .'
    results = validate(tmp_path, data, shapes)
    found = sorted((str(r.focus).replace(EX, ""), str(r.value)) for r in results)
    assert found == [("a", "one two three"), ("a", "x,y,z"), ("abcdef", "abcdef")]
    assert {r.component for r in results} == {EX + "MaxWordsComponent"}


@pytest.mark.parametrize(
    "body",
    [
        "{ FILTER (false) } UNION { FILTER ($this = ex:a) }",
        "{ { FILTER ($this = ex:a) } FILTER bound($this) } FILTER (true)",
        "OPTIONAL { ?x ex:q ?y FILTER (?x = $this) } FILTER (bound(?y))",
    ],
)
def test_this_is_pre_bound_in_nested_groups(tmp_path, body):
    shapes = (
        f'ex:S sh:targetNode ex:a , ex:b ; sh:sparql [ sh:prefixes ex: ; sh:select """'
        f'SELECT $this WHERE {{ {body} }}""" ] .\n'
        'ex: sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .'
    )
    results = validate(tmp_path, "ex:a ex:q 1 . ex:b ex:r 2 .", shapes)
    assert summary(results) == [("a", "SPARQL", "a")]


@pytest.mark.parametrize(
    "body",
    [
        "$this ?p ?o MINUS { $this ?p 1 }",
        "VALUES ?o { 1 } $this ?p ?o",
        "SERVICE <http://example.org/sparql> { $this ?p ?o }",
        "BIND (ex:a AS $this)",
        "{ SELECT ?o WHERE { ?s ?p ?o } }",
    ],
)
def test_forbidden_sparql_is_refused_naming_the_shape(tmp_path, body):
    shapes = (
        f'ex:S sh:targetNode ex:a ; sh:sparql [ sh:prefixes ex: ; sh:select """'
        f'SELECT $this WHERE {{ {body} }}""" ] .\n'
        'ex: sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .'
    )
    with pytest.raises(InputError, match="ex:S|example.org/S"):
        validate(tmp_path, "ex:a ex:p 1 .", shapes)


def test_recursive_shapes_are_refused(tmp_path):
    shapes = (
        "ex:A sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:node ex:B ] .\n"
        "ex:B sh:property [ sh:path ex:q ; sh:node ex:A ] ."
    )
    with pytest.raises(InputError, match="recursive"):
        validate(tmp_path, "ex:a ex:p ex:b .", shapes)


# -- item 9: the report as the spec defines it ----------------------------------------------------
def test_turtle_report_does_not_conform_with_only_a_warning(tmp_path):
    results = validate(
        tmp_path,
        "ex:a ex:p 1 .",
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:datatype xsd:string ; sh:severity sh:Warning ] .",
    )
    report = Report(results=results, engine="sparql", files=[], triples=1)
    assert report.exit_code() == 0 and not report.conforms_per_spec
    graph = rdflib.Graph().parse(data=render_turtle(report), format="turtle")
    assert Literal(False) in set(graph.objects(None, SH.conforms))


def test_results_name_the_property_shape_and_carry_complex_paths(tmp_path):
    data = "ex:a ex:p ex:b . ex:c ex:q ex:b ."
    shapes = (
        "ex:S sh:targetNode ex:a ; sh:property ex:PS .\n"
        "ex:PS sh:path ( ex:p [ sh:inversePath ex:q ] [ sh:zeroOrMorePath ex:r ] ) ; sh:class ex:C ."
    )
    [result] = validate(tmp_path, data, shapes)
    assert result.shape == URIRef(EX + "PS") and result.named_shape == URIRef(EX + "PS")
    assert result.result_path == Sequence(
        (Predicate(URIRef(EX + "p")), Inverse(Predicate(URIRef(EX + "q"))), ZeroOrMore(Predicate(URIRef(EX + "r"))))
    )
    graph = rdflib.Graph()
    node = result.result_path.to_graph(graph)
    assert len(list(graph.items(node))) == 3


def test_blank_property_shape_is_the_source_shape(tmp_path):
    [result] = validate(
        tmp_path, "ex:a ex:p 1 .", "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:datatype xsd:string ] ."
    )
    assert isinstance(result.shape, rdflib.BNode) and result.named_shape == URIRef(EX + "S")


def test_generated_messages_read_well(tmp_path):
    shapes = (
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 2 ] ;"
        ' sh:sparql [ sh:select "SELECT $this WHERE { }" ] .'
    )
    messages = sorted(r.message() for r in validate(tmp_path, "ex:a ex:p 1 .", shapes))
    assert messages[0] == "fewer than 2 values"
    assert messages[1] == "violates a SPARQL-based constraint of the shape <http://example.org/S>"


def test_shipped_shapes_still_give_the_two_shipped_results():
    results = SparqlEngine(load_model()).validate(Dataset.load())
    assert sorted(r.component for r in results) == ["SPARQLConstraintComponent"] * 2


def test_a_result_writes_itself_as_the_spec_defines(tmp_path):
    shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 2 ] ."
    [result] = validate(tmp_path, "ex:b ex:p ex:a .", shapes)
    graph = rdflib.Graph()
    node = rdflib.BNode()
    result.add_to_graph(graph, node)
    assert graph.value(node, SH.sourceShape) == result.shape and isinstance(result.shape, rdflib.BNode)
    assert graph.value(graph.value(node, SH.resultPath), SH.inversePath) == URIRef(EX + "p")
    assert graph.value(node, SH.sourceConstraintComponent) == SH.MinCountConstraintComponent
    assert str(graph.value(node, SH.resultMessage)) == "fewer than 2 values"
