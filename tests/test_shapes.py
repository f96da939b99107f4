"""Every shape is proven: data that must fail it, data that must pass it.

Property shapes are exercised by mutating the shipped data (tests/support/shape_mutations.py);
the SPARQL-based shapes by small fixtures in tests/fixtures/shapes/.
"""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SH

from swio import resources
from swio.input.dataset import Dataset
from swio.shacl.validation import load_model, validate, validate_dataset

from .support.helpers import FIXTURES
from .support.shape_mutations import apply, plan_mutations

MODEL = load_model()
SHAPES_NS = "https://w3id.org/swio/shapes#"
MUTATIONS = plan_mutations(MODEL, Dataset.load())


@pytest.fixture(scope="module")
def shipped_report():
    return validate()


def test_shipped_graph_has_no_violations(shipped_report):
    assert shipped_report.violations == 0, [r.message() for r in shipped_report.results if r.severity == "Violation"]


def test_the_articles_own_inconsistency_is_a_warning_not_a_fix(shipped_report):
    warnings = [r for r in shipped_report.results if r.severity == "Warning"]
    assert [(str(r.named_shape), str(r.focus)) for r in warnings] == [
        (SHAPES_NS + "PartsAddUpShape", "https://w3id.org/swio/id/quantity/anhui-zhiye-shuiping-zhengshu-2013-08")
    ]
    assert warnings[0].message("en") == "the stated total 965 differs from the sum of its parts 975"
    assert warnings[0].message("zh") == "原文总数 965 与分项之和 975 不符"
    assert warnings[0].file.name == "hefei.ttl"


def test_the_rounded_nanjing_percentage_is_an_info(shipped_report):
    infos = [r for r in shipped_report.results if r.severity == "Info"]
    assert [str(r.focus).rsplit("/", 1)[-1] for r in infos] == ["nanjing-danwei-huiyuan"]
    assert "87.3" in infos[0].message("en")


def test_every_shape_has_zh_and_en_messages():
    for shape in MODEL.all_shapes():
        sparql = shape.sparql
        templates = list(shape.messages) + [m for c in sparql for m in c.messages]
        if shape.is_property or sparql:
            assert sorted(m.language for m in templates) in (["en", "zh"], ["en", "en", "zh", "zh"]), shape.node


def test_severities_are_deliberate():
    named = {str(s.node).rsplit("#", 1)[-1]: s for s in MODEL.shapes}
    warnings = {n for n, s in named.items() if s.severity == SH.Warning}
    infos = {n for n, s in named.items() if s.severity == SH.Info}
    assert warnings == {
        "PartsAddUpShape",
        "FoundedBeforeActivityShape",
        "SpeakerHoldsPostShape",
        "KnownMembersWithinCountShape",
        "DivisionCodeNestingShape",
        "IntervalOrderShape",
        "CapacityHeldByAgentShape",
        "SentenceValueShape",  # checked in Python (swio.sentence_values), reported by swio validate as a warning
    }
    assert infos == {"ShareOfCountShape"}
    for shape in MODEL.all_shapes():
        if shape.is_property:
            assert shape.severity == SH.Violation, "structure and datatypes break the model"


def test_there_is_a_mutation_for_every_property_constraint():
    expected = sum(1 for s in MODEL.shapes for p in s.properties for c in p.constraints)
    assert len(MUTATIONS) == expected > 150


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.id)
def test_property_constraint_fails_on_broken_data_and_passes_on_shipped(mutation, shipped_report):
    def hits(report):
        return [
            r
            for r in report.results
            if r.named_shape == mutation.node_shape.node
            and r.path == mutation.shape.path_sparql
            and r.component == mutation.constraint.component
        ]

    assert hits(shipped_report) == [], "the shipped data must pass this constraint"
    broken = Dataset.load()
    apply(broken, mutation)
    found = hits(validate_dataset(broken))
    assert any(r.focus == mutation.focus for r in found), (
        f"{mutation.id}: not reported on {mutation.focus} after {mutation.update}"
    )
    assert all(r.severity == "Violation" for r in found)


SPARQL_SHAPES = sorted(p.name.split(".")[0] for p in (FIXTURES / "shapes").glob("*.fail.ttl"))


def test_every_sparql_based_shape_has_fixtures():
    sparql_shapes = sorted(str(s.node).rsplit("#", 1)[-1] for s in MODEL.shapes if s.sparql)
    assert sparql_shapes == SPARQL_SHAPES


@pytest.mark.parametrize("name", SPARQL_SHAPES)
@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_sparql_shape_fixture_fails_and_passes(name, engine):
    shape = URIRef(SHAPES_NS + name)
    failing = validate([FIXTURES / "shapes" / f"{name}.fail.ttl"], engine=engine)
    passing = validate([FIXTURES / "shapes" / f"{name}.pass.ttl"], engine=engine)
    assert [r for r in failing.results if r.named_shape == shape], f"{name}.fail.ttl does not fail {name}"
    assert [r for r in passing.results if r.named_shape == shape] == []
    fail_hit = next(r for r in failing.results if r.named_shape == shape)
    assert fail_hit.file.name == f"{name}.fail.ttl"
    assert set(fail_hit.messages()) == {"zh", "en"}


def test_fixture_messages_name_the_numbers():
    report = validate([FIXTURES / "shapes" / "KnownMembersWithinCountShape.fail.ttl"])
    hit = next(r for r in report.results if str(r.named_shape).endswith("KnownMembersWithinCountShape"))
    assert hit.message("en") == "lists 3 known members, more than the 2 the source gives"
    assert hit.severity == "Warning"


def test_founding_check_compares_at_the_coarser_precision():
    report = validate([FIXTURES / "shapes" / "FoundedBeforeActivityShape.fail.ttl"])
    hits = [r for r in report.results if str(r.named_shape).endswith("FoundedBeforeActivityShape")]
    assert len(hits) == 1 and hits[0].bindings["when"] == Literal(
        "2011", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")
    )


def test_shapes_file_is_the_shipped_one():
    assert resources.SHAPES_FILE.name == "shapes.ttl" and len(MODEL.shapes) >= 45
