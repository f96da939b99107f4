"""Tables to RDF: one node per row, its triples, and where each came from (the cell source map).

Every cell that cannot become what its column needs is a :class:`Problem` at that cell (an ID that
is no ID, the same ID twice, a type of another sheet, an ill-typed value, a date as an Excel serial
number, a formula, a reference to no row and no node, a code no vocabulary has); the rest of the
row is still converted, so that the shapes can judge it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF

from . import cells
from .reader import Formula, Table, column_letter
from .schema import ID, ID_BASE, REF, TYPE, Column, Schema

RDF_TYPE = str(RDF.type)


@dataclass
class Problem:
    table: Table
    row: int
    column: int
    header: str
    kind: str
    en: str
    zh: str
    focus: object  # ox.NamedNode of the row, or ox.Literal naming the cell when the row has no usable ID
    predicate: str | None = None
    value: str | None = None  # the cell's text


@dataclass
class Node:
    subject: ox.NamedNode
    table: Table
    row: int
    id_column: int
    types: list[str]
    values: list[tuple[int, Column, list]] = field(default_factory=list)  # (column index, column, terms)

    def triples(self):
        for t in self.types:
            yield ox.Triple(self.subject, ox.NamedNode(RDF_TYPE), ox.NamedNode(t))
        for _index, column, terms in self.values:
            predicate = ox.NamedNode(column.predicate)
            for term in terms:
                yield ox.Triple(self.subject, predicate, term)


@dataclass
class Conversion:
    nodes: list[Node]
    problems: list[Problem]
    where: dict[str, Node]  # subject IRI -> its row

    @property
    def triples(self) -> int:
        return sum(len(n.types) + sum(len(t) for _, _, t in n.values) for n in self.nodes)


def convert(tables: list[Table], schema: Schema, known: dict[str, str] | None = None) -> Conversion:
    """``known``: IRIs defined outside the workbook (the data it goes with) -> where (a file name)."""
    known = known or {}
    nodes: list[Node] = []
    problems: list[Problem] = []
    where: dict[str, Node] = {}
    for table in tables:
        id_columns = [(i, c) for i, c in table.columns if c.kind == ID]
        type_columns = [(i, c) for i, c in table.columns if c.kind == TYPE]
        for number, values in table.rows:
            if not id_columns:
                first = min(values)
                problems.append(
                    _problem(
                        table,
                        number,
                        first,
                        "ID",
                        "id",
                        "the sheet has no ID column: every row needs an ID",
                        "此工作表没有 ID 列：每一行都须有 ID",
                        ox.Literal(f"{table.name}!{column_letter(first)}{number}"),
                    )
                )
                break
            index, id_column = id_columns[0]
            raw = values.get(index)
            here = ox.Literal(f"{table.name}!{column_letter(index)}{number}")
            if raw is None:
                problems.append(
                    _problem(table, number, index, "ID", "id", "the row has no ID", "此行没有 ID", here, value=None)
                )
                continue
            if isinstance(raw, Formula):
                problems.append(_formula(table, number, index, id_column, raw, here))
                continue
            try:
                (subject,) = cells.parse(id_column, raw, (), schema)
            except cells.CellProblem as err:
                problems.append(_problem(table, number, index, "ID", err.kind, err.en, err.zh, here, value=str(raw)))
                continue
            iri = subject.value
            if iri in where:
                other = where[iri]
                problems.append(
                    _problem(
                        table,
                        number,
                        index,
                        "ID",
                        "duplicate",
                        f"the ID {cells.iri_to_id(iri)} is also the ID of {other.table.name}!"
                        f"{column_letter(other.id_column)}{other.row}: an ID names one node",
                        f"ID {cells.iri_to_id(iri)} 已用于 {other.table.name}!{column_letter(other.id_column)}"
                        f"{other.row}：一个 ID 只能指一个节点",
                        subject,
                        value=str(raw),
                    )
                )
                continue
            if iri in known:
                problems.append(
                    _problem(
                        table,
                        number,
                        index,
                        "ID",
                        "duplicate",
                        f"the ID {cells.iri_to_id(iri)} is already defined in {known[iri]}: choose another ID, "
                        "or import the workbook --out that file to replace it",
                        f"ID {cells.iri_to_id(iri)} 已在 {known[iri]} 中定义：请换一个 ID，或用 --out 指定该文件以替换它",
                        subject,
                        value=str(raw),
                    )
                )
                continue
            node = Node(subject=subject, table=table, row=number, id_column=index, types=[table.sheet.cls])
            where[iri] = node
            nodes.append(node)
            for tindex, tcolumn in type_columns:
                raw = values.get(tindex)
                if raw is None:
                    continue
                types = _cell(table, number, tindex, tcolumn, raw, (), schema, subject, problems)
                if types is None:
                    continue
                checked = [
                    t.value
                    for t in types
                    if _type_ok(t.value, table, number, tindex, tcolumn, schema, subject, problems)
                ]
                if checked and len(checked) == len(types):
                    if not any(schema.is_a(t, table.sheet.cls) for t in checked):
                        problems.append(
                            _problem(
                                table,
                                number,
                                tindex,
                                tcolumn.title,
                                "type",
                                f"none of the types is a kind of {schema.curie(table.sheet.cls)}, this sheet's class",
                                f"这些类型都不是本工作表的类 {schema.curie(table.sheet.cls)} 的一种",
                                subject,
                                RDF_TYPE,
                                _text(raw),
                            )
                        )
                    else:
                        node.types = checked
            for cindex, column in table.columns:
                if column.kind in (ID, TYPE):
                    continue
                raw = values.get(cindex)
                if raw is None:
                    continue
                terms = _cell(table, number, cindex, column, raw, node.types, schema, subject, problems)
                if terms:
                    node.values.append((cindex, column, terms))
    _check_references(nodes, where, known, schema, problems)
    return Conversion(nodes=nodes, problems=problems, where=where)


def _cell(table, number, index, column, raw, types, schema, subject, problems):
    if isinstance(raw, Formula):
        problems.append(_formula(table, number, index, column, raw, subject))
        return None
    try:
        return cells.parse(column, raw, types, schema)
    except cells.CellProblem as err:
        problems.append(
            _problem(
                table, number, index, column.title, err.kind, err.en, err.zh, subject, column.predicate, _text(raw)
            )
        )
        return None


def _type_ok(iri, table, number, index, column, schema: Schema, subject, problems) -> bool:
    if schema.label(iri, "en") or schema.label(iri, "zh") or iri in {s.cls for s in schema.sheets}:
        sheets = schema.sheet_for_types([iri])
        if sheets and table.sheet not in sheets:
            problems.append(
                _problem(
                    table,
                    number,
                    index,
                    column.title,
                    "type",
                    f"{schema.curie(iri)} belongs on the sheet {sheets[0].name('en')!r} ({sheets[0].name('zh')})",
                    f"{schema.curie(iri)} 应填在工作表“{sheets[0].name('zh')}”（{sheets[0].name('en')}）",
                    subject,
                    RDF_TYPE,
                    schema.curie(iri),
                )
            )
            return False
        return True
    problems.append(
        _problem(
            table,
            number,
            index,
            column.title,
            "type",
            f"{schema.curie(iri)} is not a class of the ontology",
            f"{schema.curie(iri)} 不是本体中的类",
            subject,
            RDF_TYPE,
            schema.curie(iri),
        )
    )
    return False


def _check_references(nodes, where, known, schema: Schema, problems) -> None:
    codes = {iri for iri in schema.concepts}
    code_kinds = {iri[len(ID_BASE) :].split("/")[0] for iri in codes if iri.startswith(ID_BASE)}
    for node in nodes:
        for index, column, terms in node.values:
            if column.kind != REF:
                continue
            for term in terms:
                iri = term.value
                if not iri.startswith(ID_BASE) or iri in where or iri in known or iri in codes:
                    continue
                text = cells.iri_to_id(iri)
                kind = text.split("/")[0]
                if kind in code_kinds:
                    same = sorted(cells.iri_to_id(c) for c in codes if c.startswith(f"{ID_BASE}{kind}/"))
                    shown = ", ".join(same[:12]) + (" …" if len(same) > 12 else "")
                    en = f"unknown code {text}: the codes of this list are {shown} (sheet Codes)"
                    zh = f"未知代码 {text}：此代码表的代码为 {shown}（见“代码表”）"
                    kind_name = "code"
                else:
                    en = f"no row of the workbook and no node of the data has the ID {text}"
                    zh = f"工作簿中没有哪一行、数据中也没有哪个节点的 ID 是 {text}"
                    kind_name = "reference"
                problems.append(
                    _problem(
                        node.table,
                        node.row,
                        index,
                        column.title,
                        kind_name,
                        en,
                        zh,
                        node.subject,
                        column.predicate,
                        text,
                    )
                )


def _formula(table, number, index, column: Column, raw: Formula, focus) -> Problem:
    return _problem(
        table,
        number,
        index,
        column.title,
        "formula",
        f"a formula ({raw.text}); write the value itself (copy the cells and paste them as values)",
        f"单元格是公式（{raw.text}）；请填写值本身（复制后“选择性粘贴—数值”）",
        focus,
        column.predicate,
        raw.text,
    )


def _problem(table, row, column, header, kind, en, zh, focus, predicate=None, value=None) -> Problem:
    return Problem(table, row, column, header, kind, en, zh, focus, predicate, value)


def _text(raw) -> str:
    return raw.text if isinstance(raw, Formula) else str(raw)
