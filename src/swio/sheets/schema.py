"""The workbook's layout, derived from the shapes and the ontology: its sheets and their columns.

Nothing here is a hand-kept list. The rules:

* **Sheets.** Every class a node shape targets (``sh:targetClass``) is a kind of node the data
  holds, except the classes the vocabularies have instances of (``skos:Concept``,
  ``skos:ConceptScheme``: those are the code lists, offered as dropdowns). Each such class that
  has no superclass among them is a sheet; a node goes to the sheet of the class it is an instance
  of (directly or through ``rdfs:subClassOf``), and its ``type`` column names its exact class
  when that is a subclass. Sheets come in the order the shapes file first names their class.
* **Columns.** The ID and the type; the labels (``rdfs:label``, one column per language); then,
  in the shapes file's order, every predicate path of the property shapes that apply to the
  sheet's classes (their targets are the class, a superclass or a subclass), then the shapes that
  target the subjects of a predicate already among the columns (``sh:targetSubjectsOf``), then the
  ontology's properties whose ``rdfs:domain`` is one of those classes, and last the comments
  (``rdfs:comment`` and its sub-properties, such as ``swio:editorialNote``).
* **What a column holds** comes from the shapes (``sh:datatype``, ``sh:or`` of datatypes,
  ``sh:languageIn``, ``sh:class``, ``sh:nodeKind``, ``sh:in``, ``sh:hasValue`` on
  ``(P skos:inScheme)``) and else from the ontology (object, datatype or annotation property, its
  ``rdfs:range``). Text in a language (``rdf:langString``) is one column per language
  (``sh:languageIn``, else zh and en). ``sh:minCount`` marks a column required, ``sh:maxCount 1``
  single-valued; the choices of a dropdown are the ``sh:in`` list, else the concepts of the
  scheme or class the shapes or the range name.
* **Headers** are the property's Chinese and English labels (``成立日期 founded``), with ``@zh`` /
  ``@en`` for a language column and `` *`` when required; the comment on the header is the
  property's definition. A column the ontology cannot type (an annotation property without a
  range) carries its kind in the header: ``(ID)``, ``(xsd:dateTime)`` or ``(text)``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, SKOS, XSD

from .. import resources
from ..errors import InputError
from ..input import turtle_scan
from ..namespaces import ALL_PREFIXES

ID_BASE = "https://w3id.org/swio/id/"
RDF_LANGSTRING = str(RDF.langString)
XSD_STRING = str(XSD.string)

# column kinds
ID, TYPE, REF, LANG, STRING, LITERAL = "id", "type", "ref", "lang", "string", "literal"
DATE_TYPES = (str(XSD.date), str(XSD.gYearMonth), str(XSD.gYear), str(XSD.dateTime))
NUMBER_TYPES = (str(XSD.integer), str(XSD.decimal), str(XSD.double), str(XSD.float))
DEFAULT_LANGUAGES = ("zh", "en")

#: RDF Schema's own terms, which the ontology uses without declaring: their labels in the two
#: languages (RDFS gives only English) and what they hold here (text in each language).
RDFS_TERMS = {
    str(RDFS.label): {"zh": "标签", "en": "label"},
    str(RDFS.comment): {"zh": "注释", "en": "comment"},
}

INSTRUCTIONS = {"zh": "填写说明", "en": "How to fill in"}
CODES = {"zh": "代码表", "en": "Codes"}
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(eq=False)
class Column:
    key: str  # identity within a sheet: "id", "type", "swio:basedIn", "rdfs:label@zh", "dcterms:issued^^xsd:dateTime"
    kind: str
    predicate: str | None = None
    lang: str | None = None
    datatypes: tuple[str, ...] = ()  # LITERAL: the datatypes the cell may have, in the order tried
    by_class: dict[str, tuple[str, ...]] = field(default_factory=dict)  # LITERAL: datatypes per row class
    required_for: tuple[str, ...] = ()  # classes whose shapes require a value
    required: bool = False  # required of every row of the sheet
    single: bool = False  # sh:maxCount 1 for every class of the sheet
    choices: tuple[str, ...] = ()  # REF: the allowed IRIs (dropdown)
    choices_name: str = ""  # REF: the code list's name
    minimum: str | None = None
    maximum: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # "zh"/"en" -> label
    definitions: dict[str, str] = field(default_factory=dict)
    marker: str = ""  # header suffix naming a kind the ontology cannot tell
    extra: bool = False  # not in the template: added by an export or by the user

    @property
    def header(self) -> str:
        words = [self.labels.get("zh", ""), self.labels.get("en", "")]
        text = " ".join(w for w in words if w) or self.key
        if self.lang:
            text += f" @{self.lang}"
        if self.marker:
            text += f" {self.marker}"
        return text + (" *" if self.required else "")

    @property
    def title(self) -> str:
        """The header as reports show it (without the required mark)."""
        return self.header.removesuffix(" *")

    def datatypes_for(self, classes) -> tuple[str, ...]:
        found: list[str] = []
        for cls in classes:
            for dt in self.by_class.get(cls, ()):
                if dt not in found:
                    found.append(dt)
        return tuple(found) or self.datatypes


@dataclass(eq=False)
class Sheet:
    cls: str
    names: dict[str, str]  # "zh"/"en" -> sheet name
    classes: tuple[str, ...]  # the sheet's class and the subclasses whose nodes it holds
    columns: list[Column]
    example: str | None = None  # an example ID (from the ontology's skos:example)
    definitions: dict[str, str] = field(default_factory=dict)

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names["en"]

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def columns_for(self, predicate: str) -> list[Column]:
        return [c for c in self.columns if c.predicate == predicate]


@dataclass
class _PropertyShape:
    path: str | None  # the predicate IRI of a predicate path
    sequence: tuple[str, ...] = ()  # a sequence path of predicates
    min_count: int = 0
    max_count: int | None = None
    datatypes: tuple[str, ...] = ()
    cls: tuple[str, ...] = ()
    iri_only: bool = False
    choices: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    has_value: str | None = None
    minimum: str | None = None
    maximum: str | None = None


@dataclass
class _NodeShape:
    classes: list[str] = field(default_factory=list)
    subjects_of: list[str] = field(default_factory=list)
    properties: list[_PropertyShape] = field(default_factory=list)


class Schema:
    """The sheets, their columns and the code lists, read from the ontology, vocabularies and shapes."""

    def __init__(self, shapes: str | Path | None = None):
        self.shapes_path = Path(shapes) if shapes else resources.SHAPES_FILE
        triples, self.ontology = _read([resources.ONTOLOGY_FILE, resources.VOCABULARIES_FILE])
        self.vocabulary = rdflib.Graph()
        _, self.vocabulary = _read([resources.VOCABULARIES_FILE])
        shape_triples, self.shapes_graph = _read([self.shapes_path])
        self.prefixes = _prefixes()
        self._order = {}
        for i, t in enumerate(triples):  # document order of the ontology's subjects
            self._order.setdefault(t.subject.value, i)
        self._supers = _closure(self.ontology, RDFS.subClassOf)
        self._subs: dict[str, set[str]] = defaultdict(set)
        for cls, ancestors in self._supers.items():
            for a in ancestors:
                self._subs[a].add(cls)
        self.node_shapes = _node_shapes(shape_triples, self.shapes_graph)
        self.concepts = self._concepts()
        self.sheets = self._sheets()
        self._by_name = {}
        for sheet in self.sheets:
            for name in {*sheet.names.values(), _local(sheet.cls)}:
                self._by_name[name.casefold()] = sheet
        self._sheet_of_class = {c: s for s in self.sheets for c in s.classes}

    # -- classes -------------------------------------------------------------------------
    def ancestors(self, cls: str) -> set[str]:
        return self._supers.get(cls, set())

    def is_a(self, cls: str, other: str) -> bool:
        return cls == other or other in self.ancestors(cls)

    def sheet_for_types(self, types) -> list[Sheet]:
        """The sheets a node with these rdf:types belongs on (one, normally)."""
        found = []
        for t in types:
            for cls in (t, *sorted(self.ancestors(t))):
                sheet = self._sheet_of_class.get(cls)
                if sheet is not None:
                    if sheet not in found:
                        found.append(sheet)
                    break
        return found

    def sheet_named(self, name: str) -> Sheet | None:
        return self._by_name.get(name.strip().casefold())

    def label(self, iri: str, lang: str) -> str:
        if iri in RDFS_TERMS and not _text(self.ontology, URIRef(iri), RDFS.label, lang):
            return RDFS_TERMS[iri][lang]
        return _text(self.ontology, URIRef(iri), RDFS.label, lang) or _text(
            self.ontology, URIRef(iri), SKOS.prefLabel, lang
        )

    def curie(self, iri: str) -> str:
        best = None
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns) and (best is None or len(ns) > len(best[1])):
                if re.fullmatch(r"[A-Za-z0-9_.-]+", iri[len(ns) :]) and not iri.endswith("."):
                    best = (prefix, ns)
        return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri

    def expand(self, curie: str) -> str | None:
        if curie.startswith(("http://", "https://")):
            return curie
        prefix, sep, local = curie.partition(":")
        if not sep or prefix not in self.prefixes or not local:
            return None
        return self.prefixes[prefix] + local

    # -- vocabulary ----------------------------------------------------------------------
    def _concepts(self) -> dict[str, dict]:
        """Every IRI the vocabularies describe (concepts and schemes), with its labels, classes and schemes."""
        out: dict[str, dict] = {}
        for s in set(self.vocabulary.subjects(RDF.type, None)):
            if not isinstance(s, URIRef):
                continue
            out[str(s)] = {
                "types": {str(t) for t in self.vocabulary.objects(s, RDF.type)},
                "schemes": {str(x) for x in self.vocabulary.objects(s, SKOS.inScheme)},
                "zh": _text(self.vocabulary, s, SKOS.prefLabel, "zh") or _text(self.vocabulary, s, RDFS.label, "zh"),
                "en": _text(self.vocabulary, s, SKOS.prefLabel, "en") or _text(self.vocabulary, s, RDFS.label, "en"),
            }
        return out

    def _instances(self, cls: str) -> tuple[str, ...]:
        return tuple(
            sorted(
                (iri for iri, c in self.concepts.items() if any(self.is_a(t, cls) for t in c["types"])),
                key=self._concept_order,
            )
        )

    def _in_scheme(self, scheme: str) -> tuple[str, ...]:
        return tuple(sorted((i for i, c in self.concepts.items() if scheme in c["schemes"]), key=self._concept_order))

    def _concept_order(self, iri: str):
        return self._order.get(iri, 1 << 30), iri

    def _vocabulary_class(self, cls: str) -> bool:
        """A class the vocabularies have instances of directly: a code list, not a sheet."""
        return any(cls in c["types"] for c in self.concepts.values())

    # -- sheets --------------------------------------------------------------------------
    def _sheets(self) -> list[Sheet]:
        targeted: list[str] = []
        for shape in self.node_shapes:
            for cls in shape.classes:
                if cls not in targeted and not self._vocabulary_class(cls):
                    targeted.append(cls)
        tops = [c for c in targeted if not any(a in targeted for a in self.ancestors(c))]
        sheets = []
        names_seen: set[str] = set()
        for cls in tops:
            subtree = (cls, *sorted((s for s in self._subs.get(cls, ()) if s not in tops), key=self._concept_order))
            names = {lang: self._sheet_name(cls, lang, names_seen) for lang in ("zh", "en")}
            names_seen.update(n.casefold() for n in names.values())
            sheet = Sheet(
                cls=cls,
                names=names,
                classes=subtree,
                columns=[],
                example=self._example(subtree),
                definitions={lang: _text(self.ontology, URIRef(cls), SKOS.definition, lang) for lang in ("zh", "en")},
            )
            sheet.columns = self._columns(sheet)
            sheets.append(sheet)
        return sheets

    def _sheet_name(self, cls: str, lang: str, seen: set[str]) -> str:
        label = self.label(cls, lang) or _local(cls)
        name = _FORBIDDEN.sub(" ", label).strip()
        name = name[:1].upper() + name[1:]
        if len(name) > 31:
            name = _local(cls)[:31]
        base, n = name, 2
        while name.casefold() in seen:
            name = f"{base[:28]} {n}"
            n += 1
        return name

    def _example(self, classes) -> str | None:
        for cls in classes:
            for ex in self.ontology.objects(URIRef(cls), SKOS.example):
                if isinstance(ex, URIRef) and str(ex).startswith(ID_BASE):
                    return str(ex)[len(ID_BASE) :]
        return None

    def _columns(self, sheet: Sheet) -> list[Column]:
        classes = sheet.classes
        applicable: dict[str, set[str]] = {}  # node shape index -> classes of the sheet it applies to
        order: list[tuple[str, _PropertyShape, set[str]]] = []  # (predicate, property shape, classes)
        for shape in self.node_shapes:
            hit = {c for c in classes for t in shape.classes if self.is_a(c, t)}
            for ps in shape.properties:
                if ps.path is not None and hit:
                    order.append((ps.path, ps, hit))
            applicable[id(shape)] = hit
        predicates: dict[str, list[tuple[_PropertyShape, set[str]]]] = {}
        for pred, ps, hit in order:
            predicates.setdefault(pred, []).append((ps, hit))
        # shapes on the subjects of a predicate the sheet has
        for _ in range(2):
            for shape in self.node_shapes:
                if any(p in predicates for p in shape.subjects_of) and not applicable.get(id(shape)):
                    for ps in shape.properties:  # conditional on the predicate: never required of every row
                        if ps.path is not None:
                            predicates.setdefault(ps.path, []).append((replace(ps, min_count=0), set(classes)))
                    applicable[id(shape)] = set(classes)
        # choices from a sequence path (P skos:inScheme) with sh:hasValue
        schemes: dict[str, str] = {}
        for shape in self.node_shapes:
            if applicable.get(id(shape)):
                for ps in shape.properties:
                    if len(ps.sequence) == 2 and ps.sequence[1] == str(SKOS.inScheme) and ps.has_value:
                        schemes[ps.sequence[0]] = ps.has_value
        # the ontology's properties with a domain among the sheet's classes (or their superclasses)
        related = set(classes) | {a for c in classes for a in self.ancestors(c)}
        for prop in sorted(self._properties(), key=self._concept_order):
            domains = {str(d) for d in self.ontology.objects(URIRef(prop), RDFS.domain)}
            if domains & related and prop not in predicates:
                predicates[prop] = []
        comment_like = [p for p in predicates if self._comment_like(p)]
        label = str(RDFS.label)
        ordered = [label] + [p for p in predicates if p != label and p not in comment_like]
        ordered += [p for p in self._comment_properties() if p not in ordered]
        columns = [
            Column(key="id", kind=ID, labels={"en": "ID"}, required=True, single=True),
            Column(key="type", kind=TYPE, labels={"zh": "类型", "en": "type"}),
        ]
        for pred in ordered:
            columns.extend(self._property_columns(sheet, pred, predicates.get(pred, []), schemes.get(pred)))
        return columns

    def _comment_properties(self) -> list[str]:
        found = [str(RDFS.comment)]
        for p in sorted(self._properties(), key=self._concept_order):
            if p not in found and self._comment_like(p):
                found.append(p)
        return found

    def _comment_like(self, prop: str) -> bool:
        return prop == str(RDFS.comment) or str(RDFS.comment) in _closure_of(self.ontology, prop, RDFS.subPropertyOf)

    def _properties(self) -> set[str]:
        out = set()
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
            out.update(str(s) for s in self.ontology.subjects(RDF.type, kind) if isinstance(s, URIRef))
        return out

    def property_kind(self, prop: str, shapes: list[_PropertyShape] | None = None):
        """(kind, datatypes, languages) of a property: from the given property shapes (default: every
        property shape with that path), else the ontology; kind None when neither can tell."""
        if shapes is None:
            shapes = [ps for ns in self.node_shapes for ps in ns.properties if ps.path == prop]
        datatypes: list[str] = []
        languages: list[str] = []
        ref = False
        for ps in shapes:
            for dt in ps.datatypes:
                if dt not in datatypes:
                    datatypes.append(dt)
            languages.extend(lang for lang in ps.languages if lang not in languages)
            ref = ref or bool(ps.cls or ps.iri_only or (ps.choices and all(c.startswith("http") for c in ps.choices)))
        if RDF_LANGSTRING in datatypes or languages:
            return LANG, (), tuple(languages) or DEFAULT_LANGUAGES
        if datatypes:
            if datatypes == [XSD_STRING]:
                return STRING, (), ()
            return LITERAL, tuple(datatypes), ()
        if ref:
            return REF, (), ()
        if prop in RDFS_TERMS:
            return LANG, (), DEFAULT_LANGUAGES
        node = URIRef(prop)
        ranges = {str(r) for r in self.ontology.objects(node, RDFS.range)}
        types = set(self.ontology.objects(node, RDF.type))
        if RDF_LANGSTRING in ranges:
            return LANG, (), DEFAULT_LANGUAGES
        if OWL.ObjectProperty in types:
            return REF, (), ()
        if XSD_STRING in ranges:
            return STRING, (), ()
        xsd_ranges = tuple(r for r in ranges if r.startswith(str(XSD)))
        if xsd_ranges:
            return LITERAL, xsd_ranges, ()
        if OWL.DatatypeProperty in types:
            return LITERAL, (), ()  # typed by the shapes of the subclasses, or by the cell
        return None, (), ()

    def _property_columns(self, sheet: Sheet, pred: str, shapes, scheme: str | None) -> list[Column]:
        if pred == str(RDF.type):
            return []
        kind, datatypes, languages = self.property_kind(pred, [ps for ps, _ in shapes] or None)
        if kind is None:
            return []
        labels = {lang: self.label(pred, lang) for lang in ("zh", "en")}
        labels = {k: v for k, v in labels.items() if v} or {"en": self.curie(pred)}
        definitions = {lang: _text(self.ontology, URIRef(pred), SKOS.definition, lang) for lang in ("zh", "en")}
        by_class: dict[str, tuple[str, ...]] = {}
        required_for: dict[str, int] = {}
        minimum = maximum = None
        choices: tuple[str, ...] = ()
        choices_name = ""
        classes_in: tuple[str, ...] = ()
        for ps, hit in shapes:
            for cls in hit:
                if ps.datatypes and RDF_LANGSTRING not in ps.datatypes:
                    by_class[cls] = tuple(dict.fromkeys((*by_class.get(cls, ()), *ps.datatypes)))
                if ps.min_count:
                    required_for[cls] = max(required_for.get(cls, 0), ps.min_count)
            minimum = ps.minimum if ps.minimum is not None else minimum
            maximum = ps.maximum if ps.maximum is not None else maximum
            if ps.choices and not choices and all(c.startswith("http") for c in ps.choices):
                choices = ps.choices
            if ps.cls:
                classes_in = ps.cls
        single = any(ps.max_count == 1 and sheet.cls in hit for ps, hit in shapes)
        if kind == REF and not choices:
            if scheme:
                choices = self._in_scheme(scheme)
                choices_name = self.label(scheme, "en") or self._concept_label(scheme, "en")
            else:
                ranges = classes_in or tuple(str(r) for r in self.ontology.objects(URIRef(pred), RDFS.range))
                for cls in ranges:
                    if cls != str(SKOS.Concept) and self._instances(cls):
                        choices = self._instances(cls)
                        choices_name = self.label(cls, "en") or _local(cls)
                        break
        if choices and not choices_name:
            choices_name = labels.get("en", self.curie(pred))
        required_everywhere = sheet.cls in required_for
        common = dict(
            predicate=pred,
            labels=labels,
            definitions=definitions,
            required_for=tuple(c for c in sheet.classes if c in required_for),
            single=single,
        )
        if kind == LANG:
            return [
                Column(key=f"{self.curie(pred)}@{lang}", kind=LANG, lang=lang, required=required_everywhere, **common)
                for lang in languages
            ]
        if kind == LITERAL:
            all_types = tuple(dict.fromkeys((*datatypes, *(d for ds in by_class.values() for d in ds))))
            return [
                Column(
                    key=self.curie(pred),
                    kind=LITERAL,
                    datatypes=all_types,
                    by_class=by_class,
                    required=required_everywhere,
                    minimum=minimum,
                    maximum=maximum,
                    **common,
                )
            ]
        return [
            Column(
                key=self.curie(pred),
                kind=kind,
                required=required_everywhere,
                choices=choices if kind == REF else (),
                choices_name=choices_name if kind == REF else "",
                **common,
            )
        ]

    def _concept_label(self, iri: str, lang: str) -> str:
        return (self.concepts.get(iri) or {}).get(lang) or ""

    # -- columns the template does not have ----------------------------------------------
    def extra_column(
        self, predicate: str, kind: str, *, lang: str | None = None, datatype: str | None = None
    ) -> Column:
        """A column for a predicate the sheet's template lacks (added by an export, or by the user):
        typed by the shapes and ontology where they can tell, else by the marker in its header."""
        known, datatypes, _languages = self.property_kind(predicate)
        labels = {k: v for k in ("zh", "en") if (v := self.label(predicate, k))} or {"en": self.curie(predicate)}
        definitions = {k: _text(self.ontology, URIRef(predicate), SKOS.definition, k) for k in ("zh", "en")}
        base = dict(predicate=predicate, labels=labels, definitions=definitions, extra=True)
        if kind == LANG:
            return Column(key=f"{self.curie(predicate)}@{lang}", kind=LANG, lang=lang, **base)
        if kind == LITERAL:
            marker = "" if known == LITERAL and datatype in datatypes else f"({self.curie(datatype)})"
            types = datatypes if not marker else (datatype,)
            return Column(
                key=f"{self.curie(predicate)}^^{self.curie(datatype)}",
                kind=LITERAL,
                datatypes=types,
                marker=marker,
                **base,
            )
        if kind == REF:
            return Column(key=self.curie(predicate), kind=REF, marker="" if known == REF else "(ID)", **base)
        return Column(key=self.curie(predicate), kind=STRING, marker="" if known == STRING else "(text)", **base)

    def column_for_header(self, sheet: Sheet, header: str) -> Column | None:
        """The column a header names: one of the sheet's, or an extra one for an ontology property."""
        text = " ".join(str(header).split()).removesuffix(" *").removesuffix("*").strip()
        for column in sheet.columns:
            if _norm(column.title) == _norm(text):
                return column
        marker = ""
        m = re.fullmatch(r"(.*?)\s*(\((?:ID|text|[A-Za-z][\w.-]*:[\w.-]+)\))", text)
        if m:
            text, marker = m.group(1), m.group(2)
        lang = None
        m = re.fullmatch(r"(.*?)\s*@([A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)", text)
        if m:
            text, lang = m.group(1), m.group(2)
        predicate = self._property_named(text)
        if predicate is None:
            return None
        for column in sheet.columns:  # the template's column under another accepted spelling
            if column.predicate == predicate and column.lang == lang and not marker:
                return column
        known, datatypes, _ = self.property_kind(predicate)
        if lang:
            return self.extra_column(predicate, LANG, lang=lang)
        if marker == "(ID)":
            return self.extra_column(predicate, REF)
        if marker == "(text)":
            return self.extra_column(predicate, STRING)
        if marker:
            datatype = self.expand(marker[1:-1])
            return self.extra_column(predicate, LITERAL, datatype=datatype) if datatype else None
        if known == LANG:
            return None  # a language column needs its language
        if known is None:
            return self.extra_column(predicate, STRING)
        if known == LITERAL:
            column = self.extra_column(predicate, LITERAL, datatype=datatypes[0] if datatypes else str(XSD.string))
            column.datatypes = datatypes
            column.marker = ""
            column.key = self.curie(predicate)
            return column
        return self.extra_column(predicate, known)

    def _property_named(self, text: str) -> str | None:
        want = _norm(text)
        for prop in sorted(self._properties() | {str(RDFS.label), str(RDFS.comment)}):
            zh, en = self.label(prop, "zh"), self.label(prop, "en")
            if want in {_norm(f"{zh} {en}"), _norm(zh), _norm(en), _norm(self.curie(prop))} - {""}:
                return prop
        iri = self.expand(text)
        return iri if iri and re.fullmatch(r"\S+", text) and ":" in text else None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _text(graph: rdflib.Graph, node, predicate, lang: str) -> str:
    for value in graph.objects(node, predicate):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return ""


