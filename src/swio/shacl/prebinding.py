"""SHACL-SPARQL queries: the spec's syntax rules, and pre-binding for all focus nodes in one query.

SHACL evaluates a SPARQL-based constraint once per focus node with ``$this`` *pre-bound*: the
value is fixed everywhere in the query — in nested groups, UNION branches, OPTIONAL, FILTER,
EXISTS and sub-SELECTs (SHACL 5.3.1), and the same for ``$value`` in ASK validators, the
parameters of constraint components, ``$currentShape`` and ``$shapesGraph``.

:func:`prepare` checks the rules the spec imposes on such queries (no MINUS, VALUES or SERVICE,
no ``AS ?x`` for a pre-bound variable, every sub-SELECT returns the pre-bound variables,
declared prefixes only) and :meth:`Prepared.select` writes one query that evaluates the
constraint for *all* focus nodes at once, exactly as if run once per focus node:

- ``join``: when every mention of a pre-bound variable sits directly in the top-level group
  (or in an EXISTS/NOT EXISTS there, which Oxigraph evaluates per solution with the outer
  bindings substituted), the focus pattern is simply joined in front of that group.
- ``lateral``: otherwise the group is evaluated with ``LATERAL`` (Oxigraph's SEP-0006): once per
  focus node with the bindings substituted into every nested group, which is the definition
  of pre-binding.
- ``per-focus``: a top-level aggregate without GROUP BY, or LIMIT/OFFSET, would mix the focus
  nodes; such queries run once per focus node (the same text with a one-node focus pattern).

ASK validators become ``FILTER NOT EXISTS { ... }`` over the (focus, value) pairs: the pairs
for which the ASK query is false.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from .sparql_text import Query, SparqlTextError, has_aggregates, in_scope, parse, tokenize

#: Pre-bound variables a sub-SELECT need not return (SHACL 5.3.1).
_OPTIONAL_IN_SUBSELECTS = {"currentShape", "shapesGraph"}


@dataclass
class Prepared:
    query: Query
    form: str  # SELECT or ASK
    mode: str  # join, lateral or per-focus
    mentions: set[str]  # variables the query mentions anywhere

    def anchors(self) -> set[str]:
        """Predicate IRIs P for which the top-level group starts a triples block with ``$this P ...``
        before any BIND (join mode only): every solution then binds $this to a subject of P, so a
        focus pattern "subjects of P" adds nothing and can be left out."""
        q = self.query
        if self.mode != "join":
            return set()
        top, toks, out = q.main.where, q.tokens, set()
        for i in range(top.open + 1, top.close - 2):
            t = toks[i]
            if t.is_name("BIND") and q.group_of[i] is top:
                break
            if t.var != "this" or q.group_of[i] is not top or toks[i - 1].text not in ("{", ".", "}", ")"):
                continue
            pred, after = toks[i + 1], toks[i + 2]
            if q.group_of[i + 1] is not top or after.text in ("/", "|", "*", "+", "?", "^"):
                continue
            if pred.kind == "iri":
                out.add(pred.text[1:-1])
            elif pred.kind == "pname":
                prefix, local = pred.text.split(":", 1)
                if prefix in q.prefixes and "\\" not in local:
                    out.add(q.prefixes[prefix] + local)
        return out

    def _where_content(self) -> str:
        q = self.query
        where = q.main.where
        return q.text[q.tokens[where.open].end : q.tokens[where.close].start]

    def _head(self) -> str:
        q = self.query
        return q.text[: q.tokens[q.prologue_end].start]

    def select(self, focus: str, *, per_focus: bool = False) -> str:
        """The query for the focus nodes of ``focus`` (a group pattern binding ?this and the other
        pre-bound variables). With ``per_focus`` (mode per-focus), ``focus`` must hold one node
        and the query keeps its own modifiers."""
        q, main = self.query, self.query.main
        if self.form == "ASK":
            return (
                f"{self._head()}SELECT DISTINCT ?this ?value WHERE {{ {focus}\n"
                f"FILTER NOT EXISTS {{ {self._where_content()} }} }}"
            )
        tokens = q.tokens
        keyword = tokens[main.keyword]
        projection = (
            q.text[tokens[main.projection[0]].start : tokens[main.projection[1] - 1].end]
            if main.projection[1] > main.projection[0]
            else ""
        )
        has_modifier = main.projection[0] > main.keyword + 1  # DISTINCT or REDUCED
        distinct = q.text[keyword.end : tokens[main.projection[0]].start] if has_modifier else " "
        modifiers = q.text[tokens[main.modifiers[0]].start :] if main.modifiers[1] > main.modifiers[0] else ""
        if not per_focus:
            if not main.star and "this" not in main.projected:
                projection = "?this " + projection
            grouped_by_this = any(tokens[i].kind == "var" and tokens[i].var == "this" for i in range(*main.modifiers))
            if (
                "GROUP" in main.modifier_names(tokens) and not grouped_by_this
            ):  # (Virtuoso groups ?this and $this apart)
                k = next(i for i in range(*main.modifiers) if tokens[i].is_name("BY"))
                cut = tokens[k].end - tokens[main.modifiers[0]].start
                modifiers = modifiers[:cut] + " ?this " + modifiers[cut:]
        body = self._where_content()
        if self.mode == "lateral" or (per_focus and self.mode != "join"):
            body = f"LATERAL {{ {body} }}"
        return f"{self._head()}SELECT{distinct}{projection} WHERE {{ {focus}\n{body} }}\n{modifiers}"


def prepare(
    text: str, prefixes: dict[str, str], *, form: str, prebound: set[str], path: str | None, where: str
) -> Prepared:
    """Check a SHACL-SPARQL query and get it ready for pre-binding.

    ``prebound``: the variables SHACL pre-binds for this query (this, currentShape, shapesGraph,
    the component's parameters; value for ASK validators). ``path``: the SPARQL path that replaces
    ``$PATH`` (property shapes), else ``None``. Problems raise :class:`InputError` naming ``where``."""
    try:
        tokens = tokenize(text)
    except SparqlTextError as err:
        raise InputError(f"{where}: {err}") from None
    if any(t.var == "PATH" for t in tokens):
        if path is None:
            raise InputError(f"{where}: $PATH is only allowed in SPARQL queries of property shapes")
        out, last = [], 0
        for t in tokens:
            if t.var == "PATH":
                out.append(text[last : t.start])
                out.append(f" {path} ")
                last = t.end
        text = "".join(out) + text[last:]
    declared = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))
    try:
        query = parse(declared + text)
    except SparqlTextError as err:
        raise InputError(f"{where}: {err}") from None
    if query.main.form != form:
        raise InputError(f"{where}: expected a {form} query, found {query.main.form}")
    _check_rules(query, prebound, where)
    mentions = {t.var for t in query.tokens if t.kind == "var"}
    return Prepared(query=query, form=form, mode=_mode(query, prebound), mentions=mentions)


def _check_rules(query: Query, prebound: set[str], where: str) -> None:
    tokens = query.tokens
    for i, t in enumerate(tokens):
        if t.is_name("MINUS", "SERVICE", "VALUES"):
            raise InputError(
                f"{where}: {t.text.upper()} is not allowed in SHACL-SPARQL queries (SHACL 5.3.1: pre-bound variables)"
            )
        if t.kind == "var" and t.var in prebound and i > 0 and tokens[i - 1].is_name("AS"):
            raise InputError(f"{where}: the pre-bound variable ${t.var} must not be assigned with AS")
        if t.kind == "pname":
            prefix = t.text.split(":", 1)[0]
            if prefix not in query.prefixes:
                raise InputError(
                    f"{where}: the prefix {prefix}: is not declared "
                    "(declare it with sh:prefixes / sh:declare or PREFIX)"
                )
    required = prebound - _OPTIONAL_IN_SUBSELECTS
    for group in query.groups:
        if group.kind != "subselect":
            continue
        sub = group.select
        returned = in_scope(query, sub.where) if sub.star else sub.projected
        missing = sorted(required - returned)
        if missing:
            raise InputError(
                f"{where}: a sub-SELECT must return the pre-bound variable(s) "
                + ", ".join(f"${v}" for v in missing)
                + " (SHACL 5.3.1)"
            )


def _mode(query: Query, prebound: set[str]) -> str:
    main = query.main
    names = main.modifier_names(query.tokens) if main.form == "SELECT" else set()
    if main.form == "SELECT" and (
        "LIMIT" in names or "OFFSET" in names or (has_aggregates(query, main) and "GROUP" not in names)
    ):
        return "per-focus"
    top = main.where
    for i, t in enumerate(query.tokens):
        if t.kind != "var" or t.var not in prebound:
            continue
        group = query.group_of[i]
        if group is None or group is top:
            continue
        outermost_exists = None
        g = group
        while g is not None and g is not top:
            if g.kind == "exists":
                outermost_exists = g
            g = g.parent
        if g is None or outermost_exists is None or outermost_exists.parent is not top:
            return "lateral"
    return "join"
