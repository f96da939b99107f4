"""The canned competency questions (``queries/*.rq``) and running SPARQL on the embedded store.

Each ``.rq`` file starts with a comment header::

    # title@en: …            # title@zh: …
    # question@en: …         # question@zh: …
    # shows@en: …            # shows@zh: …
    # param NAME: TYPE — description (e.g. EXAMPLE, EXAMPLE)   (optional; TYPE is string, integer or iri)
    # param NAME@zh: 说明                                       (the description in Chinese)
    # column NAME@en: label — what the value means             (one per answer column and language;
    # column NAME@zh: 标签 — 含义                                the " — …" part is optional)

The examples of a parameter are values that give an answer (the tests run each one).

Parameters are bound by inserting ``VALUES`` at the top of the WHERE clause, and
``?lang`` (the label language every query may use) is replaced by its value, so the
same text runs on the embedded store and on any SPARQL 1.1 endpoint.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from .. import resources
from ..errors import QueryError
from ..sparql_syntax import blank_comments, query_form, top_level_where
from . import words
from .sparql_help import empty_because, undeclared_prefix_problem, unknown_terms
from .table import Cell, Column, ResultTable, converting_once, make_literal

_HEADER_RE = re.compile(r"^#\s*(title|question|shows)@(en|zh)\s*:\s*(.+?)\s*$")
_PARAM_RE = re.compile(r"^#\s*param\s+([A-Za-z_]\w*)\s*:\s*(string|integer|iri)\s*(?:[—-]+\s*(.*))?$")
_PARAM_LANG_RE = re.compile(r"^#\s*param\s+([A-Za-z_]\w*)@(en|zh)\s*:\s*(.+?)\s*$")
_COLUMN_RE = re.compile(r"^#\s*column\s+([A-Za-z_]\w*)@(en|zh)\s*:\s*(.+?)\s*$")
_EXAMPLES_RE = re.compile(r"\s*\(e\.g\.\s*(.+?)\)\s*$")
LANGS = ("en", "zh")


@dataclass
class Param:
    """A parameter of a question: ``description`` is the English one (``descriptions`` has both)."""

    name: str
    type: str
    description: str = ""
    descriptions: dict[str, str] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    def help(self, lang: str = "en") -> str:
        """What the parameter is, in ``lang`` (the other language when that one is missing)."""
        return self.descriptions.get(lang) or self.descriptions.get("en") or self.description


@dataclass
class CannedQuery:
    name: str
    path: Path
    text: str
    title: dict[str, str] = field(default_factory=dict)
    question: dict[str, str] = field(default_factory=dict)
    shows: dict[str, str] = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)

    @property
    def uses_lang(self) -> bool:
        return "?lang" in self.text

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def labels(self, lang: str = "en") -> dict[str, str]:
        """Variable name -> column label in ``lang``, for the columns the header declares."""
        return {c.name: c.label(lang) for c in self.columns}


def parse_query_file(path: Path) -> CannedQuery:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise QueryError(f"{path}: cannot read query: {err.strerror or err}") from None
    if b"\0" in data:
        raise QueryError(f"{path}: a binary file, not a SPARQL query")
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark is not part of the query
    except UnicodeDecodeError as err:
        raise QueryError(f"{path}: not UTF-8 text (byte {err.start}); save the query as UTF-8") from None
    query = CannedQuery(name=path.stem, path=path, text=text)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER_RE.match(line)
        if m:
            getattr(query, m.group(1))[m.group(2)] = m.group(3)
            continue
        m = _PARAM_RE.match(line)
        if m:
            description = (m.group(3) or "").strip()
            examples = _EXAMPLES_RE.search(description)
            param = Param(m.group(1), m.group(2))
            if examples:
                description = description[: examples.start()].rstrip()
                param.examples = [x.strip() for x in examples.group(1).split(",") if x.strip()]
            param.description = description
            if description:
                param.descriptions["en"] = description
            query.params.append(param)
            continue
        m = _PARAM_LANG_RE.match(line)
        if m:
            param = next((p for p in query.params if p.name == m.group(1)), None)
            if param is None:
                raise QueryError(f"{path}: `# param {m.group(1)}@{m.group(2)}` before `# param {m.group(1)}: TYPE`")
            param.descriptions[m.group(2)] = m.group(3)
            if m.group(2) == "en":
                param.description = m.group(3)
            continue
        m = _COLUMN_RE.match(line)
        if m:
            name, lang, text = m.groups()
            column = query.column(name)
            if column is None:
                column = Column(name)
                query.columns.append(column)
            label, _, description = text.partition(" — ")
            column.labels[lang] = label.strip()
            if description.strip():
                column.descriptions[lang] = description.strip()
    return query


def catalog(directory: Path | None = None) -> dict[str, CannedQuery]:
    directory = directory or resources.QUERIES_DIR
    return {p.stem: parse_query_file(p) for p in sorted(directory.glob("*.rq"))}


def get_query(name_or_file: str) -> CannedQuery:
    """A canned query by name, or any ``.rq`` file by path."""
    path = Path(name_or_file)
    if not name_or_file.strip():
        raise QueryError("the query name is empty: give the name of a canned question or the path of a .rq file")
    if path.is_dir():
        raise QueryError(f"{name_or_file}: is a directory, not a query file")
    if name_or_file.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise QueryError(f"{name_or_file}: no such query file")
        return parse_query_file(path)
    queries = catalog()
    if name_or_file not in queries:
        close = nearest(name_or_file, queries)
        hint = f" (did you mean {' or '.join(close)}?)" if close else "; `swio query --list` shows them"
        raise QueryError(f"unknown query {name_or_file!r}{hint}")
    return queries[name_or_file]


def nearest(word: str, candidates, n: int = 3) -> list[str]:
    """The candidates closest to ``word`` (a typo, a part of a name, another case), best first."""
    candidates = list(candidates)
    lower = {c.lower(): c for c in candidates}
    found = [lower[c] for c in difflib.get_close_matches(word.lower(), list(lower), n=n, cutoff=0.6)]
    found += [c for c in candidates if word.lower() in c.lower() and c not in found]
    return found[:n]


#: Characters a parameter value may not hold: control characters (a line break, a tab,
#: escape sequences), line and paragraph separators, and bytes that were not UTF-8.
_FORBIDDEN = {
    "Cc": "a control character",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
    "Cs": "a byte that is not UTF-8",
}
INTEGER_RANGE = (-(2**63), 2**63 - 1)  # what every store's xsd:integer arithmetic handles


def check_param_value(name: str, value: str) -> None:
    """QueryError naming the parameter when ``value`` holds something no value may hold."""
    for ch in value:
        kind = _FORBIDDEN.get(unicodedata.category(ch))
        if kind:
            code = f"byte 0x{ord(ch) - 0xDC00:02X}" if kind.endswith("UTF-8") else f"U+{ord(ch):04X}"
            raise QueryError(f"`param={name}`: the value holds {kind} ({code}); a parameter value is one line of text")


def _literal(name: str, value: str, kind: str) -> str:
    check_param_value(name, value)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", value.strip()):
            raise QueryError(f"parameter value {value!r} is not an integer (`param={name}`)")
        number = int(value)
        if not INTEGER_RANGE[0] <= number <= INTEGER_RANGE[1]:
            raise QueryError(
                f"parameter value {value!r} is out of range (`param={name}`: {INTEGER_RANGE[0]} to {INTEGER_RANGE[1]})"
            )
        return str(number)
    if kind == "iri":
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", iri):
            raise QueryError(f"parameter value {value!r} is not an IRI (`param={name}`)")
        return f"<{iri}>"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def check_form(query: CannedQuery) -> None:
    """QueryError unless the query is a SELECT or an ASK: an update (DROP, INSERT, …) is never
    run or sent, and CONSTRUCT/DESCRIBE answers are graphs, not tables."""
    form = query_form(query.text)
    if form in ("SELECT", "ASK"):
        return
    if form == "UPDATE":
        raise QueryError(
            f"{query.name}: is a SPARQL Update (it would change the store), not a query; "
            f"swio query runs only SELECT and ASK queries and never sends an update"
        )
    if form in ("CONSTRUCT", "DESCRIBE"):
        raise QueryError(
            f"{query.name}: is a {form} query; swio query answers only SELECT and ASK queries "
            f"(as tables): run {form} on a store or on the release files"
        )
    words = blank_comments(query.text).split()
    begins = f"it begins with {words[0][:40]!r}" if words else "it is empty"
    raise QueryError(f"{query.name}: not a SELECT or ASK query ({begins})")


def bind(query: CannedQuery, params: dict[str, str] | None = None, lang: str = "en") -> str:
    """The query text with VALUES clauses for the given parameters and the label language."""
    params = dict(params or {})
    if lang not in LANGS:
        raise QueryError(f"unknown language {lang!r}; choose en or zh")
    declared = {p.name: p for p in query.params}
    values = []
    for name, value in params.items():
        if name not in declared:
            known = ", ".join(declared) or "none"
            close = nearest(name, declared)
            hint = f"did you mean {' or '.join(close)}? " if close else ""
            raise QueryError(f"query {query.name!r} has no parameter {name!r} ({hint}parameters: {known})")
        values.append(f"VALUES ?{name} {{ {_literal(name, value, declared[name].type)} }}")
    # ?lang is written into the text as a constant: some stores (Virtuoso) do not push a
    # VALUES binding into FILTER (lang(?x) = ?lang) and explode the join.
    text = re.sub(r"\?lang\b", f'"{lang}"', query.text) if query.uses_lang else query.text
    if not values:
        return text
    where = top_level_where(text)
    if where is None:
        raise QueryError(f"{query.path}: cannot find the WHERE clause to bind parameters")
    return text[: where + 1] + "\n  " + "\n  ".join(values) + text[where + 1 :]


def run_embedded(
    dataset, sparql: str, *, name: str = "query", query: CannedQuery | None = None, lang: str | None = None
) -> ResultTable:
    """Answer ``sparql`` on the embedded store; with ``query`` and ``lang``, the answer knows its columns'
    labels (``ResultTable.labels``) and its language."""
    table = _run_embedded(dataset, sparql, name=name)
    if query is not None:
        annotate(table, query, lang)
    return table


def annotate(table: ResultTable, query: CannedQuery, lang: str | None) -> ResultTable:
    """Give ``table`` the columns the query's header declares and the language it was asked in."""
    table.info = {c.name: c for c in query.columns}
    table.lang = lang
    return table