def _closure(graph: rdflib.Graph, predicate) -> dict[str, set[str]]:
    direct: dict[str, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(predicate):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            direct[str(s)].add(str(o))
    out = {}
    for start in list(direct):
        seen: set[str] = set()
        stack = list(direct[start])
        while stack:
            x = stack.pop()
            if x not in seen:
                seen.add(x)
                stack.extend(direct.get(x, ()))
        out[start] = seen
    return out


def _closure_of(graph: rdflib.Graph, node: str, predicate) -> set[str]:
    seen: set[str] = set()
    stack = [str(o) for o in graph.objects(URIRef(node), predicate)]
    while stack:
        x = stack.pop()
        if x not in seen:
            seen.add(x)
            stack.extend(str(o) for o in graph.objects(URIRef(x), predicate))
    return seen


def _read(paths) -> tuple[list, rdflib.Graph]:
    from ..shacl.model import graph_from_triples

    triples = []
    for path in paths:
        path = Path(path)
        try:
            triples.extend(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
        except OSError as err:
            raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
        except (SyntaxError, ValueError) as err:
            raise InputError(f"{path}: not valid Turtle: {str(err).splitlines()[0]}") from None
    return triples, graph_from_triples(triples)


def _prefixes() -> dict[str, str]:
    """The house prefixes: the package's, then those the ontology, vocabularies and shipped data declare."""
    out = dict(ALL_PREFIXES)
    for path in (*resources.SCHEMA_FILES, *resources.shipped_data_files()):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError:
            continue
        for prefix, ns in turtle_scan.prefixes(text).items():
            if prefix and ns not in out.values():
                out.setdefault(prefix, ns)
    return out


def _list(graph: rdflib.Graph, node) -> list:
    try:
        return list(Collection(graph, node))
    except Exception:  # noqa: BLE001 - a malformed list: nothing usable
        return []


def _node_shapes(triples, graph: rdflib.Graph) -> list[_NodeShape]:
    """The node shapes with a target, each with its property shapes, in the file's order."""
    order: list = []
    seen = set()
    targets = {str(SH.targetClass), str(SH.targetSubjectsOf)}
    for t in triples:
        if t.predicate.value in targets and t.subject not in seen:
            seen.add(t.subject)
            order.append(t.subject)
    props_order: dict[str, list] = defaultdict(list)
    for t in triples:
        if t.predicate.value == str(SH.property):
            props_order[str(t.subject)].append(t.object)
    shapes = []
    for subject in order:
        node = URIRef(subject.value) if isinstance(subject, ox.NamedNode) else BNode(subject.value)
        shape = _NodeShape(
            classes=[str(c) for c in graph.objects(node, SH.targetClass)],
            subjects_of=[str(c) for c in graph.objects(node, SH.targetSubjectsOf)],
        )
        # the rdflib graph keeps no order: the classes in the file's order
        rank = {t.object.value: i for i, t in enumerate(triples) if t.subject == subject}
        shape.classes.sort(key=lambda c: rank.get(c, 0))
        for obj in props_order.get(str(subject), []):
            pnode = BNode(obj.value) if isinstance(obj, ox.BlankNode) else URIRef(obj.value)
            shape.properties.append(_property_shape(graph, pnode))
        shapes.append(shape)
    return shapes


def _property_shape(graph: rdflib.Graph, node) -> _PropertyShape:
    path = graph.value(node, SH.path)
    ps = _PropertyShape(path=str(path) if isinstance(path, URIRef) else None)
    if isinstance(path, BNode):
        steps = _list(graph, path)
        if steps and all(isinstance(s, URIRef) for s in steps):
            ps.sequence = tuple(str(s) for s in steps)
    value = graph.value(node, SH.minCount)
    ps.min_count = int(value) if value is not None else 0
    value = graph.value(node, SH.maxCount)
    ps.max_count = int(value) if value is not None else None
    datatypes = [str(d) for d in graph.objects(node, SH.datatype)]
    for alternative in graph.objects(node, SH["or"]):
        for member in _list(graph, alternative):
            datatypes.extend(str(d) for d in graph.objects(member, SH.datatype))
    ps.datatypes = tuple(datatypes)
    ps.cls = tuple(str(c) for c in graph.objects(node, SH["class"]))
    ps.iri_only = graph.value(node, SH.nodeKind) == SH.IRI
    for listed in graph.objects(node, SH["in"]):
        ps.choices = tuple(str(x) for x in _list(graph, listed))
    for listed in graph.objects(node, SH.languageIn):
        ps.languages = tuple(str(x) for x in _list(graph, listed))
    value = graph.value(node, SH.hasValue)
    ps.has_value = str(value) if value is not None else None
    for bound, attr in ((SH.minInclusive, "minimum"), (SH.maxInclusive, "maximum")):
        value = graph.value(node, bound)
        if value is not None:
            setattr(ps, attr, str(value))
    return ps


@lru_cache(maxsize=4)
def load_schema(shapes: str | None = None) -> Schema:
    """The schema of the shipped ontology and the given (default: shipped) shapes, read once per process."""
    return Schema(shapes)
