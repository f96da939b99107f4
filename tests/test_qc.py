"""The QC checks in qc/: the shipped graph passes every one, and each fires on a broken fixture."""

from __future__ import annotations

import pytest
import rdflib
from click.testing import CliRunner

from swio.cli import main
from swio.errors import QueryError
from swio.input.dataset import Dataset
from swio.qc import CHECKS_DIR, checks, run_checks

from .support.helpers import FIXTURES

CHECKS = checks()
BROKEN = FIXTURES / "qc"
#: The term each fixture breaks: the check must name it in a row.
BROKEN_TERMS = {
    "duplicate-labels": "https://example.org/swio-test/a",
    "duplicate-definitions": "https://example.org/swio-test/c1",
    "missing-labels": "https://w3id.org/swio/id/org/qc-test-unlabelled",
    "missing-definitions": "https://w3id.org/swio/def#QcTestUndefined",
    "missing-superclasses": "https://w3id.org/swio/def#QcTestOrphanClass",
    "missing-examples": "https://w3id.org/swio/def#QcTestNoExample",
    "undeclared-terms": "https://w3id.org/swio/def#SocialWorkAssocation",
    "orphan-concepts": "https://example.org/swio-test/k",
}


def test_the_checks_odk_runs_are_all_there_with_bilingual_headers():
    assert set(CHECKS) == set(BROKEN_TERMS)
    for check in CHECKS.values():
        for part in (check.title, check.question, check.shows):
            assert set(part) == {"en", "zh"}, f"{check.name}: header needs title/question/shows in en and zh"


def test_the_shipped_graph_passes_every_check(dataset):
    results = run_checks(dataset)
    # the SPARQL checks in qc/, then the values against their own sentences (swio.sentence_values)
    assert [r.name for r in results] == [*sorted(CHECKS), "sentence-values"]
    failing = {
        r.name: [[c.plain() if c else None for c in row] for row in r.table.rows] for r in results if not r.passed
    }
    assert failing == {}


def test_every_check_has_a_broken_fixture():
    assert sorted(p.stem for p in BROKEN.glob("*.ttl")) == sorted(CHECKS)


@pytest.mark.parametrize("name", sorted(BROKEN_TERMS))
def test_check_fires_on_its_broken_fixture(name):
    broken = Dataset.load([BROKEN / f"{name}.ttl"])
    result = next(r for r in run_checks(broken) if r.name == name)
    assert not result.passed, f"{name} returned no row on {name}.ttl"
    named = {c.plain() for row in result.table.rows for c in row if c is not None}
    assert BROKEN_TERMS[name] in named, f"{name} did not name {BROKEN_TERMS[name]}: {named}"
    # every row is about the fixture, not about the ontology and vocabularies loaded with it
    in_fixture = {str(term) for triple in rdflib.Graph().parse(BROKEN / f"{name}.ttl") for term in triple}
    assert all(any(str(c.plain()) in in_fixture for c in row if c is not None) for row in result.table.rows), (
        result.table.rows
    )


def test_cli_passes_on_the_shipped_graph():
    result = CliRunner().invoke(main, ["qc"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == f"qc: {len(CHECKS) + 1} checks, 0 failed"
    assert all(line.startswith("ok    ") for line in lines[:-1])
    assert "ok    sentence-values: Values that disagree with their own sentence" in lines


def test_cli_fails_with_the_rows_on_broken_data():
    result = CliRunner().invoke(main, ["qc", str(BROKEN / "undeclared-terms.ttl")])
    assert result.exit_code == 1
    out = result.stdout
    assert "FAIL  undeclared-terms: Classes and properties used but not declared (2 rows)" in out
    assert "SocialWorkAssocation" in out and "basedln" in out
    assert out.strip().splitlines()[-1] == f"qc: {len(CHECKS) + 1} checks, 1 failed (2 rows)"


def test_cli_titles_in_chinese():
    result = CliRunner().invoke(main, ["qc", "--lang", "zh"])
    assert result.exit_code == 0 and "ok    duplicate-labels: 重复标签" in result.stdout


def test_a_checks_directory_of_ones_own_runs_only_its_checks(tmp_path):
    (tmp_path / "people.rq").write_text(
        "# title@en: People\n# title@zh: 人\nSELECT ?p WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> } LIMIT 0\n",
        encoding="utf-8",
    )
    assert [r.name for r in run_checks(directory=tmp_path)] == ["people"]


def test_a_missing_checks_directory_is_one_line_with_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["qc", "--checks", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == f"swio: error: {tmp_path / 'nowhere'}: no such directory of QC checks"


def test_a_broken_check_is_one_line_with_exit_2(tmp_path):
    (tmp_path / "broken.rq").write_text("SELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["qc", "--checks", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("swio: error: qc/broken: SPARQL syntax error: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_empty_checks_directory_is_an_error(tmp_path):
    with pytest.raises(QueryError, match="holds no QC checks"):
        checks(tmp_path)


def test_the_checks_are_shipped_next_to_the_queries():
    assert CHECKS_DIR.name == "qc" and (CHECKS_DIR / "duplicate-labels.rq").is_file()
