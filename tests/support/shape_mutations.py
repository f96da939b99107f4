"""Break the shipped data on purpose, one constraint at a time.

For every property shape of every node shape and every constraint in it, find a
focus node in the shipped data and edit it (with SPARQL Update, in the file's own
graph) so that exactly that constraint must fail. The tests then check that the
validator reports that shape, path and component on that focus node — and that
the unmodified data does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from swio.input.terms import to_rdflib
from swio.shacl.expressions import literal_text
from swio.shacl.model import Constraint, Shape

BOGUS = URIRef("urn:swio:test:no-such-thing")


@dataclass
class Mutation:
    node_shape: Shape
    shape: Shape
    constraint: Constraint
    focus: URIRef
    update: str

    @property
    def id(self) -> str:
        name = str(self.node_shape.node).rsplit("#", 1)[-1]
        import re

        path = "/".join(re.findall(r"[#/]([A-Za-z]+)>", self.shape.path_sparql)) if self.shape.is_property else "-"
        return f"{name}.{path}.{self.constraint.component.replace('ConstraintComponent', '')}"


def _first_step(shape: Shape) -> str:
    """The first predicate of a (predicate or sequence) path, for deleting values."""
    path = shape.path_sparql
    if path.startswith("(<") and ">/<" in path:
        return path[1:].split(">/<", 1)[0] + ">"
    return path


def _replacement(c: Constraint, old) -> object:
    p = c.parameter
    if p == SH.datatype:
        if c.value == XSD.string:
            return Literal("1", datatype=XSD.integer)
        if c.value == RDF.langString:
            return Literal("plain")
        return Literal("not a typed value")
    if p in (SH["class"], SH["in"]):
        return BOGUS
    if p == SH.nodeKind:
        return Literal("not an IRI")
    if p == SH.pattern:
        return Literal("does not match!")
    if p == SH.languageIn:
        return Literal(str(old), lang="fr")
    if p in (SH.minInclusive, SH.minExclusive):
        return Literal(str(int(c.value.toPython()) - 1), datatype=old.datatype)
    if p in (SH.maxInclusive, SH.maxExclusive):
        return Literal(str(int(c.value.toPython()) + 1), datatype=old.datatype)
    if p == SH["or"]:
        return Literal("none of the alternatives")
    raise NotImplementedError(c.component)


def _extra_value(old):
    if isinstance(old, URIRef):
        return URIRef("urn:swio:test:extra-value")
    if old.language:
        return Literal("an extra value", lang=old.language)
    dt = old.datatype
    extras = {
        XSD.integer: "99999",
        XSD.decimal: "99999",
        XSD.boolean: "false" if old.toPython() else "true",
        XSD.gYear: "1900",
        XSD.gYearMonth: "1900-01",
        XSD.date: "1900-01-01",
    }
    return Literal(extras.get(dt, "an extra value"), datatype=dt)


def _nt(term) -> str:
    return literal_text(term) if isinstance(term, Literal) else f"<{term}>"


def focus_pattern(shape: Shape) -> str:
    """The shape's focus nodes (the shipped shapes use class and subjects-of targets only)."""
    branches = []
    for kind, term in shape.targets:
        if kind == SH.targetClass:
            branches.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* <{term}> .")
        elif kind == SH.targetSubjectsOf:
            branches.append(f"?this <{term}> ?swio_o .")
        else:
            raise NotImplementedError(kind)
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join("{ " + b + " }" for b in branches) + " } }"


def plan_mutations(model, dataset) -> list[Mutation]:
    out: list[Mutation] = []
    for node_shape in model.shapes:
        focus = focus_pattern(node_shape)
        for shape in node_shape.properties:
            for c in shape.constraints:
                m = _mutation(node_shape, shape, c, focus, dataset)
                if m is None:
                    raise AssertionError(
                        f"no focus node in the shipped data can exercise {shape.path_sparql} "
                        f"({c.component}) of {node_shape.node}"
                    )
                out.append(m)
    return out


