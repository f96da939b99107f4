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
        if lang:
            attrs += f' xml:lang="{lang}"'
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
    questions = next(p for p in publication.producers if p.STEM == "queries/index")
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


def _truthy(cell) -> bool | None:
    if cell is None:
        return None
    if isinstance(cell.value, bool):
        return cell.value
    text = str(cell.value).strip().lower()
    if text in ("yes", "true", "是"):
        return True
    if text in ("no", "false", "否"):
        return False
    return None


def models(publication, lang: str, page_file: str) -> str:
    title = i18n.text("models", lang)
    svg = Svg("models", title)
    table = answer(publication, QUESTION_OF["models"], lang)
    if table is None or not table.rows:
        svg.text(20, 40, "—", size=16)
        return svg.render(600, 60)
    columns = table.columns
    head_col = columns.index("model") if "model" in columns else 0
    order_col = columns.index("case") if "case" in columns else None
    rows = table.rows
    if order_col is not None:
        rows = sorted(
            rows,
            key=lambda r: (str(r[order_col].value) if r[order_col] else "", r[head_col].text() if r[head_col] else ""),
        )
    label_w, col_w, pad = 190, 168, 10
    facets = [i for i in range(len(columns)) if i not in (head_col, order_col)]
    width = 20 + label_w + col_w * len(rows) + 20
    heads = [wrap(r[head_col].text() if r[head_col] else "", col_w - 2 * pad, 15, 6) for r in rows]
    head_h = 26 + 19 * max(len(h) for h in heads)
    y = 60
    svg.text(20, 34, title, size=20, weight="600")
    for j, (r, lines) in enumerate(zip(rows, heads)):
        x = 20 + label_w + j * col_w
        svg.add(
            f'<rect x="{x + 3}" y="{y}" width="{col_w - 6}" height="{head_h}" rx="8" fill="{PALETTE[j % len(PALETTE)]}"/>'
        )
        case = f"{i18n.column('case', lang)} {r[order_col].text()}" if order_col is not None and r[order_col] else ""
        if case:
            svg.text(x + pad, y + 18, case, size=12, cls="light")
        for i, line in enumerate(lines):
            svg.text(x + pad, y + 20 + (16 if case else 0) + 19 * i, line, size=15, weight="600", cls="light")
    y += head_h + 8
    for k, i in enumerate(facets):
        cells = [r[i] for r in rows]
        wrapped = [wrap(c.text() if c else "", col_w - 2 * pad, 13.5, 5) if _truthy(c) is None else [] for c in cells]
        label_lines = wrap(i18n.column(columns[i], lang), label_w - 12, 14, 3)
        row_h = max([34] + [14 + 18 * len(w) for w in wrapped] + [14 + 18 * len(label_lines)])
        if k % 2 == 0:
            svg.add(f'<rect x="20" y="{y}" width="{width - 40}" height="{row_h}" fill="#f5f7fa"/>')
        for n, line in enumerate(label_lines):
            svg.text(28, y + 22 + 18 * n, line, size=14, weight="600")
        for j, c in enumerate(cells):
            x = 20 + label_w + j * col_w
            flag = _truthy(c)
            if flag is not None:
                fill, mark = ("#2f855a", "✓") if flag else ("#c53030", "✗")
                svg.add(f'<circle cx="{x + col_w / 2}" cy="{y + row_h / 2}" r="11" fill="{fill}"/>')
                svg.text(x + col_w / 2, y + row_h / 2 + 5, mark, size=14, anchor="middle", weight="700", cls="light")
            else:
                for n, line in enumerate(wrapped[j] if c else ["—"]):
                    svg.text(x + pad, y + 22 + 18 * n, line or "—", size=13.5, cls="" if c else "muted")
        y += row_h
    return svg.render(width, y + 20)


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
        questions = next(p for p in self.pub.producers if p.STEM == "queries/index")
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
