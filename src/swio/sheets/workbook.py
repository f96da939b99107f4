"""Write the template's layout — with rows (an export) or without (the template) — as an .xlsx workbook
(openpyxl in write-only mode, so a large export streams) or as a folder of CSV files.

The workbook opens on the instructions; each data sheet has its header row (required columns
marked, the definition as each header's comment), text-formatted columns where Excel would
otherwise turn what is typed into a date or a number, dropdowns from the code lists (kept on the
last sheet, Codes) and from ``true``/``false``, number checks from ``sh:minInclusive`` /
``sh:maxInclusive``, and the ID and type columns frozen on the left.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic_files import write_atomic, write_files_atomic
from ..errors import InputError
from .reader import EXCEL_MAX_ROWS, column_letter
from .schema import CODES, ID, INSTRUCTIONS, LANG, LITERAL, REF, STRING, TYPE, Column, Schema, Sheet

XSD = "http://www.w3.org/2001/XMLSchema#"
MAX_CELL = 32_767
_NUMERIC = {XSD + "integer", XSD + "decimal", XSD + "double", XSD + "float"}
_DATES = {XSD + "date", XSD + "gYearMonth", XSD + "gYear", XSD + "dateTime"}


@dataclass
class SheetData:
    sheet: Sheet
    columns: list[Column]
    rows: Iterable[list] = field(default_factory=list)  # one list of cell values per row, in column order


def instructions(schema: Schema, lang: str, sources=()) -> list[list[str]]:
    """The instructions sheet: a line per row, Chinese and English side by side."""
    first = lang if lang in ("zh", "en") else "en"
    second = "en" if first == "zh" else "zh"
    lines = [
        ("SWIO 案例工作簿：如何填写", "SWIO case workbook: how to fill it in"),
        ("", ""),
        (
            "每个工作表是一类节点（协会、党政机关、人、职位……），每一行是一个节点，每一列是一个属性；表头是属性的中文和英文名称，表头的批注是它的定义。",
            "Each sheet is one kind of node (associations, public bodies, people, posts …), each row one node, each column one property; the header gives the property's Chinese and English names, and the header's comment its definition.",
        ),
        (
            "ID 列：写“类别/拼音”，小写拼音用连字符连接，如 org/wuhu-shi-shehui-gongzuo-xiehui；它成为 IRI https://w3id.org/swio/id/org/wuhu-shi-shehui-gongzuo-xiehui。发布后的 ID 不再改动。",
            "ID column: write kind/slug, the slug in lowercase pinyin joined by hyphens, such as org/wuhu-shi-shehui-gongzuo-xiehui; it becomes the IRI https://w3id.org/swio/id/org/wuhu-shi-shehui-gongzuo-xiehui. A published ID never changes.",
        ),
        (
            "引用另一行或已有数据中的节点时写它的 ID（如 place/hefei-shi、source/gongyi-shibao-hefei-moshi-anli-1）；代码（层级、角色、界限……）从下拉列表中选，全部代码见“代码表”。",
            "To refer to another row, or to a node of the existing data, write its ID (such as place/hefei-shi or source/gongyi-shibao-hefei-moshi-anli-1); pick codes (levels, roles, bounds …) from the dropdowns; every code is on the Codes sheet.",
        ),
        (
            "类型列：留空即本表的类；子类写前缀名，如 swio:FoundingEvent。",
            "Type column: leave it empty for the sheet's class; for a subclass write its prefixed name, such as swio:FoundingEvent.",
        ),
        (
            "一个单元格里有多个值时，每个值占一行（Excel 中按 Alt+Enter 换行）。",
            "Several values in one cell go on separate lines (Alt+Enter in Excel).",
        ),
        (
            "日期按原文精度写成文本：2013、2013-07 或 2013-07-01；数字写数字；“是/否”写 true 或 false。",
            "Dates as text at the source's precision: 2013, 2013-07 or 2013-07-01; numbers as numbers; yes/no as true or false.",
        ),
        (
            "表头带 * 的列必须填写；每个事实都要有来源（来源列）和原文摘录（原文摘录列，逐字照抄原文）；原文没有说、由编者补充的内容写在“编者说明”里。",
            "Columns marked * are required; every fact needs its source (the Source column) and the excerpt of the article it comes from (source text, copied word for word); whatever the editors add that the article does not say goes in the editorial note.",
        ),
        (
            "不要改工作表名和表头，不要合并单元格，不要用公式，数据中间不要留空行。要填模板没有的属性，可加一列，表头写该属性的名称（如“统计时点 as of”）。",
            "Do not rename sheets or headers, merge cells, use formulas or leave empty rows between rows of data. To state a property the template lacks, add a column headed with that property's name (such as 统计时点 as of).",
        ),
        (
            "检查：swio validate cases.xlsx（每个问题都指到单元格）；导入：swio import cases.xlsx --out data/新案例.ttl。",
            "Check: swio validate cases.xlsx (every problem points at its cell); import: swio import cases.xlsx --out data/new-case.ttl.",
        ),
        ("", ""),
        ("工作表", "Sheets"),
    ]
    by_lang = {"zh": 0, "en": 1}
    rows = [[line[by_lang[first]], line[by_lang[second]]] for line in lines]
    for sheet in schema.sheets:
        definition = sheet.definitions
        rows.append(
            [
                f"{sheet.name(first)}（{schema.curie(sheet.cls)}）：{definition.get(first, '')}".rstrip("："),
                f"{sheet.name(second)} ({schema.curie(sheet.cls)}): {definition.get(second, '')}".rstrip(": "),
            ]
        )
    if sources:  # read back by swio validate and swio import: the files this workbook stands for
        from .reader import EXPORTED_FROM

        rows += [
            ["", ""],
            [f"{EXPORTED_FROM} {' '.join(sources)}", "（导出自这些数据文件 / exported from these data files）"],
        ]
    return rows


def comment(column: Column, sheet: Sheet, schema: Schema) -> str:
    """The header's comment: the definition in both languages and what the cell holds."""
    zh, en = column.definitions.get("zh", ""), column.definitions.get("en", "")
    holds_zh, holds_en = _holds(column, sheet, schema)
    lines = [x for x in (zh, en) if x]
    lines.append(f"{holds_zh} / {holds_en}")
    if column.required:
        lines.append("必填 / required")
    elif column.required_for:
        names = ", ".join(schema.curie(c) for c in column.required_for)
        lines.append(f"以下类型必填 / required for: {names}")
    lines.append(
        "一个值 / one value"
        if column.single or column.kind == ID
        else "可多个值，每行一个 / several values, one per line"
    )
    if column.predicate:
        lines.append(schema.curie(column.predicate))
    return "\n".join(lines)


