"""The release's graph files written from its N-Triples file, in a second process.

``swio build`` writes the merged graph's sorted N-Triples first; the Turtle, TriG, RDF/XML and
JSON-LD files and the ontology's own Turtle are made from it here. They need every triple as a
Python object, and in the build's own process that work would share Python's lock with the
validation and the canned questions running on other threads; a second process has its own
lock, so on two CPUs the build's parts really run side by side.

The child is told what to write on its standard input (JSON), writes into the build's staging
folder, answers with each file's size and SHA-256 on its standard output, and dies with its
parent (``PR_SET_PDEATHSIG`` on Linux, and a check that the parent is still the one that started
it): a killed build leaves no writer behind. Ctrl-C is the parent's to handle (the child ignores
SIGINT and is killed by the parent).

Each graph is parsed into terms once and serialised to Turtle once: the merged Turtle is the part
of the ontology the data does not repeat (usually all of it), then the data, each sorted; the TriG
file wraps the two graphs' Turtle.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..input.dataset import ntriples_document
from ..input.turtle_scan import split_prefix_lines
from ..namespaces import DATASET_IRI, ONTOLOGY_IRI
from .jsonld import write_jsonld


@dataclass
class GraphTexts:
    """The ontology and data graphs as terms and Turtle, each parsed and serialised once."""

    ontology_ttl: bytes
    ontology_only_ttl: bytes
    data_ttl: bytes
    merged: list[ox.Quad]

    @classmethod
    def of(cls, ontology: list[bytes], only: list[bytes], data: list[bytes], prefixes: dict[str, str]) -> GraphTexts:
        """``only``: the ontology's lines the data does not repeat (:func:`ontology_only`)."""
        ontology_terms, data_terms = _parse_lines(ontology), _parse_lines(data)
        ontology_ttl = _turtle(ontology_terms, prefixes)
        if len(only) == len(ontology):
            return cls(ontology_ttl, ontology_ttl, _turtle(data_terms, prefixes), ontology_terms + data_terms)
        only_terms = _parse_lines(only)
        return cls(ontology_ttl, _turtle(only_terms, prefixes), _turtle(data_terms, prefixes), only_terms + data_terms)


def ontology_only(ontology: list[bytes], data: list[bytes]) -> list[bytes]:
    """The ontology's lines that the (sorted) data lines do not repeat."""

    def in_data(line: bytes) -> bool:
        i = bisect.bisect_left(data, line)
        return i < len(data) and data[i] == line

    return [line for line in ontology if not in_data(line)]


def _parse_lines(lines: list[bytes]) -> list[ox.Quad]:
    """The terms of N-Triples lines (quads in the default graph, in the lines' order)."""
    return list(ox.parse(ntriples_document(lines), format=ox.RdfFormat.N_TRIPLES)) if lines else []


