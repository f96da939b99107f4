"""The W3C SHACL test suite (tests/w3c, see its README for the source and licence), one test per
manifest entry, run with the default engine.

Results are compared as the suite's README says (tests/support/shacl_suites.py): sh:conforms, and the
multiset of (focusNode, resultPath, value, sourceShape, sourceConstraintComponent, resultSeverity), blank
nodes compared by position (any blank node matches any blank node), paths structurally.
``sht:Failure`` entries must be refused with an InputError.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from swio.errors import InputError

from .support.shacl_suites import MF, SHT, actual_results, expected_report, file_of, manifest_entries, validate_files

SUITE = Path(__file__).parent / "w3c"

ENTRIES = sorted(manifest_entries(SUITE / "manifest.ttl"), key=lambda e: str(e[1]))


def _id(entry) -> str:
    return str(entry[1])[len(SUITE.as_uri()) + 1 :]


def run_entry(g, entry):
    action = g.value(entry, URIRef(MF + "action"))
    data_path = file_of(g.value(action, URIRef(SHT + "dataGraph")))
    shapes_path = file_of(g.value(action, URIRef(SHT + "shapesGraph")))
    return validate_files(data_path, shapes_path)


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_w3c(entry):
    g, node = entry
    assert (node, RDF.type, URIRef(SHT + "Validate")) in g
    result = g.value(node, URIRef(MF + "result"))
    if result == URIRef(SHT + "Failure"):
        with pytest.raises(InputError):
            run_entry(g, node)
        return
    results = run_entry(g, node)
    expected = expected_report(g, result, messages=False)
    assert (not results) == expected.conforms
    assert actual_results(results) == expected.results


def test_the_suite_is_complete():
    core = [e for e in ENTRIES if _id(e).startswith("core/")]
    sparql = [e for e in ENTRIES if _id(e).startswith("sparql/")]
    assert (len(core), len(sparql)) == (98, 22)
