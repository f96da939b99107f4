"""Independent SHACL engines as test oracles, and one comparison key for every engine's results.

* swio's default engine and the pySHACL reference give :class:`swio.ValidationResult` objects
  (:func:`swio_keys`); ``--engine pyshacl`` parses the files itself with rdflib (literals as written).
* ``shacl-rust`` (PyPI, a SHACL engine in Rust, test extra) gets the same files as one N-Triples
  document made by pyoxigraph's *parser* (terms exactly as written; the store, which canonicalises
  literals, is not involved) and the shapes file as Turtle (:func:`shacl_rust_keys`).

A key is ``(severity, focus node, path, value, source shape, component)``, every term in N-Triples
form as pyoxigraph writes it (so two engines' spellings of one term compare equal), the path
parsed by rdflib's SPARQL grammar, a blank-node source shape named by its path (blank-node labels
differ between engines), and a blank focus node or value reduced to ``_:`` for the same reason.
Messages are not compared: the engines fill templates differently (``965`` against ``"965"^^xsd:integer``).

Two deviations of shacl-rust 0.2.12 from the spec concern ``sh:value`` of SPARQL-based
constraints: it leaves ``sh:value`` out when the solution binds ``?value`` to a literal of a
derived integer datatype (``"5"^^xsd:int``, ``xsd:nonNegativeInteger``), and it leaves out the
focus node the spec puts there when ``?value`` is unbound in a node shape (SHACL 5.3.2, W3C test
``sparql/node/sparql-003``). So the comparison with shacl-rust drops the value of
SPARQL-constraint results (:func:`without_sparql_values`); pySHACL's comparison keeps it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, URIRef

from swio.input.dataset import Dataset
from swio.input.terms import from_rdflib
from swio.shacl.report_terms import parse_path, sh_iri

SH = "http://www.w3.org/ns/shacl#"
SPARQL_COMPONENT = SH + "SPARQLConstraintComponent"


def _nt(term) -> str:
    """A pyoxigraph term in N-Triples; blank nodes reduced to ``_:``."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:"
    return str(term)


def _term(term) -> str:
    """An rdflib term (swio's results) in N-Triples as pyoxigraph writes it."""
    return _nt(from_rdflib(term)) if term is not None else ""


def _nt_from_text(text: str | None) -> str:
    """A term given as N-Triples text (shacl-rust's output), re-read and written back by pyoxigraph."""
    if not text:
        return ""
    (quad,) = ox.parse(f"<urn:s> <urn:p> {text} .\n".encode(), format=ox.RdfFormat.N_TRIPLES)
    return _nt(quad.object)


def _path(text: str | None) -> str:
    return parse_path(text).n3() if text else ""


def key(severity: str, focus: str, path: str, value: str, shape: str, component: str) -> tuple:
    return severity, focus, path, value, shape, component


def _shape(shape: str, path: str) -> str:
    """An IRI shape as itself; a blank-node shape by its path (``[path]``)."""
    return shape if shape.startswith("<") else f"[{path}]"


def swio_keys(results: Iterable) -> Counter:
    """Keys of :class:`swio.ValidationResult` objects (swio's engines)."""
    out = Counter()
    for r in results:
        path = _path(r.path)
        shape = f"<{r.shape}>" if isinstance(r.shape, URIRef) else "_:" if isinstance(r.shape, BNode) else str(r.shape)
        out[
            key(
                str(sh_iri(r.severity)),
                _term(r.focus),
                path,
                _term(r.value),
                _shape(shape, path),
                str(sh_iri(r.component)),
            )
        ] += 1
    return out


def ntriples_of(paths: Iterable[str | Path]) -> bytes:
    """The files as one N-Triples document, terms as written, blank nodes kept apart per file."""
    return b"".join(
        ox.serialize(
            ox.parse(path=str(p), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True), format=ox.RdfFormat.N_TRIPLES
        )
        for p in paths
    )


def shacl_rust_report(paths: Iterable[str | Path], shapes: str | Path) -> dict:
    """shacl-rust's report (a dict) for the union of the Turtle files against the shapes file."""
    import shacl_rust

    data = ntriples_of(paths).decode("utf-8")
    return shacl_rust.validate(data, Path(shapes).read_text(encoding="utf-8"), data_format="nt")


def shacl_rust_keys(report: dict) -> Counter:
    """Keys of shacl-rust's results (SPARQL-constraint values dropped: see the module docstring)."""
    out = Counter()
    for r in report["results"]:
        path = _path(r.get("resultPath"))
        out[
            key(
                r["severity"].strip("<>"),
                _nt_from_text(r["focusNode"]),
                path,
                _nt_from_text(r.get("value")),
                _shape(r["sourceShape"], path),
                r["sourceConstraintComponent"].strip("<>"),
            )
        ] += 1
    return without_sparql_values(out)


def without_sparql_values(keys: Counter) -> Counter:
    """The keys with the value of SPARQL-constraint results left out (for comparing with shacl-rust)."""
    out = Counter()
    for (severity, focus, path, value, shape, component), n in keys.items():
        out[severity, focus, path, "" if component == SPARQL_COMPONENT else value, shape, component] += n
    return out


def shacl_rust(paths: Iterable[str | Path], shapes: str | Path) -> Counter:
    """shacl-rust's results for the files against the shapes, as keys."""
    return shacl_rust_keys(shacl_rust_report(paths, shapes))


def dataset_paths(dataset: Dataset) -> list[Path]:
    """Every file a dataset was loaded from (ontology, vocabularies, data), for the other engines."""
    return [f.path for f in dataset.files]