def _run_embedded(dataset, sparql: str, *, name: str = "query") -> ResultTable:
    try:
        solutions = dataset.query(sparql)
    except SyntaxError as err:
        raise QueryError(f"{name}: SPARQL syntax error: {str(err).splitlines()[0]}") from None
    except OSError as err:
        raise QueryError(f"{name}: query failed: {err}") from None
    if isinstance(solutions, (bool, ox.QueryBoolean)):
        return ResultTable(["answer"], [[Cell("literal", bool(solutions), None)]], boolean=bool(solutions))
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"{name}: only SELECT and ASK queries are supported")
    columns = [v.value for v in solutions.variables]
    cell = converting_once(_cell)
    width = range(len(columns))
    rows = [[cell(solution[i]) for i in width] for solution in solutions]
    return ResultTable(columns, rows)


def _cell(term) -> Cell | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Cell("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Cell("bnode", term.value)
    return make_literal(term.value, term.datatype.value if term.datatype else None, term.language)


def run(
    name_or_file: str,
    *,
    params: dict[str, str] | None = None,
    lang: str = "en",
    dataset=None,
    endpoint: str | None = None,
    explain: bool = True,
    **endpoint_options,
) -> ResultTable:
    """Answer a canned question (or a ``.rq`` file) on the embedded store or an endpoint.

    ``lang`` fills ``?lang`` (the language of the labels in the answer) and is the language of the
    column labels (``ResultTable.labels()``). A prefix the query uses without declaring it is a
    QueryError naming it; ``table.warnings`` names each ``swio:`` term the ontology does not have,
    with the nearest one; when the answer is empty and ``explain`` is true, ``table.notes`` says why:
    a parameter value that matches nothing, or (on the embedded store) the FILTER without which
    there would be rows."""
    query = get_query(name_or_file)
    check_form(query)
    problem = undeclared_prefix_problem(query.text, query.name)
    if problem:
        raise QueryError(problem)
    warnings = [f"{query.name}: {warning}" for warning in unknown_terms(query.text)]
    notes: list[str] = []
    text = bind(query, params, lang)
    if endpoint:
        from ..remote.query import select

        table = select(endpoint, text, name=query.name, **endpoint_options)

        def count(sparql: str) -> int:
            return len(select(endpoint, sparql, name=query.name, **endpoint_options))
    else:
        if dataset is None:
            from ..input.dataset import Dataset

            dataset = Dataset.load()
        table = _run_embedded(dataset, text, name=query.name)

        def count(sparql: str) -> int:
            return len(_run_embedded(dataset, sparql, name=query.name))

    annotate(table, query, lang)
    if query_form(query.text) == "ASK" and table.rows and table.rows[0] and table.rows[0][0] is not None:
        table.boolean = bool(table.rows[0][0].value)
    if explain and not table.rows and table.boolean is None:
        notes += why_empty(query, params or {}, lang, count, filters_too=not endpoint)
    table.warnings, table.notes = warnings, notes
    return table


def why_empty(query: CannedQuery, params: dict[str, str], lang: str, count, *, filters_too: bool = True) -> list[str]:
    """Why an answer is empty, as notes in ``lang``: the answer without the parameters has rows (a value
    that matches nothing), or removing one FILTER would give rows. ``count(sparql)`` answers a query."""
    if params:
        total = count(bind(query, {}, lang))
        if total:
            given = ", ".join(f"{k}={v}" for k, v in params.items())
            examples = [f"{p.name}={x}" for p in query.params if p.name in params for x in p.examples]
            note = words.text("param_no_match", lang, given=given, n=f"{total:,}")
            if examples:
                note += words.text("param_examples", lang, examples=", ".join(examples))
            return [f"{query.name}: {note}"]
    if not filters_too:
        return []
    notes = []
    for f, n in empty_because(query.text, lambda text: count(bind(replace(query, text=text), params, lang))):
        notes.append(f"{query.name}: " + words.text("filter_no_match", lang, line=f.line, filter=f.text, n=f"{n:,}"))
    return notes
