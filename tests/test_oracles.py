"""swio's default engine against two independent SHACL engines, on the input as written.

The oracles (``tests/support/oracles.py``): pySHACL, which ``--engine pyshacl`` now runs on the files as
rdflib parses them (not read back from the canonicalising store), and shacl-rust. They must give
the same results as swio — same severity, focus node, path, value (as written), source shape and
component — on the shipped graph, on every shape fixture, on a copy of the shipped graph broken by
editing its Turtle text (issue 9, item 8), and on seeded synthetic graphs, where swio must also
report exactly the seeded ground truth. pySHACL takes minutes beyond 10k triples, so the 100k
graph is checked against shacl-rust only.
"""

from __future__ import annotations

from collections import Counter

import pytest
import rdflib

from swio import resources, synth
from swio.input.dataset import Dataset
from swio.shacl.pyshacl_engine import PyshaclEngine
from swio.shacl.sparql_engine import SparqlEngine
from swio.shacl.validation import load_model, validate_dataset

from .support.helpers import FIXTURES
from .support.oracles import dataset_paths, shacl_rust, swio_keys, without_sparql_values
from .support.turtle_mutations import KINDS, mutate

SHAPE_FIXTURES = sorted((FIXTURES / "shapes").glob("*.ttl"))
FIXTURE_NS = "https://example.org/swio-test/"  # the ex: namespace of every shape fixture


@pytest.fixture(scope="module")
def model():
    return load_model()


def three_engines(dataset: Dataset, model) -> tuple[Counter, Counter, Counter]:
    """Keys from swio's default engine, pySHACL and shacl-rust for one dataset and the shipped shapes."""
    fast = swio_keys(SparqlEngine(model).validate(dataset))
    reference = swio_keys(PyshaclEngine(model).validate(dataset))
    rust = shacl_rust(dataset_paths(dataset), resources.SHAPES_FILE)
    return fast, reference, rust


def differences(mine: Counter, other: Counter, name: str) -> str:
    lines = [f"only swio:      {k}" for k in sorted(mine - other)]
    lines += [f"only {name}: {k}" for k in sorted(other - mine)]
    return "\n".join(lines)


def assert_same(fast: Counter, pyshacl: Counter | None = None, shacl_rust: Counter | None = None) -> None:
    """swio's keys equal pySHACL's, and shacl-rust's with SPARQL-constraint values left out (tests/support/oracles.py)."""
    problems = []
    if pyshacl is not None and pyshacl != fast:
        problems.append(differences(fast, pyshacl, "pyshacl"))
    if shacl_rust is not None and shacl_rust != without_sparql_values(fast):
        problems.append(differences(without_sparql_values(fast), shacl_rust, "shacl_rust"))
    assert not problems, "\n".join(problems)


def test_shipped_graph(model):
    fast, reference, rust = three_engines(Dataset.load(None), model)
    assert sum(fast.values()) == 2  # the 965 warning and the 90 % info
    assert_same(fast, pyshacl=reference, shacl_rust=rust)


def test_every_shape_fixture(tmp_path, model):
    """All shape fixtures (pass and fail) in one data set, each in its own namespace so that none
    masks another, validated once by each engine."""
    for fixture in SHAPE_FIXTURES:
        text = fixture.read_text(encoding="utf-8").replace(FIXTURE_NS, f"{FIXTURE_NS}{fixture.stem}/")
        (tmp_path / fixture.name).write_text(text, encoding="utf-8")
    fast, reference, rust = three_engines(Dataset.load([tmp_path]), model)
    with_results = {k[1].removeprefix(f"<{FIXTURE_NS}").split("/", 1)[0] for k in fast}
    assert {f.stem for f in SHAPE_FIXTURES if f.stem.endswith(".fail")} <= with_results
    assert_same(fast, pyshacl=reference, shacl_rust=rust)


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """The shipped data with 8 text mutations of each kind (fewer where a kind has fewer sites)."""
    out = tmp_path_factory.mktemp("broken")
    mutations = mutate(resources.shipped_data_files(), out, seed=9, per_kind=8)
    return out, mutations


def test_broken_copy_of_the_shipped_graph(broken, model):
    folder, mutations = broken
    assert {m.kind for m in mutations} == set(KINDS)  # every kind found a place to bite
    dataset = Dataset.load([folder], strict_literals=False)  # ill-typed dates reach the engines
    assert dataset.ill_typed, "the ill-typed dates must be in the data"
    fast, reference, rust = three_engines(dataset, model)
    components = Counter(k[5].rsplit("#", 1)[-1] for k in rust.elements())
    # the oracles see what the mutations broke: datatypes, cardinality of sources
    assert components["DatatypeConstraintComponent"] >= 30 and components["MinCountConstraintComponent"] >= 8
    assert_same(fast, pyshacl=reference, shacl_rust=rust)


