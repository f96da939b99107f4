"""The ontology documentation (``def.{lang}.html``): every term under an anchor that is its local name.

SWIO's own terms are anchored by local name, so ``https://w3id.org/swio/def#Role``
lands on ``#Role``; the terms SWIO reuses from ORG, PROV-O, OWL-Time, SKOS, FOAF and
Dublin Core have their own section, anchored by prefixed name (``#org:Role``), which
can never equal a local name. Each class shows its super- and subclasses, the
properties whose domain or range it is, how many instances the data has and what a
valid instance must have (read from the shapes); each property its domain, range,
super- and subproperties and the shapes that constrain it.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from markupsafe import Markup

from ...namespaces import ONTOLOGY_IRI, RDF, SH
from . import i18n, rdfdocs, urls
from .render import Page, render
from .resource import Description, referrer_groups, view
from .shapesdoc import ShapeWords, message
from .views import Viewer

OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
KINDS = (  # (kind, rdf:type IRIs, heading key), in the order the page lists them
    ("class", (OWL + "Class", RDFS + "Class"), "classes"),
    ("object", (OWL + "ObjectProperty",), "object_properties"),
    ("datatype", (OWL + "DatatypeProperty",), "datatype_properties"),
    ("other", (), "other_terms"),
)
RELATIONS = (RDFS + "subClassOf", RDFS + "subPropertyOf", RDFS + "domain", RDFS + "range")
TERM_REFERRER_LIMIT = 20


class OntologyModel:
    """The terms, their kinds and the class/property relations, read once from the loaded graph."""

    def __init__(self, publication):
        pub = self.pub = publication
        self.swio_terms = sorted(pub.index.subjects(urls.DEF_NS))
        self.reused = sorted(pub.naming.reused, key=pub.naming.curie)
        self.types: dict[str, set[str]] = defaultdict(set)
        for row in pub.dataset.query(
            "SELECT ?t ?k WHERE { ?t a ?k FILTER (isIRI(?t) && ?k IN ("
            + ", ".join(f"<{k}>" for _, ks, _ in KINDS for k in ks)
            + ")) }"
        ):
            self.types[row["t"].value].add(row["k"].value)
        self.out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.into: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        values = " ".join(f"<{p}>" for p in RELATIONS)
        for row in pub.dataset.query(
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} "
            f"{{ ?s ?p ?o FILTER isIRI(?o) }} UNION "
            f"{{ ?s ?p ?b . ?b <{OWL}unionOf>/<{RDF}rest>*/<{RDF}first> ?o }} FILTER isIRI(?s) }}"
        ):
            s, p, o = row["s"].value, row["p"].value, row["o"].value
            self.out[s][p].append(o)
            self.into[o][p].append(s)
        for table in (self.out, self.into):
            for relations in table.values():
                for p in relations:
                    relations[p] = sorted(set(relations[p]))
        self.instances = {
            row["c"].value: int(row["n"].value)
            for row in pub.dataset.query(
                "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c FILTER isIRI(?c) } GROUP BY ?c"
            )
        }

    def kind(self, iri: str) -> str:
        types = self.types.get(iri, set())
        for kind, type_iris, _ in KINDS:
            if types & set(type_iris):
                return kind
        return "other"

    def ancestors(self, cls: str) -> list[str]:
        """``cls`` and its superclasses, nearest first (breadth-first, each once)."""
        order, frontier = [cls], [cls]
        while frontier:
            nxt = []
            for c in frontier:
                for sup in self.out.get(c, {}).get(RDFS + "subClassOf", []):
                    if sup not in order:
                        order.append(sup)
                        nxt.append(sup)
            frontier = nxt
        return order

    def classes(self) -> list[str]:
        return [t for t in self.swio_terms + self.reused if self.kind(t) == "class"]

    def object_properties(self) -> list[str]:
        return [t for t in self.swio_terms + self.reused if self.kind(t) == "object"]


class OntologyDoc(rdfdocs.DescribedDocument):
    """``def.{lang}.html`` and ``def.{ttl,jsonld,nt,rdf}`` (the ontology header and every term it documents)."""

    STEM = "def"

    def __init__(self, publication):
        self.pub = publication
        self._model = None
        self._descriptions: dict[str, Description] | None = None

    @property
    def model(self) -> OntologyModel:
        if self._model is None:
            self._model = OntologyModel(self.pub)
        return self._model

    def documented(self) -> list[str]:
        header = [ONTOLOGY_IRI] if self.pub.index.has_subject(ONTOLOGY_IRI) else []
        return header + self.model.swio_terms + self.model.reused

    # -- views ----------------------------------------------------------------------------
    def requirements(self, cls: str, viewer: Viewer) -> tuple[list[dict], list[dict]]:
        """Property constraints and SPARQL checks that instances of ``cls`` must meet."""
        shapes_doc = next(p for p in self.pub.producers if p.STEM == "shapes")
        lineage = self.model.ancestors(cls)
        words = ShapeWords(viewer)
        rows, checks = [], []
        for shape in shapes_doc.shapes:
            targets = [target for kind, target in shape.targets if kind == "targetClass" and target in lineage]
            if not targets:
                continue
            nearest = min(targets, key=lineage.index)
            inherited = viewer.iri(nearest) if nearest != cls else None
            shape_value = viewer.iri(shape.iri)
            for ps in shape.properties:
                rows.append(
                    {
                        "path": words.path(shape.graph, ps.path),
                        "requirements": words.constraints(shape.graph, ps.constraints),
                        "severity": ps.severity,
                        "severity_label": viewer.naming.label(SH + ps.severity, viewer.lang),
                        "message": message(ps.messages, viewer.lang),
                        "shape": shape_value,
                        "inherited": inherited,
                        "order": lineage.index(nearest),
                    }
                )
            for check in shape.checks:
                checks.append(
                    {
                        "severity": check.severity,
                        "severity_label": viewer.naming.label(SH + check.severity, viewer.lang),
                        "message": message(check.messages, viewer.lang),
                        "shape": shape_value,
                        "inherited": inherited,
                        "order": lineage.index(nearest),
                    }
                )
        rows.sort(key=lambda r: (r["order"], r["shape"].curie))
        checks.sort(key=lambda r: (r["order"], r["shape"].curie, r["message"]))
        return rows, checks

    def constrained_by(self, prop: str, viewer: Viewer) -> list[dict]:
        shapes_doc = next(p for p in self.pub.producers if p.STEM == "shapes")
        words = ShapeWords(viewer)
        out = []
        for shape in shapes_doc.shapes:
            for ps in shape.properties:
                if isinstance(ps.path, ox.NamedNode) and ps.path.value == prop:
                    out.append(
                        {"shape": viewer.iri(shape.iri), "requirements": words.constraints(shape.graph, ps.constraints)}
                    )
        return out

    def descriptions(self) -> dict[str, Description]:
        """Every documented term's description, read in batches once (both languages use them)."""
        if self._descriptions is None:
            model = self.model
            terms = [ONTOLOGY_IRI] if self.pub.index.has_subject(ONTOLOGY_IRI) else []
            terms += model.swio_terms + model.reused
            self._descriptions = Description.read_each(self.pub.index, terms, referrer_limit=TERM_REFERRER_LIMIT)
            linked = set()
            for description in self._descriptions.values():
                linked |= description.linked_iris()
            self.pub.naming.prefetch(linked)
        return self._descriptions

    def term_view(self, iri: str, viewer: Viewer, anchor: str) -> dict:
        model = self.model
        description = self.descriptions()[iri]
        resource = view(description, iri, viewer, self.pub.index, stem=self.STEM, with_downloads=False)
        out, into = model.out.get(iri, {}), model.into.get(iri, {})

        def values(iris):
            return [viewer.iri(i) for i in iris]

        facts = []
        kind = model.kind(iri)
        if kind == "class":
            facts += [
                ("superclasses", values(out.get(RDFS + "subClassOf", []))),
                ("subclasses", values(into.get(RDFS + "subClassOf", []))),
                ("domain_of", values(into.get(RDFS + "domain", []))),
                ("range_of", values(into.get(RDFS + "range", []))),
            ]
        else:
            facts += [
                ("domain", values(out.get(RDFS + "domain", []))),
                ("range", values(out.get(RDFS + "range", []))),
                ("superproperties", values(out.get(RDFS + "subPropertyOf", []))),
                ("subproperties", values(into.get(RDFS + "subPropertyOf", []))),
            ]
        defined = sorted(
            t.object.value
            for t in description.triples
            if t.subject == ox.NamedNode(iri)
            and t.predicate.value == RDFS + "isDefinedBy"
            and isinstance(t.object, ox.NamedNode)
        )
        facts.append(("defined_by", values(defined)))
        found, counts = description.referrers[iri]
        requirements, checks = self.requirements(iri, viewer) if kind == "class" else ([], [])
        return {
            "anchor": anchor,
            "kind": kind,
            "view": resource,
            "facts": [(i18n.text(key, viewer.lang), vals) for key, vals in facts if vals],
            "instances": model.instances.get(iri) if kind == "class" else None,
            "requirements": requirements,
            "checks": checks,
            "constrained_by": self.constrained_by(iri, viewer) if kind != "class" else [],
            "referrers": referrer_groups(viewer, found, counts),
        }

    def schemes(self, viewer: Viewer) -> list[dict]:
        rows = self.pub.dataset.query(
            f"SELECT ?s (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?s a <{SKOS}ConceptScheme> "
            f"OPTIONAL {{ ?c <{SKOS}inScheme> ?s }} FILTER isIRI(?s) }} GROUP BY ?s"
        )
        found = [(row["s"].value, int(row["n"].value)) for row in rows]
        return sorted(({"scheme": viewer.iri(s), "count": n} for s, n in found), key=lambda x: x["scheme"].curie)

    def html(self, lang: str) -> bytes:
        from .drawings import ontology_diagram

        model = self.model
        title = (
            self.pub.naming.label(ONTOLOGY_IRI, lang)
            if self.pub.index.has_subject(ONTOLOGY_IRI)
            else i18n.text("ontology_doc", lang)
        )
        page = Page(self.STEM, lang, title=i18n.text("ontology_doc", lang), site=self.pub.info)
        viewer = Viewer(self.pub.naming, lang, page.file)
        header = None
        if ONTOLOGY_IRI in self.descriptions():
            header = view(
                self.descriptions()[ONTOLOGY_IRI],
                ONTOLOGY_IRI,
                viewer,
                self.pub.index,
                stem=self.STEM,
            )
        sections = []
        for kind, _, key in KINDS:
            terms = [
                self.term_view(iri, viewer, iri[len(urls.DEF_NS) :])
                for iri in model.swio_terms
                if model.kind(iri) == kind
            ]
            if terms:
                sections.append({"id": f"{kind}-terms", "title": i18n.text(key, lang), "terms": terms})
        reused = [self.term_view(iri, viewer, urls.reused_anchor(iri)) for iri in model.reused]
        diagram = Markup(ontology_diagram(self.pub, lang, page.file))
        return render(
            "ontology.html",
            page,
            title=title,
            header=header,
            sections=sections,
            reused=reused,
            schemes=self.schemes(viewer),
            diagram=diagram,
            namespace=urls.DEF_NS,
        )