def _holds(column: Column, sheet: Sheet, schema: Schema) -> tuple[str, str]:
    if column.kind == ID:
        example = sheet.example or "kind/slug"
        return f"ID：类别/拼音，如 {example}", f"ID: kind/slug, such as {example}"
    if column.kind == TYPE:
        names = ", ".join(schema.curie(c) for c in sheet.classes)
        return f"类型（留空即 {schema.curie(sheet.cls)}）：{names}", f"type (empty: {schema.curie(sheet.cls)}): {names}"
    if column.kind == REF:
        if column.choices:
            return (
                f"代码，见代码表“{column.choices_name}”",
                f"a code from the list {column.choices_name!r} (Codes sheet)",
            )
        return "ID（另一行或已有数据中的节点）", "an ID (of a row, or of a node of the data)"
    if column.kind == LANG:
        return f"文本（@{column.lang}）", f"text (@{column.lang})"
    if column.kind == STRING:
        return "文本", "text"
    types = set(column.datatypes)
    if types and types <= _DATES:
        forms = {
            XSD + "gYear": "2013",
            XSD + "gYearMonth": "2013-07",
            XSD + "date": "2013-07-01",
            XSD + "dateTime": "2013-09-25T09:06:00+08:00",
        }
        shown = "、".join(forms[d] for d in forms if d in column.datatypes)
        return f"日期，按原文精度：{shown}", f"a date at the source's precision: {shown.replace('、', ', ')}"
    names = ", ".join(schema.curie(d) for d in column.datatypes) or "value"
    return f"值（{names}）", f"a value ({names})"