def _turtle(triples: list, prefixes: dict[str, str]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def _prefixes_and_bodies(documents: list[bytes]) -> tuple[bytes, list[bytes]]:
    """The ``@prefix`` lines of Turtle documents (sorted, each once) and each document's statements."""
    header: set[bytes] = set()
    bodies = []
    for document in documents:
        declared, body = split_prefix_lines(document)
        header.update(declared)
        bodies.append(body)
    return b"".join(sorted(header)), bodies


def joined_turtle(parts: list[bytes]) -> bytes:
    """Turtle documents as one: their ``@prefix`` lines, then their statements in order."""
    header, bodies = _prefixes_and_bodies(parts)
    return header + b"".join(bodies)


def trig(graphs: list[tuple[str, bytes]]) -> bytes:
    """TriG from each named graph's Turtle: one ``@prefix`` block, then ``<graph> { statements }`` per graph
    (Turtle statements are TriG's inside braces; the serialiser writes no ``@base`` and no long strings)."""
    header, bodies = _prefixes_and_bodies([turtle for _, turtle in graphs])
    return header + b"\n".join(f"<{graph}> {{\n".encode() + body + b"}\n" for (graph, _), body in zip(graphs, bodies))


def write_graph_files(
    folder: Path,
    nt_name: str,
    names: dict[str, str],
    ontology: list[bytes],
    only: list[bytes],
    prefixes: dict[str, str],
    context: dict,
) -> dict[str, tuple[int, str]]:
    """Write the graph files into ``folder`` from its N-Triples file ``nt_name`` (the merged graph, sorted),
    the ontology's lines and those of them the data does not repeat (``only``: the merged graph without
    them is the data); ``names`` maps ``ontology``, ``ttl``, ``trig``, ``rdf``, ``jsonld`` to file names.
    Returns each file's size and SHA-256."""
    merged = (folder / nt_name).read_bytes().splitlines()
    ontology_lines = set(only)
    data = [line for line in merged if line not in ontology_lines] if ontology_lines else merged
    del merged
    graphs = GraphTexts.of(ontology, only, data, prefixes)
    del data
    # each file is written, hashed and flushed to disk on another thread while the next one is made
    with ThreadPoolExecutor(1, thread_name_prefix="swio-graph-files") as disk:
        pending = {}

        def write(key: str, payload: bytes) -> None:
            pending[names[key]] = disk.submit(_write_synced, folder / names[key], payload)

        write("ontology", graphs.ontology_ttl)
        write("ttl", joined_turtle([graphs.ontology_only_ttl, graphs.data_ttl]))
        write("trig", trig([(ONTOLOGY_IRI, graphs.ontology_ttl), (DATASET_IRI, graphs.data_ttl)]))
        write("rdf", ox.serialize(graphs.merged, format=ox.RdfFormat.RDF_XML, prefixes=prefixes))
        write("jsonld", write_jsonld(graphs.merged, context))
        return {name: future.result() for name, future in pending.items()}


def _write_synced(path: Path, payload: bytes) -> tuple[int, str]:
    """Write, flush to disk, and return the size and SHA-256."""
    with open(path, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    return len(payload), hashlib.sha256(payload).hexdigest()


class GraphFilesProcess:
    """:func:`write_graph_files` in a child process; :meth:`result` waits for it, :meth:`kill` stops it."""

    def __init__(
        self,
        folder: Path,
        nt_name: str,
        names: dict[str, str],
        ontology: list[bytes],
        data: list[bytes],
        prefixes: dict[str, str],
        context: dict,
    ):
        job = {
            "parent": os.getpid(),
            "folder": str(folder),
            "nt": nt_name,
            "names": names,
            "ontology": [line.decode("utf-8") for line in ontology],
            "only": [line.decode("utf-8") for line in ontology_only(ontology, data)],
            "prefixes": prefixes,
            "context": context,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            with self.process.stdin as stdin:
                stdin.write(json.dumps(job).encode("utf-8"))
            self.process.stdin = None  # sent: communicate() only reads
        except BaseException:
            self.kill()
            raise

    def result(self) -> dict[str, tuple[int, str]]:
        out, err = self.process.communicate()
        if self.process.returncode != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            raise InputError(
                f"writing the release's graph files failed: {lines[-1] if lines else 'no message'} "
                f"(exit {self.process.returncode})"
            )
        return {name: (size, digest) for name, (size, digest) in json.loads(out).items()}

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def _die_with(parent: int) -> None:
    """Be killed when the parent dies (Linux), and stop now if it already has."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        sys.exit(3)


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills this process
    job = json.loads(sys.stdin.buffer.read())
    _die_with(job["parent"])
    lines = {key: [line.encode("utf-8") for line in job[key]] for key in ("ontology", "only")}
    written = write_graph_files(
        Path(job["folder"]), job["nt"], job["names"], lines["ontology"], lines["only"], job["prefixes"], job["context"]
    )
    sys.stdout.write(json.dumps(written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
