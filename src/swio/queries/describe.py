"""``swio query --describe NAME``: a question explained in English or Chinese — what it asks, what the
answer shows, its parameters with example values, and what each column and its values mean."""

from __future__ import annotations

import re
import shlex

from .catalog import CannedQuery
from .table import text_width, wrap

_WORDS: dict[str, tuple[str, str]] = {
    "question": ("Question", "问题"),
    "shows": ("What the answer shows", "答案说明"),
    "parameters": ("Parameters", "参数"),
    "no_parameters": ("none", "无"),
    "examples": ("e.g.", "例如"),
    "columns": ("Columns", "各列"),
    "undeclared": ("(no label: the query's header declares none)", "（无标签：查询文件头未声明）"),
    "lang": (
        "?lang in the query is the language of the labels in the answer: --lang en or --lang zh (default en).",
        "查询中的 ?lang 是答案中标签的语言：--lang en 或 --lang zh（默认 en）。",
    ),
    "run": ("Run", "运行"),
}
_TYPES = {"string": ("text", "文本"), "integer": ("integer", "整数"), "iri": ("IRI", "IRI")}


def _w(key: str, lang: str) -> str:
    en, zh = _WORDS[key]
    return zh if lang == "zh" else en


def describe(query: CannedQuery, lang: str = "en", width: int | None = None, variables: list[str] | None = None) -> str:
    """The description, wrapped to ``width`` (None: no limit). ``variables`` are the answer's columns
    when known (a query's header may not declare them all)."""
    other = "zh" if lang == "en" else "en"
    colon = "：" if lang == "zh" else ": "
    out: list[str] = []

    def para(text: str, indent: int = 0, first: str = "") -> None:
        pad = " " * indent
        lead = first or pad
        room = None if width is None else max(20, width - indent)
        for k, line in enumerate(wrap(text, room)):
            out.append(((lead if k == 0 else pad) + line).rstrip())

    title = query.title.get(lang) or query.title.get(other) or ""
    out.append(f"{query.name}" + (f" — {title}" if title else ""))
    for key, texts in (("question", query.question), ("shows", query.shows)):
        text = texts.get(lang) or texts.get(other)
        if text:
            out.append("")
            out.append(_w(key, lang) + colon.rstrip())
            para(text, 2)
    out.append("")
    if not query.params:
        out.append(_w("parameters", lang) + colon + _w("no_parameters", lang))
    else:
        out.append(_w("parameters", lang) + colon.rstrip())
        for p in query.params:
            kind = _TYPES.get(p.type, (p.type, p.type))[1 if lang == "zh" else 0]
            help_text = p.help(lang)
            kind_text = f"（{kind}）" if lang == "zh" else f" ({kind})"
            para(f"--param {p.name}=…{kind_text}" + (f"{colon}{help_text}" if help_text else ""), 4, "  ")
            if p.examples:
                para(_w("examples", lang) + " " + ("、" if lang == "zh" else ", ").join(p.examples), 6)
                value = p.examples[0] if re.fullmatch(r"[\w.-]+", p.examples[0]) else shlex.quote(p.examples[0])
                example = f"swio query {query.name} --param {p.name}={value}"
                para(example + (" --lang zh" if lang == "zh" else ""), 6)
    names = list(variables or [c.name for c in query.columns])
    declared = {c.name: c for c in query.columns}
    if names:
        out.append("")
        out.append(_w("columns", lang) + colon.rstrip())
        name_width = max(text_width(n) for n in names)
        for name in names:
            column = declared.get(name)
            if column is None:
                text = _w("undeclared", lang)
            else:
                label = column.label(lang)
                meaning = column.description(lang)
                text = label + (f" — {meaning}" if meaning else "")
            para(text, name_width + 4, f"  {name.ljust(name_width)}  ")
    if query.uses_lang:
        out.append("")
        para(_w("lang", lang))
    out.append("")
    out.append(_w("run", lang) + colon + f"swio query {query.name}" + (" --lang zh" if lang == "zh" else ""))
    return "\n".join(out) + "\n"
