"""The default engine on constructs the W3C suite touches lightly: literals as written in every
component, shape references in conformance checks, per-focus SPARQL evaluation, targets."""

from __future__ import annotations

import pytest

from swio.errors import InputError

from .support.shacl_snippets import short, summary, validate

DECLARE = 'ex: sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .\n'


def test_comparisons_use_values_of_literals_the_store_rewrites(tmp_path):
    data = (
        'ex:a ex:start "0005"^^xsd:integer ; ex:end "6"^^xsd:int .\n'
        'ex:b ex:start "07"^^xsd:integer ; ex:end "6"^^xsd:int .'
    )
    shapes = (
        "ex:S sh:targetSubjectsOf ex:start ; sh:property [ sh:path ex:start ; sh:lessThan ex:end ; "
        'sh:maxInclusive 6 ; sh:pattern "^0" ] .'
    )
    assert summary(validate(tmp_path, data, shapes)) == [("b", "LessThan", "07"), ("b", "MaxInclusive", "07")]


def test_equals_and_disjoint_compare_terms_as_written(tmp_path):
    data = 'ex:a ex:p "1"^^xsd:integer ; ex:q "01"^^xsd:integer ; ex:r "1"^^xsd:integer .'
    shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:equals ex:q ; sh:disjoint ex:r ] ."
    assert summary(validate(tmp_path, data, shapes)) == [
        ("a", "Disjoint", "1"),
        ("a", "Equals", "01"),
        ("a", "Equals", "1"),
    ]


def test_literal_target_nodes_keep_their_lexical_form(tmp_path):
    shapes = 'ex:S sh:targetNode "042"^^xsd:integer , "42"^^xsd:integer ; sh:maxLength 2 .'
    assert summary(validate(tmp_path, "ex:a ex:p 1 .", shapes)) == [("042", "MaxLength", "042")]


def test_unique_lang_inside_a_referenced_shape_ignores_triples_repeated_across_files(tmp_path):
    data = 'ex:a ex:label "x"@en .\nex:b ex:label "y"@en , "z"@en .'
    shapes = (
        "ex:S sh:targetNode ex:a , ex:b ; sh:not ex:T .\nex:T sh:property [ sh:path ex:label ; sh:uniqueLang true ] ."
    )
    # ex:a conforms to ex:T (one label, even stated twice), so sh:not fails for it; ex:b does not conform
    assert summary(validate(tmp_path, [data, data], shapes)) == [("a", "Not", "a")]


def test_qualified_value_shapes_with_disjoint_siblings(tmp_path):
    data = (
        "ex:h ex:digit ex:t1 , ex:f1 , ex:ft .\nex:t1 a ex:Thumb . ex:f1 a ex:Finger . ex:ft a ex:Finger , ex:Thumb ."
    )
    shapes = (
        "ex:S sh:targetNode ex:h ; sh:property ex:T , ex:F .\n"
        "ex:T sh:path ex:digit ; sh:qualifiedValueShape [ sh:class ex:Thumb ] ; sh:qualifiedMaxCount 1 ; "
        "sh:qualifiedValueShapesDisjoint true .\n"
        "ex:F sh:path ex:digit ; sh:qualifiedValueShape [ sh:class ex:Finger ] ; sh:qualifiedMinCount 2 ; "
        "sh:qualifiedValueShapesDisjoint true ."
    )
    # ex:ft is both, so it counts for neither: one thumb (fine), one finger (fewer than 2)
    assert summary(validate(tmp_path, data, shapes)) == [("h", "QualifiedMinCount", None)]


def test_logical_components_over_shapes_with_their_own_property_shapes(tmp_path):
    data = "ex:a ex:p 1 . ex:b ex:p 1 , 2 . ex:c ex:q 1 ."
    shapes = (
        "ex:S sh:targetNode ex:a , ex:b , ex:c ; sh:xone ( ex:One ex:HasQ ) .\n"
        "ex:One sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:maxCount 1 ] .\n"
        "ex:HasQ sh:property [ sh:path ex:q ; sh:minCount 1 ] ."
    )
    assert summary(validate(tmp_path, data, shapes)) == [("b", "Xone", "b")]


def test_deactivated_referenced_shape_conforms(tmp_path):
    shapes = (
        "ex:S sh:targetNode ex:a ; sh:node ex:Off ; sh:not ex:Off .\nex:Off sh:deactivated true ; sh:class ex:Nothing ."
    )
    assert summary(validate(tmp_path, "ex:a ex:p 1 .", shapes)) == [("a", "Not", "a")]


def test_closed_property_shape_checks_its_value_nodes(tmp_path):
    data = "ex:a ex:p ex:v . ex:v ex:ok 1 ; ex:extra 2 ; a ex:C ."
    shapes = (
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:closed true ; "
        "sh:ignoredProperties ( rdf:type ) ; sh:property [ sh:path ex:ok ] ] ."
    )
    [result] = validate(tmp_path, data, shapes)
    assert (short(result.focus), str(result.result_path.predicate), str(result.value)) == (
        "a",
        "http://example.org/extra",
        "2",
    )


