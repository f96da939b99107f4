"""The repository as a newcomer picks it up: one version, licences that agree, the changelog, the metadata
and the habits' configuration files."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

import pytest
import rdflib
import yaml
from rdflib import OWL, SKOS, URIRef
from rdflib.namespace import DCTERMS

import swio
from swio import resources

from .support.helpers import REPO, changelog_versions

ONTOLOGY = URIRef("https://w3id.org/swio/def")
SHAPES = URIRef("https://w3id.org/swio/shapes")
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
CITATION = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
VERSION = re.compile(r"\d+\.\d+\.\d+")


@pytest.fixture(scope="module")
def ontology():
    return rdflib.Graph().parse(resources.ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def shapes():
    return rdflib.Graph().parse(resources.SHAPES_FILE)


# -- one version -------------------------------------------------------------------------------


def test_the_package_is_the_one_version_source():
    assert VERSION.fullmatch(swio.__version__)
    assert "version" not in PYPROJECT["project"] and "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "src/swio/__init__.py"
    # what pip installed says the same (after a version change, reinstall: pip install -e .)
    assert importlib.metadata.version("swio") == swio.__version__


def test_the_ontology_and_the_shapes_carry_the_package_version(ontology, shapes):
    v = swio.__version__
    assert str(ontology.value(ONTOLOGY, OWL.versionInfo)) == v
    assert str(ontology.value(ONTOLOGY, OWL.versionIRI)) == f"{ONTOLOGY}/{v}"
    assert str(shapes.value(SHAPES, OWL.versionInfo)) == v
    assert str(shapes.value(SHAPES, OWL.versionIRI)) == f"{SHAPES}/{v}"


def test_citation_cff_carries_the_package_version_and_the_changelog_date():
    assert CITATION["cff-version"] == "1.2.0"
    assert str(CITATION["version"]) == swio.__version__
    section = re.search(
        rf"^## \[{re.escape(swio.__version__)}\] - (\d{{4}}-\d{{2}}-\d{{2}})$",
        (REPO / "CHANGELOG.md").read_text(encoding="utf-8"),
        re.M,
    )
    assert section, f"CHANGELOG.md has no section ## [{swio.__version__}] - DATE"
    assert str(CITATION["date-released"]) == section.group(1)


def test_the_changelog_follows_keep_a_changelog():
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n") and "keepachangelog.com" in text
    sections = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert sections[0] == "Unreleased" and sections[1:] == changelog_versions()
    assert swio.__version__ in sections
    for version in changelog_versions():  # newest first, each with its link
        assert re.search(rf"^\[{re.escape(version)}\]: \S+", text, re.M), f"no link for [{version}]"
    keys = [tuple(int(n) for n in v.split(".")) for v in changelog_versions()]
    assert keys == sorted(keys, reverse=True)
    for heading in re.findall(r"^### (.+)$", text, re.M):
        assert heading in {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, heading


def test_the_ontology_keeps_one_short_change_note_per_version_and_language(ontology):
    notes = list(ontology.objects(ONTOLOGY, SKOS.changeNote))
    seen = set()
    for note in notes:
        version = re.match(r"(\d+\.\d+\.\d+)[：:]", str(note))
        assert version, f"a change note starts with its version: {note[:40]!r}"
        assert (version.group(1), note.language) not in seen, f"two {note.language} notes for {version.group(1)}"
        seen.add((version.group(1), note.language))
        assert len(note) <= 300, f"the detail goes into CHANGELOG.md, not the ontology: {note[:60]!r}…"
    assert {(swio.__version__, "zh"), (swio.__version__, "en")} <= seen
    assert {v for v, _ in seen} <= set(changelog_versions())


# -- licences ----------------------------------------------------------------------------------


def test_the_licence_files_and_the_metadata_agree(ontology, shapes):
    mit = (REPO / "LICENSE").read_text(encoding="utf-8")
    data = (REPO / "LICENSE-DATA").read_text(encoding="utf-8")
    assert mit.startswith("MIT License") and "Permission is hereby granted, free of charge" in mit
    assert "Attribution 4.0 International" in data and "Creative Commons" in data
    project = PYPROJECT["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert project["license-files"] == ["LICENSE", "LICENSE-DATA"]
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]  # the expression says it
    # the dataset (what CITATION.cff cites and the ontology, shapes and release describe) is CC BY 4.0
    assert CITATION["license"] == "CC-BY-4.0"
    assert str(ontology.value(ONTOLOGY, DCTERMS.license)) == CC_BY
    assert str(shapes.value(SHAPES, DCTERMS.license)) == CC_BY


def test_the_installed_package_names_both_licences():
    meta = importlib.metadata.metadata("swio")
    assert meta["License-Expression"] == "MIT AND CC-BY-4.0"
    assert sorted(meta.get_all("License-File") or []) == ["LICENSE", "LICENSE-DATA"]


# -- metadata and habits ---------------------------------------------------------------------------


def test_classifiers_and_project_urls():
    project = PYPROJECT["project"]
    assert "Typing :: Typed" in project["classifiers"]
    assert f"Programming Language :: Python :: {project['requires-python'].lstrip('>=')}" in project["classifiers"]
    assert project["urls"]["Homepage"] == "https://w3id.org/swio"
    assert all(url.startswith("https://w3id.org/swio") for url in project["urls"].values())
    assert (REPO / "src" / "swio" / "py.typed").is_file()


def test_the_pre_commit_hooks_and_the_test_extras_use_the_same_ruff():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "end-of-file-fixer", "trailing-whitespace", "check-yaml", "check-toml"} <= set(
        hooks
    )
    pinned = {dep for hook in hooks.values() for dep in hook.get("additional_dependencies", [])}
    ruff = [dep for dep in pinned if dep.startswith("ruff==")]
    assert len(ruff) == 1 and ruff[0] in PYPROJECT["project"]["optional-dependencies"]["test"]


def test_editorconfig_matches_the_formatter():
    text = (REPO / ".editorconfig").read_text(encoding="utf-8")
    assert "root = true" in text
    assert re.search(r"^max_line_length = (\d+)$", text, re.M).group(1) == str(PYPROJECT["tool"]["ruff"]["line-length"])


def test_yaml_and_toml_files_parse():
    for path in sorted(REPO.glob("*.toml")) + sorted(REPO.glob("*.y*ml")) + [REPO / "CITATION.cff"]:
        text = path.read_text(encoding="utf-8")
        (tomllib.loads if path.suffix == ".toml" else yaml.safe_load)(text)
