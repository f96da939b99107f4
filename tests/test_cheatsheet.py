"""The SPARQL cheat-sheet cannot drift: the docs page is what the generator makes from the ontology and
the data, it names every class and property the ontology declares, its examples run and answer in
both languages, and the site has it, in both languages, in its navigation."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from swio import resources
from swio.cli import main
from swio.queries import cheatsheet
from swio.queries.sparql_help import ontology_terms, undeclared_prefix_problem, unknown_terms

from .support.helpers import REPO

DOC = REPO / "docs" / "sparql-cheatsheet.md"


@pytest.fixture(scope="module")
def sheet(dataset):
    return cheatsheet.sheet(dataset)


def test_the_docs_page_is_what_the_generator_makes(sheet):
    assert DOC.read_text(encoding="utf-8") == cheatsheet.markdown(sheet), (
        "docs/sparql-cheatsheet.md is out of date: run python -m swio.queries.cheatsheet docs/sparql-cheatsheet.md"
    )
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*- .+: sparql-cheatsheet\.md$", nav, re.M)


def test_it_names_every_class_and_property_of_the_ontology(sheet):
    named = {t.curie for t in sheet.classes + sheet.properties}
    for curie in named:
        if curie.startswith("swio:"):
            assert curie[5:] in ontology_terms(), f"{curie} is in the cheat-sheet but not in the ontology"
    text = resources.ONTOLOGY_FILE.read_text(encoding="utf-8")
    for local in re.findall(r"^swio:(\w+)\s+a\s+owl:(?:Class|ObjectProperty|DatatypeProperty)\b", text, re.M):
        assert f"swio:{local}" in named, f"swio:{local} is missing from the cheat-sheet"
    for term in sheet.classes + sheet.properties:
        assert term.labels.get("en") and term.labels.get("zh"), term.curie


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_example_runs_and_answers(sheet, lang, tmp_path):
    assert len(sheet.examples) >= 5
    for i, example in enumerate(sheet.examples):
        text = cheatsheet.example_query(example, sheet)
        assert undeclared_prefix_problem(text, "example") is None and not unknown_terms(text)
        path = tmp_path / f"example-{i}.rq"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["query", str(path), "--lang", lang, "--format", "csv"])
        assert result.exit_code == 0, result.output
        assert len(result.stdout.splitlines()) > 2, f"example {i} gives no answer in {lang}"
        assert not result.stderr


def test_the_site_shows_it_in_both_languages_from_every_page(tmp_path, sheet):
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["site", "--out", str(out), "--base-url", "http://127.0.0.1:9/site"])
    assert result.exit_code == 0, result.output
    titles = {"en": "SPARQL cheat-sheet", "zh": "SPARQL 速查表"}
    for lang in ("en", "zh"):
        page = (out / f"sparql-cheatsheet.{lang}.html").read_text(encoding="utf-8")
        assert f"<h1>{titles[lang]}</h1>" in page
        for term in sheet.classes + sheet.properties:
            assert f"<code>{term.curie}</code>" in page
            assert term.label(lang).replace("'", "&#39;") in page
        for ns in sheet.vocabularies:
            assert f"PREFIX {ns.prefix}:" in page
        for path in [out / f"index.{lang}.html", out / f"queries/hefei-timeline.{lang}.html", out / f"def.{lang}.html"]:
            nav = re.search(r"<nav[^>]*>(.*?)</nav>", path.read_text(encoding="utf-8"), re.S).group(1)
            link = re.search(r'<a href="([^"]*sparql-cheatsheet\.' + lang + r'\.html)"', nav)
            assert link, f"{path.name}: no link to the cheat-sheet in the navigation"
            assert (path.parent / link.group(1)).resolve() == (out / f"sparql-cheatsheet.{lang}.html").resolve()
