"""Values checked against their own sentences: every typed date, year, count and amount of a node agrees with
what its ``swio:sourceText`` writes.

The excerpts are parsed for dates (``2012年4月17日``, ``2013年7月``, ``2009年``, ``8月`` with the year inferred
from the publication, ``今年``, ``1999-2003``), counts (``430个``, ``十八``, ``四届``), amounts (``6000余万元`` is
at least 60,000,000 CNY: ``万``/``亿`` multiply), percentages (``80%``; ``全部`` is 100 %), ordinals (``第四届``)
and the words that bound a number (``余``/``多`` at least, ``不到``/``不足`` at most, ``约``/``近``/``左右``
approximately). Each typed value of the node — and of the quantity nodes it points at (``swio:amount``,
``swio:extent``, ``swio:share``, ``swio:buildDuration``) — must equal one of the mentions of its kind, with the
same bound and at the same precision; when the excerpts mention nothing of its kind, there is nothing to compare.

What the data marks as not written in the sentence is respected, never special-cased by node: a date with
``swio:dateDerivedFrom`` is the editors' computation and is not compared; a date with ``swio:yearInferred true``
takes its year from the publication (the archived copy's ``dcterms:issued``), not from the sentence.

:func:`check_files` parses the data files itself (written forms, one file at a time, so each finding names its
file and line); :func:`check_dataset` checks the data files of a loaded :class:`~swio.input.dataset.Dataset`.
``swio qc`` fails on a finding (:func:`qc_table`); ``swio validate`` reports each as a warning
(:func:`add_warnings`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from . import resources
from .namespaces import SWIO

DCT = "http://purl.org/dc/terms/"
TIME = "http://www.w3.org/2006/time#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
BOUND = "https://w3id.org/swio/id/bound/"
SHAPE = "https://w3id.org/swio/shapes#SentenceValueShape"
COMPONENT = "https://w3id.org/swio/shapes#SentenceValueComponent"

EXACT, AT_LEAST, AT_MOST, ABOUT = "exact", "at least", "at most", "approximately"
BOUNDS = {BOUND + "jingque": EXACT, BOUND + "zhishao": AT_LEAST, BOUND + "zhiduo": AT_MOST, BOUND + "dayue": ABOUT}
BOUND_ZH = {EXACT: "确数", AT_LEAST: "下限", AT_MOST: "上限", ABOUT: "约数"}

#: the date properties compared, and the number properties with the kind of mention each is compared with
DATE_PROPERTIES = (DCT + "date", SWIO + "asOf", SWIO + "year")
COUNT_PROPERTIES = (SWIO + "memberCount", SWIO + "holderCount")
POINTERS = (SWIO + "amount", SWIO + "extent", SWIO + "share", SWIO + "buildDuration")
QUANTITY_KINDS = {
    SWIO + "Share": "percent",
    SWIO + "MonetaryAmount": "money",
    SWIO + "Measure": "measure",
    SWIO + "Count": "count",
}

# -- reading the excerpts --------------------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "[零〇一二两三四五六七八九十百千]+"
_DATE = re.compile(
    r"(?P<range>(?P<r1>\d{4})\s*[-–—]\s*(?P<r2>\d{4}))(?!\s*[-–—]?\d)"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|(?P<this>今年)"
    r"|(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})[日号])?"
)
_NUMBER = re.compile(
    rf"(?P<pre>不到|不足|少于|未满|大约|约|将近|近|超过)?"
    rf"(?P<ord>第)?"
    rf"(?P<num>\d+(?:\.\d+)?|{_CN})"
    r"(?P<mid>余|多)?"
    r"(?P<mult>万|亿)?"
    r"(?P<mid2>余|多)?"
    r"(?P<unit>%|％|元|平方米|个|人|家|届|名|位|项|县|区|市|年|岁|所|条|次|种|批|户|阶段)?"
    r"(?P<post>多|余|以上|以下|左右|上下)?"
)
_BOUND_WORDS = {
    "余": AT_LEAST,
    "多": AT_LEAST,
    "以上": AT_LEAST,
    "超过": AT_LEAST,
    "不到": AT_MOST,
    "不足": AT_MOST,
    "少于": AT_MOST,
    "未满": AT_MOST,
    "以下": AT_MOST,
    "约": ABOUT,
    "大约": ABOUT,
    "近": ABOUT,
    "将近": ABOUT,
    "左右": ABOUT,
    "上下": ABOUT,
}
_COUNTERS = set("个人家届名位项县区市所条次种批户")
_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}


def chinese_number(text: str) -> int | None:
    """``十八`` -> 18, ``四`` -> 4, ``二十`` -> 20, ``一千零五`` -> 1005; ``None`` for anything else."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


