"""What ``swio load`` sends: the ontology and data graphs as N-Triples, cut into batches that
never split a blank node.

The triples are N-Triples lines from :meth:`Dataset.ntriples_lines` (the input's terms as
written, made by the store's own writer, sorted), each graph's files merged without duplicates;
a batch is its lines joined, so no Python object is made per triple. A store gives the blank nodes of every request fresh
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

from ..input.dataset import ntriples_document
from ..input.turtle_scan import split_prefix_lines
from ..namespaces import DATASET_IRI, ONTOLOGY_IRI

DEFAULT_GRAPHS = {"ontology": ONTOLOGY_IRI, "data": DATASET_IRI}
NT = "application/n-triples"


@dataclass
class GraphPayload:
    name: str  # "ontology" | "data"
    graph: str  # the target graph IRI
    lines: list[bytes]  # distinct N-Triples lines (``s p o .``, no line end), terms as written, sorted
    counted: int | None = None  # in the store, after publishing
    _groups: list | None = field(default=None, repr=False)

    @property
    def count(self) -> int:
        return len(self.lines)

    def ntriples(self, lines: list[bytes] | None = None) -> bytes:
        return ntriples_document(self.lines if lines is None else lines)

    def turtle(self, prefixes: dict[str, str]) -> bytes:
        """Compact Turtle with the given prefixes (a third of the N-Triples size for typical data)."""
        return ox.serialize(
            ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE, prefixes=prefixes
        )

    def groups(self) -> list:
        """The lines as groups that must stay together: one per blank-node component, and every
        line without a blank node on its own (in order, components where they first appear)."""
        if self._groups is None:
            self._groups = blank_node_groups(self.lines)
        return self._groups

    def batches(self, size: int) -> Iterator[bytes]:
        """N-Triples bodies of about ``size`` triples each, never splitting a blank-node component."""
        for batch in pack(self.groups(), size):
            yield self.ntriples(batch)

    def slices(self, parts: int) -> list[bytes]:
        """At most ``parts`` N-Triples bodies of similar size (for parallel requests)."""
        size = max(1, -(-self.count // max(1, parts)))
        return [self.ntriples(batch) for batch in pack(self.groups(), size)]


def _blank_ends(line: bytes) -> tuple[str | None, str | None]:
    """The blank-node labels of a line's subject and object (``None`` where it is not a blank node); the
    line is parsed, so a literal that merely contains ``_:`` is not mistaken for one."""
    triple = next(iter(ox.parse(line, format=ox.RdfFormat.N_TRIPLES))).triple
    s, o = triple.subject, triple.object
    return (s.value if isinstance(s, ox.BlankNode) else None, o.value if isinstance(o, ox.BlankNode) else None)


def blank_node_groups(lines: list[bytes]) -> list:
    """Union-find over blank nodes: lines sharing a blank node (directly or through others) form one
    group (a list); a line without blank nodes is its own group (the line itself)."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    ends: dict[int, tuple[str | None, str | None]] = {}
    for i, line in enumerate(lines):
        if b"_:" not in line:  # cannot hold a blank node
            continue
        s, o = _blank_ends(line)
        if s is None and o is None:
            continue
        ends[i] = (s, o)
        if s is not None and o is not None:
            a, b = find(s), find(o)
            if a != b:
                parent[a] = b
        else:
            find(s or o)
    if not ends:
        return lines  # every line is its own group
    components: dict[str, list] = {}
    groups: list = []
    for i, line in enumerate(lines):
        blank = ends.get(i)
        if blank is None:
            groups.append(line)
            continue
        root = find(blank[0] or blank[1])
        group = components.get(root)
        if group is None:
            group = components[root] = []
            groups.append(group)
        group.append(line)
    return groups


def pack_groups(groups: list, size: int) -> Iterator[list]:
    """Consecutive groups in batches of at most ``size`` lines (a bigger group is a batch of its own),
    each batch as its list of groups, so it can be halved again without splitting one."""
    if not any(isinstance(group, list) for group in groups):  # no blank nodes: plain slices
        step = max(1, size)
        for start in range(0, len(groups), step):
            yield groups[start : start + step]
        return
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
    """The lines of a list of groups."""
    out: list = []
    for group in groups:
        if isinstance(group, list):
            out.extend(group)
        else:
            out.append(group)
    return out


def pack(groups: list, size: int) -> Iterator[list]:
    """Batches of lines of at most ``size`` (see :func:`pack_groups`)."""
    for batch in pack_groups(groups, size):
        yield flatten(batch)


def sparql_triples(turtle: bytes) -> tuple[list[bytes], bytes]:
    """Split serialised Turtle into its ``@prefix`` lines, as SPARQL ``PREFIX`` declarations, and the
    triples, which are valid SPARQL triples as they stand (same terms, same abbreviations)."""
    declarations, body = split_prefix_lines(turtle)
    prologue = []
    for line in declarations:
        name, _, rest = line[len(b"@prefix ") :].partition(b" ")
        prologue.append(b"PREFIX " + name + b" " + rest.rstrip().removesuffix(b".").rstrip() + b"\n")
    return prologue, body


def graph_payloads(dataset, graphs: dict[str, str] | None = None) -> list[GraphPayload]:
    """The ontology (ontology + vocabularies) and the data graph, each its files' triples without duplicates."""
    names = dict(DEFAULT_GRAPHS)
    names.update(graphs or {})
    out = []
    for name, files in (("ontology", dataset.schema_files), ("data", dataset.data_files)):
        if files:
            out.append(GraphPayload(name=name, graph=names[name], lines=dataset.ntriples_lines(files)))
    return out