def _mutation(node_shape, shape, c, focus, dataset) -> Mutation | None:
    path = shape.path_sparql
    step = _first_step(shape)
    rows = list(
        dataset.query(f"SELECT ?this ?v WHERE {{ {focus} ?this {path} ?v }} ORDER BY ?this ?v LIMIT 1", view="written")
    )
    if not rows:
        return _added_value(node_shape, shape, c, focus, dataset)
    f, v = to_rdflib(rows[0]["this"]), to_rdflib(rows[0]["v"])  # v as written (a surrogate decoded)
    in_view = str(rows[0]["v"])  # v as the written view holds it (maybe a surrogate)
    p = c.parameter
    where = f"GRAPH ?g {{ {_nt(f)} {step} ?old }}"
    main_graph = 'BIND (IRI(REPLACE(STR(?g), "#(written|canonical)$", "")) AS ?g0)'  # the file's own graph
    if p in (SH.minCount, SH.hasValue):
        update = f"DELETE {{ GRAPH ?g {{ {_nt(f)} {step} ?old }} }} WHERE {{ {where} }}"
    elif p == SH.maxCount:
        extra = _extra_value(v)
        adds = " ".join(
            f"{_nt(f)} {path} {_nt(_extra_value(v) if i == 0 else URIRef(f'urn:swio:test:extra-{i}'))} ."
            for i in range(int(c.value))
        )
        if not isinstance(v, URIRef):
            values = [extra] + [
                Literal(f"{extra}-{i}", lang=extra.language)
                if extra.language
                else Literal(str(1901 + i), datatype=extra.datatype)
                for i in range(1, int(c.value))
            ]
            adds = " ".join(f"{_nt(f)} {path} {_nt(x)} ." for x in values)
        update = f"INSERT {{ GRAPH ?g0 {{ {adds} }} }} WHERE {{ GRAPH ?g {{ {_nt(f)} {path} ?any }} {main_graph} }}"
    elif p == SH.uniqueLang:
        lang_rows = list(
            dataset.query(f'SELECT ?v WHERE {{ {_nt(f)} {path} ?v FILTER (lang(?v) != "") }} ORDER BY ?v LIMIT 1')
        )
        if not lang_rows:
            return None
        lang = lang_rows[0]["v"].language
        update = (
            f'INSERT {{ GRAPH ?g0 {{ {_nt(f)} {path} "a second label"@{lang} }} }} '
            f"WHERE {{ GRAPH ?g {{ {_nt(f)} {path} ?any }} {main_graph} }}"
        )
    else:  # the value replaced in both views: as written (or its surrogate) and as the store keeps it
        new = _replacement(c, v)
        same = f"sameTerm(?old, {in_view}) || sameTerm(?old, {_nt(v)}) || COALESCE(?old = {_nt(v)}, false)"
        update = (
            f"DELETE {{ GRAPH ?g {{ {_nt(f)} {path} ?old }} }} "
            f"INSERT {{ GRAPH ?g0 {{ {_nt(f)} {path} {_nt(new)} }} }} "
            f"WHERE {{ GRAPH ?g {{ {_nt(f)} {path} ?old }} FILTER ({same}) {main_graph} }}"
        )
    return Mutation(node_shape, shape, c, f, update)


def _added_value(node_shape, shape, c, focus, dataset) -> Mutation | None:
    """A sh:class constraint on a predicate no focus node uses in the shipped data (the known members of a
    group of places, say): a focus node gets a value of no class."""
    if c.parameter != SH["class"] or not shape.path_sparql.startswith("<"):
        return None
    rows = list(dataset.query(f"SELECT ?this WHERE {{ {focus} }} ORDER BY ?this LIMIT 1", view="written"))
    if not rows:
        return None
    f = to_rdflib(rows[0]["this"])
    main_graph = 'BIND (IRI(REPLACE(STR(?g), "#(written|canonical)$", "")) AS ?g0)'
    update = (
        f"INSERT {{ GRAPH ?g0 {{ {_nt(f)} {shape.path_sparql} {_nt(BOGUS)} }} }} "
        f"WHERE {{ GRAPH ?g {{ {_nt(f)} ?p ?o }} {main_graph} }}"
    )
    return Mutation(node_shape, shape, c, f, update)


def apply(dataset, mutation: Mutation) -> None:
    dataset.store.update(mutation.update)
    assert isinstance(dataset.store, ox.Store)
