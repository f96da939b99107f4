"""Read a workbook (.xlsx, with openpyxl in read-only mode) or a folder of CSV files into tables.

Whatever makes a workbook unreadable as the template's — not a workbook, encrypted, a sheet or
a column the template does not have (renamed or unknown), merged cells, empty rows between rows of
data, a sheet at Excel's row limit — is an :class:`~swio.errors.InputError`: one line per problem,
naming the file, the sheet and the cell. Cell contents are judged later (:mod:`.convert`), each at
its cell; a formula is kept as a :class:`Formula` for that.
"""

from __future__ import annotations

import csv
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from ..errors import InputError
from .inputs import is_sheets_input  # noqa: F401 (re-exported)
from .schema import CODES, INSTRUCTIONS, Column, Schema, Sheet

EXCEL_MAX_ROWS = 1_048_576
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
MAX_PROBLEM_LINES = 50
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?\bref="([^"]+)"')


@dataclass(frozen=True)
class Formula:
    text: str


@dataclass
class Table:
    """One sheet (or CSV file) as read: its columns (index from 1, the column they are) and data rows."""

    name: str
    sheet: Sheet
    file: Path
    columns: list[tuple[int, Column]]
    rows: list[tuple[int, dict[int, object]]] = field(default_factory=list)  # (row number, column index -> value)
    csv: bool = False


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


#: The instructions' last line in an export: the data files it was exported from (their names).
EXPORTED_FROM = "swio export:"


def exported_from(path: str | Path) -> list[str]:
    """The names of the data files a workbook (or CSV folder) was exported from, as its instructions record."""
    path = Path(path)
    lines: list = []
    try:
        if path.is_dir():
            for name in INSTRUCTIONS.values():
                file = path / f"{name}.csv"
                if file.exists():
                    with open(file, encoding="utf-8-sig", newline="") as f:
                        lines = [r[0] for r in csv.reader(f) if r]
        else:
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True)
            try:
                for ws in book.worksheets:
                    if ws.title in INSTRUCTIONS.values():
                        lines = [r[0] for r in ws.iter_rows(max_col=1, values_only=True) if r and r[0]]
            finally:
                book.close()
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, csv.Error):
        return []
    for line in lines:
        if isinstance(line, str) and line.startswith(EXPORTED_FROM):
            return line[len(EXPORTED_FROM) :].split()
    return []


def read(path: str | Path, schema: Schema) -> list[Table]:
    path = Path(path)
    if path.is_dir():
        return _read_csv_folder(path, schema)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    return _read_xlsx(path, schema)


# -- xlsx -----------------------------------------------------------------------------------------
def _check_container(path: Path) -> None:
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
    if head == _OLE_MAGIC:
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise InputError(f"{path}: the workbook is password-protected (encrypted); save a copy without a password")
        raise InputError(f"{path}: an Excel 97-2003 workbook (.xls); save it as an Excel workbook (.xlsx)")
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path}: not an Excel workbook (.xlsx) nor a folder of CSV files")
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        if "mimetype" in names and b"opendocument" in z.read("mimetype"):
            raise InputError(f"{path}: an OpenDocument spreadsheet; save it as an Excel workbook (.xlsx)")
        if "xl/workbook.xml" not in names:
            raise InputError(f"{path}: not an Excel workbook (.xlsx): a zip file without xl/workbook.xml")


def _merged_ranges(path: Path) -> dict[str, list[str]]:
    """Sheet name -> merged ranges (``A1:C1``), read from the package (read-only openpyxl does not)."""
    out: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as z:
        workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", _NS)}
        for sheet in workbook.findall("m:sheets/m:sheet", _NS):
            target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if part not in z.namelist():
                continue
            ranges = []
            with z.open(part) as f:  # a byte scan: parsing a large sheet's XML would cost more than reading it
                tail = b""
                while chunk := f.read(1 << 20):
                    data = tail + chunk
                    cut = max(0, len(data) - 512)
                    ranges.extend(m.group(1).decode() for m in _MERGE.finditer(data) if m.start() < cut)
                    tail = data[cut:]
                ranges.extend(m.decode() for m in _MERGE.findall(tail))
            out[sheet.get("name")] = ranges
    return out


def _read_xlsx(path: Path, schema: Schema) -> list[Table]:
    _check_container(path)
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as err:
        raise InputError(f"{path}: not a readable Excel workbook: {err}") from None
    problems: list[str] = []
    tables = []
    try:
        merged = _merged_ranges(path)
        sheets = [(ws.title, ws) for ws in book.worksheets]
        for name, ws in sheets:
            sheet = _sheet_for(path, name, sheets, schema, problems, lambda ws=ws: _header_values(ws))
            if sheet is None:
                continue
            if merged.get(name):
                problems.extend(
                    f"{path}: {name}!{ref}: merged cells; unmerge them (one value per cell)" for ref in merged[name]
                )
                continue
            if (ws.max_row or 0) >= EXCEL_MAX_ROWS:
                problems.append(
                    f"{path}: {name}: the sheet has {EXCEL_MAX_ROWS:,} rows, Excel's limit: rows beyond it were "
                    "probably lost when the file was saved; split the data over several workbooks or use CSV files"
                )
                continue
            table = _table(path, name, sheet, schema, _rows(ws), problems)
            if table is not None:
                tables.append(table)
    finally:
        book.close()
    _raise(problems)
    return tables


def _header_values(ws) -> dict[int, object]:
    for row in ws.iter_rows(min_row=1, max_row=1):
        return {c.column: c.value for c in row if getattr(c, "value", None) is not None}
    return {}


