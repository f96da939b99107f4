"""The SHACL shapes, read for people: what each shape requires, in Chinese and English.

The shapes are read from the index (the shapes file's statements as written): every
node shape with its targets, every property shape (path, cardinality, class,
datatype, allowed values, language, ranges, pattern …) and every SPARQL check with
its message. ``requirements_for(class)`` gives, for the ontology documentation,
the constraints that apply to instances of a class (its own and its superclasses'
shapes, as SHACL applies ``sh:targetClass`` through ``rdfs:subClassOf``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from markupsafe import Markup, escape

from ...namespaces import RDF_TYPE, SH, SHAPES_IRI
from . import i18n, rdfdocs, urls
from .render import Page, render
from .resource import Description, referrer_groups
from .views import Graph, Viewer

SHAPES_NS = SHAPES_IRI + "#"
TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
_SKIP = {"path", "message", "severity", "name", "description", "order", "group", "deactivated", "flags"}


@dataclass
class PropertyShape:
    path: object  # term (NamedNode or the blank node of a complex path)
    constraints: list[tuple[str, object]]  # (local name of the sh: parameter, value term)
    severity: str
    messages: dict[str, str]
    names: dict[str, str] = field(default_factory=dict)


@dataclass
class SparqlCheck:
    severity: str
    messages: dict[str, str]
    select: str


@dataclass
class NodeShape:
    iri: str
    anchor: str
    targets: list[tuple[str, str]]  # (sh: target kind, IRI)
    severity: str
    messages: dict[str, str]
    constraints: list[tuple[str, object]]
    properties: list[PropertyShape]
    checks: list[SparqlCheck]
    graph: Graph


def _local(term) -> str:
    return term.value.rsplit("#", 1)[-1] if isinstance(term, ox.NamedNode) else ""


def _messages(graph: Graph, node) -> dict[str, str]:
    out = {}
    for m in graph.objects(node, SH + "message"):
        if isinstance(m, ox.Literal):
            out.setdefault(m.language or "", m.value)
    return out


def _severity(graph: Graph, node, default: str = "Violation") -> str:
    found = graph.objects(node, SH + "severity")
    return _local(found[0]) if found else default


def _constraints(graph: Graph, node) -> list[tuple[str, object]]:
    out = []
    for p, o in graph.pairs(node):
        if p.value.startswith(SH):
            name = p.value[len(SH) :]
            if name not in _SKIP and name not in TARGETS and name not in ("property", "sparql", "declare", "prefixes"):
                out.append((name, o))
    order = [
        "minCount",
        "maxCount",
        "class",
        "datatype",
        "nodeKind",
        "in",
        "hasValue",
        "languageIn",
        "uniqueLang",
        "minInclusive",
        "maxInclusive",
        "minExclusive",
        "maxExclusive",
        "minLength",
        "maxLength",
        "pattern",
    ]
    return sorted(out, key=lambda c: (order.index(c[0]) if c[0] in order else len(order), c[0], str(c[1])))


def read_shapes(index, iris: list[str]) -> list[NodeShape]:
    shapes = []
    described = index.describe_each(iris)
    for iri in iris:
        graph = Graph(described[iri])
        node = ox.NamedNode(iri)
        types = {o.value for o in graph.objects(node, RDF_TYPE) if isinstance(o, ox.NamedNode)}
        targets = [
            (kind, o.value) for kind in TARGETS for o in graph.objects(node, SH + kind) if isinstance(o, ox.NamedNode)
        ]
        if SH + "NodeShape" not in types and SH + "PropertyShape" not in types and not targets:
            continue
        properties = []
        for prop in graph.objects(node, SH + "property"):
            paths = graph.objects(prop, SH + "path")
            names = {}
            for n in graph.objects(prop, SH + "name"):
                if isinstance(n, ox.Literal):
                    names.setdefault(n.language or "", n.value)
            properties.append(
                PropertyShape(
                    paths[0] if paths else None,
                    _constraints(graph, prop),
                    _severity(graph, prop, _severity(graph, node)),
                    _messages(graph, prop),
                    names,
                )
            )
        properties.sort(key=lambda ps: (str(ps.path), [str(c) for c in ps.constraints]))
        checks = []
        for check in graph.objects(node, SH + "sparql"):
            select = graph.objects(check, SH + "select")
            checks.append(
                SparqlCheck(
                    _severity(graph, check, _severity(graph, node)),
                    _messages(graph, check),
                    select[0].value.strip("\n") if select else "",
                )
            )
        checks.sort(key=lambda c: (c.messages.get("en", ""), c.select))
        anchor = iri[len(SHAPES_NS) :] if iri.startswith(SHAPES_NS) else urls.reused_anchor(iri)
        shapes.append(
            NodeShape(
                iri,
                anchor,
                sorted(targets),
                _severity(graph, node),
                _messages(graph, node),
                _constraints(graph, node),
                properties,
                checks,
                graph,
            )
        )
    return shapes


# -- words --------------------------------------------------------------------------------
def _count_phrase(low: int | None, high: int | None, lang: str) -> str | None:
    if low is None and high is None:
        return None
    zh = lang == "zh"
    if low is not None and low == high:
        if low == 1:
            return "有且仅有一个" if zh else "exactly one"
        return f"恰好 {low} 个" if zh else f"exactly {low}"
    if low and high is not None:
        return f"{low} 至 {high} 个" if zh else f"{low} to {high}"
    if low:
        return (f"至少 {low} 个" if zh else f"at least {low}") if low > 1 else ("至少一个" if zh else "at least one")
    if high == 0:
        return "不得有" if zh else "none"
    return (f"至多 {high} 个" if zh else f"at most {high}") if high != 1 else ("至多一个" if zh else "at most one")


def _int(term) -> int | None:
    try:
        return int(term.value)
    except (AttributeError, ValueError):
        return None


WORDS = {
    "class": ("each an instance of", "须为以下类的实例："),
    "datatype": ("of datatype", "数据类型为"),
    "nodeKind": ("each a", "须为"),
    "in": ("one of", "取值于"),
    "hasValue": ("including", "须包含"),
    "languageIn": ("in the languages", "语言限于"),
    "uniqueLang": ("at most one per language", "每种语言至多一个"),
    "minInclusive": ("≥", "≥"),
    "maxInclusive": ("≤", "≤"),
    "minExclusive": (">", ">"),
    "maxExclusive": ("<", "<"),
    "minLength": ("at least this many characters:", "最少字符数："),
    "maxLength": ("at most this many characters:", "最多字符数："),
    "pattern": ("matching", "须匹配"),
    "node": ("conforming to", "须符合形状"),
    "or": ("one of these", "满足其一"),
    "and": ("all of these", "全部满足"),
    "xone": ("exactly one of these", "恰好满足其一"),
    "not": ("not", "不得"),
}


class ShapeWords:
    """Constraints as a list of parts (strings and linked :class:`Value` s) for one language."""

    def __init__(self, viewer: Viewer):
        self.viewer = viewer
        self.lang = viewer.lang

    def word(self, key: str) -> str:
        en, zh = WORDS[key]
        return zh if self.lang == "zh" else en

    def path(self, graph: Graph, path) -> list:
        if isinstance(path, ox.NamedNode):
            return [self.viewer.iri(path.value)]
        if path is None:
            return ["—"]
        members = graph.items(path)
        if members is not None:
            parts: list = []
            for i, m in enumerate(members):
                parts += (["/"] if i else []) + self.path(graph, m)
            return parts
        for p, o in graph.pairs(path):
            op = {"inversePath": "^", "zeroOrMorePath": "*", "oneOrMorePath": "+", "zeroOrOnePath": "?"}.get(
                p.value[len(SH) :] if p.value.startswith(SH) else ""
            )
            if op == "^":
                return ["^"] + self.path(graph, o)
            if op:
                return ["("] + self.path(graph, o) + [")" + op]
            if p.value == SH + "alternativePath":
                alternatives = graph.items(o) or []
                parts = ["("]
                for i, m in enumerate(alternatives):
                    parts += ([" | "] if i else []) + self.path(graph, m)
                return parts + [")"]
        return ["?"]

    def term(self, graph: Graph, term) -> list:
        value = self.viewer.term(term, graph)
        if value.kind == "list":
            parts: list = []
            for i, item in enumerate(value.items):
                parts += ([", " if self.lang == "en" else "、"] if i else []) + [item]
            return parts
        if value.kind == "literal":
            return [value.text]
        return [value]

    def constraints(self, graph: Graph, constraints: list[tuple[str, object]]) -> list[list]:
        """One list of parts per requirement (cardinality first)."""
        out = []
        params = dict((name, value) for name, value in constraints)
        count = _count_phrase(_int(params.get("minCount")), _int(params.get("maxCount")), self.lang)
        if count:
            out.append([count])
        for name, value in constraints:
            if name in ("minCount", "maxCount"):
                continue
            if name == "uniqueLang":
                if isinstance(value, ox.Literal) and value.value == "true":
                    out.append([self.word("uniqueLang")])
                continue
            if name in ("or", "and", "xone"):
                members = graph.items(value) or []
                alternatives = [self.constraints(graph, _constraints(graph, m)) for m in members]
                parts: list = [self.word(name) + ": "]
                for i, alt in enumerate(alternatives):
                    if i:
                        parts.append(" | ")
                    parts += ["("] + [p for req in alt for p in req + ["; "]][:-1] + [")"]
                out.append(parts)
                continue
            if name == "not":
                inner = self.constraints(graph, _constraints(graph, value))
                out.append([self.word("not") + " ("] + [p for req in inner for p in req] + [")"])
                continue
            if name == "languageIn":
                codes = [item.value for item in (graph.items(value) or []) if isinstance(item, ox.Literal)]
                names = [i18n.language(code, self.lang) for code in codes]
                out.append([self.word(name) + " " + ("、" if self.lang == "zh" else ", ").join(names)])
                continue
            if name == "pattern" and isinstance(value, ox.Literal):
                out.append([self.word(name) + " ", Markup(f"<code>{escape(value.value)}</code>")])
                continue
            if name in WORDS:
                out.append([self.word(name) + " "] + self.term(graph, value))
            else:
                out.append([self.viewer.iri(SH + name), " "] + self.term(graph, value))
        return out


def message(messages: dict[str, str], lang: str) -> str:
    for choice in (lang, "en" if lang == "zh" else "zh", ""):
        if choice in messages:
            return messages[choice]
    return ""


class ShapesDoc(rdfdocs.DescribedDocument):
    """``shapes.{lang}.html`` and ``shapes.{ttl,jsonld,nt,rdf}``."""

    STEM = "shapes"

    def __init__(self, publication):
        self.pub = publication
        self._shapes = None
        self._referrers = None

    def shape_iris(self) -> list[str]:
        return [iri for iri in self.pub.index.subjects(SHAPES_NS)]

    @property
    def shapes(self) -> list[NodeShape]:
        if self._shapes is None:
            self._shapes = read_shapes(self.pub.index, self.shape_iris())
        return self._shapes

    def documented(self) -> list[str]:
        header = [SHAPES_IRI] if self.pub.index.has_subject(SHAPES_IRI) else []
        return header + self.shape_iris()

    def shape_view(self, shape: NodeShape, viewer: Viewer) -> dict:
        words = ShapeWords(viewer)
        lang = viewer.lang
        if self._referrers is None:  # every shape's, in one batch
            self._referrers = self.pub.index.referrers_each([s.iri for s in self.shapes], 50)
        found, counts = self._referrers[shape.iri]
        return {
            "anchor": shape.anchor,
            "iri": shape.iri,
            "curie": viewer.naming.curie(shape.iri),
            "title": shape.anchor,
            "label": viewer.naming.label(shape.iri, lang) if viewer.naming.labels(shape.iri) else None,
            "targets": [(viewer.iri(SH + kind), viewer.iri(target)) for kind, target in shape.targets],
            "severity": shape.severity,
            "severity_label": viewer.naming.label(SH + shape.severity, lang),
            "message": message(shape.messages, lang),
            "node_constraints": words.constraints(shape.graph, shape.constraints),
            "properties": [
                {
                    "path": words.path(shape.graph, ps.path),
                    "requirements": words.constraints(shape.graph, ps.constraints),
                    "severity": ps.severity,
                    "severity_label": viewer.naming.label(SH + ps.severity, lang),
                    "message": message(ps.messages, lang),
                    "name": message(ps.names, lang),
                }
                for ps in shape.properties
            ],
            "checks": [
                {
                    "severity": c.severity,
                    "severity_label": viewer.naming.label(SH + c.severity, lang),
                    "message": message(c.messages, lang),
                    "select": c.select,
                }
                for c in shape.checks
            ],
            "referrers": referrer_groups(viewer, found, counts),
        }

    def html(self, lang: str) -> bytes:
        page = Page(self.STEM, lang, title=i18n.text("shapes_doc", lang), site=self.pub.info)
        viewer = Viewer(self.pub.naming, lang, page.file)
        header = None
        if self.pub.index.has_subject(SHAPES_IRI):
            from .resource import view

            header = view(
                Description.read(self.pub.index, [SHAPES_IRI], referrer_limit=20),
                SHAPES_IRI,
                viewer,
                self.pub.index,
                stem=self.STEM,
            )
        shapes = [self.shape_view(s, viewer) for s in self.shapes]
        return render(
            "shapes.html", page, header=header, shapes=shapes, property_count=sum(len(s["properties"]) for s in shapes)
        )
