"""Copies of the shipped data with one value changed so that it contradicts its own sentence.

Each mutation edits the Turtle text of one node's block (the lines from the node's subject line to the line ending
its description): a date one day (month, year) off, a count one off, an amount a factor of ten off, a bound flipped.
Found from the data with rdflib, independently of the checker under test.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, TIME, XSD

from swio import resources

SWIO = rdflib.Namespace("https://w3id.org/swio/def#")
BOUND = "https://w3id.org/swio/id/bound/"
FLIPPED = {"zhishao": "zhiduo", "zhiduo": "zhishao", "jingque": "zhishao", "dayue": "jingque"}
DATE_PROPERTIES = {DCTERMS.date: "dcterms:date", SWIO.asOf: "swio:asOf", SWIO.year: "swio:year"}
COUNT_PROPERTIES = {SWIO.memberCount: "swio:memberCount", SWIO.holderCount: "swio:holderCount"}


@dataclass(frozen=True)
class ValueMutation:
    file: str  # the data file's name
    node: str  # the IRI of the node whose block is edited
    reported: str  # the IRI of the node the check must name (a period for an instant's year)
    old: str  # the Turtle text replaced in the block
    new: str
    kind: str

    @property
    def id(self) -> str:
        return f"{self.reported.rsplit('/', 1)[-1]}:{self.kind}:{self.new}"

    def write(self, folder: Path) -> Path:
        """A copy of the shipped data in ``folder`` with this one change."""
        folder.mkdir(parents=True, exist_ok=True)
        for path in resources.shipped_data_files():
            shutil.copy(path, folder / path.name)
        target = folder / self.file
        text = target.read_text(encoding="utf-8")
        start, end = node_block(text, self.node)
        block = text[start:end]
        assert block.count(self.old) == 1, (self.node, self.old)
        target.write_text(text[:start] + block.replace(self.old, self.new) + text[end:], encoding="utf-8")
        return folder


def node_block(text: str, iri: str) -> tuple[int, int]:
    """Where the description of the node named ``prefix:local`` (or ``<iri>``) begins and ends in a Turtle text."""
    prefixes = dict(re.findall(r"^@prefix\s+([\w-]*):\s*<([^>]*)>\s*\.", text, re.M))
    names = [f"<{iri}>"] + [f"{p}:{iri[len(ns) :]}" for p, ns in prefixes.items() if iri.startswith(ns)]
    for name in names:
        m = re.search(rf"^{re.escape(name)}\s", text, re.M)
        if m:
            end = re.compile(r"\s\.\s*$", re.M).search(text, m.start())
            return m.start(), end.end()
    raise AssertionError(f"no block for {iri}")


def _turtle_decimal(value: Decimal) -> str:
    text = format(value, "f")
    return text if "." in text else text + ".0"


def _date_mutations(literal: Literal) -> list[str]:
    value = str(literal)
    if literal.datatype == XSD.date:
        day = dt.date.fromisoformat(value)
        return [f'"{d.isoformat()}"^^xsd:date' for d in (day + dt.timedelta(days=1), day - dt.timedelta(days=1))]
    if literal.datatype == XSD.gYearMonth:
        year, month = map(int, value.split("-"))
        later = (year + (month == 12), month % 12 + 1)
        earlier = (year - (month == 1), (month - 2) % 12 + 1)
        return [f'"{y:04d}-{m:02d}"^^xsd:gYearMonth' for y, m in (later, earlier)]
    year = int(value)
    return [f'"{y}"^^xsd:gYear' for y in (year + 1, year - 1)]


def plan(graph: rdflib.Graph | None = None) -> list[ValueMutation]:
    """Every typed date, year, count, amount and bound of a node with an excerpt, each changed in each way."""
    if graph is None:
        graph = rdflib.Graph()
        for path in resources.shipped_data_files():
            graph.parse(path, format="turtle")
    files = {}
    for path in resources.shipped_data_files():
        for s in rdflib.Graph().parse(path, format="turtle").subjects(RDF.type, None):
            files.setdefault(str(s), path.name)
    out: list[ValueMutation] = []
    for node in sorted(set(graph.subjects(SWIO.sourceText, None)), key=str):
        iri, file = str(node), files.get(str(node))
        if file is None:
            continue
        for prop, name in DATE_PROPERTIES.items():
            if prop == DCTERMS.date and graph.value(node, SWIO.dateDerivedFrom) is not None:
                continue  # the editors' computation: not in the sentence
            for literal in graph.objects(node, prop):
                old = f'{name} "{literal}"^^xsd:{literal.datatype.rsplit("#", 1)[1]}'
                for new in _date_mutations(literal):
                    out.append(ValueMutation(file, iri, iri, old, f"{name} {new}", "date"))
        for edge in (TIME.hasBeginning, TIME.hasEnd):
            for instant in graph.objects(node, edge):
                for literal in graph.objects(instant, TIME.inXSDgYear):
                    old = f'time:inXSDgYear "{literal}"^^xsd:gYear'
                    for new in _date_mutations(literal):
                        out.append(
                            ValueMutation(files[str(instant)], str(instant), iri, old, f"time:inXSDgYear {new}", "year")
                        )
        for prop, name in COUNT_PROPERTIES.items():
            for literal in graph.objects(node, prop):
                n = int(literal)
                for new in (n + 1, n - 1):
                    out.append(ValueMutation(file, iri, iri, f"{name} {n}", f"{name} {new}", "count"))
        for literal in graph.objects(node, SWIO.termNumber):
            n = int(literal)
            for new in (n + 1, n - 1):
                out.append(ValueMutation(file, iri, iri, f"swio:termNumber {n}", f"swio:termNumber {new}", "count"))
        value = graph.value(node, SWIO.value)
        if value is not None:
            written = re.search(r"swio:value (\S+) ;", _block(files, iri))
            old = f"swio:value {written.group(1)}"
            if (node, RDF.type, SWIO.MonetaryAmount) in graph:
                amount = Decimal(str(value))
                for new in (amount * 10, amount / 10):
                    out.append(ValueMutation(file, iri, iri, old, f"swio:value {_turtle_decimal(new)}", "amount"))
            elif value.datatype == XSD.integer:
                for new in (int(value) + 1, int(value) - 1):
                    out.append(ValueMutation(file, iri, iri, old, f"swio:value {new}", "count"))
            else:
                for new in (Decimal(str(value)) + 1, Decimal(str(value)) - 1):
                    out.append(ValueMutation(file, iri, iri, old, f"swio:value {_turtle_decimal(new)}", "count"))
            bound = graph.value(node, SWIO.bound)
            if isinstance(bound, URIRef):
                slug = str(bound)[len(BOUND) :]
                out.append(
                    ValueMutation(
                        file, iri, iri, f"swio:bound bound:{slug}", f"swio:bound bound:{FLIPPED[slug]}", "bound"
                    )
                )
    return out


def _block(files: dict, iri: str) -> str:
    text = (resources.DATA_DIR / files[iri]).read_text(encoding="utf-8")
    start, end = node_block(text, iri)
    return text[start:end]
