"""Pictures drawn at build time as SVG (no script, no fonts or images fetched when viewed).

- the founding timeline of the Hefei network (the ``hefei-timeline`` question's answer),
  events placed by date on a vertical axis, so the pace shows;
- the five models side by side (``model-comparison``), one column per model;
- the organisation hierarchy (``org:subOrganizationOf``), as an indented tree;
- the ontology's classes as boxes listing their relations (domain → range), arranged
  as the ``rdfs:subClassOf`` tree and coloured by vocabulary.

Every picture is made for one language and one page (links inside are relative to it).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from markupsafe import Markup

from . import i18n, urls
from .render import Page, render

XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
FONT = "'Noto Sans', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', Arial, sans-serif"
PALETTE = ("#1d4e89", "#b5651d", "#2f855a", "#805ad5", "#c53030", "#2c7a7b", "#975a16", "#4a5568")
VOCAB_COLOURS = {
    "swio": "#1d4e89",
    "org": "#2f855a",
    "prov": "#b5651d",
    "skos": "#805ad5",
    "time": "#2c7a7b",
    "foaf": "#c53030",
    "dcterms": "#4a5568",
}
MAX_TREE_ROWS = 400
PICTURES = ("timeline", "stages", "models", "hierarchy", "ontology")
QUESTION_OF = {
    "timeline": "hefei-timeline",
    "stages": "development-stages",
    "models": "model-comparison",
    "hierarchy": "sub-organisation-hierarchy",
}
#: each picture's title and caption (what it shows), as i18n keys
TITLE_KEY = {"ontology": "ontology_diagram", "stages": "stages_picture"}
CAPTION_KEY = {name: f"caption_{name}" for name in PICTURES}
SWIO_NS = "https://w3id.org/swio/def#"
DCT = "http://purl.org/dc/terms/"


def title_of(name: str, lang: str) -> str:
    return i18n.text(TITLE_KEY.get(name, name), lang)


# -- text measuring and wrapping ---------------------------------------------------------
def text_width(text: str, size: float) -> float:
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.56 for ch in text)


def wrap(text: str, width: float, size: float, max_lines: int = 6) -> list[str]:
    """Lines no wider than ``width``: words for Latin text, characters for CJK."""
    tokens = re.findall(
        r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+|\s+",
        text,
    )
    lines, line = [], ""
    for token in tokens:
        candidate = line + token
        if line and text_width(candidate.rstrip(), size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines or [""]


class Svg:
    """A small SVG writer: elements appended as strings, with a stylesheet scoped to the picture."""

    def __init__(self, name: str, title: str):
        self.name = name
        self.title = title
        self.parts: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text)

    def text(self, x, y, text, *, size=14, cls="", anchor="start", weight=None, fill=None, href=None, lang=None):
        attrs = f'x="{x:.1f}" y="{y:.1f}" font-size="{size}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if weight:
            attrs += f' font-weight="{weight}"'
        if fill:
            attrs += f' fill="{fill}"'
        if cls:
            attrs += f' class="{cls}"'
        if lang:  # lang for the picture inline in a page, xml:lang for the SVG file
            attrs += f' lang="{lang}" xml:lang="{lang}"'
        element = f"<text {attrs}>{escape(text)}</text>"
        if href:
            element = f"<a href={quoteattr(href)}>{element}</a>"
        self.add(element)

    def render(self, width: float, height: float) -> str:
        scope = f"swio-{self.name}"
        style = (
            f".{scope} text {{ font-family: {FONT}; fill: #1c2430; }} "
            f".{scope} a text {{ fill: #1d4e89; }} .{scope} a:hover text {{ text-decoration: underline; }} "
            f".{scope} .muted {{ fill: #5b6675; }} .{scope} .light {{ fill: #ffffff; }} "
            f".{scope} text.curie {{ font-family: 'Noto Sans Mono', 'DejaVu Sans Mono', monospace; }}"
        )
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="{scope}" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label={quoteattr(self.title)}>\n'
            f"<title>{escape(self.title)}</title>\n<style>{style}</style>\n"
            f'<rect width="100%" height="100%" fill="#ffffff"/>\n' + "\n".join(self.parts) + "\n</svg>\n"
        )


# -- answers of the canned questions ---------------------------------------------------------
def answer(publication, name: str, lang: str):
    """The answer table of a canned question (cached by the questions producer), or ``None`` if it is missing."""
    questions = publication.questions
    return questions.table(name, lang) if name in questions.catalog else None


def _date_value(cell) -> dt.date | None:
    if cell is None or cell.kind != "literal":
        return None
    text = str(cell.value)
    m = re.fullmatch(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def timeline(publication, lang: str, page_file: str) -> str:
    title = i18n.text("timeline", lang)
    svg = Svg("timeline", title)
    table = answer(publication, QUESTION_OF["timeline"], lang)
    rows = []
    if table is not None and table.rows:
        columns = table.columns
        date_col = next(
            (
                i
                for i, c in enumerate(columns)
                if all(_date_value(r[i]) for r in table.rows if r[i] is not None)
                and any(r[i] is not None for r in table.rows)
            ),
            None,
        )
        text_cols = [
            i
            for i, c in enumerate(columns)
            if i != date_col
            and any(r[i] is not None and isinstance(r[i].value, str) and not _date_value(r[i]) for r in table.rows)
        ]
        label_col = columns.index("event") if "event" in columns else (text_cols[0] if text_cols else None)
        group_col = columns.index("level") if "level" in columns else None
        days_col = next((i for i, c in enumerate(columns) if c.startswith("days")), None)
        if date_col is not None and label_col is not None:
            for r in table.rows:
                when = _date_value(r[date_col])
                if when is None:
                    continue
                rows.append(
                    {
                        "date": when,
                        "date_text": r[date_col].text(),
                        "label": r[label_col].text() if r[label_col] else "",
                        "group": r[group_col].text() if group_col is not None and r[group_col] else "",
                        "days": r[days_col].text() if days_col is not None and r[days_col] else "",
                    }
                )
    rows.sort(key=lambda r: (r["date"], r["label"]))
    width, left, axis_x, label_x = 880, 20, 150, 180
    if not rows:
        svg.text(left, 40, "—", size=16)
        return svg.render(width, 60)
    groups = sorted({r["group"] for r in rows})
    colour = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    start, end = rows[0]["date"], rows[-1]["date"]
    span = max((end - start).days, 1)
    y, top, scale_height = 70, 70, 520
    placed = []
    for r in rows:
        target = top + (r["date"] - start).days / span * scale_height
        lines = wrap(r["label"], width - label_x - 30, 15)
        y = max(target, y)
        placed.append((r, y, lines))
        y += 28 + 20 * len(lines)
    height = y + 40
    svg.text(left, 32, title, size=20, weight="600")
    svg.add(f'<line x1="{axis_x}" y1="{top - 12}" x2="{axis_x}" y2="{height - 40}" stroke="#c7d0db" stroke-width="3"/>')
    for r, yy, lines in placed:
        c = colour[r["group"]]
        svg.text(axis_x - 16, yy + 5, r["date_text"], size=14, anchor="end", weight="600")
        svg.add(f'<circle cx="{axis_x}" cy="{yy}" r="8" fill="{c}" stroke="#fff" stroke-width="2"/>')
        for i, line in enumerate(lines):
            svg.text(label_x, yy + 5 + 20 * i, line, size=15)
        note = r["group"]
        if r["days"]:
            note += (" · " if note else "") + (f"+{r['days']} 天" if lang == "zh" else f"+{r['days']} days")
        if note:
            svg.text(label_x, yy + 5 + 20 * len(lines), note, size=12.5, cls="muted", fill=c)
    # legend
    x = left
    for g in groups:
        if not g:
            continue
        svg.add(f'<circle cx="{x + 6}" cy="{height - 16}" r="6" fill="{colour[g]}"/>')
        svg.text(x + 16, height - 11, g, size=13)
        x += 30 + text_width(g, 13)
    return svg.render(width, height)


ANSWER = "https://w3id.org/swio/id/answer/"
#: how each answer value is drawn: (fill, stroke, mark, mark colour); "not stated" is neutral, never a cross
MARKS = {
    "yuanwen-youshu": ("#2f855a", "#2f855a", "✓", "#ffffff"),
    "yuanwen-xiangfan": ("#c05621", "#c05621", "✗", "#ffffff"),
    "yuanwen-weishu": ("#ffffff", "#8a96a3", "–", "#5b6675"),
    "bianzhe-tuiding": ("#f6e05e", "#b7791f", "≈", "#744210"),
}
#: the article's words shown under a row: words column -> the column they belong to
WORDS_OF = {"leader_post_words": "leader_holds_official_post", "government_leads_words": "government_leads_model"}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
CARD_COLOURS = ("#1d4e89", "#2c7a7b", "#805ad5", "#975a16", "#4a5568")  # no green or red: those are answers


def answer_values(publication, lang: str) -> dict[str, str]:
    """Label of each answer value in ``lang`` -> its slug (``yuanwen-weishu``), from the answer-values scheme."""
    rows = publication.dataset.query(
        f"SELECT ?v ?l WHERE {{ ?v <http://www.w3.org/2004/02/skos/core#inScheme> <https://w3id.org/swio/id/scheme/answer-values> ; "
        f"<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER (lang(?l) = '{lang}') }}"
    )
    return {r["l"].value: r["v"].value[len(ANSWER) :] for r in rows if r["v"].value.startswith(ANSWER)}


def _mark(svg: Svg, x: float, y: float, slug: str, r: float = 10) -> None:
    fill, stroke, mark, colour = MARKS[slug]
    svg.add(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>')
    svg.text(x, y + 5, mark, size=14, anchor="middle", weight="700", fill=colour)


def models(publication, lang: str, page_file: str) -> str:
    """The five models as cards in the article's order (cases ①–⑤): for each yes/no question what the article
    says — stated, stated otherwise, not stated (a neutral mark, never a cross), or the editors' inference — with
    a legend, and the article's words where they bear on the answer. One column of cards: readable on a phone."""
    title = i18n.text("models", lang)
    svg = Svg("models", title)
    table = answer(publication, QUESTION_OF["models"], lang)
    width, pad = 420, 14
    if table is None or not table.rows:
        svg.text(20, 40, "—", size=16)
        return svg.render(width, 60)
    values = answer_values(publication, lang)
    columns = table.columns
    col = {c: i for i, c in enumerate(columns)}
    rows = sorted(table.rows, key=lambda r: r[col["case"]].value if "case" in col and r[col["case"]] else 0)
    status = [c for c in columns if all(r[col[c]] is not None and r[col[c]].text() in values for r in rows)]
    words = {WORDS_OF[c]: c for c in columns if c in WORDS_OF}
    y = 34
    svg.text(pad, y, title, size=19, weight="600")
    y += 14
    # legend: the four values, two a line
    for k, slug in enumerate(("yuanwen-youshu", "yuanwen-xiangfan", "yuanwen-weishu", "bianzhe-tuiding")):
        label = next((text for text, s in values.items() if s == slug), slug)
        lx, ly = pad + (k % 2) * (width / 2 - 4), y + 22 + (k // 2) * 26
        _mark(svg, lx + 9, ly - 5, slug, r=9)
        svg.text(lx + 24, ly, label, size=13.5)
    y += 22 + 2 * 26
    for line in wrap(i18n.text("models_legend_note", lang), width - 2 * pad, 12, 3):
        svg.text(pad, y, line, size=12, cls="muted")
        y += 16
    label_w = 168
    for j, r in enumerate(rows):
        colour = CARD_COLOURS[j % len(CARD_COLOURS)]
        y += 14
        case = r[col["case"]].value if "case" in col and r[col["case"]] else None
        head = i18n.text("case_n", lang, n=CIRCLED[case - 1]) + " " if isinstance(case, int) and 0 < case <= 10 else ""
        head += r[col["model"]].text() if "model" in col and r[col["model"]] else ""
        head_lines = wrap(head, width - 2 * pad - 16, 15.5, 3)
        sub = r[col["association"]].text() if "association" in col and r[col["association"]] else ""
        if "founded" in col and r[col["founded"]]:
            sub += f" · {i18n.column('founded', lang)} {r[col['founded']].text()}"
            computed = r[col["founding_computed"]] if "founding_computed" in col else None
            if computed is not None and computed.text() in ("yes", "是"):
                sub += i18n.text("computed_mark", lang)
        sub_lines = wrap(sub, width - 2 * pad - 16, 12.5, 3)
        head_h = 12 + 20 * len(head_lines) + 17 * len(sub_lines)
        card_top = y
        svg.add(f'<rect x="{pad / 2}" y="{y:.1f}" width="{width - pad}" height="{head_h:.1f}" rx="8" fill="{colour}"/>')
        for n, line in enumerate(head_lines):
            svg.text(pad + 4, y + 21 + 20 * n, line, size=15.5, weight="600", cls="light")
        for n, line in enumerate(sub_lines):
            svg.text(pad + 4, y + 16 + 20 * len(head_lines) + 17 * n, line, size=12.5, cls="light")
        y += head_h + 6
        for k, name in enumerate(status + (["de_administration"] if "de_administration" in col else [])):
            cell = r[col[name]]
            label_lines = wrap(i18n.column(name, lang), label_w, 13, 3)
            value_text = cell.text() if cell else "—"
            value_lines = wrap(value_text, width - pad - label_w - 54, 13, 3)
            quoted = r[col[words[name]]] if name in words and r[col[words[name]]] else None
            quote_lines = wrap(f"“{quoted.text()}”", width - 2 * pad - 20, 12, 5) if quoted else []
            row_h = max(30, 10 + 17 * max(len(label_lines), len(value_lines))) + (
                16 * len(quote_lines) + 4 if quote_lines else 0
            )
            if k % 2 == 0:
                svg.add(f'<rect x="{pad / 2}" y="{y:.1f}" width="{width - pad}" height="{row_h:.1f}" fill="#f5f7fa"/>')
            for n, line in enumerate(label_lines):
                svg.text(pad + 4, y + 20 + 17 * n, line, size=13, weight="600")
            vx = pad + label_w + 12
            if name in status:
                _mark(svg, vx + 10, y + 15, values[value_text], r=10)
                for n, line in enumerate(value_lines):
                    svg.text(vx + 28, y + 20 + 17 * n, line, size=13)
            else:
                for n, line in enumerate(value_lines):
                    svg.text(vx, y + 20 + 17 * n, line, size=13)
            qy = y + max(30, 10 + 17 * max(len(label_lines), len(value_lines)))
            for n, line in enumerate(quote_lines):
                svg.text(pad + 14, qy + 12 + 16 * n, line, size=12, cls="muted", lang="zh")
            y += row_h
        svg.add(
            f'<rect x="{pad / 2}" y="{card_top:.1f}" width="{width - pad}" height="{y - card_top:.1f}" rx="8" '
            f'fill="none" stroke="{colour}" stroke-width="1.5"/>'
        )
        y += 4
    return svg.render(width, y + 16)


# -- Pudong's development stages ---------------------------------------------------------------
STATUS_COLOURS = ("#2f855a", "#b5651d", "#805ad5", "#2c7a7b", "#c53030")


def stages(publication, lang: str, page_file: str) -> str:
    """Pudong's three stages down a time axis, each with its main tasks and specific work in the
    article's order; the last stage open-ended, as the data says (no end year). Narrow, so it stays
    readable on a phone."""
    title = i18n.text("stages_picture", lang)
    svg = Svg("stages", title)
    table = answer(publication, QUESTION_OF["stages"], lang)
    width, axis_x, text_x, top = 480, 50, 72, 64
    if table is None or not table.rows:
        svg.text(20, 40, "—", size=16)
        return svg.render(width, 60)
    col = {c: i for i, c in enumerate(table.columns)}

    def cell(row, name) -> str:
        i = col.get(name)
        return row[i].text() if i is not None and row[i] is not None else ""

    groups: dict[str, dict] = {}
    for row in table.rows:
        number = cell(row, "stage_no")
        stage = groups.setdefault(
            number,
            {
                "number": number,
                "name": cell(row, "stage"),
                "begins": cell(row, "begins"),
                "ends": cell(row, "ends"),
                "kinds": {},
            },
        )
        stage["kinds"].setdefault(cell(row, "task_kind"), []).append(
            (cell(row, "task_no"), cell(row, "task"), cell(row, "status"))
        )
    ordered = sorted(groups.values(), key=lambda g: float(g["number"]) if g["number"].replace(".", "").isdigit() else 0)
    statuses = list(dict.fromkeys(t[2] for g in ordered for tasks in g["kinds"].values() for t in tasks if t[2]))
    colour_of = {st: STATUS_COLOURS[i % len(STATUS_COLOURS)] for i, st in enumerate(statuses)}
    svg.text(20, 34, title, size=19, weight="600")
    y = top
    for k, g in enumerate(ordered):
        colour = PALETTE[k % len(PALETTE)]
        start = y
        years = g["begins"] + "—" + g["ends"] if g["ends"] else i18n.text("stages_open", lang, year=g["begins"])
        svg.text(axis_x - 12, y + 5, g["begins"], size=12.5, anchor="end", weight="600", fill=colour)
        y += 24
        svg.text(text_x, y, i18n.text("stages_stage_n", lang, n=g["number"]) + " · " + years, size=13, cls="muted")
        y += 22
        for line in wrap(g["name"], width - text_x - 20, 18, 3):
            svg.text(text_x, y, line, size=18, weight="600", fill=colour)
            y += 24
        for kind, tasks in g["kinds"].items():
            y += 6
            svg.text(text_x, y, kind, size=13, weight="600", cls="muted")
            y += 20
            for number, task, status in sorted(tasks, key=lambda t: float(t[0]) if t[0].isdigit() else 0):
                lines = wrap(task, width - text_x - 44, 15.5, 4)
                dot = colour_of.get(status, "#9aa8b8")
                svg.add(
                    f'<circle cx="{text_x + 5}" cy="{y - 5}" r="4.5" fill="{dot}"><title>{escape(status)}</title></circle>'
                )
                svg.text(text_x + 16, y, f"{number}.", size=15.5, cls="muted")
                for n, line in enumerate(lines):
                    svg.text(text_x + 36, y + 20 * n, line, size=15.5)
                y += 20 * len(lines) + 4
        y += 12
        open_ended = not g["ends"] and k == len(ordered) - 1
        end = y if not open_ended else y + 10
        svg.add(
            f'<line x1="{axis_x}" y1="{start}" x2="{axis_x}" y2="{end}" stroke="{colour}" stroke-width="6" '
            f'stroke-linecap="round"/>'
        )
        svg.add(f'<circle cx="{axis_x}" cy="{start}" r="7" fill="#fff" stroke="{colour}" stroke-width="3"/>')
        if open_ended:
            # no end in the data: the axis runs on, dashed, with an arrow
            svg.add(
                f'<line x1="{axis_x}" y1="{end}" x2="{axis_x}" y2="{end + 34}" stroke="{colour}" stroke-width="3" '
                f'stroke-dasharray="5 5"/>'
            )
            svg.add(
                f'<path d="M{axis_x - 7},{end + 30} L{axis_x},{end + 44} L{axis_x + 7},{end + 30} Z" fill="{colour}"/>'
            )
            svg.text(text_x, end + 30, i18n.text("stages_no_end", lang), size=13, cls="muted")
            y = end + 56
        elif k == len(ordered) - 1:
            svg.text(axis_x - 12, y + 4, g["ends"], size=12.5, anchor="end", weight="600", fill=colour)
            y += 24
    # legend: what the article says of each task (done, under way ...)
    x = 20
    y += 8
    for st in statuses:
        svg.add(f'<circle cx="{x + 5}" cy="{y - 4}" r="5" fill="{colour_of[st]}"/>')
        svg.text(x + 15, y, st, size=13)
        x += 40 + text_width(st, 13)
        if x > width - 120:
            x, y = 20, y + 22
    return svg.render(width, y + 16)


# -- association networks (who sits at which level of a city) -------------------------------------
def networks(publication, lang: str) -> list[dict]:
    """Each association network: its members placed on its base place's tree of divisions
    (city → district → street), with their founding dates, and its coverage milestones — read through
    the index's batched look-ups (a few calls, whatever the graph's size)."""
    from .triple_index import incoming, instances, values

    index = publication.index
    nets = instances(index, SWIO_NS + "AssociationNetwork", limit=50)
    if not nets:
        return []
    facts = values(index, nets, (ORG + "hasMember", SWIO_NS + "basedIn", SWIO_NS + "milestone"))

    def iris(found: dict, iri: str, predicate: str) -> list[str]:
        return [t.value for t in found.get(iri, {}).get(predicate, []) if isinstance(t, ox.NamedNode)]

    members = sorted({m for n in nets for m in iris(facts, n, ORG + "hasMember")})
    milestones = sorted({m for n in nets for m in iris(facts, n, SWIO_NS + "milestone")})
    placed = values(index, members, (SWIO_NS + "basedIn",))
    events = incoming(index, members, (ORG + "resultingOrganization",), 5)
    event_iris = sorted({e for found in events.values() for e in found.get(ORG + "resultingOrganization", [])})
    dates = values(index, event_iris + milestones, (DCT + "date",))
    places = {p for m in members for p in iris(placed, m, SWIO_NS + "basedIn")}
    within: dict[str, str] = {}
    frontier = sorted(places)
    for _ in range(8):  # up the divisions, one batched look-up per level
        found = values(index, frontier, (SWIO_NS + "withinDivision",))
        frontier = []
        for place in found:
            parents = iris(found, place, SWIO_NS + "withinDivision")
            if parents and place not in within:
                within[place] = parents[0]
                frontier.append(parents[0])
        if not frontier:
            break

    def date_of(iri: str) -> str:
        found = dates.get(iri, {}).get(DCT + "date", [])
        return found[0].value if found else ""

    out = []
    for network in nets:
        bases = iris(facts, network, SWIO_NS + "basedIn")
        base = bases[0] if bases else None
        at: dict[str, list[tuple[str, str]]] = defaultdict(list)
        edges = set()
        for member in iris(facts, network, ORG + "hasMember"):
            founded = events.get(member, {}).get(ORG + "resultingOrganization", [])
            for place in iris(placed, member, SWIO_NS + "basedIn"):
                at[place].append((member, date_of(founded[0]) if founded else ""))
                node, seen = place, {place}
                while node != base and node in within and within[node] not in seen:
                    edges.add((node, within[node]))
                    node = within[node]
                    seen.add(node)
        notes = sorted((date_of(m), m) for m in iris(facts, network, SWIO_NS + "milestone"))
        out.append({"network": network, "base": base, "edges": sorted(edges), "at": at, "milestones": notes})
    return out


def _network_rows(net: dict, naming, lang: str) -> list[tuple[int, str]]:
    rows = _forest(net["edges"], lambda iri: (naming.label(iri, lang), iri)) if net["edges"] else []
    if not rows and net["base"]:
        rows = [(0, net["base"], 0)]
    drawn = {n for _, n, _ in rows}
    rows += [(0, place, 0) for place in sorted(net["at"]) if place not in drawn]
    return [(d, n) for d, n, _ in rows]


# -- trees ---------------------------------------------------------------------------------
def _forest(edges: list[tuple[str, str]], sort_key) -> list[tuple[int, str, int]]:
    """(depth, node, number of children) rows of an indented forest, each node under each parent (cycles cut)."""
    children: dict[str, list[str]] = defaultdict(list)
    nodes, has_parent = set(), set()
    for child, parent in edges:
        children[parent].append(child)
        nodes.update((child, parent))
        has_parent.add(child)
    for k in children:
        children[k] = sorted(set(children[k]), key=sort_key)
    roots = sorted(nodes - has_parent, key=sort_key) or sorted(nodes, key=sort_key)[:1]
    rows: list[tuple[int, str, int]] = []

    def visit(node, depth, path):
        rows.append((depth, node, len(children.get(node, []))))
        for child in children.get(node, []):
            if child not in path:
                visit(child, depth + 1, path | {child})

    for root in roots:
        visit(root, 0, {root})
    return rows


def hierarchy(publication, lang: str, page_file: str) -> str:
    title = i18n.text("hierarchy", lang)
    svg = Svg("hierarchy", title)
    naming = publication.naming
    edges = [
        (row["c"].value, row["p"].value)
        for row in publication.dataset.query(
            f"SELECT DISTINCT ?c ?p WHERE {{ ?c <{ORG}subOrganizationOf> ?p FILTER (isIRI(?c) && isIRI(?p)) }}"
        )
    ]
    rows = _forest(edges, lambda iri: (naming.label(iri, lang), iri))
    hidden = max(0, len(rows) - MAX_TREE_ROWS)
    rows = rows[:MAX_TREE_ROWS]
    indent, row_h, left, top = 26, 30, 20, 60
    width = 40 + max([indent * d + text_width(naming.label(n, lang), 14) + 30 for d, n, _ in rows] + [400])
    svg.text(left, 34, title, size=20, weight="600")
    stack: list[tuple[int, float]] = []  # (depth, y) of the open ancestors
    for k, (depth, node, _) in enumerate(rows):
        y = top + k * row_h
        x = left + depth * indent
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            py = stack[-1][1]
            px = left + stack[-1][0] * indent + 6
            svg.add(f'<path d="M{px},{py + 6} V{y} H{x - 2}" fill="none" stroke="#9aa8b8" stroke-width="1.5"/>')
        colour = PALETTE[0] if depth == 0 else PALETTE[2] if depth == 1 else PALETTE[1]
        svg.add(f'<circle cx="{x + 6}" cy="{y}" r="5" fill="{colour}"/>')
        svg.text(
            x + 16,
            y + 5,
            naming.label(node, lang),
            size=14,
            weight="600" if depth == 0 else None,
            href=naming.href(node, lang, page_file),
        )
        stack.append((depth, y))
    height = top + len(rows) * row_h
    if hidden:
        svg.text(left, height, i18n.text("not_drawn", lang, n=hidden), size=13, cls="muted")
        height += 20
    # each association network: its associations on the tree of their places (city → district → street)
    for net in networks(publication, lang):
        height += 30
        svg.text(
            left,
            height,
            naming.label(net["network"], lang),
            size=17,
            weight="600",
            href=naming.href(net["network"], lang, page_file),
        )
        height += 10
        svg.text(left, height + 16, i18n.text("hierarchy_network_note", lang), size=12.5, cls="muted")
        height += 34
        place_stack: list[tuple[int, float]] = []
        for depth, place in _network_rows(net, naming, lang):
            x = left + depth * indent
            while place_stack and place_stack[-1][0] >= depth:
                place_stack.pop()
            if place_stack:
                py = place_stack[-1][1]
                px = left + place_stack[-1][0] * indent + 6
                svg.add(
                    f'<path d="M{px},{py + 6} V{height} H{x - 2}" fill="none" stroke="#9aa8b8" stroke-width="1.5"/>'
                )
            svg.add(
                f'<rect x="{x}" y="{height - 6}" width="12" height="12" rx="2" fill="{PALETTE[(depth + 3) % len(PALETTE)]}"/>'
            )
            label = naming.label(place, lang)
            svg.text(x + 18, height + 5, label, size=14, weight="600", href=naming.href(place, lang, page_file))
            place_y = height
            associations = sorted(net["at"].get(place, []), key=lambda a: (a[1], a[0]))
            if not associations:
                svg.text(
                    x + 24 + text_width(label, 14),
                    height + 5,
                    i18n.text("hierarchy_none_named", lang),
                    size=12.5,
                    cls="muted",
                )
            for assoc, date in associations:
                height += 22
                when = _date_text(date, lang)
                svg.text(
                    x + 18,
                    height + 5,
                    "▸ " + naming.label(assoc, lang),
                    size=13.5,
                    href=naming.href(assoc, lang, page_file),
                )
                if when:
                    svg.text(
                        x + 18 + text_width("▸ " + naming.label(assoc, lang), 13.5) + 8,
                        height + 5,
                        when,
                        size=12.5,
                        cls="muted",
                    )
                width = max(width, x + 40 + text_width("▸ " + naming.label(assoc, lang), 13.5) + text_width(when, 12.5))
            place_stack.append((depth, place_y))
            height += row_h
        for date, milestone in net["milestones"]:
            text = (_date_text(date, lang) + " · " if date else "") + naming.label(milestone, lang)
            for line in wrap(text, width - 2 * left - 20, 13):
                svg.text(left + 4, height + 4, line, size=13, cls="muted")
                height += 18
            height += 4
    return svg.render(width, height + 10)


def _date_text(value: str, lang: str) -> str:
    """``2012-04-17`` as ``2012年4月17日`` (zh) or as written (en)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value or "")
    if not m or lang != "zh":
        return value or ""
    out = f"{int(m[1])}年"
    if m[2]:
        out += f"{int(m[2])}月"
    if m[3]:
        out += f"{int(m[3])}日"
    return out


def ontology_diagram(publication, lang: str, page_file: str) -> str:
    """Classes as boxes listing their relations, in the subclass tree, coloured by vocabulary."""
    doc = next(p for p in publication.producers if p.STEM == "def")
    model = doc.model
    naming = publication.naming
    title = i18n.text("ontology_diagram", lang)
    svg = Svg("ontology", title)
    classes = [c for c in model.classes()]
    known = set(classes)
    rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    edges = [(c, sup) for c in classes for sup in model.out.get(c, {}).get(rdfs + "subClassOf", []) if sup in known]
    for c in classes:
        if not any(e[0] == c or e[1] == c for e in edges):
            edges.append((c, c))  # a lone class: its own root (the self-loop is cut when drawing)
    rows = _forest([e for e in edges if e[0] != e[1]], lambda iri: naming.curie(iri))
    drawn = {n for _, n, _ in rows}
    rows += [(0, c, 0) for c in sorted(known - drawn, key=naming.curie)]
    relations: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for prop in sorted(model.swio_terms + model.reused, key=naming.curie):
        if model.kind(prop) not in ("object", "datatype"):
            continue
        for domain in model.out.get(prop, {}).get(rdfs + "domain", []):
            for rng in model.out.get(prop, {}).get(rdfs + "range", []) or [""]:
                relations[domain].append((prop, rng))
    indent, box_w, head_h, line_h, gap, left, top = 24, 430, 30, 19, 12, 20, 20
    y = top
    stack: list[tuple[int, float]] = []
    placed = []
    for depth, node, _ in rows:
        rels = relations.get(node, [])
        h = head_h + (line_h * len(rels) + 8 if rels else 0)
        placed.append((depth, node, y, h, rels))
        y += h + gap
    width = left * 2 + box_w + indent * max([d for d, *_ in placed] + [0])
    for depth, node, yy, h, rels in placed:
        x = left + depth * indent
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            # the connector leaves the parent's box at its bottom edge and runs down the gutter left of
            # the children's boxes: it never crosses a box, so never a text
            parent_depth, py, ph = stack[-1]
            px, bottom = left + parent_depth * indent + indent / 2, py + ph
            svg.add(
                f'<path class="connector" d="M{x},{yy + head_h / 2} H{px} V{bottom + 8}" fill="none" '
                f'stroke="#9aa8b8" stroke-width="1.5"/>'
            )
            svg.add(
                f'<path class="connector-head" d="M{px - 5},{bottom + 8} L{px},{bottom} L{px + 5},{bottom + 8} Z" '
                f'fill="#fff" stroke="#9aa8b8" stroke-width="1.5"/>'
            )
        curie = naming.curie(node)
        colour = VOCAB_COLOURS.get(curie.split(":", 1)[0], "#4a5568")
        svg.add(
            f'<rect x="{x}" y="{yy}" width="{box_w}" height="{h}" rx="6" fill="#fff" stroke="{colour}" stroke-width="1.5"/>'
        )
        svg.add(
            f'<path d="M{x},{yy + 6} a6,6 0 0 1 6,-6 h{box_w - 12} a6,6 0 0 1 6,6 v{head_h - 6} h-{box_w} Z" fill="{colour}"/>'
        )
        svg.text(
            x + 10,
            yy + 20,
            naming.label(node, lang),
            size=14,
            weight="600",
            cls="light",
            href=naming.href(node, lang, page_file),
        )
        svg.text(x + box_w - 10, yy + 20, curie, size=11.5, anchor="end", cls="light curie")
        for k, (prop, rng) in enumerate(rels):
            ly = yy + head_h + 16 + k * line_h
            svg.text(x + 12, ly, naming.label(prop, lang), size=12.5, href=naming.href(prop, lang, page_file))
            arrow_x = x + 12 + text_width(naming.label(prop, lang), 12.5) + 6
            if rng:
                svg.text(arrow_x, ly, "→ " + naming.label(rng, lang), size=12.5, cls="muted")
        stack.append((depth, yy, h))
    return svg.render(width, y + 10)


DRAW = {
    "timeline": timeline,
    "stages": stages,
    "models": models,
    "hierarchy": hierarchy,
    "ontology": ontology_diagram,
}


class Pictures:
    """``pictures/index``, ``pictures/{name}.{lang}.html`` and ``pictures/{name}.{lang}.svg``."""

    STEM = "pictures/index"

    def __init__(self, publication):
        self.pub = publication

    def names(self) -> list[str]:
        out = [urls.file_name(self.STEM, lang) for lang in urls.LANGS]
        for name in PICTURES:
            for lang in urls.LANGS:
                out += [f"pictures/{name}.{lang}.html", f"pictures/{name}.{lang}.svg"]
        return out

    def files(self) -> Iterator[tuple[str, bytes]]:
        for name in self.names():
            yield name, self.file(name)

    def svg(self, name: str, lang: str, page_file: str) -> str:
        return DRAW[name](self.pub, lang, page_file)

    def file(self, name: str) -> bytes | None:
        if name not in self.names():
            return None
        stem, lang, ext = name.rsplit(".", 2)
        if stem == self.STEM:
            page = Page(stem, lang, title=i18n.text("pictures_title", lang), site=self.pub.info)
            items = [
                {
                    "name": n,
                    "title": title_of(n, lang),
                    "caption": i18n.text(CAPTION_KEY[n], lang),
                    "href": page.rel(f"pictures/{n}.{lang}.html"),
                    "img": page.rel(f"pictures/{n}.{lang}.svg"),
                }
                for n in PICTURES
            ]
            return render("pictures.html", page, items=items)
        picture = stem.split("/", 1)[1]
        if ext == "svg":
            return self.svg(picture, lang, name).encode("utf-8")
        title = title_of(picture, lang)
        page = Page(stem, lang, title=title, site=self.pub.info)
        question = QUESTION_OF.get(picture)
        questions = self.pub.questions
        question_link = None
        if question in questions.catalog:
            q = questions.catalog[question]
            question_link = (
                q.title.get(lang) or q.title.get("en") or question,
                page.rel(f"queries/{question}.{lang}.html"),
            )
        elif picture == "ontology":
            question_link = (i18n.text("ontology_doc", lang), page.rel_page("def") + "#diagram")
        return render(
            "picture.html",
            page,
            title=title,
            svg=Markup(self.svg(picture, lang, page.file)),
            svg_href=page.rel(f"pictures/{picture}.{lang}.svg"),
            question=question_link,
            caption=i18n.text(CAPTION_KEY[picture], lang),
        )