@dataclass(frozen=True)
class DateMention:
    year: int | None
    month: int | None
    day: int | None
    text: str
    year_from_publication: bool = False  # 今年, or a month without a year

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"


@dataclass(frozen=True)
class NumberMention:
    value: Decimal
    bound: str
    kind: str  # "percent" | "money" | "ordinal" | "count" | "measure" (with its unit word) | "bare"
    unit: str
    text: str
    core: str = ""  # the number with its multiplier and unit, without bound words (``6000万元``, ``3个``)


def date_mentions(text: str, publication_year: int | None) -> tuple[list[DateMention], str]:
    """The dates an excerpt writes, and the excerpt with them blanked out (so no date is read as a number)."""
    found: list[DateMention] = []
    pieces, last = [], 0
    for m in _DATE.finditer(text):
        if not m.group(0):
            continue
        if m["range"]:
            found += [
                DateMention(int(m["r1"]), None, None, m["range"]),
                DateMention(int(m["r2"]), None, None, m["range"]),
            ]
        elif m["iy"]:
            found.append(DateMention(int(m["iy"]), int(m["im"]), int(m["id"]), m.group(0)))
        elif m["this"]:
            found.append(DateMention(publication_year, None, None, m.group(0), year_from_publication=True))
        else:
            year = int(m["y"]) if m["y"] else None
            if year is None and not m["m"]:
                continue  # a bare 日 is not a date
            found.append(
                DateMention(
                    year if year is not None else publication_year,
                    int(m["m"]) if m["m"] else None,
                    int(m["d"]) if m["d"] else None,
                    m.group(0),
                    year_from_publication=year is None,
                )
            )
        pieces.append(text[last : m.start()] + " " * (m.end() - m.start()))
        last = m.end()
    pieces.append(text[last:])
    return found, "".join(pieces)


def number_mentions(text: str) -> list[NumberMention]:
    """The numbers an excerpt writes (dates blanked out first), each with its bound and kind."""
    found = []
    for m in _NUMBER.finditer(text):
        raw = m["num"]
        if raw[0].isdigit():
            try:
                value = Decimal(raw)
            except InvalidOperation:
                continue
        else:
            number = chinese_number(raw)
            if number is None:
                continue
            value = Decimal(number)
        unit = m["unit"] or ""
        bound = EXACT
        for word in (m["pre"], m["mid"], m["mid2"], m["post"]):
            if word:
                bound = _BOUND_WORDS[word]
        if m["mult"]:
            value *= _MULTIPLIERS[m["mult"]]
        if m["ord"]:
            kind = "ordinal"
        elif unit in ("%", "％"):
            kind = "percent"
        elif unit == "元":
            kind = "money"
        elif unit in _COUNTERS:
            kind = "count"
        elif unit:
            kind = "measure"
        elif m["mult"]:
            kind = "bare"
        else:
            continue  # a bare numeral (一是, 一方面, 1999-2003 …) counts nothing
        core = (m["ord"] or "") + raw + (m["mult"] or "") + unit
        found.append(NumberMention(value, bound, kind, unit, m.group(0), core))
    if re.search(r"全部|全体", text):
        found.append(NumberMention(Decimal(100), EXACT, "percent", "%", "全部", "全部"))
    return found


# -- the graph, file by file -----------------------------------------------------------------------------------


@dataclass
class Node:
    iri: str
    path: Path
    types: set[str] = field(default_factory=set)
    excerpts: list[str] = field(default_factory=list)
    values: dict[str, list[ox.Literal | ox.NamedNode]] = field(default_factory=lambda: defaultdict(list))

    def one(self, prop: str):
        found = self.values.get(prop)
        return found[0] if found else None


#: what a sentence writes of a value's kind: (the words, the number they give, its bound), number and bound None for dates
Says = tuple[tuple[str, str | None, str | None], ...]


