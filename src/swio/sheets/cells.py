"""What a cell means as RDF terms, and what cell writes a term back: the one place both directions live.

A cell holds one value, or several on separate lines (Alt+Enter in Excel). By its column:

* an **ID** is ``kind/slug`` — lowercase pinyin words joined by hyphens — and becomes
  ``https://w3id.org/swio/id/kind/slug``; a **reference** is the ID of another row, of a node of the
  shipped data or of a code (``level/shi``), or a full ``http(s)://`` IRI;
* a **type** is a class as a prefixed name (``swio:FoundingEvent``);
* **text** is a literal in the column's language, or a plain string;
* a **typed value** gets the datatype its text fits, among those the shapes allow for the row's
  class, at the precision written: ``2013`` is an ``xsd:gYear``, ``2013-07`` an ``xsd:gYearMonth``,
  ``2013-07-01`` an ``xsd:date`` (a date cell too); ``5`` an ``xsd:integer`` where integers are
  allowed, ``6000000.0`` an ``xsd:decimal`` kept as written.

Any cell may also hold a literal in Turtle syntax (``"5.0"^^xsd:decimal``, ``"Foo"@fr``): taken as
written. An export writes that form only where the plain one would not come back the same.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pyoxigraph as ox

from ..input import xsd
from .schema import ID, ID_BASE, LANG, LITERAL, REF, STRING, TYPE, XSD_STRING, Column, Schema

XSD = "http://www.w3.org/2001/XMLSchema#"
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*")
_TURTLE_LITERAL = re.compile(r'"((?:[^"\\\n\r]|\\["\\nrtbf\'])*)"(?:@([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)|\^\^(\S+))?')
_UNESCAPE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", '"': '"', "\\": "\\", "'": "'"}
#: Excel's day 0 (its 1900 date system; serial 60 is the fictitious 1900-02-29)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_ORDER = (XSD + "date", XSD + "gYearMonth", XSD + "gYear", XSD + "dateTime")
_NUMBER_ORDER = (XSD + "integer", XSD + "decimal", XSD + "double", XSD + "float")


class CellProblem(Exception):
    """A cell that does not say what its column needs; ``zh`` and ``en`` say why, ``kind`` names the check."""

    def __init__(self, kind: str, en: str, zh: str):
        super().__init__(en)
        self.kind, self.en, self.zh = kind, en, zh


def id_to_iri(text: str) -> str | None:
    if ID_RE.fullmatch(text):
        return ID_BASE + text
    if text.startswith(("http://", "https://")) and not re.search(r'[\s<>"{}|^`\\]', text):
        return text
    return None


def iri_to_id(iri: str) -> str:
    if iri.startswith(ID_BASE) and ID_RE.fullmatch(iri[len(ID_BASE) :]):
        return iri[len(ID_BASE) :]
    return iri


def serial_date(number: float) -> str:
    return (_EXCEL_EPOCH + dt.timedelta(days=int(number))).isoformat()


def _lines(value) -> list[str]:
    if isinstance(value, str):
        return [line.strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]
    return [value]


def _number_text(value) -> str:
    if isinstance(value, int):
        return str(value)
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def _plain_text(value) -> str:
    """A non-text cell in a text column: the text Excel shows for it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = _number_text(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def turtle_literal(text: str, schema: Schema) -> ox.Literal | None:
    """A literal in Turtle syntax (``"5.0"^^xsd:decimal``, ``"x"@fr``, ``"x"``), else None."""
    m = _TURTLE_LITERAL.fullmatch(text)
    if m is None:
        return None
    lexical = re.sub(r"\\(.)", lambda e: _UNESCAPE[e.group(1)], m.group(1))
    if m.group(2):
        return ox.Literal(lexical, language=m.group(2).lower())
    if m.group(3):
        datatype = m.group(3)
        iri = datatype[1:-1] if datatype.startswith("<") and datatype.endswith(">") else schema.expand(datatype)
        if iri is None:
            raise CellProblem(
                "value",
                f"unknown datatype {datatype} (write it as a prefixed name such as xsd:decimal)",
                f"未知的数据类型 {datatype}（请写成前缀名，如 xsd:decimal）",
            )
        return ox.Literal(lexical, datatype=ox.NamedNode(iri))
    return ox.Literal(lexical)


def turtle_text(literal: ox.Literal, schema: Schema) -> str:
    """A literal in the Turtle syntax :func:`turtle_literal` reads."""
    body = (
        literal.value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if literal.language:
        return f'"{body}"@{literal.language}'
    if literal.datatype.value == XSD_STRING:
        return f'"{body}"'
    return f'"{body}"^^{schema.curie(literal.datatype.value)}'


# -- reading ------------------------------------------------------------------------------------
def parse(column: Column, value, classes, schema: Schema) -> list:
    """The terms a cell holds (empty for an empty cell); :class:`CellProblem` when it holds nonsense."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    if column.kind == ID:
        text = _plain_text(value).strip()
        iri = id_to_iri(text)
        if iri is None:
            raise CellProblem(
                "id",
                f"{text!r} is not an ID: write kind/slug in lowercase pinyin with hyphens, such as {_example(column)}",
                f"“{text}”不是 ID：请写成“类别/拼音”（小写拼音，用连字符连接），如 {_example(column)}",
            )
        return [ox.NamedNode(iri)]
    out = []
    for item in _lines(value):
        if isinstance(item, str):
            try:
                written = turtle_literal(item, schema) if item.startswith('"') else None
            except CellProblem:
                raise
            if written is not None:
                out.append(written)
                continue
        out.append(_parse_one(column, item, classes, schema))
    return out


def _example(column: Column) -> str:
    return "org/hefei-shi-shehui-gongzuo-xiehui"


def _parse_one(column: Column, item, classes, schema: Schema):
    if column.kind == TYPE:
        text = _plain_text(item)
        iri = schema.expand(text)
        if iri is None:
            raise CellProblem(
                "type",
                f"{text!r} is not a class: write a prefixed name such as swio:FoundingEvent",
                f"“{text}”不是类：请写成前缀名，如 swio:FoundingEvent",
            )
        return ox.NamedNode(iri)
    if column.kind == REF:
        text = _plain_text(item)
        iri = id_to_iri(text)
        if iri is None:
            raise CellProblem(
                "reference",
                f"{text!r} is not an ID: a reference is the ID of a row or a code, such as place/hefei-shi or level/shi",
                f"“{text}”不是 ID：引用须写另一行或代码的 ID，如 place/hefei-shi、level/shi",
            )
        return ox.NamedNode(iri)
    if column.kind == LANG:
        return ox.Literal(_plain_text(item), language=column.lang)
    if column.kind == STRING:
        return ox.Literal(_plain_text(item))
    if column.kind == LITERAL:
        return _typed(column, item, column.datatypes_for(classes), schema)
    raise AssertionError(column.kind)


def _typed(column: Column, item, datatypes: tuple[str, ...], schema: Schema) -> ox.Literal:
    names = ", ".join(schema.curie(d) for d in datatypes) or "a value"
    dates = [d for d in _DATE_ORDER if d in datatypes]
    if isinstance(item, bool):
        if XSD + "boolean" in datatypes or not datatypes:
            return _lit("true" if item else "false", XSD + "boolean")
        raise _wrong(item, names)
    if isinstance(item, dt.datetime | dt.date):
        day = item.date() if isinstance(item, dt.datetime) else item
        midnight = not isinstance(item, dt.datetime) or item.time() == dt.time()
        if midnight and (XSD + "date" in datatypes or not datatypes):
            return _lit(day.isoformat(), XSD + "date")
        if XSD + "dateTime" in datatypes and isinstance(item, dt.datetime):
            return _lit(item.isoformat(), XSD + "dateTime")
        raise _wrong(_plain_text(item), names)
    if isinstance(item, int | float):
        if dates:
            if isinstance(item, int) or float(item).is_integer():
                number = int(item)
                if XSD + "gYear" in datatypes and 1000 <= number <= 2999:
                    return _lit(str(number), XSD + "gYear")
            raise _serial(item, dates, schema)
        text = _number_text(item)
        if text.endswith(".0") and (XSD + "integer" in datatypes or not datatypes):
            text = text[:-2]
        return _from_text(text, datatypes, names, dates, schema)
    return _from_text(_plain_text(item), datatypes, names, dates, schema)


def _from_text(text: str, datatypes, names: str, dates, schema: Schema) -> ox.Literal:
    if dates and re.fullmatch(r"\d{5}(?:\.\d+)?", text) and XSD + "integer" not in datatypes:
        raise _serial(float(text), dates, schema)
    order = list(datatypes) or [*_NUMBER_ORDER[:2], *_DATE_ORDER[:3], XSD + "boolean", XSD_STRING]
    for datatype in order:
        if xsd.well_formed(text, datatype):
            return _lit(text, datatype)
    if dates:
        raise CellProblem(
            "value",
            f"{text!r} is not a date: write 2013, 2013-07 or 2013-07-01 (the precision the source gives)",
            f"“{text}”不是日期：请按原文精度写 2013、2013-07 或 2013-07-01",
        )
    raise _wrong(text, names)


def _wrong(item, names: str) -> CellProblem:
    text = _plain_text(item)
    return CellProblem("value", f"{text!r} is not {_article(names)}", f"“{text}”不是 {names}")


def _article(names: str) -> str:
    return names if "," in names else f"an {names}" if names[:1] in "aeiouxAEIOUX" else f"a {names}"


def _serial(number: float, dates, schema: Schema) -> CellProblem:
    try:
        date = serial_date(number)
    except (OverflowError, ValueError):
        date = "?"
    shown = _number_text(number).removesuffix(".0")
    return CellProblem(
        "serial",
        f"{shown} looks like an Excel date serial number (it stands for {date}): type the date as text, "
        f"such as {date} or {date[:7]} or {date[:4]}",
        f"{shown} 像是 Excel 的日期序列号（对应 {date}）：请把日期写成文本，如 {date}、{date[:7]} 或 {date[:4]}",
    )


def _lit(text: str, datatype: str) -> ox.Literal:
    return ox.Literal(text) if datatype == XSD_STRING else ox.Literal(text, datatype=ox.NamedNode(datatype))


# -- writing ------------------------------------------------------------------------------------
def cell_value(column: Column, terms, classes, schema: Schema):
    """What to write in the cell so that :func:`parse` gives back exactly ``terms``."""
    if not terms:
        return None
    if column.kind == ID:
        return iri_to_id(terms[0].value)
    parts = []
    for term in terms:
        parts.append(_one(column, term, classes, schema))
    if len(parts) == 1 and not isinstance(parts[0], str):
        return parts[0]
    return "\n".join(str(p) for p in parts)


def _one(column: Column, term, classes, schema: Schema):
    if column.kind == TYPE:
        return schema.curie(term.value)
    if column.kind == REF:
        return iri_to_id(term.value)
    value: object = term.value
    if column.kind == LITERAL and term.datatype.value == XSD + "integer":
        try:
            number = int(term.value)
            if str(number) == term.value and abs(number) < 2**53:
                value = number
        except ValueError:
            pass
    try:
        back = parse(column, value, classes, schema)
    except CellProblem:
        back = None
    if back != [term] or "\n" in term.value or term.value != term.value.strip():
        return turtle_text(term, schema)
    return value
