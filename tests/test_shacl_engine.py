"""shacl-engine's own test cases (tests/shacl_engine: see its README and SOURCE.txt; its copy of the W3C suite is
not repeated), one test per manifest entry, run with swio's engine and compared as the W3C suite's are
(tests/support/shacl_suites.py), with sh:resultMessage compared where the expected results give it.

Where swio answers otherwise by the letter of the SHACL spec, or the expected report holds what SHACL does not
define (shacl-engine's debug and coverage output), the entry is in ``EXPECTED_DIFFERENCES`` with the reason,
and the test checks swio's own answer: nothing is skipped. ``sht:Failure`` means refused, as in the W3C suite.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, SH

from swio.errors import InputError

from .support.shacl_suites import MF, SHT, Expected, expected_report, file_of, manifest_entries, outcome, validate_files

SUITE = Path(__file__).resolve().parent / "shacl_engine"
GROUPS = ("coverage", "custom", "details", "message", "misc", "severity", "sparql", "sparql-targets")
SHN = "https://schemas.link/shacl-next#"

DEBUG = (
    "the expected report holds shacl-engine's debug or coverage results (severity shn:Debug or shn:Trace, "
    f"<{SHN}>), which are not SHACL: swio's results are the expected report's SHACL results"
)
COVERAGE = (
    "the expected result is a coverage report (sht:Coverage), shacl-engine's own output, not a SHACL "
    "validation report: swio's report of the same shapes and data has no results"
)
EACH_LIST = (
    "each value of sh:or / sh:xone is a constraint of its own (SHACL 4.6.2, 4.6.4: 'each value of sh:or in a "
    "shape is a SHACL list'): a node must satisfy every one, so it fails a list it does not fit even when "
    "it fits another, and a node failing two lists gets two results; shacl-engine merges the lists"
)
RECURSION = "recursive shapes: SHACL leaves their validation undefined (3.4.4), so swio refuses them"
NO_PATH = (
    "a sh:PropertyShape without sh:path makes the shapes graph ill-formed (2.3.1: exactly one sh:path), "
    "deactivated or not, so swio refuses it"
)
NO_MESSAGE = (
    "'sh:resultMessage false' is shacl-engine's way of saying 'no message'; SHACL lets a processor give its "
    "own message where the shapes give none (3.6.2.4), and swio does"
)
COMPONENT_MESSAGE = (
    "a sh:message on a SHACL Core component's IRI is shacl-engine's extension: SHACL takes messages from "
    "shapes, SPARQL-based constraints and their validators, so swio gives its own message for the component"
)
TERM_TEXT = (
    "how a message template writes a literal is left to the processor (SHACL 5.3.2); swio writes its "
    'lexical form (1), shacl-engine its Turtle form ("1")'
)
TARGET_NODE = (
    "sh:targetNode targets the node whether or not the data graph mentions it (SHACL 2.1.3.1), so the node "
    "is checked against sh:class and fails it"
)
SPARQL_TARGET = "sh:target (SPARQL-based targets) is SHACL Advanced Features, which swio refuses rather than ignores"

#: entry -> (reason, swio's answer): ("without-debug",), ("refused", error text), ("no-results",),
#: ("results", Counter of (focus local name, component local name)), ("messages", {swio's messages})
EXPECTED_DIFFERENCES = {
    "coverage/and-traversal": (DEBUG, ("without-debug",)),
    "coverage/list": (COVERAGE, ("no-results",)),
    "coverage/multi-node": (DEBUG, ("without-debug",)),
    "coverage/subClassOf-self-ref": (DEBUG, ("without-debug",)),
    "custom/and-multi-list": (DEBUG, ("without-debug",)),
    "custom/example1": (DEBUG, ("without-debug",)),
    "custom/circular": (RECURSION, ("refused", "recursive shapes are not supported")),
    "custom/deactivated-closed": (NO_PATH, ("refused", "a sh:PropertyShape needs a sh:path")),
    "custom/or-multi-list": (
        EACH_LIST,
        (
            "results",
            Counter(
                {
                    ("ValidRectangle1", "Or"): 1,
                    ("ValidRectangle3", "Or"): 1,
                    ("InvalidRectangle1", "Or"): 2,
                    ("InvalidRectangle2", "Or"): 2,
                }
            ),
        ),
    ),
    "custom/xone-multi-list": (EACH_LIST, ("results", Counter({("Bob", "Xone"): 1, ("Carla", "Xone"): 1}))),
    "details/not-details": (DEBUG, ("without-debug",)),
    "details/or-details": (DEBUG, ("without-debug",)),
    "details/qualified-value-shape-details": (DEBUG, ("without-debug",)),
    "details/xone-details": (DEBUG, ("without-debug",)),
    "message/empty": (
        NO_MESSAGE,
        ("messages", {"value <http://example.org/Bob> is not an instance of <http://example.org/Person>"}),
    ),
    "message/from-constraint-component": (
        COMPONENT_MESSAGE,
        ("messages", {"value <http://example.org/Bob> is not an instance of <http://example.org/Person>"}),
    ),
    "message/from-validator": (
        COMPONENT_MESSAGE,
        ("messages", {'the property <http://example.org/name> is not allowed (closed shape), value "Alice"'}),
    ),
    "misc/targetNode-non-existing": (TARGET_NODE, ("results", Counter({("Instance1", "Class"): 1}))),
    "sparql/debug": (DEBUG, ("without-debug",)),
    "sparql/message": (TERM_TEXT, ("messages", {"A is 1, B is 2", "A ist 1, B ist 2"})),
    "sparql-targets/target-select-001": (SPARQL_TARGET, ("refused", "sh:target (SHACL Advanced Features)")),
    "sparql-targets/target-select-002": (SPARQL_TARGET, ("refused", "sh:target (SHACL Advanced Features)")),
    "sparql-targets/target-select-no-match": (SPARQL_TARGET, ("refused", "sh:target (SHACL Advanced Features)")),
}


def _entries():
    for group in GROUPS:
        for g, entry in manifest_entries(SUITE / group / "manifest.ttl"):
            yield f"{group}/{str(entry).rsplit('/', 1)[-1]}", g, entry


ENTRIES = list(_entries())


def _run(g, entry):
    action = g.value(entry, URIRef(MF + "action"))
    data = file_of(g.value(action, URIRef(SHT + "dataGraph")))
    shapes = file_of(g.value(action, URIRef(SHT + "shapesGraph")))
    return validate_files(data, shapes)


def _local(term) -> str:
    return str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@pytest.mark.parametrize("name, g, entry", ENTRIES, ids=[e[0] for e in ENTRIES])
def test_shacl_engine(name, g, entry):
    result = g.value(entry, URIRef(MF + "result"))
    if name not in EXPECTED_DIFFERENCES:
        if result == URIRef(SHT + "Failure"):
            with pytest.raises(InputError):
                _run(g, entry)
            return
        assert g.value(result, RDF.type) == SH.ValidationReport
        assert outcome(_run(g, entry), expected_report(g, result)) == "same"
        return
    reason, (kind, *args) = EXPECTED_DIFFERENCES[name]
    assert reason
    if kind == "refused":
        with pytest.raises(InputError, match=args[0].replace("(", r"\(").replace(")", r"\)")):
            _run(g, entry)
        return
    results = _run(g, entry)
    if kind == "no-results":
        assert g.value(result, RDF.type) == URIRef(SHT + "Coverage") and results == []
    elif kind == "without-debug":
        expected = expected_report(g, result)
        shacl = Counter({key: n for key, n in expected.results.items() if not key[5].startswith(SHN)})
        assert shacl != expected.results  # there was debug output to leave out
        assert outcome(results, Expected(not shacl, shacl, expected.messages)) == "same"
    elif kind == "results":
        assert Counter((_local(r.focus), r.component.removesuffix("ConstraintComponent")) for r in results) == args[0]
    elif kind == "messages":
        expected = expected_report(g, result, messages=False)
        assert outcome(results, expected) == "same"  # the same results, messages apart
        assert {text for r in results for text in r.messages().values()} == args[0]


def test_the_suite_is_complete():
    assert len(ENTRIES) == 37
