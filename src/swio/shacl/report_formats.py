"""Render a validation :class:`~swio.shacl.results.Report` as text, JSON, Turtle, JUnit XML or SARIF.

Every format names, for each result, the file and line where its focus node is defined
(:mod:`swio.shacl.locations`), so a reader, a CI log or an editor can go straight to it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from rdflib import URIRef

from ..namespaces import SH, SWIO, shorten
from .report_terms import sh_iri, short_path, write_shacl_path
from .results import Report, ValidationResult, term_text
from .sarif import render_sarif

FORMATS = ("text", "json", "turtle", "junit", "sarif")


def _rel(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def source_location(r: ValidationResult) -> str:
    """``data/hefei.ttl:123`` (the file alone when the line is unknown; ``-`` when the file is);
    ``cases.xlsx: Associations!D7 (成立日期 founded)`` for a spreadsheet's cell."""
    if r.cell is not None:
        return f"{_rel(r.file)}: {r.cell}"
    return f"{_rel(r.file)}:{r.line}" if r.file is not None and r.line else _rel(r.file)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(report: Report, strict: bool = False) -> str:
    verdict = "conforms" if report.exit_code(strict) == 0 else "does not conform"
    if report.conforms and strict and report.warnings:
        verdict = "does not conform (--strict: warnings count)"
    counts = (
        f"{_plural(report.violations, 'violation')}, {_plural(report.warnings, 'warning')}, "
        f"{_plural(report.infos, 'info')}"
    )
    if report.store is not None:
        return (
            f"{verdict}: {counts} in the store {report.store} ({report.triples} triples; engine "
            f"{report.engine}, {report.seconds:.2f} s)"
        )
    return (
        f"{verdict}: {counts} in {_plural(len(report.files), 'data file')} "
        f"({report.triples} triples with the ontology; engine {report.engine}, {report.seconds:.2f} s)"
    )


def result_line(r: ValidationResult, report: Report, lang: str) -> str:
    p = report.prefixes
    path = short_path(r.path, p) if r.path else "-"
    value = term_text(r.value, p) if r.value is not None else "-"
    shape = shorten(str(r.named_shape), p) if not str(r.named_shape).startswith("_:") else "-"
    return (
        f"{r.severity.upper()} {source_location(r)}: {term_text(r.focus, p)} path={path} value={value}: "
        f"{r.message(lang, p)} [{shape} {r.component}]"
    )


def render_text(report: Report, *, lang: str = "en", strict: bool = False) -> str:
    lines = [result_line(r, report, lang) for r in report.results]
    lines.append(summary(report, strict))
    return "\n".join(lines) + "\n"