def test_targets_on_property_shapes_and_implicit_class_targets(tmp_path):
    data = "ex:x a ex:Sub . ex:y ex:q 1 ."
    shapes = (
        "ex:Sub rdfs:subClassOf ex:C .\n"
        "ex:C a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .\n"
        "ex:P a sh:PropertyShape ; sh:targetSubjectsOf ex:q ; sh:path ex:p ; sh:minCount 1 ."
    )
    # the subclass axiom must be in the data graph for the class target to reach ex:x
    results = validate(tmp_path, data + "\nex:Sub rdfs:subClassOf ex:C .", shapes)
    assert summary(results) == [("x", "MinCount", None), ("y", "MinCount", None)]


def test_aggregate_without_group_by_runs_once_per_focus_node(tmp_path):
    shapes = (
        'ex:S sh:targetNode ex:a , ex:b , ex:c ; sh:sparql [ sh:prefixes ex: ; sh:select """'
        'SELECT (COUNT(?o) AS ?n) WHERE { OPTIONAL { $this ex:p ?o } } HAVING (COUNT(?o) < 2)""" ] .\n' + DECLARE
    )
    results = validate(tmp_path, "ex:a ex:p 1 . ex:b ex:p 1 , 2 .", shapes)
    assert sorted((short(r.focus), str(r.bindings["n"])) for r in results) == [("a", "1"), ("c", "0")]


