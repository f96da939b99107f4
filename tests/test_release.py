"""`swio build`: reproducible, self-describing, round-tripping, atomic, refuses invalid graphs."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from swio.publish import release
from swio.cli import main
from swio.input.dataset import Dataset
from swio.namespaces import DATASET_IRI, ONTOLOGY_IRI

from .helpers import FIXTURES

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
FORMATS = {".ttl": ("turtle", ox.RdfFormat.TURTLE), ".nt": ("nt", ox.RdfFormat.N_TRIPLES),
           ".jsonld": ("json-ld", ox.RdfFormat.JSON_LD), ".rdf": ("xml", ox.RdfFormat.RDF_XML)}


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "dist"
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def merged():
    return Dataset.load().to_rdflib()


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_release_contents(dist):
    names = set(tree(dist))
    for name in ("swio-0.1.0.ttl", "swio-0.1.0.nt", "swio-0.1.0.jsonld", "swio-0.1.0.rdf", "swio-0.1.0.trig",
                 "swio-ontology-0.1.0.ttl", "swio-shapes-0.1.0.ttl", "context.jsonld", "void.ttl", "SHA256SUMS",
                 "answers/en/model-comparison.csv", "answers/zh/model-comparison.csv"):
        assert name in names


def test_two_builds_are_byte_identical_whatever_the_hash_seed(dist, tmp_path):
    other = tmp_path / "again"
    env = dict(os.environ, PYTHONHASHSEED="4242")
    subprocess.run([sys.executable, "-m", "swio.cli", "build", "--out", str(other)], check=True, env=env,
                   capture_output=True)
    assert tree(other) == tree(dist)


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_each_distribution_parses_back_with_rdflib_and_pyoxigraph(dist, merged, suffix):
    path = dist / f"swio-0.1.0{suffix}"
    rdflib_fmt, ox_fmt = FORMATS[suffix]
    assert isomorphic(rdflib.Graph().parse(path, format=rdflib_fmt), merged)
    quads = list(ox.parse(path=str(path), format=ox_fmt))
    ox_graph = rdflib.Graph().parse(data=ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES),
                                    format="nt")
    assert isomorphic(ox_graph, merged)


def test_trig_keeps_ontology_and_data_in_their_own_graphs(dist):
    ds = rdflib.Dataset()
    ds.parse(dist / "swio-0.1.0.trig", format="trig")
    sizes = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
    loaded = Dataset.load()
    assert sizes == {ONTOLOGY_IRI: sum(f.triples for f in loaded.files if f.schema),
                     DATASET_IRI: sum(f.triples for f in loaded.files if not f.schema)}
    quads = list(ox.parse(path=str(dist / "swio-0.1.0.trig"), format=ox.RdfFormat.TRIG))
    assert len(quads) == sum(sizes.values())


def test_ontology_alone_is_the_ontology_and_vocabularies(dist):
    g = rdflib.Graph().parse(dist / "swio-ontology-0.1.0.ttl")
    assert (rdflib.URIRef(ONTOLOGY_IRI), rdflib.OWL.versionInfo, rdflib.Literal("0.1.0")) in g
    assert not list(g.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/swio/def#SocialWorkAssociation")))


def test_void_and_dcat_figures_are_correct(dist, merged):
    void = rdflib.Graph().parse(dist / "void.ttl")
    ds = rdflib.URIRef(DATASET_IRI)
    value = lambda p: void.value(ds, p).toPython()  # noqa: E731
    assert value(VOID.triples) == len(merged)
    assert value(VOID.classes) == len(set(merged.objects(None, rdflib.RDF.type)))
    assert value(VOID.properties) == len(set(merged.predicates()))
    assert value(VOID.distinctSubjects) == len(set(merged.subjects()))
    assert value(VOID.distinctObjects) == len(set(merged.objects()))
    assert value(VOID.entities) == len({s for s in merged.subjects()
                                        if str(s).startswith("https://w3id.org/swio/id/")})
    assert str(void.value(ds, rdflib.OWL.versionInfo)) == "0.1.0"
    assert str(void.value(ds, DCT.license)) == "https://creativecommons.org/licenses/by/4.0/"
    assert str(void.value(ds, DCT.source)) == "https://w3id.org/swio/id/source/gongyi-shibao-hefei-moshi"
    assert str(void.value(ds, DCT.issued)) == "2026-11-27"
    distributions = list(void.objects(ds, DCAT.distribution))
    assert len(distributions) == 7
    media = {".ttl": "text/turtle", ".nt": "application/n-triples", ".jsonld": "application/ld+json",
             ".rdf": "application/rdf+xml", ".trig": "application/trig"}
    for d in distributions:
        name = str(void.value(d, DCT.title))
        data = (dist / name).read_bytes()
        assert void.value(d, DCAT.byteSize).toPython() == len(data)
        checksum = void.value(d, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert str(void.value(d, DCAT.mediaType)).endswith(media[Path(name).suffix])
    graphs = {str(void.value(s, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#name"))):
              void.value(s, VOID.triples).toPython() for s in void.objects(ds, VOID.subset)}
    assert sum(graphs.values()) == len(merged)


def test_sha256sums_list_every_other_file(dist):
    lines = (dist / "SHA256SUMS").read_text().splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    files = tree(dist)
    files.pop("SHA256SUMS")
    assert listed == {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def test_jsonld_reads_naturally_with_the_published_context(dist):
    doc = json.loads((dist / "swio-0.1.0.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == json.loads((dist / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    node = next(n for n in doc["@graph"] if n["@id"] == "body:hefei-shi-shehui-gongzuo-xiehui")
    assert node["label"] == {"en": "Hefei Social Work Association", "zh": "合肥市社会工作协会"}
    assert node["basedIn"] == "place:hefei-shi"


def test_answers_are_the_canned_questions_as_csv(dist):
    out = CliRunner().invoke(main, ["query", "model-comparison", "--format", "csv", "--lang", "zh"]).stdout
    assert (dist / "answers" / "zh" / "model-comparison.csv").read_text(encoding="utf-8") == out


def test_release_date_can_be_pinned(tmp_path):
    out = tmp_path / "dist"
    assert CliRunner().invoke(main, ["build", "--out", str(out), "--date", "2027-01-02"]).exit_code == 0
    assert '"2027-01-02"^^xsd:date' in (out / "void.ttl").read_text()
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--date", "soon"])
    assert result.exit_code == 2 and "--date 'soon' is not a date" in result.stderr


def test_invalid_graph_is_not_published_and_the_old_release_stays(dist, tmp_path):
    out = tmp_path / "dist"
    assert CliRunner().invoke(main, ["build", "--out", str(out)]).exit_code == 0
    before = tree(out)
    result = CliRunner().invoke(main, ["build", str(FIXTURES / "bad" / "violations.ttl"), "--out", str(out)])
    assert result.exit_code == 1
    assert "SHACL violation(s); nothing was built" in result.stderr and "Traceback" not in result.stderr
    assert tree(out) == before


def test_a_build_that_fails_midway_leaves_the_previous_release(dist, tmp_path, monkeypatch):
    out = tmp_path / "dist"
    assert CliRunner().invoke(main, ["build", "--out", str(out)]).exit_code == 0
    before = tree(out)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(release, "_void", broken)
    with pytest.raises(OSError):
        release.build(out)
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]
