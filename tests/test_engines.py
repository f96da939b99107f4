"""The fast engine (SHACL compiled to SPARQL on Oxigraph) gives exactly pySHACL's results."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner

from swio.cli import main
from swio.errors import InputError
from swio.input.dataset import Dataset
from swio.shacl.pyshacl_engine import PyshaclEngine
from swio.shacl.sparql_engine import SparqlEngine
from swio.shacl.validation import load_model, make_engine

from .support.helpers import FIXTURES
from .support.shape_mutations import apply, plan_mutations

MODEL = load_model()


def keys(results):
    return Counter(r.key() for r in results)


def both(dataset):
    return SparqlEngine(MODEL).validate(dataset), PyshaclEngine(MODEL).validate(dataset)


def test_engines_agree_on_the_shipped_graph():
    fast, reference = both(Dataset.load())
    assert keys(fast) == keys(reference)
    assert len(fast) == 2


def test_engines_agree_on_a_graph_broken_in_every_way_the_mutations_know():
    broken = Dataset.load()
    for mutation in plan_mutations(MODEL, Dataset.load()):
        apply(broken, mutation)
    # the mutations change the store (both views); pySHACL reads the files unless given the graph
    fast = SparqlEngine(MODEL).validate(broken)
    reference = PyshaclEngine(MODEL).validate_graph(broken.to_rdflib())
    assert len(fast) > 150
    assert keys(fast) == keys(reference)


@pytest.mark.parametrize("fixture", sorted((FIXTURES / "shapes").glob("*.ttl")), ids=lambda p: p.name)
def test_engines_agree_on_each_shape_fixture(fixture):
    fast, reference = both(Dataset.load([fixture]))
    assert keys(fast) == keys(reference)


def test_the_default_engine_is_sparql_and_auto_is_gone(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true ; sh:property [ sh:path ex:p ] .\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix ex: <https://example.org/> .\nex:a a ex:C ; ex:p 1 .\nex:b a ex:C ; ex:p 2 ; ex:q 3 .\n",
        encoding="utf-8",
    )
    model = load_model(shapes)
    assert make_engine(model).name == "sparql"
    with pytest.raises(InputError, match=r"^unknown `engine` 'auto'; choose one of sparql, pyshacl$"):
        make_engine(model, "auto")
    result = CliRunner().invoke(main, ["validate", "--engine", "auto", "--shapes", str(shapes), str(data)])
    assert result.exit_code == 2 and "--engine" in result.stderr
    dataset = Dataset.load([data])
    fast, reference = SparqlEngine(model).validate(dataset), PyshaclEngine(model).validate(dataset)
    assert keys(fast) == keys(reference)
    assert sorted((str(r.focus).rsplit("/", 1)[-1], r.component) for r in fast) == [
        ("a", "ClosedConstraintComponent"),
        ("b", "ClosedConstraintComponent"),
        ("b", "ClosedConstraintComponent"),
    ]
