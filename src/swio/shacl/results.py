"""Validation results: one shape, whichever engine produced them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH

from ..namespaces import PREFIXES, XSD, shorten
from .paths import Path as ResultPath

SEVERITIES = ("Violation", "Warning", "Info")
_BARE = {XSD + "integer", XSD + "decimal", XSD + "boolean"}  # shown as Turtle shows them, without quotes
_VAR_RE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def term_text(term, prefixes: dict[str, str] | None = None) -> str:
    """A readable rendering: prefixed IRI, ``_:b``, or the literal in Turtle style."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term), prefixes)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = str(term)
        if term.language:
            return f'"{text}"@{term.language}'
        if str(term.datatype or "") in _BARE and term.toPython() is not None:
            return text
        if term.datatype is not None and str(term.datatype) != XSD + "string":
            return f'"{text}"^^{shorten(str(term.datatype), prefixes)}'
        return f'"{text}"'
    return str(term)


def message_term(term, prefixes: dict[str, str] | None = None) -> str:
    """How a variable reads inside a message: prefixed IRIs, bare literal text."""
    if isinstance(term, Literal):
        return str(term)
    return term_text(term, prefixes)


def fill_template(template: str, bindings: dict, render) -> str:
    return _VAR_RE.sub(lambda m: render(bindings[m.group(1)]) if m.group(1) in bindings else m.group(0), template)


@dataclass(frozen=True)
class Cell:
    """Where a result points in a spreadsheet (``swio validate WORKBOOK``): the sheet, the row and
    column (from 1) and the column's header."""

    sheet: str
    row: int
    column: int
    header: str = ""

    @property
    def letter(self) -> str:
        letters, index = "", self.column
        while index:
            index, rest = divmod(index - 1, 26)
            letters = chr(65 + rest) + letters
        return letters

    @property
    def a1(self) -> str:
        return f"{self.letter}{self.row}"

    def __str__(self) -> str:
        return f"{self.sheet}!{self.a1}" + (f" ({self.header})" if self.header else "")


@dataclass
class ValidationResult:
    severity: str  # "Violation" | "Warning" | "Info"
    focus: object  # rdflib term
    shape: object  # the source shape node (rdflib term in the shapes graph)
    named_shape: object  # the nearest shape with an IRI (a node shape)
    component: str  # local name for the sh: components ("MinCountConstraintComponent"), else the full IRI
    path: str | None = None  # sh:resultPath as a SPARQL property path, full IRIs
    value: object = None
    line: int | None = None  # line in `file` where the focus node is defined (None: unknown, a blank node)
    constraint: object = None  # sh:sourceConstraint (SPARQL constraints)
    templates: list[Literal] = field(default_factory=list)  # sh:message literals of the shape/constraint
    bindings: dict = field(default_factory=dict)  # variables for the templates ({$value}, {?x}, parameters)
    file: Path | None = None
    result_path: ResultPath | None = None  # sh:resultPath as a path structure (write it with .to_graph)
    default_message: str | None = None  # an English template used when the shapes give no sh:message
    cell: Cell | None = None  # a spreadsheet's cell (then `file` is the workbook and `line` the row)

    @property
    def severity_iri(self) -> URIRef:
        """sh:resultSeverity as an IRI (sh:Violation, sh:Warning, sh:Info or a custom severity)."""
        return URIRef(self.severity) if ":" in self.severity else URIRef(SH + self.severity)

    @property
    def component_iri(self) -> URIRef:
        """sh:sourceConstraintComponent as an IRI."""
        return URIRef(self.component) if ":" in self.component else URIRef(SH + self.component)

    def messages(self, prefixes: dict[str, str] | None = None) -> dict[str, str]:
        """Messages by language tag ('' for untagged), variables filled with readable terms."""
        out: dict[str, str] = {}
        for template in self.templates:
            out.setdefault(
                template.language or "",
                fill_template(str(template), self.bindings, lambda t: message_term(t, prefixes)),
            )
        if not out:
            text = self.default_message or generic_message(self)
            out["en"] = fill_template(text, self.bindings, lambda t: term_text(t, prefixes))
        return out

    def add_to_graph(self, graph, node, prefixes: dict[str, str] | None = None) -> None:
        """Write this result into an rdflib ``graph`` as the sh:ValidationResult ``node``, as the SHACL spec
        defines it: sh:sourceShape is the shape holding the constraint (a blank property shape too),
        sh:resultPath the path structure (sequence, inverse, ... paths included)."""
        from rdflib import RDF

        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.resultSeverity, self.severity_iri))
        graph.add((node, SH.focusNode, self.focus))
        graph.add((node, SH.sourceConstraintComponent, self.component_iri))
        graph.add((node, SH.sourceShape, self.shape))
        if self.result_path is not None:
            graph.add((node, SH.resultPath, self.result_path.to_graph(graph)))
        if self.value is not None:
            graph.add((node, SH.value, self.value))
        if self.constraint is not None:
            graph.add((node, SH.sourceConstraint, self.constraint))
        for language, text in self.messages(prefixes).items():
            graph.add((node, SH.resultMessage, Literal(text, lang=language or None)))

    def message(self, lang: str = "en", prefixes: dict[str, str] | None = None) -> str:
        msgs = self.messages(prefixes)
        return msgs.get(lang) or msgs.get("en") or msgs.get("") or next(iter(msgs.values()))

    def key(self) -> tuple:
        """What two engines must agree on."""
        return (
            self.severity,
            str(self.focus),
            self.path or "",
            term_key(self.value),
            str(self.named_shape),
            str(self.shape) if not isinstance(self.shape, BNode) else self.path or "",
            self.component,
            tuple(sorted(fill_template(str(t), self.bindings, str) for t in self.templates if t.language != "zh")),
        )

    def sort_key(self) -> tuple:
        return (
            SEVERITIES.index(self.severity),
            str(self.file or ""),
            str(self.focus),
            self.path or "",
            term_key(self.value),
            self.component,
        )


def term_key(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return f"{term!s}|{term.datatype or ''}|{term.language or ''}"
    return str(term)


def generic_message(result: ValidationResult) -> str:
    if ":" in result.component:
        return f"does not satisfy the constraint component <{result.component}>"
    name = result.component.replace("ConstraintComponent", "")
    return f"does not satisfy sh:{name[0].lower() + name[1:]}"


def severity_name(node) -> str:
    text = str(node)
    return text[len(str(SH)) :] if text.startswith(str(SH)) else text


@dataclass
class Report:
    results: list[ValidationResult]
    engine: str
    files: list[Path]
    triples: int
    seconds: float = 0.0
    prefixes: dict[str, str] = field(default_factory=lambda: dict(PREFIXES))
    store: str | None = None  # in-store validation: the endpoint (credentials hidden) and its graphs

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    @property
    def violations(self) -> int:
        return self.count("Violation")

    @property
    def warnings(self) -> int:
        return self.count("Warning")

    @property
    def infos(self) -> int:
        return self.count("Info")

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and infos allowed): what the exit code uses."""
        return self.violations == 0

    @property
    def conforms_per_spec(self) -> bool:
        """sh:conforms as the SHACL spec defines it: true only when there are no results at all,
        whatever their severity (a report with only warnings does not conform)."""
        return not self.results

    def exit_code(self, strict: bool = False) -> int:
        if self.violations or (strict and self.warnings):
            return 1
        return 0
