"""Just enough of a SPARQL parser to check and rewrite the queries of SHACL-SPARQL.

:func:`tokenize` (from :mod:`swio.sparql_lexer`, the one lexer) splits query text into tokens
(IRIs, strings, variables, prefixed names, keywords, punctuation) with their offsets;
:func:`parse` finds the structure the SHACL rules talk about: the prologue, the query form, the projection, the WHERE group, the solution
modifiers, and the tree of nested groups (OPTIONAL, UNION branches, GRAPH, EXISTS, MINUS,
SERVICE, sub-SELECTs) with the variables each mentions. Expressions are not parsed; Oxigraph
still parses the final text and reports anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..sparql_lexer import SparqlTextError, Token, tokenize, unescape_iri


@dataclass(eq=False)
class Group:
    """A ``{ ... }`` group graph pattern (or the braces around a sub-SELECT)."""

    kind: str  # group, optional, minus, graph, service, exists, lateral, subselect, values
    open: int  # token index of "{"
    close: int = -1  # token index of the matching "}"
    parent: Group | None = None
    children: list[Group] = field(default_factory=list)
    select: Select | None = None  # for kind "subselect"


@dataclass(eq=False)
class Select:
    """A SELECT or ASK query (the whole query or a sub-SELECT): token indexes of its parts."""

    form: str  # SELECT or ASK
    keyword: int  # token index of SELECT / ASK
    projection: tuple[int, int]  # token range [start, end) between SELECT [DISTINCT] and WHERE / "{"
    where: Group | None = None
    modifiers: tuple[int, int] = (0, 0)  # token range after the WHERE group
    star: bool = False
    projected: set[str] = field(default_factory=set)  # variables the projection names (incl. AS ?x)
    bound_by_as: set[str] = field(default_factory=set)  # variables after AS in the projection

    def modifier_names(self, tokens: list[Token]) -> set[str]:
        return {t.text.upper() for t in tokens[self.modifiers[0] : self.modifiers[1]] if t.kind == "name"}


@dataclass
class Query:
    text: str
    tokens: list[Token]
    prologue_end: int  # token index where the query form starts
    prefixes: dict[str, str]  # declared in the text
    main: Select
    groups: list[Group]  # every group, outermost first
    group_of: list[Group | None]  # for each token, the innermost group holding it

    def vars_in(self, group: Group) -> set[str]:
        return {t.var for t in self.tokens[group.open : group.close + 1] if t.kind == "var"}


_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}


def has_aggregates(query: Query, select: Select) -> bool:
    toks = (
        query.tokens[select.projection[0] : select.projection[1]]
        + query.tokens[select.modifiers[0] : select.modifiers[1]]
    )
    return any(t.kind == "name" and t.text.upper() in _AGGREGATES for t in toks)


def parse(text: str) -> Query:
    tokens = tokenize(text)
    prefixes: dict[str, str] = {}
    i = 0
    while i < len(tokens) and tokens[i].is_name("PREFIX", "BASE"):
        if tokens[i].is_name("PREFIX"):
            if i + 2 >= len(tokens) or tokens[i + 1].kind != "pname" or tokens[i + 2].kind != "iri":
                raise SparqlTextError("malformed PREFIX declaration")
            prefixes[tokens[i + 1].text[:-1]] = unescape_iri(tokens[i + 2].text)
            i += 3
        else:
            if i + 1 >= len(tokens) or tokens[i + 1].kind != "iri":
                raise SparqlTextError("malformed BASE declaration")
            i += 2
    if i >= len(tokens) or not tokens[i].is_name("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise SparqlTextError("the query is neither a SELECT nor an ASK query")
    groups: list[Group] = []
    group_of: list[Group | None] = [None] * len(tokens)
    main, end = _select(tokens, i, None, groups, group_of)
    if end != len(tokens):
        raise SparqlTextError(f"unexpected {tokens[end].text!r} after the query")
    return Query(
        text=text, tokens=tokens, prologue_end=i, prefixes=prefixes, main=main, groups=groups, group_of=group_of
    )


def _select(tokens, i, parent, groups, group_of, stop_at_close=False) -> tuple[Select, int]:
    """Parse ``SELECT ... WHERE { ... } modifiers`` from token ``i``; return it and the next index."""
    form = tokens[i].text.upper()
    if form not in ("SELECT", "ASK"):
        raise SparqlTextError(f"{form} queries are not allowed here")
    select = Select(form=form, keyword=i, projection=(i + 1, i + 1))
    j = i + 1
    if form == "SELECT":
        if j < len(tokens) and tokens[j].is_name("DISTINCT", "REDUCED"):
            j += 1
        start = j
        depth = 0
        while j < len(tokens):
            t = tokens[j]
            if depth == 0 and (t.text == "{" or t.is_name("WHERE", "FROM")):
                break
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
            elif t.text == "*" and depth == 0:
                select.star = True
            elif t.kind == "var":
                select.projected.add(t.var)
                if j > 0 and tokens[j - 1].is_name("AS"):
                    select.bound_by_as.add(t.var)
            group_of[j] = parent
            j += 1
        select.projection = (start, j)
    while j < len(tokens) and tokens[j].is_name("FROM"):
        raise SparqlTextError("FROM clauses are not allowed in SHACL-SPARQL queries")
    if j < len(tokens) and tokens[j].is_name("WHERE"):
        j += 1
    if j >= len(tokens) or tokens[j].text != "{":
        raise SparqlTextError("the WHERE clause is missing")
    select.where, j = _group(tokens, j, "group", parent, groups, group_of)
    start = j
    depth = 0
    while j < len(tokens):
        t = tokens[j]
        if stop_at_close and depth == 0 and t.text == "}":
            break
        if t.text in "({":
            depth += 1
        elif t.text in ")}":
            depth -= 1
        group_of[j] = parent
        j += 1
    select.modifiers = (start, j)
    return select, j


_KINDS = {"OPTIONAL": "optional", "MINUS": "minus", "EXISTS": "exists", "LATERAL": "lateral"}


def _group(tokens, i, kind, parent, groups, group_of) -> tuple[Group, int]:
    """Parse the group opening at token ``i``; return it and the index after its "}"."""
    group = Group(kind=kind, open=i, parent=parent)
    groups.append(group)
    if parent is not None:
        parent.children.append(group)
    group_of[i] = group
    j = i + 1
    if j < len(tokens) and tokens[j].is_name("SELECT"):
        group.kind = "subselect"
        group.select, j = _select(tokens, j, group, groups, group_of, stop_at_close=True)
        if j >= len(tokens) or tokens[j].text != "}":
            raise SparqlTextError("unbalanced braces")
        group.close = j
        group_of[j] = group
        return group, j + 1
    while j < len(tokens):
        t = tokens[j]
        if t.text == "}":
            group.close = j
            group_of[j] = group
            return group, j + 1
        if t.text == "{":
            _, j = _group(tokens, j, _kind_before(tokens, j), group, groups, group_of)
            continue
        group_of[j] = group
        j += 1
    raise SparqlTextError("unbalanced braces")


def _kind_before(tokens, j) -> str:
    prev = tokens[j - 1] if j > 0 else None
    if prev is not None and prev.kind == "name" and prev.text.upper() in _KINDS:
        return _KINDS[prev.text.upper()]
    before = tokens[j - 2] if j > 1 else None
    if prev is not None and prev.kind in ("var", "iri", "pname") and before is not None:
        if before.is_name("GRAPH"):
            return "graph"
        if before.is_name("SERVICE", "SILENT"):
            return "service"
        if before.is_name("VALUES"):
            return "values"
    if prev is not None and prev.text == ")":
        k = j - 1
        while k >= 0 and tokens[k].text != "(":
            k -= 1
        if k > 0 and tokens[k - 1].is_name("VALUES"):
            return "values"
    return "group"


def filter_spans(query: Query) -> list[tuple[int, int]]:
    """Token ranges of FILTER and BIND expressions (variables there are not in scope for SELECT *)."""
    spans = []
    toks = query.tokens
    for i, t in enumerate(toks):
        if not t.is_name("FILTER", "BIND"):
            continue
        j = i + 1
        while j < len(toks) and toks[j].text != "(" and toks[j].text != "{":
            j += 1
        if j >= len(toks) or toks[j].text == "{":
            continue
        depth, k = 0, j
        while k < len(toks):
            if toks[k].text == "(":
                depth += 1
            elif toks[k].text == ")":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        if t.is_name("BIND") and k - 2 > j and toks[k - 2].is_name("AS"):
            spans.append((j, k - 2))  # the variable after AS is in scope
        else:
            spans.append((j, k + 1))
    return spans


def in_scope(query: Query, group: Group) -> set[str]:
    """Variables a SELECT * over ``group`` would return (approximately: those not only in expressions,
    EXISTS or MINUS)."""
    hidden = set()
    for a, b in filter_spans(query):
        hidden.update(range(a, b))
    out = set()
    for k in range(group.open, group.close + 1):
        t = query.tokens[k]
        if t.kind != "var" or k in hidden:
            continue
        g = query.group_of[k]
        excluded = False
        while g is not None and g is not group:
            if g.kind in ("exists", "minus"):
                excluded = True
            if g.kind == "subselect" and g.select is not None and not g.select.star:
                excluded = excluded or t.var not in g.select.projected
            g = g.parent
        if not excluded:
            out.add(t.var)
    return out


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def iris(query: Query) -> set[str]:
    """Every IRI the query text names (prefixed names expanded, ``a`` as rdf:type)."""
    out = set()
    for t in query.tokens[query.prologue_end :]:
        if t.kind == "iri":
            out.add(unescape_iri(t.text))
        elif t.kind == "pname":
            prefix, local = t.text.split(":", 1)
            out.add(query.prefixes.get(prefix, "") + local)
        elif t.kind == "name" and t.text == "a":
            out.add(RDF_TYPE)
    return out


_TERMS = {"var", "iri", "pname", "bnode", "string", "number"}
_GROUP_KEYWORDS = {"OPTIONAL", "MINUS", "UNION", "LATERAL", "NOT", "EXISTS"}
_MODIFIERS = {"GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET"}


def has_variable_predicate(query: Query) -> bool:
    """True when some triple pattern may have a variable (or a parenthesised path) as its predicate,
    as in ``?s ?p ?o``: a small state machine over the triples blocks of every group, which answers
    True whenever it is unsure."""
    toks = query.tokens[query.prologue_end :]
    n = len(toks)
    stack: list[list] = []  # ["group"|"bnode", state] or ["expr", open parentheses] or ["modifiers", 0]
    i = 0
    while i < n:
        t = toks[i]
        x = t.text
        up = x.upper() if t.kind == "name" else ""
        frame = stack[-1] if stack else None
        if frame is not None and frame[0] in ("expr", "modifiers"):
            if x == "(" and frame[0] == "modifiers":
                stack.append(["expr", 1])
            elif x == "(":
                frame[1] += 1
            elif x == ")" and frame[0] == "expr":
                frame[1] -= 1
                if frame[1] == 0:
                    stack.pop()
            elif x == "{":
                stack.append(["group", "subject"])
            elif x == "}" and frame[0] == "modifiers":
                stack.pop()
                continue  # the "}" closes the enclosing group: handled below
            i += 1
            continue
        if x == "{":
            stack.append(["group", "subject"])
            i += 1
            continue
        if x == "}":
            if not stack or stack[-1][0] != "group":
                return True
            stack.pop()
            if stack and stack[-1][0] in ("group", "bnode"):
                stack[-1][1] = "subject"
            i += 1
            continue
        if frame is None:  # projection and solution modifiers of the query itself
            i += 1
            continue
        state = frame[1]
        if state == "pathend" and x in ("[", "("):
            state = frame[1] = "object"  # the path is complete: a blank node or a collection is its object
        if up in ("FILTER", "BIND"):
            frame[1] = "subject"
            j = i + 1
            while j < n and toks[j].text not in ("(", "{"):
                j += 1
            if j < n and toks[j].text == "(":
                stack.append(["expr", 1])
                j += 1
            i = j
            continue
        if up == "SELECT":  # a sub-SELECT: skip its projection
            depth, j = 0, i + 1
            while j < n and not (depth == 0 and toks[j].text == "{"):
                depth += {"(": 1, ")": -1}.get(toks[j].text, 0)
                j += 1
            i = j
            continue
        if up in _MODIFIERS:
            stack.append(["modifiers", 0])
            i += 1
            continue
        if up in _GROUP_KEYWORDS:
            frame[1] = "subject"
            i += 1
            continue
        if up in ("GRAPH", "SERVICE"):
            frame[1] = "subject"
            i += 1
            while i < n and toks[i].text != "{":
                i += 1
            continue
        if up == "VALUES":  # inline data: terms only, skipped to the end of its block
            frame[1] = "subject"
            j = i + 1
            while j < n and toks[j].text != "{":
                j += 1
            depth = 0
            while j < n:
                depth += {"{": 1, "}": -1}.get(toks[j].text, 0)
                if depth == 0:
                    break
                j += 1
            i = j + 1
            continue
        if x == "[":
            if state == "subject":
                frame[1] = "verb"
            elif state == "object":
                frame[1] = "after"
            else:
                return True
            stack.append(["bnode", "verb"])
            i += 1
            continue
        if x == "]":
            if frame[0] != "bnode":
                return True
            stack.pop()
            i += 1
            continue
        if x == "(" and state in ("verb", "path"):  # a parenthesised path: IRIs and path operators only
            j = _closing_parenthesis(toks, i)
            if j is None or not all(_is_path_token(u) for u in toks[i + 1 : j]):
                return True  # a negated property set (any other predicate), or something unexpected
            frame[1] = "pathend"
            i = j + 1
            continue
        if x == "(":
            if state not in ("subject", "object"):
                return True  # something unexpected
            depth, j = 0, i
            while j < n:
                depth += {"(": 1, ")": -1}.get(toks[j].text, 0)
                if depth == 0:
                    break
                j += 1
            frame[1] = "verb" if state == "subject" else "after"
            i = j + 1
            continue
        if state == "subject":
            if t.kind in _TERMS or up in ("TRUE", "FALSE"):
                frame[1] = "verb"
            elif x not in ("+", "-", "."):
                return True
        elif state == "verb":
            if t.kind in ("iri", "pname") or x == "a":
                frame[1] = "pathend"
            elif x == "^":
                frame[1] = "path"
            elif x != ";":
                return True  # a variable predicate, a negated property set (!), or something unexpected
        elif state == "path":
            if t.kind in ("iri", "pname") or x == "a":
                frame[1] = "pathend"
            elif x != "^":
                return True
        elif state == "pathend":
            if x in ("/", "|"):
                frame[1] = "path"
            elif x not in ("*", "+", "?"):
                frame[1] = "object"
                continue  # this token is the object
        elif state == "object":
            if t.kind in _TERMS or up in ("TRUE", "FALSE"):
                frame[1] = "after"
            elif x not in ("+", "-"):
                return True
        elif state == "after":
            if x == ",":
                frame[1] = "object"
            elif x == ";":
                frame[1] = "verb"
            elif x == ".":
                frame[1] = "subject"
            elif not (t.kind == "lang" or x == "^^" or toks[i - 1].text == "^^"):
                frame[1] = "subject"
                continue  # a new triples block (after a group or a filter)
        i += 1
    return False


def _closing_parenthesis(toks: list[Token], i: int) -> int | None:
    """The index of the ")" matching the "(" at ``i``, or None."""
    depth = 0
    for j in range(i, len(toks)):
        depth += {"(": 1, ")": -1}.get(toks[j].text, 0)
        if depth == 0:
            return j
    return None


def _is_path_token(t: Token) -> bool:
    """A token of a property path that names its predicates: an IRI, ``a``, or ( ) | / ^ * + ?."""
    return t.kind in ("iri", "pname") or t.text == "a" or (t.kind == "punct" and t.text in "()|/^*+?")


__all__ = ["Group", "Query", "Select", "SparqlTextError", "Token", "parse", "tokenize"]
