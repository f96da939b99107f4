"""Help for people writing their own SPARQL: undeclared prefixes, ``swio:`` terms the ontology does
not have, and which FILTER leaves an answer empty.

Read with :mod:`swio.sparql_lexer` (tolerant mode: any text), so a ``swio:`` inside a string, an IRI
or a comment is never taken for a prefixed name.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import resources
from ..errors import SwioError
from ..namespaces import ALL_PREFIXES, SWIO
from ..sparql_lexer import Token, iter_tokens, unescape_iri

_TURTLE_PREFIX = re.compile(r"^@prefix\s+(\w*):\s*<([^>]*)>", re.M)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


@lru_cache(maxsize=1)
def vocabularies() -> dict[str, str]:
    """The vocabularies SWIO's ontology uses, prefix -> namespace, as its Turtle declares them."""
    text = resources.ONTOLOGY_FILE.read_text(encoding="utf-8")
    return dict(_TURTLE_PREFIX.findall(text))


def known_prefixes() -> dict[str, str]:
    """Every prefix SWIO names (the vocabularies, then the namespaces of the data's IRIs)."""
    return {**vocabularies(), **{p: ns for p, ns in ALL_PREFIXES.items() if p not in vocabularies()}}


def prefix_lines(prefixes: dict[str, str] | None = None) -> list[str]:
    prefixes = prefixes if prefixes is not None else vocabularies()
    width = max((len(p) for p in prefixes), default=0) + 1
    return [f"PREFIX {(p + ':').ljust(width)} <{ns}>" for p, ns in prefixes.items()]


@dataclass
class PrefixedName:
    prefix: str
    local: str
    line: int

    def __str__(self) -> str:
        return f"{self.prefix}:{self.local}"


def _declarations(tokens: list[Token]) -> tuple[dict[str, str], set[int]]:
    """The PREFIX declarations (prefix -> namespace) and the indexes of the tokens they take."""
    declared, used = {}, set()
    for i, token in enumerate(tokens):
        if token.is_name("PREFIX") and i + 2 < len(tokens):
            name, iri = tokens[i + 1], tokens[i + 2]
            if name.kind == "pname" and name.text.endswith(":") and iri.kind == "iri":
                declared[name.text[:-1]] = unescape_iri(iri.text)
                used.update((i + 1, i + 2))
    return declared, used


def declared_prefixes(text: str) -> dict[str, str]:
    return _declarations(list(iter_tokens(text)))[0]


def prefixed_names(text: str) -> list[PrefixedName]:
    """The prefixed names the query uses (outside its PREFIX declarations, strings, IRIs and comments)."""
    tokens = list(iter_tokens(text))
    _, declaration = _declarations(tokens)
    found = []
    for i, token in enumerate(tokens):
        if token.kind == "pname" and i not in declaration:
            prefix, _, local = token.text.partition(":")
            found.append(PrefixedName(prefix, local, _line(text, token.start)))
    return found


def undeclared_prefix_problem(text: str, name: str) -> str | None:
    """One line naming the first prefix the query uses without declaring it, with the PREFIX line to add
    (None: every prefix is declared)."""
    declared = declared_prefixes(text)
    for used in prefixed_names(text):
        if used.prefix in declared:
            continue
        known = known_prefixes()
        shown = f"{used.prefix}:" if used.prefix else "the default prefix ':'"
        if used.prefix in known:
            fix = f"add PREFIX {used.prefix}: <{known[used.prefix]}>"
        else:
            close = difflib.get_close_matches(used.prefix, list(known), n=1)
            fix = f"declare it with PREFIX (did you mean {close[0]}:?)" if close else "declare it with PREFIX"
        return f"{name}: line {used.line}: {used} uses the prefix {shown}, which the query does not declare; {fix}"
    return None


@lru_cache(maxsize=1)
def ontology_terms() -> frozenset[str]:
    """The local names of every term the SWIO ontology (and its vocabularies file) defines."""
    import pyoxigraph as ox

    names = set()
    for path in resources.SCHEMA_FILES:
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject = triple.subject
            if isinstance(subject, ox.NamedNode) and subject.value.startswith(SWIO):
                names.add(subject.value[len(SWIO) :])
    return frozenset(names)


def nearest_terms(local: str, n: int = 1) -> list[str]:
    terms = ontology_terms()
    lower = {t.lower(): t for t in terms}
    return [lower[t] for t in difflib.get_close_matches(local.lower(), list(lower), n=n, cutoff=0.6)]


def unknown_terms(text: str) -> list[str]:
    """A warning for each ``swio:`` term (by whatever prefix the query gives the SWIO namespace) the
    ontology does not define, with the nearest term it does."""
    swio_prefixes = {p for p, ns in declared_prefixes(text).items() if ns == SWIO}
    warnings, seen = [], set()
    for used in prefixed_names(text):
        if used.prefix not in swio_prefixes or not used.local or used.local in ontology_terms():
            continue
        if str(used) in seen:
            continue
        seen.add(str(used))
        close = nearest_terms(used.local)
        hint = f"; did you mean {used.prefix}:{close[0]}?" if close else ""
        warnings.append(f"line {used.line}: {used} is not a term of the SWIO ontology{hint}")
    return warnings


# -- which FILTER leaves the answer empty ------------------------------------------------------------
@dataclass
class Filter:
    start: int
    end: int
    line: int
    text: str


def filters(text: str) -> list[Filter]:
    """Every ``FILTER (…)``, ``FILTER func(…)`` and ``FILTER [NOT] EXISTS {…}`` of the query, with where it is."""
    tokens = list(iter_tokens(text))
    out = []
    for i, token in enumerate(tokens):
        if not token.is_name("FILTER"):
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].kind in ("name", "pname", "iri"):  # regex(…), NOT EXISTS {…}
            j += 1
        if j >= len(tokens) or tokens[j].text not in ("(", "{"):
            continue
        opening = tokens[j].text
        closing = ")" if opening == "(" else "}"
        depth = 0
        for k in range(j, len(tokens)):
            if tokens[k].kind != "punct":
                continue
            if tokens[k].text == opening:
                depth += 1
            elif tokens[k].text == closing:
                depth -= 1
                if depth == 0:
                    end = tokens[k].end
                    snippet = " ".join(text[token.start : end].split())
                    out.append(Filter(token.start, end, _line(text, token.start), snippet))
                    break
    return out


def without(text: str, f: Filter) -> str:
    """The query with one FILTER removed (blanked, so line numbers stay)."""
    return text[: f.start] + re.sub(r"[^\n]", " ", text[f.start : f.end]) + text[f.end :]


def empty_because(text: str, count_rows, *, limit: int = 8) -> list[tuple[Filter, int]]:
    """The FILTERs without which the query has rows: ``count_rows(sparql)`` answers the query (a query
    error counts as no rows); at most ``limit`` FILTERs are tried."""
    found = []
    for f in filters(text)[:limit]:
        try:
            n = count_rows(without(text, f))
        except SwioError:  # a FILTER whose removal breaks the query says nothing
            continue
        if n:
            found.append((f, n))
    return found
