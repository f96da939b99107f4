"""RDF terms exactly as written, although the embedded store canonicalises literals.

pyoxigraph's ``parse`` yields every term as the input wrote it, but its ``Store``
keeps literals of the numeric, boolean and derived-integer datatypes in canonical
form: ``"5"^^xsd:int`` comes back as ``"5"^^xsd:integer``, ``"0042"^^xsd:integer``
as ``"42"``, ``"1"^^xsd:boolean`` as ``"true"``, ``"4.0"^^xsd:decimal`` as ``"4"``.
In RDF these are different terms, so a release, a load or a SHACL result built from
the store would not be the input.

The one mechanism used everywhere: a literal the store would change is stored a
second time as a *surrogate*, ``"lexical form as written"^^<urn:x-swio:written:DATATYPE>``,
which the store keeps verbatim (it does not know the datatype). The dataset keeps
two views over the same store (see :mod:`swio.input.dataset`): the *written* view,
where such literals appear as surrogates (exact terms: identity, ``STR``, lengths,
patterns, counts), and the *canonical* view, where they appear as the store
canonicalised them (values: comparisons, sums). :func:`as_written` turns a surrogate
back into the literal as written; the serialisers and the SHACL engine use it, and
the SHACL compiler uses :func:`sparql_datatype` / :func:`sparql_value` where a
constraint needs the datatype or the value of a literal seen in the written view.
"""

from __future__ import annotations

import logging
import warnings

import pyoxigraph as ox

#: Datatype namespace of surrogates: the original datatype IRI follows it.
WRITTEN_NS = "urn:x-swio:written:"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class _IllTypedIsData(logging.Filter):
    """rdflib logs a warning with a traceback for every ill-typed literal it makes (``"none"^^xsd:boolean``);
    for swio an ill-typed literal is data that SHACL reports (sh:datatype), not a fault: drop that one message."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form to value")


logging.getLogger("rdflib.term").addFilter(_IllTypedIsData())
# and the same for booleans, which rdflib warns about instead of logging
warnings.filterwarnings("ignore", message="Parsing weird boolean", category=UserWarning, module="rdflib")


def surrogate(literal: ox.Literal) -> ox.Literal:
    """The surrogate that stands for ``literal`` (a typed literal) in the written view."""
    return ox.Literal(literal.value, datatype=ox.NamedNode(WRITTEN_NS + literal.datatype.value))


def is_surrogate(term) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value.startswith(WRITTEN_NS)


def as_written(term):
    """A surrogate decoded into the literal as written; any other term unchanged."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype.startswith(WRITTEN_NS):
            return ox.Literal(term.value, datatype=ox.NamedNode(datatype[len(WRITTEN_NS) :]))
    return term


def as_written_triple(triple: ox.Triple) -> ox.Triple:
    obj = triple.object
    if isinstance(obj, ox.Literal) and obj.datatype.value.startswith(WRITTEN_NS):
        return ox.Triple(triple.subject, triple.predicate, as_written(obj))
    return triple


_WRITTEN_DATATYPE = b"^^<" + WRITTEN_NS.encode()


def as_written_ntriples(line: bytes) -> bytes:
    """An N-Triples line whose object may be a surrogate, with the surrogate decoded (in the text: the
    datatype is the line's last IRI, so its last ``^^<urn:x-swio:written:`` is the surrogate's)."""
    head, found, tail = line.rpartition(_WRITTEN_DATATYPE)
    return head + b"^^<" + tail if found else line


def is_typed(literal: ox.Literal) -> bool:
    """A literal with a datatype other than xsd:string (and no language tag): one the store may rewrite."""
    return literal.language is None and literal.datatype.value != XSD_STRING


def sparql_datatype(var: str) -> str:
    """SPARQL expression: the datatype IRI, as written, of the literal bound to ``var`` (written view)."""
    return (
        f'IF(STRSTARTS(STR(DATATYPE({var})), "{WRITTEN_NS}"), '
        f'IRI(STRAFTER(STR(DATATYPE({var})), "{WRITTEN_NS}")), DATATYPE({var}))'
    )


def sparql_value(var: str) -> str:
    """SPARQL expression: the term bound to ``var`` (written view), with a surrogate turned back into a
    typed literal, so that comparisons (``<``, ``>=``, ``=``) see its value."""
    return (
        f'IF(isLiteral({var}) && STRSTARTS(STR(DATATYPE({var})), "{WRITTEN_NS}"), '
        f'STRDT(STR({var}), IRI(STRAFTER(STR(DATATYPE({var})), "{WRITTEN_NS}"))), {var})'
    )


_rdflib = None  # rdflib's term classes, imported on first use (the command line starts without rdflib)


def _rdflib_terms():
    global _rdflib
    if _rdflib is None:
        from rdflib import BNode, Literal, URIRef

        _rdflib = (URIRef, BNode, Literal)
    return _rdflib


def to_rdflib(term):
    """A pyoxigraph term (a surrogate decoded) as the rdflib term with the same lexical form."""
    uri_ref, bnode, literal = _rdflib or _rdflib_terms()
    if term is None:
        return None
    kind = type(term)
    if kind is ox.NamedNode:
        return uri_ref(term.value)
    if kind is ox.BlankNode:
        return bnode(term.value)
    if kind is ox.Literal:
        term = as_written(term)
        if term.language:
            return literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return literal(term.value)
        return literal(term.value, datatype=uri_ref(term.datatype.value), normalize=False)
    raise TypeError(f"not an RDF term: {term!r}")


def from_rdflib(term):
    """An rdflib term as the pyoxigraph term with the same lexical form."""
    uri_ref, bnode, literal = _rdflib or _rdflib_terms()
    if isinstance(term, uri_ref):
        return ox.NamedNode(str(term))
    if isinstance(term, bnode):
        return ox.BlankNode(str(term))
    if isinstance(term, literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")
