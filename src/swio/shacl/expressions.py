"""SPARQL boolean expressions for the SHACL Core constraints that test one value node at a time.

:func:`conforms` returns an expression that is true exactly when the value node bound to a
variable satisfies the constraint (SHACL 4.1–4.6 and the shape-based components, whose
referenced shapes were evaluated beforehand into sets of non-conforming nodes). Expressions run
on the *written* view of the data, where every literal is as written in the input, so the
lexical form, the datatype IRI and term identity are exact; value comparisons go through
:func:`swio.input.terms.sparql_value`.
"""

from __future__ import annotations

from typing import Protocol

from rdflib import Literal
from rdflib.namespace import RDF, SH

from ..input.terms import WRITTEN_NS, sparql_value
from ..input.xsd import NUMERIC_TYPES
from .model import Constraint, Shape

#: Parameters tested per value node (constraints on value nodes one at a time).
VALUE_PARAMETERS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.languageIn,
    SH["in"],
    SH.node,
    SH["not"],
    SH["and"],
    SH["or"],
    SH.xone,
}
#: Parameters whose values are shapes evaluated beforehand.
SHAPE_VALUE_PARAMETERS = {SH.node, SH["not"], SH["and"], SH["or"], SH.xone}

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
}
_RANGE_OPS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_INLINE_LIMIT = 64  # longer lists of constants go into a temporary set


class Env(Protocol):
    """What the expressions need from a validation run."""

    def member_test(self, terms: list, var: str) -> str:
        """An expression true when ``var`` is one of ``terms`` (shapes-graph terms, written view)."""

    def class_test(self, cls, var: str) -> str:
        """An expression true when ``var`` is a SHACL instance of ``cls`` in the data graph."""

    def ill_typed(self, datatype) -> list:
        """The ill-typed literals of ``datatype`` (as written) in the data and the shapes."""

    def failing(self, shape: Shape):
        """The temporary set of value nodes that do not conform to ``shape``."""


def sparql_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def literal_text(term: Literal) -> str:
    """An rdflib literal as SPARQL syntax, lexical form as written."""
    if term.language:
        return f"{sparql_string(str(term))}@{term.language}"
    if term.datatype is not None:
        return f"{sparql_string(str(term))}^^<{term.datatype}>"
    return sparql_string(str(term))


def conforms(c: Constraint, v: str, env: Env, has_surrogates: bool) -> str:
    """True when the value node ``v`` satisfies ``c`` (never an error: errors count as failures
    where the caller wraps the expression in COALESCE)."""
    p = c.parameter
    if p == SH["class"]:
        return env.class_test(c.value, v)
    if p == SH.datatype:
        return datatype_test(c.value, v, env, has_surrogates)
    if p == SH.nodeKind:
        return _NODE_KINDS[c.value].format(v=v)
    if p == SH["in"]:
        return env.member_test(list(c.value), v)
    if p in _RANGE_OPS:
        value = sparql_value(v) if has_surrogates else v
        # a number compares only with numbers (SPARQL: any other value is a type error, so a failure);
        # said explicitly because Virtuoso compares "many" with 0 instead of failing
        numeric = f"isNumeric({value}) && " if _is_number(c.value) else ""
        return f"COALESCE(isLiteral({v}) && {numeric}{value} {_RANGE_OPS[p]} {literal_text(c.value)}, false)"
    if p == SH.minLength:
        return f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(c.value)})"
    if p == SH.maxLength:
        return f"(!isBlank({v}) && STRLEN(STR({v})) <= {int(c.value)})"
    if p == SH.pattern:
        flags = f", {sparql_string(c.flags)}" if c.flags else ""
        return f"COALESCE(!isBlank({v}) && REGEX(STR({v}), {sparql_string(str(c.value))}{flags}), false)"
    if p == SH.languageIn:
        # a value without a language tag fails, whatever the ranges (langMatches("", "") is true in SPARQL)
        tests = [f"langMatches(lang({v}), {sparql_string(str(r))})" for r in c.value]
        return f'(isLiteral({v}) && lang({v}) != "" && ({" || ".join(tests) or "false"}))'
    if p == SH.node:
        return f"!{env.failing(c.value).contains(v)}"
    if p == SH["not"]:
        return env.failing(c.value).contains(v)
    if p in (SH["and"], SH["or"], SH.xone):
        members = [f"!{env.failing(m).contains(v)}" for m in c.value]
        if p == SH["and"]:
            return "(" + " && ".join(members) + ")" if members else "true"
        if p == SH["or"]:
            return "(" + " || ".join(members) + ")" if members else "false"
        return "((" + " + ".join(f"IF({m}, 1, 0)" for m in members) + ") = 1)" if members else "false"
    raise ValueError(f"{c.component} is not a value-node constraint")


def _is_number(term) -> bool:
    return isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in NUMERIC_TYPES


def datatype_test(datatype, v: str, env: Env, has_surrogates: bool) -> str:
    """A literal whose datatype IRI (as written) is ``datatype`` and whose lexical form is valid for it."""
    if datatype == RDF.langString:
        return f'(isLiteral({v}) && lang({v}) != "")'
    if has_surrogates:  # the literal as written, or its surrogate (cheaper than sparql_datatype's string work)
        test = f"(isLiteral({v}) && DATATYPE({v}) IN (<{datatype}>, <{WRITTEN_NS}{datatype}>)"
    else:
        test = f"(isLiteral({v}) && DATATYPE({v}) = <{datatype}>"
    bad = env.ill_typed(datatype)
    if bad:
        test += f" && !({env.member_test(bad, v)})"
    return test + ")"
