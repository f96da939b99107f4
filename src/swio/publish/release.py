"""Build a versioned, self-describing release folder (``swio build``).

The folder holds the merged graph in Turtle, N-Triples, JSON-LD (compacted with
a published ``@context``), RDF/XML and TriG (ontology and data as named graphs),
the ontology and the shapes on their own, a VoID + DCAT description with counts,
media types, byte sizes and SHA-256 checksums, the canned questions' answers as
CSV, and ``SHA256SUMS``.

Builds are reproducible: triples are written in sorted order, JSON is written with
sorted keys, and the only date is the release date, pinned to the ontology's
``dcterms:modified`` (or ``date``/``SOURCE_DATE_EPOCH``). The folder is written
next to the target and swapped in only when complete, and a graph with SHACL
violations is not published.

A build only ever replaces a previous release: a folder whose ``SHA256SUMS`` lists
every other file in it with its checksum, ``void.ttl`` among them describing the SWIO
dataset (:func:`release_problem`). Anything else at ``out`` (a folder of other files, a
changed release, a file, a symlink, the current directory) is refused before any work.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import __version__, resources
from ..atomic_files import Leftovers
from ..errors import InputError, ValidationFailed
from ..input.dataset import Dataset, ntriples_document
from ..namespaces import ALL_PREFIXES, DATASET_IRI, ONTOLOGY_IRI, RDF_TYPE, SWIO
from .folder import FolderWriter, Kind, check_target, folder_problem
from .graph_files import GraphFilesProcess
from .site import write_release_site

RELEASE_BASE = "https://w3id.org/swio/release/"
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".trig": "application/trig",
    ".csv": "text/csv",
}
LANG_TERMS = {  # properties whose values read best as language maps in JSON-LD
    "label": "http://www.w3.org/2000/01/rdf-schema#label",
    "comment": "http://www.w3.org/2000/01/rdf-schema#comment",
    "prefLabel": "http://www.w3.org/2004/02/skos/core#prefLabel",
    "definition": "http://www.w3.org/2004/02/skos/core#definition",
    "changeNote": "http://www.w3.org/2004/02/skos/core#changeNote",
    "title": "http://purl.org/dc/terms/title",
    "description": "http://purl.org/dc/terms/description",
    "name": "http://xmlns.com/foaf/0.1/name",
}
ID_TERMS = {  # reused object properties, written as plain IRIs in JSON-LD
    "source": "http://purl.org/dc/terms/source",
    "isPartOf": "http://purl.org/dc/terms/isPartOf",
    "hasPart": "http://purl.org/dc/terms/hasPart",
    "spatial": "http://purl.org/dc/terms/spatial",
    "publisher": "http://purl.org/dc/terms/publisher",
    "license": "http://purl.org/dc/terms/license",
    "postIn": "http://www.w3.org/ns/org#postIn",
    "heldBy": "http://www.w3.org/ns/org#heldBy",
    "role": "http://www.w3.org/ns/org#role",
    "member": "http://www.w3.org/ns/org#member",
    "organization": "http://www.w3.org/ns/org#organization",
    "subOrganizationOf": "http://www.w3.org/ns/org#subOrganizationOf",
    "hasMember": "http://www.w3.org/ns/org#hasMember",
    "resultingOrganization": "http://www.w3.org/ns/org#resultingOrganization",
    "inScheme": "http://www.w3.org/2004/02/skos/core#inScheme",
    "broader": "http://www.w3.org/2004/02/skos/core#broader",
    "topConceptOf": "http://www.w3.org/2004/02/skos/core#topConceptOf",
    "hasTopConcept": "http://www.w3.org/2004/02/skos/core#hasTopConcept",
    "hasTime": "http://www.w3.org/2006/time#hasTime",
    "hasBeginning": "http://www.w3.org/2006/time#hasBeginning",
    "hasEnd": "http://www.w3.org/2006/time#hasEnd",
    "wasDerivedFrom": "http://www.w3.org/ns/prov#wasDerivedFrom",
    "subClassOf": "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    "subPropertyOf": "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
    "domain": "http://www.w3.org/2000/01/rdf-schema#domain",
    "range": "http://www.w3.org/2000/01/rdf-schema#range",
    "isDefinedBy": "http://www.w3.org/2000/01/rdf-schema#isDefinedBy",
    "seeAlso": "http://www.w3.org/2000/01/rdf-schema#seeAlso",
}


@dataclass
class BuildResult:
    out: Path
    version: str
    files: dict[str, str]  # name -> sha256
    triples: int
    leftovers: Leftovers = field(default_factory=lambda: Leftovers([], []))  # stale build folders found next to out
    notes: list[str] = field(default_factory=list)  # what the output should say (a site without resource pages)


def release_prefixes() -> dict[str, str]:
    return dict(sorted(ALL_PREFIXES.items()))


def _merged_lines(*parts: list[bytes]) -> list[bytes]:
    """Sorted N-Triples lines merged in the same order, each once."""
    return list(dict.fromkeys(sorted(line for part in parts for line in part)))


@contextmanager
def _set_on_error(event: threading.Event):
    try:
        yield
    except BaseException:
        event.set()
        raise


def _refuse_violations(report) -> None:
    if report.violations:
        first = next(r for r in report.results if r.severity == "Violation")
        raise ValidationFailed(
            f"the graph has {report.violations} SHACL violation(s); nothing was built "
            f"(first: {first.file or '-'}: {first.focus}: {first.message()}); run `swio validate` for all"
        )


def _answers(dataset: Dataset, stop: threading.Event) -> list[tuple[str, bytes]]:
    """The canned questions answered in each language, as ``(answers/LANG/NAME.csv, CSV)``; an empty list
    as soon as ``stop`` is set (the build failed: no need to finish)."""
    from ..queries.catalog import bind, catalog, run_embedded
    from ..queries.table import render

    out = []
    for query in catalog().values():
        for lang in ("en", "zh"):
            if stop.is_set():
                return []
            table = run_embedded(dataset, bind(query, {}, lang), name=query.name, query=query, lang=lang)
            out.append((f"answers/{lang}/{query.name}.csv", render(table, "csv", lang=lang).encode("utf-8")))
    return out


def _ontology_info(dataset: Dataset) -> tuple[str, str, str]:
    """The release's version (the package's, which the ontology header must state), date and licence."""
    rows = list(
        dataset.query(
            f"SELECT ?v ?m ?lic WHERE {{ <{ONTOLOGY_IRI}> <http://www.w3.org/2002/07/owl#versionInfo> ?v ; "
            f"<http://purl.org/dc/terms/modified> ?m ; <http://purl.org/dc/terms/license> ?lic }}"
        )
    )
    if not rows:
        raise InputError("the ontology header lacks owl:versionInfo, dcterms:modified or dcterms:license")
    if rows[0]["v"].value != __version__:
        raise InputError(
            f"the ontology header says owl:versionInfo {rows[0]['v'].value!r} but this is swio {__version__}: "
            "give the ontology the package's version (CONTRIBUTING.md, 'Making a release')"
        )
    return __version__, rows[0]["m"].value, rows[0]["lic"].value


MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last second a date can name


def pinned_date(pinned: str | None = None) -> str | None:
    """The release date ``date`` (``pinned``) or ``SOURCE_DATE_EPOCH`` pins (ISO), or None; InputError when
    malformed."""
    if pinned is not None:
        try:
            return dt.date.fromisoformat(pinned.strip()).isoformat()
        except ValueError:
            raise InputError(f"`date` {pinned!r} is not a date (YYYY-MM-DD)") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch:
        return None
    if not re.fullmatch(r"[0-9]+", epoch.strip()) or int(epoch) > MAX_EPOCH:
        raise InputError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970-01-01 "
            f"(0 to {MAX_EPOCH}; unset it to use the ontology's dcterms:modified)"
        )
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()


def release_date(pinned: str | None, ontology_modified: str) -> str:
    return pinned_date(pinned) or ontology_modified


def jsonld_context(dataset: Dataset) -> dict:
    """Prefixes, language maps for labels and texts, IRIs for object properties."""
    ctx: dict = {}
    for term, iri in LANG_TERMS.items():
        ctx[term] = {"@id": iri, "@container": "@language"}
    for term, iri in ID_TERMS.items():
        ctx[term] = {"@id": iri, "@type": "@id"}
    kinds = {}
    for row in dataset.query(
        'SELECT ?p ?k WHERE { ?p a ?k FILTER (STRSTARTS(STR(?p), "' + SWIO + '") && ?k IN '
        "(<http://www.w3.org/2002/07/owl#ObjectProperty>, <http://www.w3.org/2002/07/owl#DatatypeProperty>)) }"
    ):
        kinds[row["p"].value] = row["k"].value.rsplit("#", 1)[-1]
    lang_ranges = {
        row["p"].value
        for row in dataset.query(
            "SELECT ?p WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#range> "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> }"
        )
    }
    for iri, kind in sorted(kinds.items()):
        term = iri[len(SWIO) :]
        if term in ctx:
            continue
        if kind == "ObjectProperty":
            ctx[term] = {"@id": iri, "@type": "@id"}
        elif iri in lang_ranges:
            ctx[term] = {"@id": iri, "@container": "@language"}
        else:
            ctx[term] = {"@id": iri}
    # prefixes whose names a term already uses (role, award, bound, unit …) are left out:
    # their IRIs are then written in full rather than as misleading compact IRIs
    prefixes = {name: ns for name, ns in release_prefixes().items() if name not in ctx}
    return dict(sorted({**prefixes, **ctx}.items()))


@dataclass
class _Statistics:
    """The VoID counts of a graph, from its N-Triples lines (terms compared as written)."""

    triples: int
    subjects: set[bytes]
    properties: set[bytes]
    objects: set[bytes]
    classes: set[bytes]

    @classmethod
    def of(cls, lines: list[bytes]) -> _Statistics:
        subjects, properties, objects, classes = set(), set(), set(), set()
        rdf_type = f"<{RDF_TYPE}>".encode()
        for line in lines:
            s, p, o = line[:-2].split(b" ", 2)  # subjects and predicates hold no spaces; the line ends in " ."
            subjects.add(s)
            properties.add(p)
            objects.add(o)
            if p == rdf_type:
                classes.add(o)
        return cls(len(lines), subjects, properties, objects, classes)

    @property
    def entities(self) -> int:
        return sum(1 for s in self.subjects if s.startswith(b"<https://w3id.org/swio/id/"))

    @property
    def vocabularies(self) -> list[str]:
        iris = (p[1:-1].decode("utf-8") for p in self.properties)
        return sorted({p.rsplit("#", 1)[0] + "#" if "#" in p else p.rsplit("/", 1)[0] + "/" for p in iris})


#: what void.ttl repeats about the sources: enough to cite the original article and its repost
_SOURCE_PREDICATES = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/terms/publisher",
    "http://purl.org/dc/terms/issued",
    "http://purl.org/dc/terms/modified",
    "http://purl.org/dc/terms/language",
    "http://purl.org/dc/terms/bibliographicCitation",
    "http://www.w3.org/ns/prov#wasDerivedFrom",
)


def source_records(dataset: Dataset) -> list[str]:
    """Turtle lines describing the source the data is drawn from, as the graph states it: the archived repost
    (the node with swio:archivedCopy), the article it derives from (with its dcterms:bibliographicCitation) and
    their publishers' labels."""
    rows = list(
        dataset.query(
            "SELECT ?copy ?article WHERE { ?copy <https://w3id.org/swio/def#archivedCopy> ?file . "
            "OPTIONAL { ?copy <http://www.w3.org/ns/prov#wasDerivedFrom> ?article } } ORDER BY ?copy"
        )
    )
    nodes: list[str] = []
    for row in rows:
        for term in (row["article"], row["copy"]):
            if term is not None and term.value not in nodes:
                nodes.append(term.value)
    wanted = set(_SOURCE_PREDICATES)
    lines: list[str] = []
    publishers: list[str] = []
    for iri in nodes:
        found = sorted(
            (r["p"].value, str(r["o"]))
            for r in dataset.query(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}")
            if r["p"].value in wanted and not isinstance(r["o"], ox.BlankNode)
        )
        if not found:
            continue
        body = " ;\n".join(f"    <{p}> {o}" for p, o in dict.fromkeys(found))
        lines += [f"<{iri}>", body + " .", ""]
        publishers += [o[1:-1] for p, o in found if p.endswith("/publisher") and o.startswith("<")]
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    for iri in dict.fromkeys(publishers):
        labels = sorted({str(r["l"]) for r in dataset.query(f"SELECT ?l WHERE {{ <{iri}> <{label}> ?l }}")})
        if labels:
            lines += [f"<{iri}> <{label}> {' , '.join(labels)} .", ""]
    return lines