@dataclass(frozen=True)
class Mismatch:
    """A typed value that its own sentence contradicts."""

    path: Path
    line: int | None
    node: str
    prop: str
    value: str
    bound: str | None  # the value's bound (numbers), None for dates
    says: tuple[
        tuple[str, str | None, str | None], ...
    ]  # what the sentence writes of that kind: (words, number, bound)
    sentence: str
    problem: str  # "value" | "bound" | "precision" | "inferred"

    @property
    def shown_property(self) -> str:
        """The property, prefixed (a pointer and the quantity's property for a value reached through it)."""
        return "/".join(_short(p if i == 0 else "http" + p) for i, p in enumerate(self.prop.split("/http")))

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def value_text(self, lang: str = "en") -> str:
        if self.bound is None:
            return self.value
        return f"{self.value}（{BOUND_ZH[self.bound]}）" if lang == "zh" else f"{self.value} ({self.bound})"

    def says_text(self, lang: str = "en") -> str:
        out = []
        for words, number, bound in self.says:
            if number is None or bound is None:
                out.append(words)
            elif lang == "zh":
                out.append(f"{words}（{number}，{BOUND_ZH[bound]}）")
            else:
                out.append(f"{words} ({number}, {bound})")
        return " / ".join(out)

    def message(self, lang: str = "en") -> str:
        prop = self.shown_property
        if lang == "zh":
            what = PROBLEMS["zh"][self.problem]
            return f"{prop} 为 {self.value_text('zh')}，而其原文摘录写的是 {self.says_text('zh')}（{what}）：“{self.sentence}”"
        what = PROBLEMS["en"][self.problem]
        return f'{prop} is {self.value_text()} but its own sentence says {self.says_text()} ({what}): "{self.sentence}"'


PROBLEMS = {
    "en": {
        "value": "the value differs",
        "bound": "the bound differs",
        "precision": "the precision differs",
        "inferred": "the sentence gives no year and the data does not mark it swio:yearInferred",
    },
    "zh": {
        "value": "数值不符",
        "bound": "界限不符",
        "precision": "精度不符",
        "inferred": "原文没有写年份，数据却未标 swio:yearInferred",
    },
}


@dataclass
class Findings:
    mismatches: list[Mismatch]
    checked: int  # values compared with a mention of their kind
    unchecked: int  # values whose sentences write nothing of their kind


def _short(iri: str) -> str:
    for prefix, ns in (("swio:", SWIO), ("dcterms:", DCT), ("time:", TIME)):
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return f"<{iri}>"


