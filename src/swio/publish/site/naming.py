"""What to call an IRI (its label in zh or en, its prefixed name) and where a link to it goes."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources as package_files

import pyoxigraph as ox

from ...namespaces import ALL_PREFIXES, SH, shorten
from . import urls

OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
INVERSE_LABEL = "https://w3id.org/swio/def#inverseLabel"
TERM_TYPES = (
    OWL + "Class",
    RDFS + "Class",
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
)
DISPLAY_PREFIXES = {**ALL_PREFIXES, "sh": SH, **urls.VOCABULARY_PREFIXES}
_LOCAL = re.compile(r"[\w.-]+")
_BY_NAMESPACE = {ns: name for name, ns in sorted(DISPLAY_PREFIXES.items(), reverse=True)}


def reused_labels() -> dict[str, dict[str, str]]:
    """Display labels of reused terms, shipped with the package (``reused-terms.ttl``)."""
    data = package_files.files(__package__).joinpath("reused-terms.ttl").read_bytes()
    out: dict[str, dict[str, str]] = {}
    for t in ox.parse(input=data, format=ox.RdfFormat.TURTLE):
        if t.predicate.value == RDFS + "label" and isinstance(t.object, ox.Literal):
            out.setdefault(t.subject.value, {}).setdefault(t.object.language or "", t.object.value)
    return out


class Naming:
    """Labels and link targets, read from the index (cached: a page names the same few things often).

    ``index`` is the site's index of the statements — local (:class:`~.triple_index.TripleIndex`) or a
    store's (:class:`~.store_index.StoreIndex`); a page's linked IRIs are read in one batch
    (:meth:`prefetch`) before they are named one by one.
    """

    def __init__(self, index, *, cache_size: int = 200_000, resource_pages: bool = True):
        self.index = index
        #: False for a site without a page per resource (a big graph): links to resources go to their IRIs
        self.resource_pages = resource_pages
        self.cache_size = cache_size
        self.fallback = reused_labels()
        self.reused = self._reused_terms()
        self._ext_pages: dict[str, str] | None = None
        self._cache_size = cache_size
        self._known: dict[str, dict[str, str] | None] = {}
        self.labels = lru_cache(maxsize=cache_size)(self._labels)
        self.target = lru_cache(maxsize=cache_size)(self._target)
        self.curie = lru_cache(maxsize=cache_size)(self._curie)
        self.href_from = lru_cache(maxsize=cache_size)(self._href_from)
        self.objects = lru_cache(maxsize=4096)(self._objects)
        self.inverse = self._inverse_labels()

    def _reused_terms(self) -> set[str]:
        """IRIs outside SWIO that the loaded files declare as classes or properties (documented in the def doc)."""
        return {iri for iri in self.index.subjects_of_type(TERM_TYPES) if not iri.startswith(urls.W3ID_BASE)}

    @property
    def ext_pages(self) -> dict[str, str]:
        """Site path -> IRI for the other IRIs with statements (not ours, not reused terms); read when first
        needed (listing every page), since one page's link is decided without it (:meth:`is_ext`)."""
        if self._ext_pages is None:
            pages = {}
            for iri in self.index.subjects_outside(urls.W3ID_BASE):
                if urls.document_of(iri) is None and iri not in self.reused:
                    pages[urls.ext_path(iri)] = iri
            self._ext_pages = pages
        return self._ext_pages

    def is_ext(self, iri: str) -> bool:
        """Whether ``iri`` has an ``ext/`` page: it has statements and is neither ours nor a reused term."""
        return urls.document_of(iri) is None and iri not in self.reused and self.node(iri) is not None

    def ext_iri(self, stem: str) -> str | None:
        """The IRI whose ``ext/`` page is ``stem``, if it has one (``ext/{prefix}/{local}`` is read back
        without listing every page; ``ext/iri/{hash}`` needs the list)."""
        parts = stem.split("/")
        if len(parts) == 3 and parts[1] != "iri" and parts[1] in urls.VOCABULARY_PREFIXES:
            iri = urls.VOCABULARY_PREFIXES[parts[1]] + parts[2]
            return iri if urls.ext_path(iri) == stem and self.is_ext(iri) else None
        if self._ext_pages is None and not stem.startswith("ext/iri/"):
            return None
        return self.ext_pages.get(stem)

    def _objects(self, iri: str, predicate: str) -> tuple[str, ...]:
        """IRI objects of one subject and predicate (cached: used for the few sources every page cites)."""
        return tuple(self.index.objects(iri, predicate))

    def _inverse_labels(self) -> dict[str, dict[str, str]]:
        """Property -> language -> its ``swio:inverseLabel`` (the wording of a statement read from its object)."""
        out: dict[str, dict[str, str]] = {}
        for subject, term in self.index.with_predicate(INVERSE_LABEL):
            if isinstance(term, ox.Literal) and term.language:
                out.setdefault(subject, {}).setdefault(term.language, term.value)
        return out

    def inverse_label(self, iri: str, lang: str) -> str | None:
        """The property's inverse wording in ``lang`` (or the other language), ``None`` if it has none."""
        found = self.inverse.get(iri, {})
        return found.get(lang) or found.get("en" if lang == "zh" else "zh")

    # -- names -------------------------------------------------------------------------
    def prefetch(self, iris) -> None:
        """Read the labels of many IRIs in one batch (a page's linked IRIs), before they are named one by one."""
        missing = [iri for iri in set(iris) if iri not in self._known]
        if not missing:
            return
        if len(self._known) + len(missing) > self._cache_size:
            self._known.clear()
        found = self.index.nodes(missing)
        for iri in missing:
            self._known[iri] = found.get(iri)

    def node(self, iri: str) -> dict[str, str] | None:
        """``None`` if ``iri`` has no statements, else its best labels (as :meth:`TripleIndex.node`); kept."""
        if iri in self._known:
            return self._known[iri]
        if len(self._known) >= self._cache_size:
            self._known.clear()
        found = self._known[iri] = self.index.node(iri)
        return found

    def _labels(self, iri: str) -> dict[str, str]:
        found = dict(self.node(iri) or {})
        for lang, text in self.fallback.get(iri, {}).items():
            found.setdefault(lang, text)
        return found

    def label(self, iri: str, lang: str) -> str:
        labels = self.labels(iri)
        other = "en" if lang == "zh" else "zh"
        for choice in (lang, other, ""):
            if choice in labels:
                return labels[choice]
        return self.curie(iri)

    def has_label(self, iri: str, lang: str) -> bool:
        return lang in self.labels(iri)

    def _curie(self, iri: str) -> str:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        name = _BY_NAMESPACE.get(iri[:cut])
        local = iri[cut:]
        if name and _LOCAL.fullmatch(local):
            return f"{name}:{local}"
        short = shorten(iri, DISPLAY_PREFIXES)
        if short.startswith("<") and iri.startswith(urls.ID_BASE):
            # our own resources are named {kind}:{slug}, as the data files' prefixes do
            rest = iri[len(urls.ID_BASE) :]
            if rest.count("/") == 1 and urls.safe_segments(rest):
                return rest.replace("/", ":")
        return short[1:-1] if short.startswith("<") else short

    # -- links -------------------------------------------------------------------------
    def _target(self, iri: str) -> tuple[str, str | None] | None:
        """(document stem, anchor) for an IRI the site has a page or a section for; ``None`` otherwise."""
        doc = urls.document_of(iri)
        if doc is not None:
            stem, anchor = doc
            if anchor is None and stem in ("def", "shapes"):
                return doc
            return doc if self.node(iri) is not None else None
        if iri in self.reused:
            return "def", urls.reused_anchor(iri)
        if self.is_ext(iri):
            return urls.ext_path(iri), None
        return None

    def href(self, iri: str, lang: str, from_file: str) -> str | None:
        """A relative link from ``from_file`` to the page (or section) about ``iri``, or the IRI itself."""
        folder = from_file.rsplit("/", 1)[0] + "/" if "/" in from_file else ""
        return self.href_from(iri, lang, folder)

    def _href_from(self, iri: str, lang: str, folder: str) -> str | None:
        target = self.target(iri)
        if target is None:
            return iri if iri.startswith(("http://", "https://")) and not iri.startswith(urls.W3ID_BASE) else None
        stem, anchor = target
        if not self.resource_pages and stem.startswith(("id/", "ext/")):
            return iri  # no page of its own here: the IRI, which dereferences to wherever the pages are served
        link = urls.relative(folder + "x", urls.file_name(stem, lang))
        return f"{link}#{anchor}" if anchor else link
