"""The worked example of docs/adding-a-case.md: a filled template adding the association of Chaohu
(巢湖市, the county-level city of Hefei; the article: "合肥市全市4县4区1市均成立了社会工作协会"),
once with a mistake (the association's place left empty) and once fixed.

Regenerate the two workbooks after the shapes change the template (the README test runs the
manual's examples on them)::

    .venv/bin/python -m tests.support.sheet_examples
"""

from __future__ import annotations

from pathlib import Path

from .helpers import REPO

EXAMPLES = REPO / "examples"
EXCERPT = "合肥市全市4县4区1市均成立了社会工作协会"
SOURCE = "source/gongyi-shibao-hefei-moshi-anli-1"

PLACE = {
    "ID *": "place/chaohu-shi",
    "类型 type": "swio:AdministrativeDivision",
    "标签 label @zh": "巢湖市",
    "标签 label @en": "Chaohu",
    "来源 Source *": SOURCE,
    "隶属于 within division": "place/hefei-shi",
    "所处行政层级 has administrative level": "level/quxian",
    "属于区划类型 has division type": "division-type/xianjishi",
    "原文摘录 source text @zh": EXCERPT,
    "编者说明 editorial note @zh": "原文只说“1市”；合肥市辖的县级市是巢湖市（据行政区划）。",
    "编者说明 editorial note @en": "The article says only 'one city'; the county-level city of Hefei is Chaohu (from the administrative divisions).",
}
ASSOCIATION = {
    "ID *": "org/chaohu-shi-shehui-gongzuo-xiehui",
    "标签 label @zh": "巢湖市社会工作协会",
    "标签 label @en": "Chaohu Social Work Association",
    "来源 Source *": SOURCE,
    "属于协会类型 has association kind *": "association-kind/shehui-gongzuo-xiehui",
    "所处行政层级 has administrative level *": "level/quxian",
    "所在地 based in *": "place/chaohu-shi",
    "原文摘录 source text @zh": EXCERPT,
    "编者说明 editorial note @zh": "原文未写这个协会的名称；名称由编者按“某市社会工作协会”的惯例拟定。",
    "编者说明 editorial note @en": "The article does not name this association; the editors give it the usual form 'X Social Work Association'.",
}


def fill(template: Path, out: Path, rows: dict[str, list[dict[str, str]]]) -> None:
    """Fill ``template`` (a workbook swio template wrote) with ``rows`` by sheet and header; save as ``out``."""
    import openpyxl

    book = openpyxl.load_workbook(template)
    for sheet, records in rows.items():
        ws = book[sheet]
        headers = {str(c.value).removesuffix(" *"): c.column for c in ws[1] if c.value}
        for r, record in enumerate(records, start=2):
            for header, value in record.items():
                ws.cell(row=r, column=headers[header.removesuffix(" *").removesuffix("*").strip()], value=value)
    book.save(out)


def make(folder: Path = EXAMPLES) -> list[Path]:
    import tempfile

    from swio.sheets import make_template

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "cases.xlsx"
        make_template(template, lang="zh")
        mistake = dict(ASSOCIATION)
        del mistake["所在地 based in *"]
        fill(template, folder / "chaohu.xlsx", {"地点": [PLACE], "社会工作行业组织": [mistake]})
        fill(template, folder / "chaohu-fixed.xlsx", {"地点": [PLACE], "社会工作行业组织": [ASSOCIATION]})
    return [folder / "chaohu.xlsx", folder / "chaohu-fixed.xlsx"]


if __name__ == "__main__":
    for path in make():
        print(path)
