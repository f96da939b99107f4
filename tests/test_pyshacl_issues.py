"""pySHACL's issue regression cases (tests/pyshacl_issues: see its README and SOURCE.txt), one test per case,
run with swio's engine and compared with the answer pySHACL's own test asserts: whether the data conforms
(with pySHACL's allow_warnings / allow_infos, warnings / infos do not count), or that the shapes are refused.

Where swio answers otherwise because it follows the letter of the SHACL spec (or does not do what the case
asks of pySHACL beyond SHACL, such as inference), the case is in ``EXPECTED_DIFFERENCES`` with the reason,
and the test checks swio's own answer instead: nothing is skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from swio.errors import InputError
from swio.input.dataset import Dataset
from swio.shacl.model import graph_from_triples, read_model
from swio.shacl.sparql_engine import SparqlEngine

SUITE = Path(__file__).parent / "pyshacl_issues"
CASES = json.loads((SUITE / "cases.json").read_text(encoding="utf-8"))["cases"]

UNDECLARED = (
    "the SPARQL query uses a prefix no sh:declare gives: SHACL takes a query's prefixes from sh:prefixes "
    "(5.2.1), and a Turtle file's @prefix lines are not part of the shapes graph, so swio refuses the query "
    "where pySHACL borrows the file's prefixes"
)
INFERENCE = (
    "pySHACL runs this case with RDFS or OWL-RL inference on the data (inference=rdfs/both); swio validates "
    "the data graph as given, as SHACL does when the shapes graph asks for no entailment"
)
OWL_CLASS = (
    "the shape is an owl:Class and a sh:NodeShape: SHACL's implicit class target needs a SHACL instance of "
    "rdfs:Class (2.1.3.3), which owl:Class is only under inference, so the shape has no focus nodes"
)
IGNORED = (
    "sh:ignoredProperties is a parameter of the sh:closed constraint (4.8.1): without sh:closed true it is "
    "no constraint at all, not an error in the shapes graph"
)
OWL_IMPORTS = (
    "pySHACL fetches the shapes graph's owl:imports (do_owl_imports); swio reads exactly the shapes given, "
    "so the imported shapes are not there"
)
RECURSION = (
    "the shapes refer to themselves (sh:node / sh:property cycles); SHACL leaves the validation of recursive "
    "shapes undefined (3.4.4), so swio refuses them where pySHACL picks one reading"
)
XSD_STRING = (
    'in RDF 1.1 a plain literal "EPL-2.0" and "EPL-2.0"^^xsd:string are the same term, so the value is in '
    "the sh:in list; rdflib keeps the two apart"
)

#: case -> (reason, swio's answer: {"conforms": bool} or {"refused": text in the error})
EXPECTED_DIFFERENCES = {
    "issue_102-test_102-1": (UNDECLARED, {"refused": "the prefix skos: is not declared"}),
    "test_008-test_008-1": (UNDECLARED, {"refused": "the prefix rdf: is not declared"}),
    "test_008-test_008-2": (UNDECLARED, {"refused": "the prefix rdf: is not declared"}),
    "test_029-test_029-1": (OWL_CLASS, {"conforms": True}),
    "test_038-test_038-1": (INFERENCE, {"conforms": True}),
    "test_040-test_040-1": (RECURSION, {"refused": "recursive shapes are not supported"}),
    "test_058-test_058-1": (IGNORED, {"conforms": True}),
    "test_071-test_071_positive-1": (INFERENCE, {"conforms": False}),
    "test_116-test_116_1-1": (OWL_CLASS, {"conforms": True}),
    "test_116-test_116_4-1": (OWL_CLASS, {"conforms": True}),
    "test_170-test_170-2": (INFERENCE, {"conforms": True}),
    "test_170-test_170_2-2": (INFERENCE, {"conforms": True}),
    "test_170-test_170_3-1": (UNDECLARED, {"refused": "the prefix dcat: is not declared"}),
    "test_170-test_170_3-2": (UNDECLARED, {"refused": "the prefix dcat: is not declared"}),
    "test_199-test_199-1": (OWL_CLASS, {"conforms": True}),
    "test_281-test_281_a-1": (OWL_IMPORTS, {"conforms": True}),
    "test_286-test_286_a-1": (XSD_STRING, {"conforms": True}),
}


def swio_answer(case: dict) -> dict:
    """swio's answer on the case: the data (plus the extra ontology graph pySHACL mixes into it) against the
    shapes (the data graph itself when the case gives none, as pySHACL does)."""
    folder = SUITE / case["id"]
    files = [folder / case["files"]["data"]]
    if "ontology" in case["files"]:
        files.append(folder / case["files"]["ontology"])
    try:
        dataset = Dataset.load(files, schema=False, strict_literals=False, allow_empty=True)
        if "shapes" in case["files"]:
            path = folder / case["files"]["shapes"]
            shapes = graph_from_triples(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
        else:
            shapes = graph_from_triples(dataset.triples())
        results = SparqlEngine(read_model(shapes)).validate(dataset)
    except InputError as err:
        return {"refused": str(err)}
    allowed = set()
    if case["options"].get("allow_warnings"):
        allowed |= {"Warning", "Info"}
    if case["options"].get("allow_infos"):
        allowed |= {"Info"}
    return {"conforms": all(r.severity in allowed for r in results)}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_pyshacl_issue_case(case):
    answer = swio_answer(case)
    if case["id"] in EXPECTED_DIFFERENCES:
        reason, expected = EXPECTED_DIFFERENCES[case["id"]]
        assert reason
    elif "error" in case["pyshacl"]:
        expected = {"refused": ""}
    else:
        expected = {"conforms": case["pyshacl"]["conforms"]}
    if "refused" in expected:
        assert "refused" in answer and expected["refused"] in answer["refused"], answer
    else:
        assert answer == expected


def test_every_expected_difference_is_a_real_difference_from_pyshacl():
    """The list stays honest: each entry differs from what pySHACL answers, and names a case that exists."""
    by_id = {c["id"]: c for c in CASES}
    for case_id, (_reason, expected) in EXPECTED_DIFFERENCES.items():
        pyshacl = by_id[case_id]["pyshacl"]
        assert expected != {"conforms": pyshacl.get("conforms")} or "error" in pyshacl, case_id


def test_the_cases_are_all_there():
    assert len(CASES) == 63
    assert all((SUITE / c["id"] / c["files"]["data"]).is_file() for c in CASES)
