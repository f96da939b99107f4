"""Helpers for the site and serve tests: expected descriptions, link checking, free ports."""

from __future__ import annotations

import socket
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import rdflib

from swio.publish.site.publication import load_shapes

ID_BASE = "https://w3id.org/swio/id/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Descriptions:
    """Each IRI's concise bounded description, from ``Dataset.triples()`` (and the shapes file's)."""

    def __init__(self, dataset):
        self.by_subject: dict = defaultdict(list)
        for t in list(dataset.triples()) + list(load_shapes().triples()):
            self.by_subject[t.subject].append(t)

    def of(self, *iris: str) -> set[ox.Triple]:
        out: set[ox.Triple] = set()
        stack = [ox.NamedNode(iri) for iri in iris]
        seen = set()
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            for t in self.by_subject.get(node, []):
                out.add(t)
                if isinstance(t.object, ox.BlankNode):
                    stack.append(t.object)
        return out

    def resource_iris(self) -> list[str]:
        return sorted(s.value for s in self.by_subject if isinstance(s, ox.NamedNode) and s.value.startswith(ID_BASE))


def canonical(triples) -> set[str]:
    """The triples with their blank nodes canonically named (RDFC-1.0), as N-Triples lines."""
    dataset = ox.Dataset([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples])
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q.triple) for q in dataset}


def has_blank_nodes(triples) -> bool:
    return any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)


OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}


def assert_document_holds(data: bytes, fmt: str, expected: set[ox.Triple], what: str) -> None:
    """The document parses (pyoxigraph and rdflib) to exactly ``expected``: term for term when it has no
    blank nodes (literals exactly as written), up to blank-node renaming otherwise."""
    parsed = {q.triple for q in ox.parse(input=data, format=OX_FORMATS[fmt])}
    if has_blank_nodes(expected):
        assert canonical(parsed) == canonical(expected), f"{what}: not the description's triples"
    else:
        missing, extra = expected - parsed, parsed - expected
        assert not missing and not extra, (
            f"{what}: missing {sorted(map(str, missing))[:3]} extra {sorted(map(str, extra))[:3]}"
        )
    other = rdflib.Graph().parse(data=data, format=RDFLIB_FORMATS[fmt])
    assert len(other) == len(expected), f"{what}: rdflib reads {len(other)} triples, expected {len(expected)}"


class Links(HTMLParser):
    """The links (href, src) and element ids of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.lang: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append(attrs[key])


def page_links(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(root: Path, within: Path | None = None) -> list[str]:
    """Every relative link of every HTML page under ``root`` that does not lead to a file (or to an id in
    it) inside ``within`` (default: ``root``)."""
    root = root.resolve()
    within = (within or root).resolve()
    pages = {p: page_links(p) for p in sorted(root.rglob("*.html"))}
    problems = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("//"):
                continue  # external
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if within not in target.parents:
                problems.append(f"{page.relative_to(root)}: {link} leaves the site")
                continue
            if not target.is_file():
                problems.append(f"{page.relative_to(root)}: {link} -> no such file")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else page_links(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{page.relative_to(root)}: {link} -> no id {parts.fragment!r}")
    return problems