def test_written_literals_are_reported_as_written(broken, model):
    """A count written "4"^^xsd:int is a sh:datatype xsd:integer violation whose value is that literal,
    not the "4"^^xsd:integer the store makes of it."""
    folder, mutations = broken
    report = validate_dataset(Dataset.load([folder], strict_literals=False))
    xsd = "http://www.w3.org/2001/XMLSchema#"
    derived = {xsd + t for t in ("int", "long", "nonNegativeInteger", "positiveInteger")}
    written = {
        (m.after.split('"')[1], xsd + m.kind.removeprefix("integer-as-"))
        for m in mutations
        if m.kind.startswith("integer-as-")
    }
    reported = [
        (str(r.value), str(r.value.datatype))
        for r in report.results
        if r.component == "DatatypeConstraintComponent"
        and isinstance(r.value, rdflib.Literal)
        and str(r.value.datatype) in derived
    ]
    assert len(reported) >= 20  # most of the 32 rewritten counts sit under a sh:datatype xsd:integer
    assert set(reported) <= written


@pytest.fixture(scope="module")
def synth_10k(tmp_path_factory):
    return synth.generate(tmp_path_factory.mktemp("synth-10k"), scale=10_000, seed=3, violations=2)


def test_seeded_synthetic_graph_10k(synth_10k, model):
    dataset = Dataset.load([synth_10k.path], strict_literals=False)
    results = SparqlEngine(model).validate(dataset)
    missing, unexpected = synth.compare(results, synth_10k.ground_truth)
    assert not missing and not unexpected, (missing, unexpected)
    fast = swio_keys(results)
    reference = swio_keys(PyshaclEngine(model).validate(dataset))
    rust = shacl_rust(dataset_paths(dataset), resources.SHAPES_FILE)
    assert_same(fast, pyshacl=reference, shacl_rust=rust)


def test_seeded_synthetic_graph_100k_against_shacl_rust(tmp_path, model):
    seeded = synth.generate(tmp_path, scale=100_000, seed=4, violations=3)
    dataset = Dataset.load([seeded.path], strict_literals=False)
    results = SparqlEngine(model).validate(dataset)
    missing, unexpected = synth.compare(results, seeded.ground_truth)
    assert not missing and not unexpected, (missing, unexpected)
    rust = shacl_rust(dataset_paths(dataset), resources.SHAPES_FILE)
    assert_same(swio_keys(results), shacl_rust=rust)


def test_pyshacl_engine_reads_the_files_not_the_store(tmp_path):
    """ "0042"^^xsd:integer has 4 characters and "5"^^xsd:int is not an xsd:integer — as written;
    the store would have made them "42" and "5"^^xsd:integer."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:code ;\n"
        "  sh:property [ sh:path ex:code ; sh:maxLength 3 ] , [ sh:path ex:count ; sh:datatype xsd:integer ] .\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix ex: <https://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:a ex:code "0042"^^xsd:integer ; ex:count "5"^^xsd:int .\n',
        encoding="utf-8",
    )
    before = rdflib.NORMALIZE_LITERALS
    results = PyshaclEngine(load_model(shapes)).validate(Dataset.load([data]))
    assert rdflib.NORMALIZE_LITERALS is before  # switched off only around the parse
    found = sorted((r.component, str(r.value), str(r.value.datatype).rsplit("#", 1)[-1]) for r in results)
    assert found == [("DatatypeConstraintComponent", "5", "int"), ("MaxLengthConstraintComponent", "0042", "integer")]


def test_pyshacl_engine_explains_a_file_rdflib_cannot_read(tmp_path):
    """A space before ^^ is valid Turtle (Oxigraph reads it) that rdflib refuses: one line, exit 2."""
    from click.testing import CliRunner

    from swio.cli import main

    data = tmp_path / "spaced.ttl"
    data.write_text(
        "@prefix ex: <https://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
        'ex:a ex:date "2012-04-17" ^^xsd:date .\n',
        encoding="utf-8",
    )
    fine = CliRunner().invoke(main, ["validate", str(data)])
    assert fine.exit_code == 0, fine.output
    refused = CliRunner().invoke(main, ["validate", "--engine", "pyshacl", str(data)])
    assert refused.exit_code == 2
    (line,) = refused.stderr.strip().splitlines()
    assert line.startswith(f"swio: error: {data}:3: the pyshacl engine cannot read this file with rdflib")
