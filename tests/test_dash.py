"""TopQuadrant's DASH test cases for SHACL Core and SHACL-SPARQL (tests/dash: see its README and SOURCE.txt),
one test per file, run with swio's engine.

Each file is one graph holding the shapes, the data and a dash:GraphValidationTestCase whose
dash:expectedResult is the report TopBraid SHACL gives; results are compared as the W3C suite's are
(tests/support/shacl_suites.py). Where swio answers otherwise by the letter of the spec, the file is in
``EXPECTED_DIFFERENCES`` with the reason, and the test checks swio's own answer: nothing is skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Namespace
from rdflib.namespace import RDF

from swio.errors import InputError

from .support.shacl_suites import expected_report, outcome, parse, validate_files

SUITE = Path(__file__).resolve().parent / "dash"
DASH = Namespace("http://datashapes.org/dash#")
FILES = sorted(SUITE.rglob("*.test.ttl"))

UNDECLARED = (
    "the SPARQL query uses a prefix no sh:declare in the shapes graph gives (TopBraid takes it from the "
    "file's @prefix lines or from the imported DASH library, which is not part of the graph): SHACL takes a "
    "query's prefixes from sh:prefixes (5.2.1), so swio refuses the query"
)

#: file -> (reason, text of the error swio gives)
EXPECTED_DIFFERENCES = {
    "sparql/node/prefixes-001.test.ttl": (UNDECLARED, "the prefix ex: is not declared"),
    "sparql/node/sparql-001.test.ttl": (UNDECLARED, "the prefix rdfs: is not declared"),
}


def _id(path: Path) -> str:
    return path.relative_to(SUITE).as_posix()


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_dash(path):
    g = parse(path)
    (case,) = set(g.subjects(RDF.type, DASH.GraphValidationTestCase))
    expected = expected_report(g, g.value(case, DASH.expectedResult), messages=False)
    if _id(path) in EXPECTED_DIFFERENCES:
        reason, error = EXPECTED_DIFFERENCES[_id(path)]
        assert reason
        with pytest.raises(InputError, match=error):
            validate_files(path, path)
        return
    assert outcome(validate_files(path, path), expected) == "same"


def test_the_suite_is_complete():
    core = [p for p in FILES if _id(p).startswith("core/")]
    sparql = [p for p in FILES if _id(p).startswith("sparql/")]
    assert (len(core), len(sparql)) == (85, 8)
