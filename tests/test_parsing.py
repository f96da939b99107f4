"""Every Turtle file parses with two independent parsers (rdflib and pyoxigraph), to the same triples."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from swio import resources

TURTLE_FILES = sorted([*resources.ONTOLOGY_DIR.glob("*.ttl"), *resources.DATA_DIR.glob("*.ttl")], key=lambda p: p.name)


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: p.name)
def test_file_parses_with_rdflib_and_pyoxigraph_to_the_same_graph(path):
    g = rdflib.Graph().parse(path, format="turtle")
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert len(g) > 0
    assert len(quads) == len(g)
    ox_graph = rdflib.Graph().parse(data="\n".join(str(q.triple) + " ." for q in quads), format="nt")
    assert isomorphic(g, ox_graph), f"{path.name}: the two parsers disagree"


def test_there_is_one_file_per_case_and_the_shared_files():
    names = {p.stem for p in resources.DATA_DIR.glob("*.ttl")}
    assert {"hefei", "nanjing", "beijing-xicheng", "shanghai", "pudong", "places", "sources"} <= names