def _void(
    *,
    version: str,
    date: str,
    licence: str,
    stats: _Statistics,
    graph_triples: dict[str, int],
    distributions: dict[str, tuple[int, str]],
    sources: list[str] | None = None,
) -> bytes:
    base = f"{RELEASE_BASE}{version}/"
    vocabularies = stats.vocabularies
    lines = [
        "@prefix void: <http://rdfs.org/ns/void#> .",
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix prov: <http://www.w3.org/ns/prov#> .",
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
        "@prefix spdx: <http://spdx.org/rdf/terms#> .",
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        "# The SWIO dataset, this release, its graphs and its distributions.",
        "",
        f"<{DATASET_IRI}> a void:Dataset , dcat:Dataset ;",
        '    dcterms:title "SWIO：社会工作行业组织知识图谱"@zh , "SWIO: the Social Work Industry Organisation knowledge graph"@en ;',
        '    dcterms:description "中国社会工作行业组织（合肥模式及南京、北京西城、上海、浦东案例）的本体与数据，每个事实可追溯至来源文章。"@zh , '
        "\"Ontology and data on China's social-work industry organisations (the Hefei model and the Nanjing, Beijing Xicheng, "
        'Shanghai and Pudong cases), each fact traceable to the source article."@en ;',
        f'    owl:versionInfo "{version}" ;',
        f'    dcat:version "{version}" ;',
        f"    owl:versionIRI <{base}> ;",
        f"    dcterms:license <{licence}> ;",
        f'    dcterms:issued "{date}"^^xsd:date ;',
        f'    dcterms:modified "{date}"^^xsd:date ;',
        "    dcterms:source <https://w3id.org/swio/id/source/gongyi-shibao-hefei-moshi> ;",
        "    prov:wasDerivedFrom <https://w3id.org/swio/id/source/qingliu-shegongwang-2013-09-25> ;",
        f"    dcterms:conformsTo <{ONTOLOGY_IRI}> ;",
        '    void:uriSpace "https://w3id.org/swio/id/" ;',
        "    void:exampleResource <https://w3id.org/swio/id/org/hefei-shi-shehui-gongzuo-xiehui> ;",
        f"    void:triples {stats.triples} ;",
        f"    void:entities {stats.entities} ;",
        f"    void:classes {len(stats.classes)} ;",
        f"    void:properties {len(stats.properties)} ;",
        f"    void:distinctSubjects {len(stats.subjects)} ;",
        f"    void:distinctObjects {len(stats.objects)} ;",
        "    void:vocabulary " + " , ".join(f"<{v}>" for v in vocabularies) + " ;",
        "    void:subset " + " , ".join(f"<{base}graph/{name}>" for name in sorted(graph_triples)) + " ;",
        "    dcat:distribution " + " , ".join(f"<{base}{name}>" for name in sorted(distributions)) + " .",
        "",
    ]
    if sources:
        lines += ["# The source: the original article (how to cite it) and the repost the data were drawn from.", ""]
        lines += sources
    for name, count in sorted(graph_triples.items()):
        iri = ONTOLOGY_IRI if name == "ontology" else DATASET_IRI
        lines += [
            f"<{base}graph/{name}> a void:Dataset , sd:NamedGraph ;",
            f"    sd:name <{iri}> ;",
            f'    dcterms:title "{name} graph"@en ;',
            f"    void:triples {count} .",
            "",
        ]
    for name, (size, digest) in sorted(distributions.items()):
        media = MEDIA_TYPES[Path(name).suffix]
        lines += [
            f"<{base}{name}> a dcat:Distribution ;",
            f'    dcterms:title "{name}" ;',
            f"    dcat:downloadURL <{base}{name}> ;",
            f"    dcat:mediaType <https://www.iana.org/assignments/media-types/{media}> ;",
            f'    dcterms:format "{media}" ;',
            f'    dcat:byteSize "{size}"^^xsd:nonNegativeInteger ;',
            f"    dcterms:license <{licence}> ;",
            f"    spdx:checksum <{base}{name}#sha256> .",
            f"<{base}{name}#sha256> a spdx:Checksum ;",
            "    spdx:algorithm spdx:checksumAlgorithm_sha256 ;",
            f'    spdx:checksumValue "{digest}"^^xsd:hexBinary .',
            "",
        ]
    return "\n".join(lines).encode("utf-8")