def _text_format(column: Column) -> bool:
    """Columns Excel must not reinterpret (a date typed as 2013-07, an ID like 2013-1)."""
    if column.kind != LITERAL:
        return True
    return not (set(column.datatypes) and set(column.datatypes) <= _NUMERIC | {XSD + "boolean"})


def _validation(column: Column, letter: str, code_ranges: dict):
    from openpyxl.worksheet.datavalidation import DataValidation

    area = f"{letter}2:{letter}{EXCEL_MAX_ROWS}"
    dv = None
    if column.kind == REF and column.choices:
        dv = DataValidation(type="list", formula1=code_ranges[column.choices], allow_blank=True)
        dv.errorStyle = "stop" if column.single else "information"  # several codes, one per line, are fine
        dv.error = "请从代码表中选 / choose a code from the Codes sheet"
    elif column.kind == LITERAL and set(column.datatypes) == {XSD + "boolean"}:
        dv = DataValidation(type="list", formula1='"true,false"', allow_blank=True)
    elif column.kind == LITERAL and column.datatypes and set(column.datatypes) <= _NUMERIC:
        whole = set(column.datatypes) == {XSD + "integer"}
        low = column.minimum if column.minimum is not None else ("-1000000000000000" if not whole else "-2147483648")
        high = column.maximum if column.maximum is not None else ("1000000000000000" if not whole else "2147483647")
        dv = DataValidation(type="whole" if whole else "decimal", operator="between", formula1=low, formula2=high)
        dv.allow_blank = True
        dv.errorStyle = "warning"
        dv.error = f"{low} – {high}"
    if dv is not None:
        dv.showErrorMessage = True
        dv.add(area)
    return dv


def code_lists(data: list[SheetData]) -> list[tuple[str, tuple[str, ...]]]:
    lists: list[tuple[str, tuple[str, ...]]] = []
    for item in data:
        for column in item.columns:
            if column.kind == REF and column.choices and all(c != column.choices for _, c in lists):
                lists.append((column.choices_name, column.choices))
    return lists


