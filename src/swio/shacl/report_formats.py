"""Render a validation :class:`~swio.shacl.results.Report` as text, JSON, Turtle or JUnit XML."""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..namespaces import SH, SWIO, shorten
from .results import Report, ValidationResult, term_text

FORMATS = ("text", "json", "turtle", "junit")


def _rel(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(report: Report, strict: bool = False) -> str:
    verdict = "conforms" if report.exit_code(strict) == 0 else "does not conform"
    if report.conforms and strict and report.warnings:
        verdict = "does not conform (--strict: warnings count)"
    return (f"{verdict}: {_plural(report.violations, 'violation')}, {_plural(report.warnings, 'warning')}, "
            f"{_plural(report.infos, 'info')} in {_plural(len(report.files), 'data file')} "
            f"({report.triples} triples with the ontology; engine {report.engine}, {report.seconds:.2f} s)")


def result_line(r: ValidationResult, report: Report, lang: str) -> str:
    p = report.prefixes
    path = _short_path(r.path, p) if r.path else "-"
    value = term_text(r.value, p) if r.value is not None else "-"
    shape = shorten(str(r.named_shape), p) if not str(r.named_shape).startswith("_:") else "-"
    return (f"{r.severity.upper()} {_rel(r.file)}: {term_text(r.focus, p)} path={path} value={value}: "
            f"{r.message(lang, p)} [{shape} {r.component}]")


def _short_path(path: str, prefixes) -> str:
    import re

    return re.sub(r"<([^>]+)>", lambda m: shorten(m.group(1), prefixes), path)


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
        "triples": report.triples,
        "seconds": round(report.seconds, 3),
        "counts": {"violations": report.violations, "warnings": report.warnings, "infos": report.infos},
        "results": [
            {
                "severity": r.severity,
                "file": _rel(r.file) if r.file else None,
                "focus": term_text(r.focus, p),
                "focusIri": str(r.focus),
                "path": _short_path(r.path, p) if r.path else None,
                "value": term_text(r.value, p) if r.value is not None else None,
                "message": r.messages(p),
                "shape": shorten(str(r.named_shape), p),
                "shapeIri": str(r.named_shape),
                "pathSparql": r.path,
                "component": r.component,
            }
            for r in report.results
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_turtle(report: Report, *, lang: str = "en", strict: bool = False) -> str:
    """A standard sh:ValidationReport; each result also names its file (swio:inFile)."""
    from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import XSD

    sh = Namespace(SH)
    g = Graph()
    for prefix, ns in report.prefixes.items():
        if prefix:
            g.bind(prefix, ns, override=False)
    root = BNode("report")
    g.add((root, RDF.type, sh.ValidationReport))
    g.add((root, sh.conforms, Literal(report.conforms_per_spec)))
    for i, r in enumerate(report.results, start=1):
        node = BNode(f"r{i}")
        g.add((root, sh.result, node))
        g.add((node, RDF.type, sh.ValidationResult))
        g.add((node, sh.resultSeverity, sh[r.severity]))
        g.add((node, sh.focusNode, r.focus))
        g.add((node, sh.sourceConstraintComponent, sh[r.component]))
        g.add((node, sh.sourceShape, r.named_shape if isinstance(r.named_shape, URIRef) else r.shape))
        if r.path and r.path.startswith("<") and r.path.endswith(">") and r.path.count("<") == 1:
            g.add((node, sh.resultPath, URIRef(r.path[1:-1])))
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
    reported in system-out); infos always go to system-out.
    """
    cases = []
    failures = 0
    by_file: dict[str, list[ValidationResult]] = {}
    for r in report.results:
        by_file.setdefault(_rel(r.file), []).append(r)
    for f in report.files:
        rel = _rel(f)
        bad = [r for r in by_file.get(rel, []) if r.severity == "Violation" or (strict and r.severity == "Warning")]
        body = ""
        if bad:
            failures += 1
            body = f'<failure message={quoteattr(_plural(len(bad), "problem"))} type="SHACL"/>'
        cases.append(f'    <testcase classname="swio.validate" name={quoteattr(rel)} time="0">{body}</testcase>')
    for r in report.results:
        line = result_line(r, report, lang)
        name = f"{term_text(r.focus, report.prefixes)} {r.component}"
        is_failure = r.severity == "Violation" or (strict and r.severity == "Warning")
        if is_failure:
            failures += 1
            body = f'<failure message={quoteattr(r.message(lang, report.prefixes))} type="{r.severity}">{escape(line)}</failure>'
        else:
            body = f"<system-out>{escape(line)}</system-out>"
        cases.append(f'    <testcase classname={quoteattr("swio.validate." + _rel(r.file))} name={quoteattr(name)} '
                     f'time="0">{body}</testcase>')
    head = (f'<testsuite name="swio validate" tests="{len(cases)}" failures="{failures}" errors="0" '
            f'skipped="0" time="{report.seconds:.3f}">')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  ' + head + "\n" + "\n".join(cases)
            + "\n  </testsuite>\n</testsuites>\n")


RENDERERS = {"text": render_text, "json": render_json, "turtle": render_turtle, "junit": render_junit}


def render(report: Report, fmt: str = "text", *, lang: str = "en", strict: bool = False) -> str:
    return RENDERERS[fmt](report, lang=lang, strict=strict)
