"""Validation results: one shape, whichever engine produced them."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH

from ..namespaces import PREFIXES, XSD, shorten
from .paths import Path as ResultPath
from .report_terms import bare_literal

SEVERITIES = ("Violation", "Warning", "Info")
#: Sort and count order: violations, then custom severities (any IRI, SHACL 2.1.4), warnings, infos.
_RANK = {"Violation": 0, "Warning": 2, "Info": 3}
_VAR_RE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


class Prefixes(dict):
    """A prefix map (prefix -> namespace) that remembers how it shortened each IRI: a report names the same
    few shapes, paths and nodes again and again."""

    __slots__ = ("short", "literals")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.short: dict[str, str] = {}
        self.literals: dict = {}  # literal -> its text (values repeat: a few failing values, many focus nodes)


def short_name(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """:func:`swio.namespaces.shorten`, remembered when ``prefixes`` is a :class:`Prefixes`."""
    if isinstance(prefixes, Prefixes):
        found = prefixes.short.get(iri)
        if found is None:
            found = shorten(iri, prefixes)
            if len(prefixes.short) < 200_000:
                prefixes.short[iri] = found
        return found
    return shorten(iri, prefixes)


class TermList(tuple):
    """The value of a list parameter (sh:in, sh:languageIn, sh:and, ...) in a message: ``("en" "zh")``."""


def term_text(term, prefixes: dict[str, str] | None = None) -> str:
    """A readable rendering: prefixed IRI, ``_:b``, the literal in Turtle style, or a list of these."""
    if term is None:
        return ""
    if isinstance(term, TermList):
        return "(" + " ".join(term_text(t, prefixes) for t in term) + ")"
    if isinstance(term, URIRef):
        return short_name(term, prefixes)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        cache = prefixes.literals if isinstance(prefixes, Prefixes) else None
        if cache is not None:
            found = cache.get((term, term.datatype, term.language))
            if found is not None:
                return found
        found = _literal_text(term, prefixes)
        if cache is not None and len(cache) < 100_000:
            cache[(term, term.datatype, term.language)] = found
        return found
    return str(term)


def _literal_text(term: Literal, prefixes) -> str:
    text = str(term)
    if term.language:
        return f'"{text}"@{term.language}'
    if bare_literal(text, str(term.datatype or "")):
        return text
    if term.datatype is not None and str(term.datatype) != XSD + "string":
        return f'"{text}"^^{short_name(term.datatype, prefixes)}'
    return f'"{text}"'


def message_term(term, prefixes: dict[str, str] | None = None) -> str:
    """How a variable reads inside a message: prefixed IRIs, bare literal text (a list: Turtle style)."""
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


@dataclass(slots=True)
class ValidationResult:
    severity: str  # "Violation" | "Warning" | "Info" | a custom severity's full IRI
    focus: object  # rdflib term
    shape: object  # the source shape node (rdflib term in the shapes graph)
    named_shape: object  # the nearest shape with an IRI (a node shape)
    component: str  # local name for the sh: components ("MinCountConstraintComponent"), else the full IRI
    path: str | None = None  # sh:resultPath as a SPARQL property path, full IRIs
    value: object = None
    line: int | None = None  # line in `file` where the focus node is defined (None: unknown, a blank node)
    constraint: object = None  # sh:sourceConstraint (SPARQL constraints)
    templates: list[Literal] | tuple = field(default_factory=list)  # sh:message literals of the shape/constraint
    #: variables for the templates ({?x}, parameters); $this and $value are the focus node and the value unless
    #: given here (see :meth:`variables`). Results of one constraint may share one dict: do not change it.
    bindings: dict = field(default_factory=dict)
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

    def variables(self) -> dict:
        """The variables of the messages: the bindings, with ``this`` and ``value`` from the result."""
        found = {"this": self.focus} if self.value is None else {"this": self.focus, "value": self.value}
        found.update(self.bindings)
        return found

    def messages(self, prefixes: dict[str, str] | None = None) -> dict[str, str]:
        """Messages by language tag ('' for untagged), variables filled with readable terms."""
        out: dict[str, str] = {}
        names = self.variables()
        for template in self.templates:
            out.setdefault(
                template.language or "",
                fill_template(str(template), names, lambda t: message_term(t, prefixes)),
            )
        if not out:
            text = self.default_message or generic_message(self)
            out["en"] = fill_template(text, names, lambda t: term_text(t, prefixes))
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
            tuple(sorted(fill_template(str(t), self.variables(), str) for t in self.templates if t.language != "zh")),
        )

    def rank_key(self) -> tuple:
        """The order in which results are kept when a report holds at most N (see :class:`Results`):
        severity first, then the focus node; needs no file (results are located after they are chosen)."""
        return (
            severity_rank(self.severity),
            self.severity,
            str(self.focus),
            self.path or "",
            term_key(self.value),
            self.component,
        )

    def sort_key(self) -> tuple:
        return (
            severity_rank(self.severity),
            self.severity,
            str(self.file or ""),
            str(self.focus),
            self.path or "",
            term_key(self.value),
            self.component,
        )

    def summary_key(self) -> tuple[str, str, str, str]:
        """(severity, shape, path, component): a constraint of a shape, for the summary of a report."""
        return (self.severity, str(self.named_shape), self.path or "", self.component)


def severity_rank(severity: str) -> int:
    """0 violations, 1 custom severities (any IRI; counted as violations), 2 warnings, 3 infos."""
    return _RANK.get(severity, 1)


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


class Results:
    """Collects results as the engine finds them: every result counted (by severity, and by shape and
    component for the summary), at most ``limit`` kept (None: all) — the first in :meth:`ValidationResult.rank_key`
    order, so memory stays bounded however many results the data has. Thread-safe."""

    def __init__(self, limit: int | None = None):
        if limit is not None and limit < 0:
            raise ValueError("limit must be at least 0")
        self.limit = limit
        self.kept: list[ValidationResult] = []
        self.total = 0
        self.counts: Counter = Counter()  # severity -> results
        self.by_constraint: Counter = Counter()  # summary_key -> results
        self._lock = threading.Lock()

    def add(self, results: Iterable[ValidationResult]) -> None:
        for r in results:
            with self._lock:
                self.total += 1
                self.counts[r.severity] += 1
                self.by_constraint[r.summary_key()] += 1
                if self.limit != 0:
                    self.kept.append(r)
                    if self.limit is not None and len(self.kept) >= 2 * self.limit + 1024:
                        self._trim()

    def _trim(self) -> None:
        if self.limit is not None and len(self.kept) > self.limit:
            self.kept.sort(key=ValidationResult.rank_key)
            del self.kept[self.limit :]

    def chosen(self) -> list[ValidationResult]:
        """The results kept (all, or the first ``limit``)."""
        with self._lock:
            self._trim()
            return list(self.kept)


@dataclass
class Report:
    """A validation's results, sorted (severity, file, focus node, path, value, component).

    ``results`` holds every result, or, in a report limited to ``max_results``, the first of them by severity
    and focus node; :attr:`total`, :attr:`counts` and :meth:`summary` always cover every result found (in a
    limited report, as ``found`` records them; else counted from ``results``, so a caller may change
    ``results``)."""

    results: list[ValidationResult]
    engine: str
    files: list[Path]
    triples: int
    seconds: float = 0.0
    prefixes: dict[str, str] = field(default_factory=lambda: dict(PREFIXES))
    store: str | None = None  # in-store validation: the endpoint (credentials hidden) and its graphs
    max_results: int | None = None  # the limit the report was made with (None: every result kept)
    #: a limited report: (results found, severity -> results, ValidationResult.summary_key -> results)
    found: tuple[int, dict, dict] | None = None
    #: ill-typed literals (:class:`swio.input.dataset.IllTyped`) that no sh:datatype of the shapes checked
    unchecked_ill_typed: list = field(default_factory=list)
    #: the data is exactly the files given (``--shapes``), without SWIO's ontology and vocabularies
    data_only: bool = False
    #: a workbook's report: results the data it goes with has without it, left out (``swio validate`` lists them)
    context_known: int = 0
    _tally: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.prefixes, Prefixes):
            self.prefixes = Prefixes(self.prefixes)

    def _counted(self) -> tuple[int, dict, dict]:
        if self.max_results is not None and self.found is not None:
            return self.found
        key = (id(self.results), len(self.results))
        if self._tally is None or self._tally[0] != key:
            counts = Counter(r.severity for r in self.results)
            by_constraint = Counter(r.summary_key() for r in self.results)
            self._tally = (key, (len(self.results), dict(counts), dict(by_constraint)))
        return self._tally[1]

    @property
    def total(self) -> int:
        """Results found (more than ``len(results)`` when the report is limited)."""
        return self._counted()[0]

    @property
    def counts(self) -> dict[str, int]:
        """Results found by severity."""
        return self._counted()[1]

    @property
    def by_constraint(self) -> dict[tuple, int]:
        """Results found by :meth:`ValidationResult.summary_key`."""
        return self._counted()[2]

    def add_results(self, results: Iterable[ValidationResult]) -> None:
        """Add results found by another check (e.g. a content check run after SHACL): counted, kept within
        ``max_results``, and sorted in."""
        results = list(results)
        if self.max_results is not None:
            total, counts, by_constraint = self._counted()
            counts, by_constraint = Counter(counts), Counter(by_constraint)
            counts.update(r.severity for r in results)
            by_constraint.update(r.summary_key() for r in results)
            self.found = (total + len(results), dict(counts), dict(by_constraint))
        merged = self.results + results
        if self.max_results is not None and len(merged) > self.max_results:
            merged.sort(key=ValidationResult.rank_key)
            del merged[self.max_results :]
        merged.sort(key=ValidationResult.sort_key)
        self.results = merged

    def limit(self, max_results: int | None) -> None:
        """Keep at most ``max_results`` results (the first by severity and focus node); counts stay whole."""
        if max_results is None:
            return
        self.found = self._counted()
        self.max_results = max_results
        if len(self.results) > max_results:
            kept = sorted(self.results, key=ValidationResult.rank_key)[:max_results]
            self.results = sorted(kept, key=ValidationResult.sort_key)

    def count(self, severity: str) -> int:
        return self.counts.get(severity, 0)

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
    def others(self) -> dict[str, int]:
        """Results of custom severities (IRIs other than sh:Violation, sh:Warning, sh:Info), by severity."""
        return {s: n for s, n in sorted(self.counts.items()) if s not in SEVERITIES and n}

    @property
    def truncated(self) -> bool:
        """True when the report holds fewer results than were found (``max_results``)."""
        return self.total > len(self.results)

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and infos allowed; a custom severity counts as a
        violation): what the exit code uses."""
        return self.violations == 0 and not self.others

    @property
    def conforms_per_spec(self) -> bool:
        """sh:conforms as the SHACL spec defines it: true only when there are no results at all,
        whatever their severity (a report with only warnings does not conform)."""
        return self.total == 0

    def summary(self) -> list[tuple[str, str, str, str, int]]:
        """(severity, shape, path, component, results) for each constraint that gave results: most first."""
        rows = [(*key, n) for key, n in self.by_constraint.items()]
        rows.sort(key=lambda row: (severity_rank(row[0]), -row[4], row[1], row[2], row[3]))
        return rows

    def exit_code(self, strict: bool = False) -> int:
        if not self.conforms or (strict and self.warnings):
            return 1
        return 0
