"""The publication: everything the site shows, produced file by file from the loaded graph.

:class:`Publication` indexes the statements once and then makes any file of the
site on demand — ``files()`` walks them all in a fixed order for ``swio site``
(one resource at a time, so memory stays bounded), ``file(name)`` makes one for
``swio serve``. The producers, one module each, are the resource pages
(``resource``), the ontology and shapes documentation (``ontologydoc``,
``shapesdoc``), the canned questions (``questions``), the pictures
(``drawings``), the lists to browse (``browse``), the landing page (``landing``)
and the w3id.org redirect (``htaccess``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources as package_files
from itertools import chain

from ... import resources
from ...errors import InputError
from ...input.dataset import Dataset
from ...namespaces import ALL_PREFIXES, ONTOLOGY_IRI, SH
from . import fragments, rdfdocs, urls
from .naming import Naming
from .render import Page
from .resource import REFERRER_LIMIT, Description, view
from .triple_index import TripleIndex
from .views import Viewer

DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
STATIC = ("site.css", "favicon.svg", "search.js")
DEFAULT_BASE = "https://w3id.org/swio"
#: A static site gets a page per resource up to this many resources (``auto``); a bigger graph's site has
#: every other page, with links to the resources' IRIs, and its resources are served by ``swio serve``
#: (``--endpoint`` for a store). 20,000 resources are 120,000 files (two pages and four RDF documents each),
#: about 300 MB: past what static hosts take in one deployment (Cloudflare Pages: 20,000 files; GitHub
#: Pages: 1 GB) and most of the build's time.
MAX_RESOURCE_PAGES = 20_000
RESOURCE_PAGES = ("auto", "all", "none")


def pages_note(without_pages: int, limit: int) -> str | None:
    """The note for a site without a page per resource (``None`` when it has them)."""
    if not without_pages:
        return None
    why = f"more than {limit:,}" if without_pages > limit else "--resource-pages none"
    return (
        f"the graph has {without_pages:,} resources ({why}): the site has no page per resource, its links go to "
        "the resources' IRIs; serve those pages with swio serve --endpoint URL from the store that holds the "
        "graph (docs/deploying.md), or give --resource-pages all"
    )


_RESOURCE_FILE = re.compile(r"(?P<stem>(?:id|ext)/[A-Za-z0-9/_-]+)\.(?P<fmt>en\.html|zh\.html|ttl|jsonld|nt|rdf)")


@dataclass
class Info:
    """The ontology header and the release the site belongs to."""

    version: str
    date: str
    licence: str
    licence_label: str
    title: dict[str, str]
    description: dict[str, str]
    creators: dict[str, str]
    base_url: str
    #: release files the landing page links to: name -> (bytes, sha256); empty for a stand-alone site
    distributions: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: where the release files are, relative to the site root ("../" inside a release) or absolute
    release_href: str = ""
    #: a live SPARQL endpoint the static site points to (``--sparql-endpoint``), if any
    sparql_endpoint: str | None = None
    #: pages made by ``swio serve`` (the SPARQL page and the question forms work there)
    served: bool = False


def _langs(rows, var: str) -> dict[str, str]:
    out = {}
    for row in rows:
        term = row[var]
        if term is not None:
            out.setdefault(term.language or "", term.value)
    return out


def read_info(
    dataset,
    *,
    date: str | None,
    base_url: str,
    distributions: dict | None = None,
    release_href: str | None = None,
) -> Info:
    """The ontology header (``dataset``: anything with ``query(sparql)``); ``date`` is the release date
    (default: the ontology's dcterms:modified)."""
    rows = list(
        dataset.query(
            f"SELECT ?v ?m ?lic WHERE {{ <{ONTOLOGY_IRI}> <{OWL}versionInfo> ?v ; <{DCT}modified> ?m ; "
            f"<{DCT}license> ?lic }}"
        )
    )
    if not rows:
        raise InputError("the ontology header lacks owl:versionInfo, dcterms:modified or dcterms:license")
    version, modified, licence = rows[0]["v"].value, rows[0]["m"].value, rows[0]["lic"].value

    def texts(predicate: str) -> dict[str, str]:
        return _langs(dataset.query(f"SELECT ?x WHERE {{ <{ONTOLOGY_IRI}> <{predicate}> ?x }} ORDER BY ?x"), "x")

    licence_label = {"https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0"}.get(licence, licence)
    version_base = f"https://w3id.org/swio/release/{version}/"
    return Info(
        version=version,
        date=date or modified,
        licence=licence,
        licence_label=licence_label,
        title=texts(DCT + "title"),
        description=texts(DCT + "description"),
        creators=texts(DCT + "creator"),
        base_url=base_url.rstrip("/"),
        distributions=dict(distributions or {}),
        release_href=release_href if release_href is not None else version_base,
    )


def load_shapes(path=None) -> Dataset:
    shapes = Dataset()
    shapes.add_file(path or resources.SHAPES_FILE, schema=True)
    shapes.check_literals()
    return shapes


class Publication:
    """The site of one graph (plus the shapes). Close it to delete its index.

    The graph is either a loaded :class:`~swio.input.dataset.Dataset`, whose statements (as written) and
    the shapes' are indexed here in a :class:`TripleIndex`, or a graph in a SPARQL store
    (:class:`~.store_graph.StoreGraph`, given with its ``index``, a :class:`~.store_index.StoreIndex`):
    every producer reads through ``index`` (the statements, one resource at a time) and ``dataset.query``
    (SPARQL over the graph), so the same pages come from either.
    """

    def __init__(
        self,
        dataset,
        *,
        context: dict,
        base_url: str = DEFAULT_BASE,
        date: str | None = None,
        distributions: dict | None = None,
        release_href: str | None = None,
        index_dir=None,
        sparql_endpoint: str | None = None,
        served: bool = False,
        cache_entries: int | None = None,
        index=None,
        resource_pages: str = "all",
        max_resource_pages: int = MAX_RESOURCE_PAGES,
        question_cache: int | None = None,
    ):
        if resource_pages not in RESOURCE_PAGES:
            raise InputError(f"`resource_pages` must be one of {', '.join(RESOURCE_PAGES)}, not {resource_pages!r}")
        self.dataset = dataset
        #: answers of the canned questions kept (None: all of them; their size grows with the graph's)
        self.question_cache = question_cache
        self.info = read_info(
            dataset, date=date, base_url=base_url, distributions=distributions, release_href=release_href
        )
        self.info.sparql_endpoint = sparql_endpoint
        self.info.served = served
        if index is None:
            shapes = load_shapes()
            index = TripleIndex.build(chain(dataset.triples(), shapes.triples()), directory=index_dir)
        self.index = index
        try:
            # cache_entries bounds the labels and links kept (per kind); the server keeps fewer than the build
            self.naming = Naming(self.index) if cache_entries is None else Naming(self.index, cache_size=cache_entries)
            self._resource_count: int | None = None
            # whether the site has a page for each resource (else links to resources go to their IRIs)
            self.naming.resource_pages = resource_pages == "all" or (
                resource_pages == "auto" and self.resource_count <= max_resource_pages
            )
            self.prefixes = dict(sorted({**ALL_PREFIXES, "sh": SH}.items()))
            self.context = context
            self.documents = rdfdocs.Documents(self.prefixes, context)
            self._producers = None
        except BaseException:
            self.index.close()
            raise

    def close(self) -> None:
        self.index.close()

    def answer(self, sparql: str, *, name: str = "query", query=None, lang: str | None = None):
        """The answer table of a SELECT or ASK query on the graph; with the canned ``query`` and ``lang``, the
        table knows its columns' labels and its language (as :func:`~swio.queries.catalog.run_embedded`)."""
        from ...queries.catalog import annotate, run_embedded

        if isinstance(self.dataset, Dataset):
            return run_embedded(self.dataset, sparql, name=name, query=query, lang=lang)
        table = self.dataset.answer(sparql, name=name)
        if query is not None:
            annotate(table, query, lang)
        return table

    def __enter__(self) -> Publication:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- producers -----------------------------------------------------------------------
    @property
    def producers(self) -> list:
        if self._producers is None:
            from .browse import Browse
            from .cheatsheet import CheatSheet
            from .drawings import Pictures
            from .htaccess import Htaccess
            from .landing import Landing
            from .ontologydoc import OntologyDoc
            from .questions import Questions
            from .search_index import SearchIndex
            from .shapesdoc import ShapesDoc
            from .sourcepage import SourcePage

            self._producers = [
                Landing(self),
                OntologyDoc(self),
                ShapesDoc(self),
                Questions(self),
                Pictures(self),
                SourcePage(self),
                Browse(self),
                CheatSheet(self),
                SearchIndex(self),
                Htaccess(self),
            ]
        return self._producers

    @property
    def questions(self):
        """The canned questions' producer (:class:`~.questions.Questions`): their pages, files and answers."""
        return next(p for p in self.producers if p.STEM == "queries/index")

    def files(self, jobs: int = 1) -> Iterator[tuple[str, bytes]]:
        """Every file of the site, in a fixed order, one at a time (resource pages made by ``jobs`` processes)."""
        for name in STATIC:
            yield f"static/{name}", static_file(name)
        for producer in self.producers:
            yield from producer.files()
        if not self.naming.resource_pages:
            return
        import multiprocessing

        if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
            from .parallel import resource_files_in_parallel

            yield from resource_files_in_parallel(self, jobs)
        else:
            yield from self.resource_files()

    def file(self, name: str) -> bytes | None:
        """One file of the site by its path (``id/org/x.en.html``), or ``None`` if the site has no such file."""
        if name.startswith("static/") and name[7:] in STATIC:
            return static_file(name[7:])
        match = _RESOURCE_FILE.fullmatch(name)
        if match and self.naming.resource_pages:
            iri = self.resource_iri(match["stem"])
            if iri is None:
                return None
            fmt = match["fmt"].split(".")[0]
            return dict(self.resource_documents(iri, match["stem"], formats=(fmt,)))[urls.file_name(match["stem"], fmt)]
        for producer in self.producers:
            made = producer.file(name)
            if made is not None:
                return made
        return None

    # -- resource pages --------------------------------------------------------------------
    @property
    def resource_count(self) -> int:
        """The resources a site could have a page for (under ``id/`` and ``ext/``)."""
        if self._resource_count is None:
            self._resource_count = sum(1 for _ in self.resource_pages())
        return self._resource_count

    @property
    def has_resource_pages(self) -> bool:
        return self.naming.resource_pages

    def resource_iri(self, stem: str) -> str | None:
        """The IRI whose page is ``stem`` (``id/org/x``), if the graph says anything about it."""
        iri = urls.iri_of_path(stem) if stem.startswith("id/") else self.naming.ext_iri(stem)
        if iri is None or self.naming.node(iri) is None:
            return None
        return iri

    def resource_pages(self) -> Iterator[tuple[str, str]]:
        """(IRI, stem) of every resource page, sorted by IRI."""
        for iri in self.index.subjects(urls.ID_BASE):
            doc = urls.document_of(iri)
            if doc is not None and doc[1] is None and doc[0].startswith("id/"):
                yield iri, doc[0]
        for stem, iri in sorted(self.naming.ext_pages.items(), key=lambda item: item[1]):
            yield iri, stem

    def resource_files(self, part: int = 0, parts: int = 1) -> Iterator[tuple[str, bytes]]:
        """The documents of every resource page (or of every ``parts``-th one, starting at ``part``),
        reading the index in two ordered scans."""
        for n, (iri, stem, description) in enumerate(self._resource_descriptions()):
            if n % parts == part:
                yield from self.resource_documents(iri, stem, description=description)

    def resource_groups(self, part: int = 0, parts: int = 1) -> Iterator[list[tuple[str, bytes]]]:
        """Like :meth:`resource_files`, one list of documents per resource."""
        for n, (iri, stem, description) in enumerate(self._resource_descriptions(lazy=True)):
            if n % parts == part:
                yield list(self.resource_documents(iri, stem, description=description()))

    def _resource_descriptions(self, lazy: bool = False):
        for iri, rows, referrers in self.index.stream(urls.ID_BASE, REFERRER_LIMIT):
            doc = urls.document_of(iri)
            if doc is None or doc[1] is not None or not doc[0].startswith("id/"):
                continue

            def make(iri=iri, rows=rows, referrers=referrers):
                return Description([iri], self.index.describe([iri], rows=rows), {iri: referrers})

            yield iri, doc[0], (make if lazy else make())
        for stem, iri in sorted(self.naming.ext_pages.items(), key=lambda item: item[1]):
            yield (
                iri,
                stem,
                (
                    (lambda iri=iri: Description.read(self.index, [iri]))
                    if lazy
                    else Description.read(self.index, [iri])
                ),
            )

    def resource_documents(
        self, iri: str, stem: str, formats=("en", "zh", *rdfdocs.FORMATS), *, description: Description | None = None
    ):
        description = description or Description.read(self.index, [iri])
        if any(fmt in urls.LANGS for fmt in formats):
            self.naming.prefetch(description.linked_iris())
        for fmt in formats:
            name = urls.file_name(stem, fmt)
            if fmt in urls.LANGS:
                viewer = Viewer(self.naming, fmt, name)
                resource = view(description, iri, viewer, self.index, stem=stem)
                page = Page(stem, fmt, title=resource.title, site=self.info)
                yield name, fragments.page(page, fragments.resource_body(resource, fmt, viewer))
            else:
                yield name, self.documents.serialize(description.triples, fmt)


def static_file(name: str) -> bytes:
    return package_files.files(__package__).joinpath("static", name).read_bytes()
