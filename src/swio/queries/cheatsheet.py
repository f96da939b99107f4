"""The SPARQL cheat-sheet: prefixes, classes and properties with examples, drawn from the ontology and
the data, so it cannot drift from them.

One source for two renderings: :func:`markdown` writes ``docs/sparql-cheatsheet.md`` (the tests
check the file is what this module makes: regenerate it with
``python -m swio.queries.cheatsheet docs/sparql-cheatsheet.md``) and the site's
``sparql-cheatsheet.{en,zh}.html`` page is made from :func:`sheet` in the page's language.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, field
from typing import Any

from ..namespaces import ALL_PREFIXES
from .sparql_help import vocabularies

OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
ID_BASE = "https://w3id.org/swio/id/"


@dataclass
class Term:
    curie: str
    iri: str
    kind: str  # "class" | "object" | "datatype"
    labels: dict[str, str] = field(default_factory=dict)
    parents: list[str] = field(default_factory=list)  # superclasses / superproperties, as prefixed names
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.curie


@dataclass
class Namespace:
    prefix: str
    iri: str
    terms: int = 0  # classes and properties the ontology declares in it
    example: str = ""  # a prefixed name of a thing in the data (namespaces of things)
    example_labels: dict[str, str] = field(default_factory=dict)


@dataclass
class Example:
    titles: dict[str, str]
    text: str


@dataclass
class Sheet:
    vocabularies: list[Namespace]
    things: list[Namespace]
    classes: list[Term]
    properties: list[Term]
    examples: list[Example]


#: small queries that show the model's main joins; the tests run each one (it must have rows)
EXAMPLES = [
    Example(
        {"en": "Associations and their names in the answer's language", "zh": "各协会及其（答案语言的）名称"},
        """SELECT ?association ?name WHERE {
  ?association a swio:SocialWorkAssociation ;
               rdfs:label ?name .
  FILTER (lang(?name) = ?lang)
}""",
    ),
    Example(
        {"en": "Who holds which post in which organisation", "zh": "谁在哪个组织担任什么职位"},
        """SELECT ?organisation ?role ?person WHERE {
  ?post a org:Post ;
        org:postIn ?o ; org:role ?r ; org:heldBy ?p .
  ?o rdfs:label ?organisation . ?r rdfs:label ?role . ?p rdfs:label ?person .
  FILTER (lang(?organisation) = ?lang && lang(?role) = ?lang && lang(?person) = ?lang)
}""",
    ),
    Example(
        {
            "en": "Foundings and their dates, at the article's precision",
            "zh": "各协会的成立及其日期（按原文精度）",
        },
        """SELECT ?association ?date (datatype(?date) AS ?precision) WHERE {
  ?founding org:resultingOrganization ?a ;
            dcterms:date ?date .
  ?a rdfs:label ?association .
  FILTER (lang(?association) = ?lang)
}
ORDER BY STR(?date)""",
    ),
    Example(
        {"en": "Every number with its bound and the article's words", "zh": "每个数字及其界限与原文"},
        """SELECT ?value ?bound ?words WHERE {
  ?q swio:value ?value ;
     swio:bound ?b ;
     swio:sourceText ?words .
  ?b rdfs:label ?bound .
  FILTER (lang(?bound) = ?lang)
}""",
    ),
    Example(
        {"en": "A model's features, in the article's order", "zh": "模式的特征（按原文顺序）"},
        """SELECT ?model ?n ?feature WHERE {
  ?m a swio:OrganisationalModel ;
     rdfs:label ?model ;
     swio:hasFeature ?f .
  ?f swio:ordinal ?n ;
     rdfs:label ?feature .
  FILTER (lang(?model) = ?lang && lang(?feature) = ?lang)
}
ORDER BY ?model ?n""",
    ),
]


def _curie(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and iri[len(ns) :] and all(c.isalnum() or c in "-_." for c in iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def sheet(dataset=None, *, examples_from=None) -> Sheet:
    """The cheat-sheet of ``dataset`` (default: the shipped graph). ``examples_from``: the graph each namespace's
    example resource is picked from (default: ``dataset``; picking reads every label of it)."""
    if dataset is None:
        dataset = shipped_dataset()
    vocab = vocabularies()
    prefixes = {**vocab, **{p: ns for p, ns in ALL_PREFIXES.items() if p not in vocab}}
    kinds = {OWL + "Class": "class", OWL + "ObjectProperty": "object", OWL + "DatatypeProperty": "datatype"}
    terms: dict[str, Term] = {}
    for row in dataset.query(
        f"SELECT ?t ?k WHERE {{ VALUES ?k {{ {' '.join(f'<{k}>' for k in kinds)} }} ?t a ?k FILTER isIRI(?t) }}"
    ):
        iri = row["t"].value
        if iri not in terms:
            terms[iri] = Term(_curie(iri, prefixes), iri, kinds[row["k"].value])

    def objects(predicate: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for row in dataset.query(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o FILTER (isIRI(?s) && isIRI(?o)) }}"):
            found.setdefault(row["s"].value, []).append(_curie(row["o"].value, prefixes))
        return found

    parents = {**objects(RDFS + "subClassOf"), **objects(RDFS + "subPropertyOf")}
    domains, ranges = objects(RDFS + "domain"), objects(RDFS + "range")
    # the terms' labels only (not every label of the graph: a store may hold millions)
    every = " ".join(f"<{iri}>" for iri in terms)
    for row in dataset.query(f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {every} }} ?s <{RDFS}label> ?l }}") if terms else ():
        term = terms.get(row["s"].value)
        if term is not None and row["l"].language in ("en", "zh"):
            term.labels.setdefault(row["l"].language, row["l"].value)
    for iri, term in terms.items():
        term.parents = sorted(set(parents.get(iri, [])))
        term.domain = sorted(set(domains.get(iri, [])))
        term.range = sorted(set(ranges.get(iri, [])))

    def order(term: Term):
        prefix = term.curie.split(":", 1)[0]
        return (prefix != "swio", prefix, term.curie.lower())

    vocabularies_used = []
    for prefix, ns in vocab.items():
        count = sum(1 for t in terms if t.startswith(ns))
        vocabularies_used.append(Namespace(prefix, ns, count))
    things = []
    for prefix, ns, row in _examples(examples_from or dataset, sorted(prefixes.items())):
        things.append(
            Namespace(
                prefix,
                ns,
                example=_curie(row["s"].value, {prefix: ns}),
                example_labels={"en": row["en"].value, "zh": row["zh"].value},
            )
        )
    classes = sorted((t for t in terms.values() if t.kind == "class"), key=order)
    properties = sorted((t for t in terms.values() if t.kind != "class"), key=order)
    return Sheet(vocabularies_used, things, classes, properties, list(EXAMPLES))


@functools.lru_cache(maxsize=1)
def shipped_dataset():
    """The shipped ontology and data (the article's facts), read once."""
    from ..input.dataset import Dataset

    return Dataset.load()


def _examples(dataset, prefixes) -> list:
    """(prefix, namespace, row) for each namespace of SWIO's resources that has a resource labelled in English
    and Chinese: the one with the shortest English label (then the first IRI). Two scans of the labels for all
    the namespaces together (one per namespace took minutes from a store of ten million triples)."""
    spaces = [(prefix, ns) for prefix, ns in prefixes if ns.startswith(ID_BASE)]
    kinds = {ns[len(ID_BASE) : -1]: (prefix, ns) for prefix, ns in spaces}
    if not kinds or any(not k or "/" in k or not ns.endswith("/") for k, (_, ns) in kinds.items()):
        return [(prefix, ns, row) for prefix, ns in spaces for row in _example(dataset, ns)]
    listed = ", ".join(f'"{k}"' for k in sorted(kinds))
    kind_of = f'BIND (STRBEFORE(STRAFTER(STR(?s), "{ID_BASE}"), "/") AS ?kind) FILTER (?kind IN ({listed}))'
    shortest = {
        row["kind"].value: int(row["n"].value)
        for row in dataset.query(
            f'SELECT ?kind (MIN(STRLEN(?en)) AS ?n) WHERE {{ ?s <{RDFS}label> ?en FILTER (lang(?en) = "en") '
            f'{kind_of} ?s <{RDFS}label> ?zh FILTER (lang(?zh) = "zh") }} GROUP BY ?kind'
        )
    }
    if not shortest:
        return []
    lengths = ", ".join(str(n) for n in sorted(set(shortest.values())))
    best: dict[str, Any] = {}
    for row in dataset.query(
        f"SELECT ?kind ?s ?en ?zh WHERE {{ ?s <{RDFS}label> ?en "
        f'FILTER (lang(?en) = "en" && STRLEN(?en) IN ({lengths})) {kind_of} '
        f'?s <{RDFS}label> ?zh FILTER (lang(?zh) = "zh") }}'
    ):
        kind = row["kind"].value
        if len(row["en"].value) == shortest.get(kind) and (kind not in best or row["s"].value < best[kind]["s"].value):
            best[kind] = row
    return [
        (prefix, ns, best[kind]) for kind, (prefix, ns) in sorted(kinds.items(), key=lambda i: i[1]) if kind in best
    ]


def _example(dataset, ns: str) -> list:
    rows = dataset.query(
        f'SELECT ?s ?en ?zh WHERE {{ ?s <{RDFS}label> ?en , ?zh FILTER (STRSTARTS(STR(?s), "{ns}") '
        f'&& lang(?en) = "en" && lang(?zh) = "zh") }} ORDER BY STRLEN(?en) ?s LIMIT 1'
    )
    return list(rows)[:1]


def example_query(example: Example, sheet_: Sheet) -> str:
    """An example with the PREFIX lines it needs, ready to run (``?lang`` is filled by ``--lang``)."""
    needed = [ns for ns in sheet_.vocabularies if f"{ns.prefix}:" in example.text]
    width = max((len(ns.prefix) for ns in needed), default=0) + 1
    prologue = "".join(f"PREFIX {(ns.prefix + ':').ljust(width)} <{ns.iri}>\n" for ns in needed)
    return prologue + example.text + "\n"


# -- Markdown (docs/sparql-cheatsheet.md) -------------------------------------------------------------
def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(sheet_: Sheet | None = None) -> str:
    s = sheet_ or sheet()
    out = [
        "# SPARQL cheat-sheet",
        "",
        "<!-- Made by `python -m swio.queries.cheatsheet docs/sparql-cheatsheet.md` from the ontology and the",
        "     data; tests/test_cheatsheet.py fails when it is out of date. Do not edit by hand. -->",
        "",
        "The prefixes, classes and properties of SWIO for writing your own queries, with examples. The",
        "same sheet is on the site, in English and Chinese (`sparql-cheatsheet.en.html`,",
        "`sparql-cheatsheet.zh.html`). Run a query file with `swio query FILE.rq`; `--lang zh` or",
        "`--lang en` fills `?lang`, the language of the labels in the answer (see",
        "[Asking questions](query.md)). `swio query --prefixes` prints the PREFIX lines below.",
        "",
        "## Prefixes",
        "",
        "| Prefix | Namespace | Terms the ontology declares |",
        "| --- | --- | --- |",
    ]
    out += [f"| `{ns.prefix}:` | `{ns.iri}` | {ns.terms} |" for ns in s.vocabularies]
    out += [
        "",
        "The things of the data have IRIs under `https://w3id.org/swio/id/`; a prefix for each kind:",
        "",
        "| Prefix | Namespace | Example | Label (en / zh) |",
        "| --- | --- | --- | --- |",
    ]
    out += [
        f"| `{ns.prefix}:` | `{ns.iri}` | `{ns.example}` | {_cell(ns.example_labels['en'])} / "
        f"{_cell(ns.example_labels['zh'])} |"
        for ns in s.things
    ]
    out += ["", "## Classes", "", "| Class | Label (en / zh) | Subclass of |", "| --- | --- | --- |"]
    for t in s.classes:
        parents = ", ".join(f"`{p}`" for p in t.parents)
        out.append(f"| `{t.curie}` | {_cell(t.label('en'))} / {_cell(t.label('zh'))} | {parents} |")
    out += [
        "",
        "## Properties",
        "",
        "| Property | Label (en / zh) | Domain → range |",
        "| --- | --- | --- |",
    ]
    for t in s.properties:
        domain = ", ".join(f"`{d}`" for d in t.domain) or "—"
        range_ = ", ".join(f"`{r}`" for r in t.range) or "—"
        out.append(f"| `{t.curie}` | {_cell(t.label('en'))} / {_cell(t.label('zh'))} | {domain} → {range_} |")
    out += ["", "## Examples", ""]
    for example in s.examples:
        out += [f"**{example.titles['en']}** ({example.titles['zh']})", "", "```sparql"]
        out += example_query(example, s).rstrip("\n").split("\n")
        out += ["```", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = markdown()
    if argv:
        from ..atomic_files import write_atomic

        write_atomic(argv[0], text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
