"""Break a copy of the shipped graph by editing its Turtle text (not its triples).

Issue 9, item 8: mutants of our own files on which swio disagreed with every other engine were
typed-literal rewrites the store canonicalises away. So the mutations here are edits of the text a
user could make — a count written ``"5"^^xsd:int``, a lexical form with leading zeros, a boolean as
``1``, a date with an impossible day (ill-typed), a dropped ``dcterms:source`` line, an untagged
label — each applied to one line, chosen with a seeded random generator, every kind as often as
the others. (A space before ``^^``, valid Turtle, is left out: rdflib, pySHACL's parser, refuses it.)
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

_END = r"(?=\s*[;,]|\s+\.)"  # the object ends here (not inside a decimal)
_INTEGER = re.compile(r"(swio:(?:value|memberCount|ordinal|holderCount|termNumber) )(\d+)" + _END)
_DECIMAL = re.compile(r"(swio:value )(\d+\.\d+)" + _END)
_BOOLEAN = re.compile(r"(swio:\w+ )(true|false)" + _END)
_DATE = re.compile(r'"(\d{4})-(\d{2})-(\d{2})"\^\^xsd:date')
_GYEAR = re.compile(r'"(\d{4})"\^\^xsd:gYear\b')
_SOURCE_LINE = re.compile(r"^\s+dcterms:source [^;\"]+;\s*$")
_XSD_PREFIX = re.compile(r"^\s*@prefix\s+xsd:", re.M)
XSD = "http://www.w3.org/2001/XMLSchema#"
_EN_LABEL = re.compile(r'(rdfs:label "[^"\\]*"@zh , )"([^"\\]*)"@en')


def _integer_as(datatype: str) -> Callable[[str], str | None]:
    return lambda line: _sub(_INTEGER, line, lambda m: f'{m[1]}"{m[2]}"^^xsd:{datatype}')


def _sub(pattern: re.Pattern, line: str, replace) -> str | None:
    new = pattern.sub(replace, line, count=1)
    return new if new != line else None


#: kind -> a function of one line giving the mutated line (None: the kind does not apply there).
KINDS: dict[str, Callable[[str], str | None]] = {
    "integer-as-int": _integer_as("int"),
    "integer-as-long": _integer_as("long"),
    "integer-as-nonNegativeInteger": _integer_as("nonNegativeInteger"),
    "integer-as-positiveInteger": _integer_as("positiveInteger"),
    "integer-leading-zeros": lambda line: _sub(_INTEGER, line, lambda m: f'{m[1]}"00{m[2]}"^^xsd:integer'),
    "decimal-as-double": lambda line: _sub(_DECIMAL, line, lambda m: f'{m[1]}"{m[2]}"^^xsd:double'),
    "decimal-trailing-zeros": lambda line: _sub(_DECIMAL, line, lambda m: f"{m[1]}{m[2]}00"),
    "boolean-as-digit": lambda line: _sub(
        _BOOLEAN, line, lambda m: f'{m[1]}"{1 if m[2] == "true" else 0}"^^xsd:boolean'
    ),
    "date-ill-typed": lambda line: _sub(_DATE, line, lambda m: f'"{m[1]}-02-30"^^xsd:date'),
    "gyear-as-integer": lambda line: _sub(_GYEAR, line, lambda m: m[1]),
    "source-dropped": lambda line: "" if _SOURCE_LINE.match(line) else None,
    "label-untagged": lambda line: _sub(_EN_LABEL, line, lambda m: f'{m[1]}"{m[2]}"'),
}


@dataclass(frozen=True)
class Mutation:
    file: str
    line: int
    kind: str
    before: str
    after: str


def mutate(files: Iterable[Path], out: Path, *, seed: int, per_kind: int) -> list[Mutation]:
    """Copy ``files`` into ``out`` with up to ``per_kind`` mutations of every kind (one per line)."""
    texts = {Path(f).name: Path(f).read_text(encoding="utf-8").splitlines(keepends=True) for f in files}
    rng = random.Random(seed)
    candidates: dict[str, list[tuple[str, int, str]]] = {}
    for kind, change in KINDS.items():
        sites = [
            (name, i, after)
            for name, lines in sorted(texts.items())
            for i, line in enumerate(lines)
            if (after := change(line)) is not None
        ]
        rng.shuffle(sites)
        candidates[kind] = sites
    used: set[tuple[str, int]] = set()
    chosen: list[Mutation] = []
    for _round in range(per_kind):
        for kind, sites in candidates.items():
            while sites:
                name, i, after = sites.pop()
                if (name, i) not in used:
                    used.add((name, i))
                    chosen.append(Mutation(name, i + 1, kind, texts[name][i], after))
                    break
    lines = {name: list(text) for name, text in texts.items()}
    for m in chosen:
        lines[m.file][m.line - 1] = m.after
    out.mkdir(parents=True, exist_ok=True)
    for name, text in lines.items():
        body = "".join(text)
        if "xsd:" in body and not _XSD_PREFIX.search(body):  # a mutation brought the first xsd: term
            body = f"@prefix xsd: <{XSD}> .\n" + body
        (out / name).write_text(body, encoding="utf-8")
    return chosen
