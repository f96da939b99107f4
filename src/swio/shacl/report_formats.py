"""Write a validation :class:`~swio.shacl.results.Report` as text, JSON, Turtle, JUnit XML or SARIF.

Every format names, for each result, the file and line where its focus node is defined
(:mod:`swio.shacl.locations`), so a reader, a CI log or an editor can go straight to it.

Every format is written as a stream: :func:`chunks` yields the document piece by piece, a result at a time,
so writing a report of hundreds of thousands of results never holds the whole document (or a graph of it)
in memory; :func:`write` sends the pieces to a file or standard output and :func:`render` joins them
(for small reports and tests). When the report holds only the first ``max_results`` results, every format
says how many were found, and the text and JSON formats add the count of results per shape and component.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from ..namespaces import SH, SWIO, XSD
from .json_stream import PLACEHOLDER, json_around
from .report_terms import TurtleTerms, sh_iri, short_path
from .results import SEVERITIES, Report, ValidationResult, short_name, term_text

FORMATS = ("text", "json", "turtle", "junit", "sarif")


@lru_cache(maxsize=4096)
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


def _severity_label(severity: str, prefixes: dict[str, str]) -> str:
    return severity.upper() if severity in SEVERITIES else short_name(severity, prefixes)


def counts_text(report: Report) -> str:
    text = (
        f"{_plural(report.violations, 'violation')}, {_plural(report.warnings, 'warning')}, "
        f"{_plural(report.infos, 'info')}"
    )
    for severity, n in report.others.items():
        text += f", {n} {short_name(severity, report.prefixes)}"
    return text


def summary(report: Report, strict: bool = False) -> str:
    verdict = "conforms" if report.exit_code(strict) == 0 else "does not conform"
    if report.conforms and strict and report.warnings:
        verdict = "does not conform (--strict: warnings count)"
    counts = counts_text(report)
    if report.store is not None:
        return (
            f"{verdict}: {counts} in the store {report.store} ({report.triples} triples; engine "
            f"{report.engine}, {report.seconds:.2f} s)"
        )
    with_what = "" if report.data_only else " with the ontology"
    known = (
        f"; {_plural(report.context_known, 'result')} the other data files give without the workbook not shown"
        if report.context_known
        else ""
    )
    return (
        f"{verdict}: {counts} in {_plural(len(report.files), 'data file')} "
        f"({report.triples} triples{with_what}; engine {report.engine}, {report.seconds:.2f} s){known}"
    )


def result_line(r: ValidationResult, report: Report, lang: str) -> str:
    p = report.prefixes
    path = short_path(r.path, p) if r.path else "-"
    value = term_text(r.value, p) if r.value is not None else "-"
    shape = short_name(str(r.named_shape), p) if not str(r.named_shape).startswith("_:") else "-"
    return (
        f"{_severity_label(r.severity, p)} {source_location(r)}: {term_text(r.focus, p)} path={path} "
        f"value={value}: {r.message(lang, p)} [{shape} {r.component}]"
    )


def summary_lines(report: Report) -> list[str]:
    """One line per shape and constraint component that gave results: the number of results, the
    severity, the shape, the path and the component, most results first."""
    p = report.prefixes
    rows = report.summary()
    width = max((len(str(n)) for *_, n in rows), default=1)
    return [
        f"{n:>{width}} {_severity_label(severity, p)} {short_name(shape, p) if not shape.startswith('_:') else '-'} "
        f"path={short_path(path, p) if path else '-'} {component}"
        for severity, shape, path, component, n in rows
    ]


def _truncation_note(report: Report, lang: str = "en") -> str:
    left, shown = report.total - len(report.results), len(report.results)
    if lang == "zh":
        return f"... 另有 {left} 条结果未列出（共 {report.total} 条，列出前 {shown} 条）；按形状与约束组件汇总："
    return f"... {left} more results not shown (the first {shown} of {report.total}); results per shape and component:"


def _summary_heading(lang: str) -> str:
    return "按形状与约束组件汇总：" if lang == "zh" else "results per shape and component:"


def text_chunks(report: Report, *, lang: str = "en", strict: bool = False, show_summary: bool | None = None):
    """``show_summary``: the results per shape and component (default: when the report is truncated)."""
    batch: list[str] = []
    for r in report.results:
        batch.append(result_line(r, report, lang) + "\n")
        if len(batch) >= 1000:
            yield "".join(batch)
            batch = []
    yield "".join(batch)
    if show_summary or (show_summary is None and report.truncated):
        yield (_truncation_note(report, lang) if report.truncated else _summary_heading(lang)) + "\n"
        yield "".join(line + "\n" for line in summary_lines(report))
    yield summary(report, strict) + "\n"


def _json_result(r: ValidationResult, p: dict[str, str]) -> dict:
    out = {
        "severity": r.severity,
        "file": _rel(r.file) if r.file else None,
        "line": r.line,
        "focus": term_text(r.focus, p),
        "focusIri": str(r.focus),
        "path": short_path(r.path, p) if r.path else None,
        "value": term_text(r.value, p) if r.value is not None else None,
        "message": r.messages(p),
        "shape": short_name(str(r.named_shape), p),
        "shapeIri": str(r.named_shape),
        "sourceShape": str(r.shape) if _is_iri(r.shape) else term_text(r.shape, p),
        "pathSparql": r.path,
        "component": r.component,
    }
    if r.cell is not None:
        out.update(_cell_fields(r))
    return out


def _is_iri(term) -> bool:
    from rdflib import URIRef

    return isinstance(term, URIRef)


def json_chunks(report: Report, *, lang: str = "en", strict: bool = False, show_summary: bool | None = None):
    p = report.prefixes
    counts = {"violations": report.violations, "warnings": report.warnings, "infos": report.infos}
    if report.others:
        counts["other"] = dict(report.others)
    doc = {
        "conforms": report.exit_code(strict) == 0,
        "strict": strict,
        "engine": report.engine,
        "files": [_rel(f) for f in report.files],
        **({"store": report.store} if report.store is not None else {}),
        "triples": report.triples,
        "seconds": round(report.seconds, 3),
        "counts": counts,
        "total": report.total,
        "truncated": report.truncated,
        "summary": [
            {
                "severity": s,
                "shape": short_name(shape, p),
                "path": short_path(path, p) if path else None,
                "component": c,
                "results": n,
            }
            for s, shape, path, c, n in report.summary()
        ],
        "results": PLACEHOLDER,
    }
    yield from json_around(doc, (_json_result(r, p) for r in report.results))


def _cell_fields(r: ValidationResult) -> dict:
    return {
        "sheet": r.cell.sheet,
        "row": r.cell.row,
        "column": r.cell.letter,
        "cell": r.cell.a1,
        "header": r.cell.header,
    }


def turtle_chunks(report: Report, *, lang: str = "en", strict: bool = False, show_summary: bool | None = None):
    """A standard sh:ValidationReport; each result also names its file (swio:inFile).

    ``sh:conforms`` is the SHACL spec's: true only when there are no results at all, warnings and
    infos included (the exit code still lets warnings pass unless ``--strict``). ``sh:sourceShape``
    is the shape that holds the constraint (a property shape is usually a blank node);
    ``sh:resultPath`` is the path in SHACL syntax, complex paths included. Written a result at a time
    (no graph is built); a truncated report says how many results it leaves out (swio:omittedResults)."""
    prefixes = {"sh": SH, "xsd": XSD, "swio": SWIO, **{k: v for k, v in report.prefixes.items() if k}}
    t = TurtleTerms(prefixes)
    sh = {
        name: t.iri(SH + name)
        for name in (
            "ValidationReport",
            "ValidationResult",
            "conforms",
            "result",
            "resultSeverity",
            "focusNode",
            "sourceConstraintComponent",
            "sourceShape",
            "sourceConstraint",
            "resultPath",
            "value",
            "resultMessage",
        )
    }
    in_file, omitted = t.iri(SWIO + "inFile"), t.iri(SWIO + "omittedResults")
    in_cell = t.iri(SWIO + "inCell")
    yield t.declarations() + "\n"
    head = f"_:report a {sh['ValidationReport']} ;\n    {sh['conforms']} {'true' if report.total == 0 else 'false'}"
    if report.truncated:
        head += f" ;\n    {omitted} {report.total - len(report.results)}"
    yield head + " .\n"
    batch: list[str] = []
    shared: dict = {}  # what the results of one constraint have in common, written once
    values: dict = {}  # the few failing values, each written once
    head = f"\n_:report {sh['result']} [\n    a {sh['ValidationResult']} ;\n"
    for r in report.results:
        key = (r.severity, r.component, r.shape, r.constraint, r.path)
        common = shared.get(key)
        if common is None:
            common = (
                f"    {sh['resultSeverity']} {t.iri(str(sh_iri(r.severity)))} ;\n"
                f"    {sh['sourceConstraintComponent']} {t.iri(str(sh_iri(r.component)))} ;\n"
                f"    {sh['sourceShape']} {t.term(r.shape)} ;"
            )
            if r.constraint is not None:
                common += f"\n    {sh['sourceConstraint']} {t.term(r.constraint)} ;"
            if r.path:
                common += f"\n    {sh['resultPath']} {t.path(r.path, r.result_path)} ;"
            if len(shared) < 10_000:
                shared[key] = common
        lines = [head + f"    {sh['focusNode']} {t.term(r.focus)} ;\n" + common]
        if r.value is not None:
            value = values.get((r.value, type(r.value)))
            if value is None:
                value = t.term(r.value)
                if len(values) < 10_000:
                    values[(r.value, type(r.value))] = value
            lines.append(f"    {sh['value']} {value} ;")
        for language, text in r.messages(report.prefixes).items():
            lines.append(f"    {sh['resultMessage']} {t.literal(text, language=language or None)} ;")
        if r.file:
            lines.append(f"    {in_file} {t.literal(_rel(r.file))} ;")
        if r.cell is not None:
            lines.append(f"    {in_cell} {t.literal(str(r.cell))} ;")
        lines[-1] = lines[-1][:-2]
        batch.append("\n".join(lines) + "\n] .\n")
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    yield "".join(batch)


def junit_chunks(report: Report, *, lang: str = "en", strict: bool = False, show_summary: bool | None = None):
    """JUnit XML for CI dashboards: one test case per data file, plus one per result.

    Violations are failures; warnings are failures only with ``--strict`` (else they are
    reported in system-out); infos always go to system-out. A result's test case carries the
    ``file`` and ``line`` attributes that CI annotators read.
    """

    def fails(r: ValidationResult) -> bool:
        return r.severity not in ("Warning", "Info") or (strict and r.severity == "Warning")

    cases: list[str] = []
    by_file: dict[str, int] = {}
    for r in report.results:
        if fails(r):
            by_file[_rel(r.file)] = by_file.get(_rel(r.file), 0) + 1
    failures = 0
    # one test case per data file (in-store: one for the store), failing when it has a violation
    for f in report.files or ([None] if report.store is not None else []):
        rel = _rel(f)
        bad = by_file.get(rel, 0)
        body = ""
        if bad:
            failures += 1
            body = f'<failure message={quoteattr(_plural(bad, "problem"))} type="SHACL"/>'
        name = rel if f is not None else report.store
        cases.append(f'    <testcase classname="swio.validate" name={quoteattr(name)} time="0">{body}</testcase>')
    failures += sum(1 for r in report.results if fails(r))
    tests = len(cases) + len(report.results)
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  '
        f'<testsuite name="swio validate" tests="{tests}" failures="{failures}" errors="0" '
        f'skipped="0" time="{report.seconds:.3f}">\n'
    )
    if report.truncated:
        left, shown = report.total - len(report.results), len(report.results)
        yield f"    <!-- {left} more results not shown (the first {shown} of {report.total}) -->\n"
    yield "".join(case + "\n" for case in cases)
    batch: list[str] = []
    for r in report.results:
        line = result_line(r, report, lang)
        name = f"{term_text(r.focus, report.prefixes)} {r.component}"
        if fails(r):
            message = quoteattr(r.message(lang, report.prefixes))
            kind = r.severity if r.severity in SEVERITIES else "Violation"
            body = f'<failure message={message} type="{kind}">{escape(line)}</failure>'
        else:
            body = f"<system-out>{escape(line)}</system-out>"
        location = f" file={quoteattr(_rel(r.file))}" if r.file is not None else ""
        location += f' line="{r.line}"' if r.file is not None and r.line else ""
        batch.append(
            f"    <testcase classname={quoteattr('swio.validate.' + _rel(r.file))} name={quoteattr(name)}"
            f'{location} time="0">{body}</testcase>\n'
        )
        if len(batch) >= 1000:
            yield "".join(batch)
            batch = []
    yield "".join(batch)
    yield "  </testsuite>\n</testsuites>\n"


def sarif_chunks(report: Report, *, lang: str = "en", strict: bool = False, show_summary: bool | None = None):
    from .sarif import sarif_chunks as chunks_of

    yield from chunks_of(report, lang=lang, strict=strict)


WRITERS = {
    "text": text_chunks,
    "json": json_chunks,
    "turtle": turtle_chunks,
    "junit": junit_chunks,
    "sarif": sarif_chunks,
}


def chunks(report: Report, fmt: str = "text", *, lang: str = "en", strict: bool = False, show_summary=None):
    """The report in ``fmt``, as pieces of text (a few hundred results each)."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return WRITERS[fmt](report, lang=lang, strict=strict, show_summary=show_summary)


def render(report: Report, fmt: str = "text", *, lang: str = "en", strict: bool = False, show_summary=None) -> str:
    """The whole report in ``fmt`` as one string."""
    return "".join(chunks(report, fmt, lang=lang, strict=strict, show_summary=show_summary))


def write(report: Report, out: TextIO, fmt: str = "text", **options) -> None:
    """Write the report in ``fmt`` to the text stream ``out``, piece by piece."""
    for piece in chunks(report, fmt, **options):
        out.write(piece)


# the functions of earlier versions, one string each
def render_text(report: Report, *, lang: str = "en", strict: bool = False) -> str:
    return render(report, "text", lang=lang, strict=strict)


def render_json(report: Report, *, lang: str = "en", strict: bool = False) -> str:
    return render(report, "json", lang=lang, strict=strict)


def render_turtle(report: Report, *, lang: str = "en", strict: bool = False) -> str:
    return render(report, "turtle", lang=lang, strict=strict)


def render_junit(report: Report, *, lang: str = "en", strict: bool = False) -> str:
    return render(report, "junit", lang=lang, strict=strict)