def write_xlsx(out: Path, data: list[SheetData], schema: Schema, lang: str, sources=()) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    from .cells import iri_to_id

    book = openpyxl.Workbook(write_only=True)
    guide = book.create_sheet(INSTRUCTIONS[lang])
    guide.column_dimensions["A"].width = 90
    guide.column_dimensions["B"].width = 90
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(instructions(schema, lang, sources)):
        cells = []
        for text in row:
            cell = WriteOnlyCell(guide, value=text or None)
            cell.alignment = wrap
            if i == 0 or text in ("工作表", "Sheets"):
                cell.font = Font(bold=True, size=13 if i == 0 else 11)
            cells.append(cell)
        guide.append(cells)
    lists = code_lists(data)
    codes_name = CODES[lang]
    code_ranges = {}
    for i, (_name, choices) in enumerate(lists):
        letter = column_letter(2 * i + 1)
        code_ranges[choices] = f"'{codes_name}'!${letter}$2:${letter}${len(choices) + 1}"
    header_font = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for item in data:
        ws = book.create_sheet(item.sheet.name(lang))
        for index, column in enumerate(item.columns, start=1):
            letter = column_letter(index)
            dim = ws.column_dimensions[letter]
            dim.width = 36 if column.kind in (LANG, STRING) else 22
            if _text_format(column):
                dim.number_format = "@"
            dv = _validation(column, letter, code_ranges)
            if dv is not None:
                ws.data_validations.append(dv)
        ws.freeze_panes = "C2"
        header = []
        for column in item.columns:
            cell = WriteOnlyCell(ws, value=column.header)
            cell.font = header_font
            cell.fill = required_fill if column.required else header_fill
            cell.comment = Comment(comment(column, item.sheet, schema), "swio")
            cell.comment.width, cell.comment.height = 360, 200
            header.append(cell)
        ws.append(header)
        written = 1
        for row in item.rows:
            written += 1
            if written > EXCEL_MAX_ROWS:
                raise InputError(
                    f"{out}: sheet {item.sheet.name(lang)!r} would have more than {EXCEL_MAX_ROWS:,} rows, "
                    "Excel's limit; export as a folder of CSV files instead (`out` naming a folder)"
                )
            for value in row:
                if isinstance(value, str) and len(value) > MAX_CELL:
                    raise InputError(f"{out}: a value of {len(value)} characters, more than an Excel cell holds")
            ws.append(row)
    codes = book.create_sheet(codes_name)
    for i in range(len(lists)):
        codes.column_dimensions[column_letter(2 * i + 1)].width = 34
        codes.column_dimensions[column_letter(2 * i + 2)].width = 40
    height = max((len(c) for _, c in lists), default=0)
    codes.append([x for name, _ in lists for x in (name, "标签 label")])
    for r in range(height):
        line = []
        for _name, choices in lists:
            if r < len(choices):
                concept = schema.concepts.get(choices[r], {})
                line += [iri_to_id(choices[r]), f"{concept.get('zh', '')} / {concept.get('en', '')}".strip(" /")]
            else:
                line += [None, None]
        codes.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(out, buffer.getvalue())


def write_csv_folder(out: Path, data: list[SheetData], schema: Schema, lang: str, sources=()) -> None:
    """One UTF-8 CSV file (with the byte-order mark Excel needs to read Chinese) per sheet, plus the
    instructions and the codes, written all together or not at all."""
    from .cells import iri_to_id

    files: dict[Path, str] = {}

    def table(rows) -> str:
        text = io.StringIO()
        w = csv.writer(text, lineterminator="\r\n")
        for row in rows:
            w.writerow(["" if v is None else v for v in row])
        return "\ufeff" + text.getvalue()

    files[out / f"{INSTRUCTIONS[lang]}.csv"] = table(instructions(schema, lang, sources))
    for item in data:
        files[out / f"{item.sheet.name(lang)}.csv"] = table([[c.header for c in item.columns], *item.rows])
    lists = code_lists(data)
    height = max((len(c) for _, c in lists), default=0)
    rows = [[x for name, _ in lists for x in (name, "标签 label")]]
    for r in range(height):
        line = []
        for _name, choices in lists:
            if r < len(choices):
                concept = schema.concepts.get(choices[r], {})
                line += [iri_to_id(choices[r]), f"{concept.get('zh', '')} / {concept.get('en', '')}".strip(" /")]
            else:
                line += ["", ""]
        rows.append(line)
    files[out / f"{CODES[lang]}.csv"] = table(rows)
    if out.exists() and not out.is_dir():
        raise InputError(f"`out` {out}: a file; a CSV export needs a folder (or name a .xlsx file)")
    out.mkdir(parents=True, exist_ok=True)
    write_files_atomic(files)


def write(out: str | Path, data: list[SheetData], schema: Schema, lang: str = "en", sources=()) -> str:
    """Write ``data`` as .xlsx (``out`` ends in .xlsx) or as a folder of CSV files; returns the format."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        write_xlsx(out, data, schema, lang, sources)
        return "xlsx"
    if out.suffix.lower() in (".xls", ".xlsm", ".ods", ".csv"):
        raise InputError(f"`out` {out}: name a .xlsx workbook or a folder (for CSV files)")
    write_csv_folder(out, data, schema, lang, sources)
    return "csv"