def render_json(report: Report, *, lang: str = "en", strict: bool = False) -> str:
    p = report.prefixes
    doc = {
        "conforms": report.exit_code(strict) == 0,
        "strict": strict,
        "engine": report.engine,
        "files": [_rel(f) for f in report.files],
        **({"store": report.store} if report.store is not None else {}),
        "triples": report.triples,
        "seconds": round(report.seconds, 3),
        "counts": {"violations": report.violations, "warnings": report.warnings, "infos": report.infos},
        "results": [
            {
                "severity": r.severity,
                "file": _rel(r.file) if r.file else None,
                "line": r.line,
                **(_cell_fields(r) if r.cell is not None else {}),
                "focus": term_text(r.focus, p),
                "focusIri": str(r.focus),
                "path": short_path(r.path, p) if r.path else None,
                "value": term_text(r.value, p) if r.value is not None else None,
                "message": r.messages(p),
                "shape": shorten(str(r.named_shape), p),
                "shapeIri": str(r.named_shape),
                "sourceShape": str(r.shape) if isinstance(r.shape, URIRef) else term_text(r.shape, p),
                "pathSparql": r.path,
                "component": r.component,
            }
            for r in report.results
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _cell_fields(r: ValidationResult) -> dict:
    return {
        "sheet": r.cell.sheet,
        "row": r.cell.row,
        "column": r.cell.letter,
        "cell": r.cell.a1,
        "header": r.cell.header,
    }


def render_turtle(report: Report, *, lang: str = "en", strict: bool = False) -> str:
    """A standard sh:ValidationReport; each result also names its file (swio:inFile).

    ``sh:conforms`` is the SHACL spec's: true only when there are no results at all, warnings and
    infos included (the exit code still lets warnings pass unless ``--strict``). ``sh:sourceShape``
    is the shape that holds the constraint (a property shape is usually a blank node);
    ``sh:resultPath`` is the path in SHACL syntax, complex paths included."""
    from rdflib import RDF, BNode, Graph, Literal, Namespace
    from rdflib.namespace import XSD

    sh = Namespace(SH)
    g = Graph()
    for prefix, ns in report.prefixes.items():
        if prefix:
            g.bind(prefix, ns, override=False)
    root = BNode("report")
    g.add((root, RDF.type, sh.ValidationReport))
    g.add((root, sh.conforms, Literal(not report.results)))
    for i, r in enumerate(report.results, start=1):
        node = BNode(f"r{i}")
        g.add((root, sh.result, node))
        g.add((node, RDF.type, sh.ValidationResult))
        g.add((node, sh.resultSeverity, sh_iri(r.severity)))
        g.add((node, sh.focusNode, r.focus))
        g.add((node, sh.sourceConstraintComponent, sh_iri(r.component)))
        g.add((node, sh.sourceShape, r.shape))
        if r.constraint is not None:
            g.add((node, sh.sourceConstraint, r.constraint))
        if r.path:
            g.add((node, sh.resultPath, write_shacl_path(g, r.path)))
        if r.value is not None:
            g.add((node, sh.value, r.value))
        for language, text in r.messages(report.prefixes).items():
            g.add((node, sh.resultMessage, Literal(text, lang=language or None)))
        if r.file:
            g.add((node, URIRef(SWIO + "inFile"), Literal(_rel(r.file), datatype=XSD.string)))
    return g.serialize(format="turtle")


def render_junit(report: Report, *, lang: str = "en", strict: bool = False) -> str:
    """JUnit XML for CI dashboards: one test case per data file, plus one per result.

    Violations are failures; warnings are failures only with ``--strict`` (else they are
    reported in system-out); infos always go to system-out. A result's test case carries the
    ``file`` and ``line`` attributes that CI annotators read.
    """
    cases = []
    failures = 0
    by_file: dict[str, list[ValidationResult]] = {}
    for r in report.results:
        by_file.setdefault(_rel(r.file), []).append(r)
    # one test case per data file (in-store: one for the store), failing when it has a violation
    for f in report.files or ([None] if report.store is not None else []):
        rel = _rel(f)
        bad = [r for r in by_file.get(rel, []) if r.severity == "Violation" or (strict and r.severity == "Warning")]
        body = ""
        if bad:
            failures += 1
            body = f'<failure message={quoteattr(_plural(len(bad), "problem"))} type="SHACL"/>'
        name = rel if f is not None else report.store
        cases.append(f'    <testcase classname="swio.validate" name={quoteattr(name)} time="0">{body}</testcase>')
    for r in report.results:
        line = result_line(r, report, lang)
        name = f"{term_text(r.focus, report.prefixes)} {r.component}"
        is_failure = r.severity == "Violation" or (strict and r.severity == "Warning")
        if is_failure:
            failures += 1
            body = f'<failure message={quoteattr(r.message(lang, report.prefixes))} type="{r.severity}">{escape(line)}</failure>'
        else:
            body = f"<system-out>{escape(line)}</system-out>"
        location = f" file={quoteattr(_rel(r.file))}" if r.file is not None else ""
        location += f' line="{r.line}"' if r.file is not None and r.line else ""
        cases.append(
            f"    <testcase classname={quoteattr('swio.validate.' + _rel(r.file))} name={quoteattr(name)}"
            f'{location} time="0">{body}</testcase>'
        )
    head = (
        f'<testsuite name="swio validate" tests="{len(cases)}" failures="{failures}" errors="0" '
        f'skipped="0" time="{report.seconds:.3f}">'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  '
        + head
        + "\n"
        + "\n".join(cases)
        + "\n  </testsuite>\n</testsuites>\n"
    )


RENDERERS = {
    "text": render_text,
    "json": render_json,
    "turtle": render_turtle,
    "junit": render_junit,
    "sarif": render_sarif,
}


def render(report: Report, fmt: str = "text", *, lang: str = "en", strict: bool = False) -> str:
    return RENDERERS[fmt](report, lang=lang, strict=strict)
