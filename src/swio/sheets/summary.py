"""Many results in a few lines: when a workbook has more results than anyone reads, the text report
groups them by check or shape and column, with a count and the first few cells of each group."""

from __future__ import annotations

from ..namespaces import shorten
from ..shacl.report_formats import render, result_line, summary
from ..shacl.results import Report

#: Above this many results the text report is the summary.
LIMIT = 100
FIRST = 5


def render_report(report: Report, fmt: str = "text", *, lang: str = "en", strict: bool = False) -> str:
    """The report in ``fmt``; for text with more than :data:`LIMIT` results, the summary."""
    if fmt != "text" or len(report.results) <= LIMIT:
        return render(report, fmt, lang=lang, strict=strict)
    return render_summary(report, lang=lang, strict=strict)


def render_summary(report: Report, *, lang: str = "en", strict: bool = False) -> str:
    groups: dict[tuple, list] = {}
    for r in report.results:
        where = (str(r.file or "-"), r.cell.sheet, r.cell.header) if r.cell else (str(r.file or "-"), "", "")
        key = (r.severity, str(r.named_shape), r.component, *where)
        groups.setdefault(key, []).append(r)
    lines = []
    if lang == "zh":
        lines.append(f"共 {len(report.results)} 条结果，按形状与列汇总（每组列出前 {FIRST} 个单元格）：")
    else:
        lines.append(f"{len(report.results)} results, by shape and column (the first {FIRST} cells of each):")
    for (severity, shape, component, _file, sheet, header), results in sorted(
        groups.items(), key=lambda kv: (-len(kv[1]), kv[0])
    ):
        first = results[0]
        name = shorten(shape, report.prefixes)
        comp = component.rsplit("#", 1)[-1]
        if sheet:
            cells = ", ".join(r.cell.a1 for r in results[:FIRST]) + (" …" if len(results) > FIRST else "")
            place = f"{sheet} ({header})" if header else sheet
            lines.append(
                f"{severity.upper()} {len(results)} × {place} [{name} {comp}]: {first.message(lang, report.prefixes)} "
                f"— {'单元格' if lang == 'zh' else 'cells'} {cells}"
            )
        else:
            lines.append(
                f"{severity.upper()} {len(results)} × [{name} {comp}]: e.g. {result_line(first, report, lang)}"
            )
    lines.append(summary(report, strict))
    return "\n".join(lines) + "\n"
