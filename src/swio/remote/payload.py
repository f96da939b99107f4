"""What ``swio load`` sends: the ontology and data graphs as N-Triples, cut into batches that
never split a blank node.

The triples come from :meth:`Dataset.triples` (the input's terms as written), each graph's
files merged without duplicates. A store gives the blank nodes of every request fresh
identities, so a blank node whose triples went into two requests would become two nodes:
batches (and the parallel slices of a bulk load) are therefore cut only between
*blank-node components* — triples linked through shared blank nodes (an OWL restriction, a
whole ``rdf:List``) always travel in one request, even when that makes a batch larger than
asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import DATASET_IRI, ONTOLOGY_IRI

DEFAULT_GRAPHS = {"ontology": ONTOLOGY_IRI, "data": DATASET_IRI}
NT = "application/n-triples"


@dataclass
class GraphPayload:
    name: str  # "ontology" | "data"
    graph: str  # the target graph IRI
    triples: list  # distinct pyoxigraph Triples, in input order
    counted: int | None = None  # in the store, after publishing
    _groups: list | None = field(default=None, repr=False)

    @property
    def count(self) -> int:
        return len(self.triples)

    def ntriples(self, triples=None) -> bytes:
        return ox.serialize(self.triples if triples is None else triples, format=ox.RdfFormat.N_TRIPLES)

    def turtle(self, prefixes: dict[str, str]) -> bytes:
        """Compact Turtle with the given prefixes (a third of the N-Triples size for typical data)."""
        return ox.serialize(self.triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)

    def groups(self) -> list:
        """The triples as groups that must stay together: one per blank-node component, and every
        triple without a blank node on its own (in input order, components where they first appear)."""
        if self._groups is None:
            self._groups = blank_node_groups(self.triples)
        return self._groups

    def batches(self, size: int) -> Iterator[bytes]:
        """N-Triples bodies of about ``size`` triples each, never splitting a blank-node component."""
        for batch in pack(self.groups(), size):
            yield self.ntriples(batch)

    def slices(self, parts: int) -> list[bytes]:
        """At most ``parts`` N-Triples bodies of similar size (for parallel requests)."""
        size = max(1, -(-self.count // max(1, parts)))
        return [self.ntriples(batch) for batch in pack(self.groups(), size)]


def blank_node_groups(triples: list) -> list:
    """Union-find over blank nodes: triples sharing a blank node (directly or through others) form one
    group (a list); a triple without blank nodes is its own group (the Triple itself)."""
    parent: dict = {}

    def find(node):
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    bnode = ox.BlankNode
    linked = []
    for triple in triples:
        s, o = triple.subject, triple.object
        if isinstance(s, bnode):
            if isinstance(o, bnode):
                a, b = find(s), find(o)
                if a != b:
                    parent[a] = b
            linked.append(triple)
        elif isinstance(o, bnode):
            find(o)
            linked.append(triple)
    if not linked:
        return list(triples)
    components: dict = {}
    groups: list[list] = []
    for triple in triples:
        s, o = triple.subject, triple.object
        node = s if isinstance(s, bnode) else o if isinstance(o, bnode) else None
        if node is None:
            groups.append(triple)
            continue
        root = find(node)
        group = components.get(root)
        if group is None:
            group = components[root] = []
            groups.append(group)
        group.append(triple)
    return groups


def pack_groups(groups: list, size: int) -> Iterator[list]:
    """Consecutive groups in batches of at most ``size`` triples (a bigger group is a batch of its own),
    each batch as its list of groups, so it can be halved again without splitting one."""
    batch: list = []
    n = 0
    for group in groups:
        k = len(group) if isinstance(group, list) else 1
        if batch and n + k > size:
            yield batch
            batch, n = [], 0
        batch.append(group)
        n += k
    if batch:
        yield batch


def flatten(groups: list) -> list:
    """The triples of a list of groups."""
    out: list = []
    for group in groups:
        if isinstance(group, list):
            out.extend(group)
        else:
            out.append(group)
    return out


def pack(groups: list, size: int) -> Iterator[list]:
    """Batches of triples of at most ``size`` (see :func:`pack_groups`)."""
    for batch in pack_groups(groups, size):
        yield flatten(batch)


def sparql_triples(turtle: bytes) -> tuple[list[bytes], bytes]:
    """Split serialised Turtle into its ``@prefix`` lines, as SPARQL ``PREFIX`` declarations, and the
    triples, which are valid SPARQL triples as they stand (same terms, same abbreviations)."""
    prologue, lines = [], turtle.splitlines(keepends=True)
    i = 0
    while i < len(lines) and lines[i].startswith(b"@prefix "):
        name, _, rest = lines[i][len(b"@prefix "):].partition(b" ")
        prologue.append(b"PREFIX " + name + b" " + rest.rstrip().removesuffix(b".").rstrip() + b"\n")
        i += 1
    return prologue, b"".join(lines[i:])


def graph_payloads(dataset, graphs: dict[str, str] | None = None) -> list[GraphPayload]:
    """The ontology (ontology + vocabularies) and the data graph, each its files' triples without duplicates."""
    names = dict(DEFAULT_GRAPHS)
    names.update(graphs or {})
    out = []
    for name, files in (("ontology", [f for f in dataset.files if f.schema]),
                        ("data", [f for f in dataset.files if not f.schema])):
        if files:
            triples = list(dict.fromkeys(dataset.triples(files)))
            out.append(GraphPayload(name=name, graph=names[name], triples=triples))
    return out
