"""Paths and small helpers shared by the tests."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
#: the source article, as archived (the one copy in the repository; swio.resources.ARTICLE_FILE is the same file)
ARTICLE = REPO / "source" / "000_edb6593af680b9cd.txt"


def changelog_versions() -> list[str]:
    """The versions CHANGELOG.md has a section for (``## [0.1.0] - 2026-11-27``), newest first."""
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", text, re.M)


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_same_answers(endpoint: str, dataset, name: str, lang: str = "en", params: dict | None = None) -> None:
    """A question answers over ``endpoint`` with exactly the embedded store's columns and rows."""
    import swio

    here = swio.query(name, params=params, lang=lang, dataset=dataset)
    there = swio.query(name, params=params, lang=lang, endpoint=endpoint)
    assert there.columns == here.columns and there.rows == here.rows


LITERAL_FORMS = FIXTURES / "load" / "literal-forms.ttl"
LITERAL_FORMS_GRAPH = "urn:x-swio:test:literal-forms"
#: What each store gives back of the fixture's literals (the README's table under `swio load`).
STORES_KEEP = {
    "oxigraph": {
        "int": ("5", "xsd:integer"),
        "padded": ("42", "xsd:integer"),
        "plus": ("7", "xsd:integer"),
        "decimal": ("1.5", "xsd:decimal"),
        "double": ("1", "xsd:double"),
        "boolean": ("true", "xsd:boolean"),
        "date": ("2013-09-25", "xsd:date"),
        "gyear": ("2013", "xsd:gYear"),
    },
    "virtuoso": {
        "int": ("5", "xsd:int"),
        "padded": ("42", "xsd:integer"),
        "plus": ("7", "xsd:integer"),
        "decimal": ("1.5", "xsd:decimal"),
        "double": ("1.0", "xsd:double"),
        "boolean": ("1", "xsd:boolean"),
        "date": ("2013-09-25", "xsd:date"),
        "gyear": ("2013", "xsd:gYear"),
    },
}


def stored_forms(query_url: str, auth=None) -> dict[str, tuple[str, str]]:
    """What a store gives back for the literal-forms fixture loaded into LITERAL_FORMS_GRAPH: property local
    name -> (lexical form, datatype as xsd:NAME), for the typed literals of STORES_KEEP."""
    import requests

    query = f"SELECT ?p ?o WHERE {{ GRAPH <{LITERAL_FORMS_GRAPH}> {{ <http://example.org/terms/forms> ?p ?o }} }}"
    r = requests.post(
        query_url, data={"query": query}, headers={"Accept": "application/sparql-results+json"}, auth=auth, timeout=30
    )
    r.raise_for_status()
    return {
        b["p"]["value"].rsplit("/", 1)[1]: (
            b["o"]["value"],
            b["o"].get("datatype", "").replace("http://www.w3.org/2001/XMLSchema#", "xsd:"),
        )
        for b in r.json()["results"]["bindings"]
        if b["p"]["value"].rsplit("/", 1)[1] in STORES_KEEP["oxigraph"]
    }