# -- what --out may be ---------------------------------------------------------------------------


def _describes_swio(folder: Path) -> bool:
    void = folder / "void.ttl"
    try:
        if void.is_symlink() or void.stat().st_size > 16 << 20:
            return False
        triples = ox.parse(path=str(void), format=ox.RdfFormat.TURTLE)
        wanted = ox.Triple(
            ox.NamedNode(DATASET_IRI), ox.NamedNode(RDF_TYPE), ox.NamedNode("http://rdfs.org/ns/void#Dataset")
        )
        return any(q.triple == wanted for q in triples)
    except (OSError, SyntaxError, ValueError):
        return False


#: A release: void.ttl describing the SWIO dataset, every file listed in SHA256SUMS.
RELEASE = Kind("release", ("void.ttl",), _describes_swio)


def release_problem(folder: str | Path) -> str | None:
    """Why the existing folder is not a swio release (this version's or an earlier one's) that a build may
    replace, or None (see :mod:`swio.publish.folder`)."""
    return folder_problem(folder, RELEASE)


def check_release_target(out: str | Path) -> Path:
    """The folder ``out`` names, resolved, if a build may write it; InputError (one line) if not."""
    return check_target(out, RELEASE)


def build(
    out: str | Path = "dist",
    *,
    data_paths: Iterable[str | Path] | None = None,
    date: str | None = None,
    with_answers: bool = True,
    with_site: bool = True,
    sparql_endpoint: str | None = None,
    resource_pages: str = "auto",
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Validate, then write the release folder ``out`` atomically (``with_site=False``: without ``site/``,
    which at a million triples is most of the build: a page per resource). ``resource_pages`` as for
    ``swio site``: by default a graph with more than ``MAX_RESOURCE_PAGES`` resources gets a site without
    a page per resource (``notes`` says so). ``progress``, if given, is called with a short line now and
    then (what is being read or written).

    ``out`` must be new, empty or a previous release (:func:`check_release_target`); stale
    staging folders of killed builds next to it are removed first."""
    from ..shacl.validation import validate_dataset

    check_release_target(out)  # before any work
    pinned = pinned_date(date)
    say = progress or (lambda _message: None)
    say("reading the graph")
    dataset = Dataset.load(data_paths)
    version, modified, licence = _ontology_info(dataset)
    day = pinned or modified

    prefixes = release_prefixes()
    context = jsonld_context(dataset)
    stem = f"swio-{version}"
    # Validation and the questions run on other threads while the distributions are written into the
    # staging folder (the store evaluates queries outside Python's lock, so on two cores this hides most
    # of their time); a violation stops the writing at the next file, and nothing is published unless
    # validation passed.
    stop = threading.Event()
    with (
        FolderWriter.open(out, RELEASE) as writer,
        ThreadPoolExecutor(2, thread_name_prefix="swio-build") as pool,
        _set_on_error(stop),
    ):
        checked = pool.submit(validate_dataset, dataset)

        def emit(name: str, payload: bytes) -> None:
            if checked.done():
                _refuse_violations(checked.result())
            say(f"writing {name} ({len(writer.written) + 1} files)")
            writer.emit(name, payload)

        ontology = dataset.ntriples_lines(dataset.schema_files)
        data = dataset.ntriples_lines(dataset.data_files)
        merged = _merged_lines(ontology, data)
        nt = ntriples_document(merged)
        emit(f"{stem}.nt", nt)
        del nt
        graph_triples = {"ontology": len(ontology), "data": len(data)}
        names = {
            "ontology": f"swio-ontology-{version}.ttl",
            "ttl": f"{stem}.ttl",
            "trig": f"{stem}.trig",
            "rdf": f"{stem}.rdf",
            "jsonld": f"{stem}.jsonld",
        }
        graph_files = GraphFilesProcess(writer.staging.path, f"{stem}.nt", names, ontology, data, prefixes, context)
        del data
        answers = pool.submit(_answers, dataset, stop) if with_answers else None
        say("writing the Turtle, TriG, RDF/XML and JSON-LD files")
        try:
            stats = _Statistics.of(merged)
            del merged, ontology
            for name, (size, digest) in graph_files.result().items():
                writer.adopt(name, size, digest)
        finally:
            graph_files.kill()
        emit(f"swio-shapes-{version}.ttl", resources.SHAPES_FILE.read_bytes())
        distributions = dict(writer.written)
        emit("LICENSE-DATA", resources.LICENSE_DATA_FILE.read_bytes())  # the licence void.ttl names, in full
        emit("context.jsonld", (json.dumps({"@context": context}, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        for name, body in answers.result() if answers else ():
            emit(name, body)
        emit(
            "void.ttl",
            _void(
                version=version,
                date=day,
                licence=licence,
                stats=stats,
                graph_triples=graph_triples,
                distributions=distributions,
                sources=source_records(dataset),
            ),
        )
        say("validating")
        _refuse_violations(checked.result())
        notes = []
        if with_site:
            note = write_release_site(
                dataset,
                emit,
                date=day,
                context=context,
                distributions=distributions,
                sparql_endpoint=sparql_endpoint,
                resource_pages=resource_pages,
            )
            notes += [f"site/: {note}"] if note else []
        writer.publish()
    return BuildResult(
        out=Path(out),
        version=version,
        files={n: digest for n, (_, digest) in writer.written.items()},
        triples=stats.triples,
        leftovers=writer.leftovers,
        notes=notes,
    )