def test_sparql_constraint_on_a_property_shape_uses_path_and_reports_it(tmp_path):
    shapes = (
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ( ex:p ex:q ) ; sh:sparql [ sh:prefixes ex: ; "
        'sh:message "{?value} is odd" ; sh:select """'
        'SELECT $this ?value WHERE { $this $PATH ?value FILTER (?value / 2 != FLOOR(?value / 2)) }""" ] ] .\n' + DECLARE
    )
    [result] = validate(tmp_path, "ex:a ex:p ex:b . ex:b ex:q 3 , 4 .", shapes)
    assert result.path == "(<http://example.org/p>/<http://example.org/q>)" and result.message() == "3 is odd"


def test_failure_variable_is_an_input_error(tmp_path):
    shapes = (
        'ex:S sh:targetNode ex:a ; sh:sparql [ sh:select """'
        'SELECT $this ?failure WHERE { BIND (true AS ?failure) }""" ] .'
    )
    with pytest.raises(InputError, match="failure"):
        validate(tmp_path, "ex:a ex:p 1 .", shapes)


@pytest.mark.parametrize(
    "shapes,message",
    [
        ("ex:S sh:targetNode ex:a ; sh:minCount 1 .", "ex:S: sh:minCount is only allowed on property shapes"),
        (
            'ex:S sh:targetNode ex:a ; sh:property ex:P . ex:P sh:path ex:p ; sh:minCount "one" .',
            "ex:P: sh:minCount must be an xsd:integer",
        ),
        ("ex:S sh:targetNode ex:a ; sh:in ( ex:x ex:y .", None),
        ("ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:inversePath ex:p ; sh:zeroOrMorePath ex:q ] ] .", None),
        ("ex:S sh:targetNode ex:a ; sh:node ex:S .", "recursive shapes are not supported"),
    ],
)
def test_malformed_shapes_are_input_errors_naming_the_shape(tmp_path, shapes, message):
    with pytest.raises(InputError) as caught:
        validate(tmp_path, "ex:a ex:p 1 .", shapes)
    assert message is None or message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_blank_property_shape_shared_by_two_node_shapes_is_reported_under_each(tmp_path):
    shapes = (
        "ex:A sh:targetNode ex:a ; sh:property _:p .\nex:B sh:targetNode ex:a ; sh:property _:p .\n"
        "_:p sh:path ex:p ; sh:datatype xsd:string ."
    )
    results = validate(tmp_path, "ex:a ex:p 1 .", shapes)
    assert sorted(short(r.named_shape) for r in results) == ["A", "B"]
    assert len({r.shape for r in results}) == 1


@pytest.mark.parametrize("pattern,flags", [("[a-", None), ("a", "z")])
def test_an_invalid_pattern_is_an_input_error(tmp_path, pattern, flags):
    flag = f'; sh:flags "{flags}" ' if flags else ""
    with pytest.raises(InputError, match="not a valid regular expression"):
        validate(tmp_path, "ex:a ex:p 1 .", f'ex:S sh:targetNode ex:a ; sh:pattern "{pattern}" {flag}.')


def test_min_count_on_a_zero_length_path_holds_for_literal_focus_nodes(tmp_path):
    shapes = 'ex:S sh:targetNode "abc" , ex:a ; sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 ] .'
    assert validate(tmp_path, "ex:b ex:p ex:c .", shapes) == []


def test_zero_length_paths_reach_focus_nodes_that_are_in_no_triple(tmp_path):
    shapes = (
        'ex:S sh:targetNode ex:a , "abc" ; sh:property [ sh:path [ sh:zeroOrOnePath ex:p ] ; '
        "sh:maxCount 0 ; sh:hasValue ex:zzz ; sh:nodeKind sh:BlankNode ; "
        "sh:qualifiedValueShape [ sh:nodeKind sh:IRI ] ; sh:qualifiedMinCount 1 ] ."
    )
    # each focus node is its own value: one value (maxCount 0), not ex:zzz (hasValue), not a blank node,
    # and an IRI (qualifiedMinCount 1) for ex:a only
    assert summary(validate(tmp_path, "ex:b ex:p ex:c .", shapes)) == [
        ("a", "HasValue", None),
        ("a", "MaxCount", None),
        ("a", "NodeKind", "a"),
        ("abc", "HasValue", None),
        ("abc", "MaxCount", None),
        ("abc", "NodeKind", "abc"),
        ("abc", "QualifiedMinCount", None),
    ]


def test_a_deactivated_sparql_constraint_is_skipped(tmp_path):
    shapes = (
        'ex:S sh:targetNode ex:a ; sh:sparql [ sh:deactivated true ; sh:select "SELECT $this WHERE { }" ] , '
        '[ sh:select "SELECT $this WHERE { }" ; sh:message "active" ] .'
    )
    assert [r.message() for r in validate(tmp_path, "ex:a ex:p 1 .", shapes)] == ["active"]


def test_a_focus_node_reached_by_several_targets_is_validated_once(tmp_path):
    data = "ex:a a ex:C , ex:D ; ex:p 1 , 2 ."
    shapes = (
        "ex:S sh:targetClass ex:C , ex:D ; sh:targetNode ex:a ; sh:targetSubjectsOf ex:p ; "
        "sh:property [ sh:path ex:p ; sh:maxCount 1 ; sh:datatype xsd:string ; sh:minLength 3 ; "
        "sh:qualifiedValueShape [ sh:datatype xsd:string ] ; sh:qualifiedMinCount 1 ] ; "
        "sh:class ex:E ; sh:closed true ; sh:ignoredProperties ( rdf:type ex:p ) ."
    )
    assert summary(validate(tmp_path, [data, data], shapes)) == [
        ("a", "Class", "a"),
        ("a", "Datatype", "1"),
        ("a", "Datatype", "2"),
        ("a", "MaxCount", None),
        ("a", "MinLength", "1"),
        ("a", "MinLength", "2"),
        ("a", "QualifiedMinCount", None),
    ]


def test_labels_on_their_own_target_predicate_report_each_problem_once(tmp_path):
    data = (
        'ex:a ex:label "x"@en , "y"@EN , "z"@de .\nex:b ex:label "plain" , "ok"@en .\n'
        'ex:c ex:label "fine"@en , "好"@zh .'
    )
    shapes = (
        "ex:S sh:targetSubjectsOf ex:label ; sh:property [ sh:path ex:label ; sh:datatype rdf:langString ; "
        'sh:languageIn ( "en" "zh" ) ; sh:uniqueLang true ] .'
    )
    results = validate(tmp_path, [data, data], shapes)
    assert summary(results) == [
        ("a", "LanguageIn", "z"),
        ("a", "UniqueLang", None),
        ("b", "Datatype", "plain"),
        ("b", "LanguageIn", "plain"),
    ]
    assert [str(r.bindings["lang"]) for r in results if r.component == "UniqueLangConstraintComponent"] == ["en"]


def test_shapes_testing_the_values_of_one_path_share_one_scan_and_keep_their_own_results(tmp_path):
    data = 'ex:a a ex:A ; ex:n 5 , "x" . ex:b a ex:B ; ex:n -1 , 7 .\nex:c a ex:C ; ex:n 5 . ex:d ex:n "y" .'
    shapes = (
        "ex:SA sh:targetClass ex:A ; sh:property [ sh:path ex:n ; sh:datatype xsd:integer ] .\n"
        "ex:SB sh:targetClass ex:B ; sh:property [ sh:path ex:n ; sh:datatype xsd:integer ; sh:minInclusive 0 ] .\n"
        "ex:SC sh:targetClass ex:C ; sh:property [ sh:path ex:n ; sh:maxInclusive 4 ] ."
    )
    timed = _timed_plans(tmp_path, data, shapes)
    scans = [plan for plan, _, _ in timed if "values of <http://example.org/n> for 3 shapes" in plan.label]
    assert len(scans) == 1 and len(timed) == 1
    assert scans[0].query.count("BIND (") == 3  # the datatype test of ex:SA and ex:SB written once
    # ex:d is no focus node of any shape: its failing value is reported for nobody
    assert summary(validate(tmp_path, data, shapes)) == [
        ("a", "Datatype", "x"),
        ("b", "MinInclusive", "-1"),
        ("c", "MaxInclusive", "5"),
    ]


def _timed_plans(tmp_path, data, shapes):
    from swio.input.dataset import Dataset
    from swio.shacl.sparql_engine import SparqlEngine

    from .support.shacl_snippets import model_of, write

    dataset = Dataset.load([write(tmp_path, "plans.ttl", data)], schema=False)
    return SparqlEngine(model_of(tmp_path, shapes)).timed_plans(dataset)