@lru_cache(maxsize=1)
def unit_words() -> dict[str, str]:
    """Unit concept -> its Chinese label (``年``, ``平方米``), from the shipped vocabularies."""
    words = {}
    for t in ox.parse(path=str(resources.VOCABULARIES_FILE), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == RDFS_LABEL and isinstance(t.object, ox.Literal) and t.object.language == "zh":
            if t.subject.value.startswith("https://w3id.org/swio/id/unit/"):
                words[t.subject.value] = t.object.value
    return words


def _read(paths: Iterable[Path]) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    for path in paths:
        data = path.read_bytes()
        if b"sourceText" not in data and b"archivedCopy" not in data and b"inXSDgYear" not in data:
            continue  # no excerpt, no source and no instant to compare with one (a synthetic graph): not parsed
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        for t in ox.parse(input=data, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()):
            if not isinstance(t.subject, ox.NamedNode):
                continue
            node = nodes.get(t.subject.value)
            if node is None:
                node = nodes[t.subject.value] = Node(t.subject.value, path)
            p = t.predicate.value
            if p == RDF_TYPE:
                node.types.add(t.object.value)
                node.path = path  # where the node is typed is where it is defined
            elif p == SWIO + "sourceText" and isinstance(t.object, ox.Literal):
                node.excerpts.append(t.object.value)
            else:
                node.values[p].append(t.object)
    return nodes


def _publication_year(nodes: dict[str, Node]) -> int | None:
    """The year of the archived copy's publication (the repost): what 今年 and a month without a year mean."""
    for node in nodes.values():
        if node.values.get(SWIO + "archivedCopy"):
            issued = node.one(DCT + "issued")
            if isinstance(issued, ox.Literal) and re.match(r"\d{4}", issued.value):
                return int(issued.value[:4])
    return None


def _date_parts(literal: ox.Literal) -> tuple[int, int | None, int | None, str] | None:
    dt = literal.datatype.value if literal.datatype else ""
    m = re.fullmatch(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", literal.value)
    if not m or dt not in (XSD + "date", XSD + "gYearMonth", XSD + "gYear"):
        return None
    precision = {XSD + "date": "day", XSD + "gYearMonth": "month", XSD + "gYear": "year"}[dt]
    return int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None, precision


def _truthy(term) -> bool:
    return isinstance(term, ox.Literal) and term.value in ("true", "1")


class _Checker:
    def __init__(self, nodes: dict[str, Node]):
        self.nodes = nodes
        self.year = _publication_year(nodes)
        #: (node, property, value, bound, what the sentence says, the sentence, problem)
        self.mismatches: list[tuple[Node, str, str, str | None, Says, str, str]] = []
        self.checked = 0
        self.unchecked = 0

    def run(self) -> None:
        for node in self.nodes.values():
            if not node.excerpts:
                continue
            dates, numbers = [], []
            for text in node.excerpts:
                found, rest = date_mentions(text, self.year)
                dates.append((text, found))
                numbers.append((text, number_mentions(rest)))
            self.check_dates(node, dates)
            self.check_numbers(node, node, numbers)
            for prop in POINTERS:
                for target in node.values.get(prop, []):
                    quantity = self.nodes.get(target.value) if isinstance(target, ox.NamedNode) else None
                    if quantity is not None:
                        self.check_numbers(node, quantity, numbers, via=prop)

    # dates -------------------------------------------------------------------------------------------
    def check_dates(self, node: Node, dates: list[tuple[str, list[DateMention]]]) -> None:
        mentions = [(text, d) for text, found in dates for d in found]
        derived = bool(node.values.get(SWIO + "dateDerivedFrom"))
        inferred = _truthy(node.one(SWIO + "yearInferred"))
        props: list[tuple[str, ox.Literal]] = [
            (p, lit) for p in DATE_PROPERTIES for lit in node.values.get(p, []) if isinstance(lit, ox.Literal)
        ]
        # a period's beginning and end: the years of its instants
        for p in (TIME + "hasBeginning", TIME + "hasEnd"):
            for instant in node.values.get(p, []):
                target = self.nodes.get(instant.value) if isinstance(instant, ox.NamedNode) else None
                if target is not None:
                    props += [
                        (p, lit) for lit in target.values.get(TIME + "inXSDgYear", []) if isinstance(lit, ox.Literal)
                    ]
        for prop, literal in props:
            if prop == DCT + "date" and derived:
                continue  # the editors' computation (swio:dateDerivedFrom): not written in the sentence
            parts = _date_parts(literal)
            if parts is None:
                continue
            if not mentions:
                self.unchecked += 1
                continue
            self.checked += 1
            says = tuple((text, None, None) for text in dict.fromkeys(d.text for _, d in mentions))
            same = [(text, d) for text, d in mentions if self._same_date(parts, d)]
            if same:
                text, d = same[0]
                if d.year_from_publication and not inferred and all(m.year_from_publication for _, m in same):
                    # the sentence gives no year: the data must say the year is inferred
                    self.mismatches.append((node, prop, literal.value, None, says, text, "inferred"))
                continue
            close = [(text, d) for text, d in mentions if self._same_date(parts, d, loose=True)]
            problem = "precision" if close else "value"
            text = (close or mentions)[0][0]
            self.mismatches.append((node, prop, literal.value, None, says, text, problem))

    @staticmethod
    def _same_date(parts, mention: DateMention, loose: bool = False) -> bool:
        year, month, day, precision = parts
        if mention.year is None or mention.year != year:
            return False  # a month without a year compares only when the publication year is known
        if loose:
            return mention.month in (None, month) and mention.day in (None, day)
        return mention.precision == precision and mention.month == month and mention.day == day

    # numbers -----------------------------------------------------------------------------------------
    def check_numbers(self, owner: Node, node: Node, numbers, via: str | None = None) -> None:
        wanted: list[tuple[str, str, ox.Literal, str]] = []  # (property, kind, literal, bound)
        kind = next((k for t, k in QUANTITY_KINDS.items() if t in node.types), None)
        bound_iri = node.one(SWIO + "bound")
        bound = BOUNDS.get(bound_iri.value, EXACT) if isinstance(bound_iri, ox.NamedNode) else EXACT
        if kind is not None:
            for lit in node.values.get(SWIO + "value", []):
                if isinstance(lit, ox.Literal):
                    wanted.append((SWIO + "value", kind, lit, bound))
        if via is None:
            for prop in COUNT_PROPERTIES:
                wanted += [
                    (prop, "count", lit, EXACT) for lit in node.values.get(prop, []) if isinstance(lit, ox.Literal)
                ]
            wanted += [
                (SWIO + "termNumber", "ordinal", lit, EXACT)
                for lit in node.values.get(SWIO + "termNumber", [])
                if isinstance(lit, ox.Literal)
            ]
        unit = node.one(SWIO + "unit")
        unit_word = unit_words().get(unit.value, "") if isinstance(unit, ox.NamedNode) else ""
        for prop, kind, literal, bound in wanted:
            try:
                value = Decimal(literal.value)
            except InvalidOperation:
                continue
            candidates = [(text, n) for text, found in numbers for n in found if self._fits(kind, n, unit_word)]
            if not candidates:
                if via is None:
                    self.unchecked += 1
                continue
            # where the node's own label repeats a mention (合肥市3个开发区: 3个), that mention is the one about it
            label = " ".join(lit.value for lit in node.values.get(RDFS_LABEL, []) if isinstance(lit, ox.Literal))
            candidates = [(text, n) for text, n in candidates if n.core and n.core in label] or candidates
            self.checked += 1
            if any(n.value == value and n.bound == bound for _, n in candidates):
                continue
            equal = [n for _, n in candidates if n.value == value]
            problem = "bound" if equal else "value"
            shown = equal or [n for _, n in candidates]
            says = tuple(dict.fromkeys((n.text, _number_text(n.value), n.bound) for n in shown))
            text = next(t for t, n in candidates if n in shown)
            target = node if via is None else owner
            prop_shown = prop if via is None else f"{via}/{prop}"
            self.mismatches.append((target, prop_shown, _number_text(value), bound, says, text, problem))

    @staticmethod
    def _fits(kind: str, mention: NumberMention, unit_word: str) -> bool:
        if kind == "measure":
            return mention.kind in ("measure", "count") and (not unit_word or mention.unit == unit_word)
        if kind == "count":
            return mention.kind == "count"
        return mention.kind == kind


def _number_text(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return format(value.normalize(), "f")


def _findings(nodes: dict[str, Node]) -> Findings:
    from .input.locate import Locator

    checker = _Checker(nodes)
    checker.run()
    wanted = {ox.NamedNode(found[0].iri): found[0].path for found in checker.mismatches}
    lines = Locator().lines(wanted) if wanted else {}
    out = []
    for node, prop, value, bound, says, text, problem in checker.mismatches:
        line = lines.get(ox.NamedNode(node.iri))
        out.append(Mismatch(node.path, line, node.iri, prop, value, bound, says, text, problem))
    out.sort(key=lambda m: (str(m.path), m.line or 0, m.node, m.prop))
    return Findings(out, checker.checked, checker.unchecked)


def check_files(paths: Iterable[str | Path] | None = None) -> Findings:
    """Check the data files (default: the shipped data); directories expand to the .ttl files in them."""
    from .input.files import expand_paths

    files = resources.shipped_data_files() if paths is None else expand_paths(paths)
    return _findings(_read(Path(p) for p in files))


def check_dataset(dataset) -> Findings:
    """Check the data files a loaded :class:`~swio.input.dataset.Dataset` was read from."""
    return _findings(_read(f.path for f in dataset.data_files))


# -- what swio qc and swio validate show ----------------------------------------------------------------------

#: the check as ``swio qc`` lists it (the same header fields as a SPARQL check in qc/)
NAME = "sentence-values"
TITLE = {"en": "Values that disagree with their own sentence", "zh": "与自身原文摘录不符的数值"}
QUESTION = {
    "en": "Which typed date, year, count or amount differs from what its own swio:sourceText writes (value, bound or "
    "precision)?",
    "zh": "哪些带类型的日期、年份、计数或金额与其自身 swio:sourceText 所写的不符（数值、界限或精度）？",
}
SHOWS = {
    "en": "One row per disagreement, with the file and line of the node, both values and the sentence: correct the "
    "value, or mark what the sentence does not say (swio:dateDerivedFrom, swio:yearInferred).",
    "zh": "每处不符一行，列出节点所在的文件和行、两个值和原文句子：改正数值，或标明原文没有写的内容"
    "（swio:dateDerivedFrom、swio:yearInferred）。",
}
COLUMNS = ("location", "node", "property", "value", "sentence_says", "problem", "sentence")
#: each column's label and meaning, in English and Chinese (as a SPARQL check's ``# column`` lines give them)
COLUMN_TEXTS = {
    "location": (("file:line", "the file and line where the node is described"), ("文件:行", "节点所在的文件和行")),
    "node": (("node", "the node whose value it is"), ("节点", "该值所属的节点")),
    "property": (
        ("property", "the value's property (through a pointer to a quantity)"),
        ("属性", "该值的属性（或经由指向数量的属性）"),
    ),
    "value": (("value", "the typed value, with its bound"), ("值", "带类型的值及其界限")),
    "sentence_says": (
        ("the sentence says", "what its own excerpt writes of that kind"),
        ("原文所写", "其原文摘录中同类的写法"),
    ),
    "problem": (
        ("problem", "value, bound or precision differs, or a year not marked inferred"),
        ("问题", "数值、界限或精度不符，或未标年份系推断"),
    ),
    "sentence": (("sentence", "the excerpt (swio:sourceText)"), ("原文摘录", "原文摘录（swio:sourceText）")),
}


def columns() -> list:
    """The check's answer columns with their labels and meanings (:class:`~swio.queries.table.Column`)."""
    from .queries.table import Column

    out = []
    for name in COLUMNS:
        (en, en_text), (zh, zh_text) = COLUMN_TEXTS[name]
        out.append(Column(name, {"en": en, "zh": zh}, {"en": en_text, "zh": zh_text}))
    return out


def qc_table(findings: Findings, lang: str = "en"):
    """The findings as a :class:`~swio.queries.table.ResultTable`: one row per value its sentence contradicts."""
    from .queries.table import Cell, ResultTable

    def text(value: str) -> Cell:
        return Cell("literal", value, None)

    problems = {
        "en": {
            "value": "value differs",
            "bound": "bound differs",
            "precision": "precision differs",
            "inferred": "year not in the sentence, not marked inferred",
        },
        "zh": {"value": "数值不符", "bound": "界限不符", "precision": "精度不符", "inferred": "原文无年份，未标推断"},
    }[lang if lang == "zh" else "en"]
    rows: list[list[Cell | None]] = [
        [
            text(m.location),
            Cell("iri", m.node),
            text(m.shown_property),
            text(m.value_text(lang)),
            text(m.says_text(lang)),
            text(problems[m.problem]),
            Cell("literal", m.sentence, None, "zh"),
        ]
        for m in findings.mismatches
    ]
    return ResultTable(list(COLUMNS), rows, info={c.name: c for c in columns()}, lang=lang)


def warnings(findings: Findings) -> list:
    """The findings as ``swio validate`` warnings (:class:`~swio.shacl.results.ValidationResult`)."""
    from rdflib import Literal, URIRef

    from .shacl.results import ValidationResult

    out = []
    for m in findings.mismatches:
        out.append(
            ValidationResult(
                severity="Warning",
                focus=URIRef(m.node),
                shape=URIRef(SHAPE),
                named_shape=URIRef(SHAPE),
                component=COMPONENT,
                path=_path(m.prop),
                value=Literal(m.value_text()),
                templates=[Literal(m.message("zh"), lang="zh"), Literal(m.message("en"), lang="en")],
                file=m.path,
                line=m.line,
            )
        )
    return out


def _path(prop: str) -> str:
    """``a/b`` (a pointer, then the quantity's property) as a SPARQL path of full IRIs."""
    parts = prop.split("/http")
    return "/".join(f"<{p if i == 0 else 'http' + p}>" for i, p in enumerate(parts))


def add_warnings(report, paths: Iterable[str | Path] | None = None) -> None:
    """Add the findings on the data files ``paths`` (default: the shipped data) to a validation ``report`` as
    warnings: what ``swio validate`` calls when it validates with SWIO's own shapes."""
    report.add_results(warnings(check_files(paths)))