def _rows(ws):
    """(row number, {column index: value}) for the rows that hold something; formulas as :class:`Formula`."""
    for row in ws.iter_rows():
        values = {}
        number = None
        for cell in row:
            value = getattr(cell, "value", None)
            if value is None:
                continue
            number = cell.row
            if cell.data_type == "f":
                value = Formula(str(value))
            elif isinstance(value, str) and not value.strip():
                continue
            values[cell.column] = value
        if values:
            yield number, values


# -- csv ------------------------------------------------------------------------------------------
def _read_csv_folder(folder: Path, schema: Schema) -> list[Table]:
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise InputError(f"{folder}: a folder without CSV files (one .csv per sheet of the template)")
    problems: list[str] = []
    tables = []
    loaded = {}
    for file in files:
        try:
            with open(file, encoding="utf-8-sig", newline="") as f:
                loaded[file] = list(csv.reader(f))
        except UnicodeDecodeError:
            problems.append(f"{file}: not UTF-8 text; save the CSV file as UTF-8")
        except (OSError, csv.Error) as err:
            problems.append(f"{file}: cannot read as CSV: {err}")
    sheets = [(file.stem, file) for file in loaded]
    for name, file in sheets:
        records = loaded[file]

        def header(records=records):
            return {i: v for i, v in enumerate(records[0] if records else [], start=1) if v.strip()}

        sheet = _sheet_for(file, name, sheets, schema, problems, header)
        if sheet is None:
            continue

        def rows(records=records):
            for number, record in enumerate(records, start=1):
                values = {i: v for i, v in enumerate(record, start=1) if v.strip()}
                if values:
                    yield number, values

        table = _table(file, name, sheet, schema, rows(), problems, csv_file=True)
        if table is not None:
            tables.append(table)
    _raise(problems)
    return tables


# -- shared -----------------------------------------------------------------------------------------
def _sheet_for(path, name, all_sheets, schema: Schema, problems, header) -> Sheet | None:
    """The template sheet ``name`` is; None for the instructions and the codes (and for an unknown sheet,
    after a problem line)."""
    if name.strip().casefold() in {n.casefold() for n in (*INSTRUCTIONS.values(), *CODES.values())}:
        return None
    sheet = schema.sheet_named(name)
    if sheet is not None:
        return sheet
    present = {schema.sheet_named(n) for n, _ in all_sheets} - {None}
    headers = {_norm(v) for v in header().values()}
    guess = None
    for candidate in schema.sheets:
        if candidate in present:
            continue
        known = {_norm(c.title) for c in candidate.columns} | {_norm(c.header) for c in candidate.columns}
        if headers and len(headers & known) >= max(2, len(headers) // 2):
            guess = candidate
            break
    where = f"{path}: sheet {name!r}" if not str(path).endswith(".csv") else f"{path}"
    if guess is not None:
        problems.append(
            f"{where}: not a sheet of the template; its columns are those of {guess.name('en')!r} "
            f"({guess.name('zh')}): was it renamed? give it back that name"
        )
    else:
        names = ", ".join(repr(s.name("en")) for s in schema.sheets)
        problems.append(f"{where}: unknown sheet; the template's sheets are {names} (or their Chinese names)")
    return None


def _table(path, name, sheet: Sheet, schema: Schema, rows, problems, csv_file: bool = False) -> Table | None:
    rows = iter(rows)
    first = next(rows, None)
    where = f"{path}: {name}"
    if first is None or first[0] != 1:
        problems.append(f"{where}!A1: no header row (the first row names the columns)")
        return None
    columns: list[tuple[int, Column]] = []
    seen: dict[str, str] = {}
    template_headers = [c.header for c in sheet.columns]
    for index, text in sorted(first[1].items()):
        cell = f"{where}!{column_letter(index)}1"
        if isinstance(text, Formula):
            problems.append(f"{cell}: a formula in the header; write the column's name")
            continue
        column = schema.column_for_header(sheet, str(text))
        if column is None:
            missing = [h for h in template_headers if _norm(h) not in {_norm(str(v)) for v in first[1].values()}]
            hint = f" (renamed from {missing[0]!r}?)" if missing else ""
            problems.append(
                f"{cell}: {str(text)!r} is not a column of this sheet{hint}; the columns' names come from the "
                "ontology: keep the template's header, or name another property by its label"
            )
            continue
        if column.key in seen:
            problems.append(f"{cell}: column {column.title!r} is also {seen[column.key]}; keep one")
            continue
        seen[column.key] = f"column {column_letter(index)}"
        columns.append((index, column))
    known = {i for i, _ in columns}
    named = set(first[1])
    table = Table(name=name, sheet=sheet, file=Path(path), columns=columns, csv=csv_file)
    empty_from = None
    last = 1
    for number, values in rows:
        if number > last + 1 and empty_from is None:
            empty_from = last + 1
        if empty_from is not None:
            problems.append(
                f"{where}!A{empty_from}: row {empty_from} is empty but row {number} below it has data; "
                "delete the empty rows (an empty row ends the data for many tools)"
            )
            return None
        last = number
        stray = sorted(set(values) - named)
        if stray:
            problems.append(
                f"{where}!{column_letter(stray[0])}{number}: a value in a column without a header; "
                "give the column a header or clear it"
            )
            return None
        table.rows.append((number, {i: v for i, v in values.items() if i in known}))
    return table


def _norm(text) -> str:
    return " ".join(str(text).split()).removesuffix(" *").casefold()


def _raise(problems: list[str]) -> None:
    if not problems:
        return
    lines = problems[:MAX_PROBLEM_LINES]
    if len(problems) > MAX_PROBLEM_LINES:
        lines.append(f"... and {len(problems) - MAX_PROBLEM_LINES} more problems of the same kinds")
    raise InputError("\n".join(lines))
