"""The ontology under a real OWL reasoner: OWL 2 DL profile, consistency, satisfiability.

Profile decision (see the ontology's rdfs:comment and the README): ontology/swio.ttl
+ ontology/vocabularies.ttl are an OWL 2 DL ontology; the data are RDF checked by
SHACL and keep dates at the article's precision (xsd:date, xsd:gYearMonth, xsd:gYear),
which are outside the OWL 2 datatype map, so HermiT checks ontology + data with
``--ignoreUnsupportedDatatypes``.

Tools: HermiT and the OWL API, both as shipped inside the PyPI package owlready2
(a well-kept package that bundles the HermiT jar and calls it the documented way).
Pellet, which owlready2 also bundles, needs Java 25 in owlready2 0.51; HermiT runs on
Java 17. Needs a Java runtime with its compiler module (a JDK) on PATH.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import owlready2  # a test dependency: a missing package fails the module, it is not skipped
import pytest
import rdflib

from swio import resources

from .support.helpers import FIXTURES, REPO

FIXTURE_DIR = FIXTURES / "reasoner"
PROFILE_CHECK = REPO / "tests" / "owl" / "ProfileCheck.java"
HERMIT_JAR = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
SCHEMA = [resources.ONTOLOGY_FILE, resources.VOCABULARIES_FILE]


@pytest.fixture(scope="module", autouse=True)
def java():
    if shutil.which("java") is None:
        pytest.fail(
            "no java on PATH: the reasoner tests need a JDK 11+ (Debian: apt-get install -y default-jdk-headless; scripts/install-test-tools does it)"
        )


def _merged(tmp_path: Path, files, fmt: str = "nt", name: str = "merged") -> Path:
    graph = rdflib.Graph()
    for path in files:
        graph.parse(path, format="turtle")
    out = tmp_path / f"{name}.{'owl' if fmt == 'xml' else fmt}"
    graph.serialize(out, format=fmt, encoding="utf-8")
    return out


def _hermit(tmp_path: Path, files, *, ignore_unsupported_datatypes: bool):
    """Classify with HermiT; returns the world (raises owlready2's errors as HermiT reports them)."""
    world = owlready2.World()
    world.get_ontology(_merged(tmp_path, files).as_uri()).load()
    owlready2.sync_reasoner_hermit(
        world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=ignore_unsupported_datatypes
    )
    return world


def _profile(tmp_path: Path, files) -> subprocess.CompletedProcess:
    document = _merged(tmp_path, files, fmt="xml", name="profile")
    return subprocess.run(
        ["java", "-cp", str(HERMIT_JAR), str(PROFILE_CHECK), str(document)], capture_output=True, text=True, timeout=300
    )


def test_the_ontology_is_in_the_owl2_dl_profile(tmp_path):
    result = _profile(tmp_path, SCHEMA)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "violations: 0"


def test_the_profile_check_catches_a_violation(tmp_path):
    result = _profile(tmp_path, [*SCHEMA, FIXTURE_DIR / "illegal-punning.ttl"])
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    assert "IllegalPunning" in result.stdout and "https://w3id.org/swio/def#amount" in result.stdout


def test_the_ontology_is_consistent_and_every_class_satisfiable_under_strict_hermit(tmp_path):
    world = _hermit(tmp_path, SCHEMA, ignore_unsupported_datatypes=False)
    assert list(world.inconsistent_classes()) == []


def test_ontology_and_data_are_consistent(tmp_path):
    world = _hermit(tmp_path, [*SCHEMA, *resources.shipped_data_files()], ignore_unsupported_datatypes=True)
    assert list(world.inconsistent_classes()) == []


def test_strict_hermit_refuses_the_datas_precision_dates(tmp_path):
    """Why the data are not OWL 2 DL: HermiT knows only the OWL 2 datatype map, and xsd:date is not in it."""
    with pytest.raises(owlready2.OwlReadyJavaError, match="not part of the OWL 2 datatype map"):
        _hermit(tmp_path, [*SCHEMA, *resources.shipped_data_files()], ignore_unsupported_datatypes=False)


def test_hermit_refuses_an_xsd_gyear_range(tmp_path):
    """Why swio:year states no OWL range (SHACL checks the datatype instead)."""
    with pytest.raises(owlready2.OwlReadyJavaError, match="gYear"):
        _hermit(tmp_path, [*SCHEMA, FIXTURE_DIR / "gyear-range.ttl"], ignore_unsupported_datatypes=False)


def test_the_reasoner_catches_a_category_error(tmp_path):
    """A quotation whose speaker is a government body: Person and Organization are disjoint."""
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(
            tmp_path,
            [*SCHEMA, *resources.shipped_data_files(), FIXTURE_DIR / "category-error.ttl"],
            ignore_unsupported_datatypes=True,
        )
