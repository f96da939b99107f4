"""Where each IRI lives on the site, and relative links between pages.

The layout mirrors the IRIs, so the w3id.org redirect is one rule per format:

=====================================================  =====================================================
IRI                                                    site documents (``{lang}`` is ``en`` or ``zh``)
=====================================================  =====================================================
``https://w3id.org/swio/id/{kind}/{slug}``             ``id/{kind}/{slug}.{lang}.html``, ``.ttl``, ``.jsonld``,
                                                       ``.nt``, ``.rdf``
``https://w3id.org/swio/def`` and ``…/def#{Term}``     ``def.{lang}.html`` (anchor ``#{Term}``), ``def.ttl`` …
``https://w3id.org/swio/shapes`` and ``…#{Shape}``     ``shapes.{lang}.html`` (anchor ``#{Shape}``), ``shapes.ttl`` …
a reused term the ontology declares (``org:Role``)     ``def.{lang}.html#org:Role`` (a CURIE never equals a local name)
any other IRI with statements                          ``ext/{prefix}/{local}.…`` or ``ext/iri/{hash}.…``
=====================================================  =====================================================

Every path segment is ``[A-Za-z0-9][A-Za-z0-9_-]*``: no dots (so ``id/org/x`` never
looks like a file with an extension), no ``..``, nothing a file system or a
web server treats specially. IRIs that do not fit get a hashed path instead.
"""

from __future__ import annotations

import hashlib
import re

from ...namespaces import ALL_PREFIXES, ONTOLOGY_IRI, SHAPES_IRI

W3ID_BASE = "https://w3id.org/swio/"
ID_BASE = W3ID_BASE + "id/"
DEF_NS = ONTOLOGY_IRI + "#"
SHAPES_NS = SHAPES_IRI + "#"
LANGS = ("en", "zh")
RDF_EXTENSIONS = ("ttl", "jsonld", "nt", "rdf")
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,150}")
_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
#: well-known vocabularies, for reused-term anchors and ext/ paths
VOCABULARY_PREFIXES = {
    **{name: ns for name, ns in ALL_PREFIXES.items() if not ns.startswith(W3ID_BASE)},
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "sh": "http://www.w3.org/ns/shacl#",
    "schema": "https://schema.org/",
    "vann": "http://purl.org/vocab/vann/",
}


def safe_segments(rest: str) -> bool:
    return bool(rest) and all(_SEGMENT.fullmatch(part) for part in rest.split("/"))


def split_vocabulary(iri: str) -> tuple[str, str] | None:
    """``http://www.w3.org/ns/org#Role`` -> ``("org", "Role")`` for the well-known vocabularies."""
    best = None
    for name, ns in VOCABULARY_PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            best = (name, ns)
    if best is None:
        return None
    local = iri[len(best[1]) :]
    return (best[0], local) if _NCNAME.fullmatch(local) else None


def reused_anchor(iri: str) -> str:
    """The def-doc anchor of a reused term: its CURIE (``org:Role``), or a hash when it has none."""
    split = split_vocabulary(iri)
    return f"{split[0]}:{split[1]}" if split else "iri-" + _digest(iri)


def _digest(iri: str) -> str:
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]


def document_of(iri: str) -> tuple[str, str | None] | None:
    """The site document (path without extension) an IRI of ours dereferences to, and the anchor in it.

    ``None`` for IRIs that are not ours (see :func:`resource_path` for pages of other IRIs).
    """
    if iri == ONTOLOGY_IRI:
        return "def", None
    if iri.startswith(DEF_NS):
        local = iri[len(DEF_NS) :]
        return ("def", local) if _NCNAME.fullmatch(local) else None
    if iri == SHAPES_IRI:
        return "shapes", None
    if iri.startswith(SHAPES_NS):
        local = iri[len(SHAPES_NS) :]
        return ("shapes", local) if _NCNAME.fullmatch(local) else None
    if iri.startswith(ID_BASE) and safe_segments(iri[len(ID_BASE) :]):
        return "id/" + iri[len(ID_BASE) :], None
    return None


def ext_path(iri: str) -> str:
    """The page of an IRI that is not ours but has statements in the data (not a reused term)."""
    split = split_vocabulary(iri)
    if split and _SEGMENT.fullmatch(split[1]):
        return f"ext/{split[0]}/{split[1]}"
    return "ext/iri/" + _digest(iri)


def iri_of_path(path: str) -> str | None:
    """The inverse of :func:`document_of` for resource pages: ``id/org/x`` -> the IRI (``None`` otherwise)."""
    if path.startswith("id/") and safe_segments(path[3:]):
        return ID_BASE + path[3:]
    return None


def file_name(stem: str, fmt: str) -> str:
    """``id/org/x`` + ``en`` -> ``id/org/x.en.html``; + ``ttl`` -> ``id/org/x.ttl``."""
    return f"{stem}.{fmt}.html" if fmt in LANGS else f"{stem}.{fmt}"


def relative(from_file: str, to_file: str) -> str:
    """A link from one site file to another that works on any host and under any base path."""
    here = from_file.split("/")[:-1]
    there = to_file.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])
