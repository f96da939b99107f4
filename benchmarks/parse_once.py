#!/usr/bin/env python3
"""Does one parse do? swio's loader against the designs that parse the input only once.

The embedded store canonicalises literals ("5"^^xsd:int comes back as "5"^^xsd:integer), so
swio's loader (swio/input/dataset.py) parses each file natively into the store and, at the same
time on the other core, once more with ``pyoxigraph.parse`` to learn the typed literals as written.
Issue 14 asks not to parse twice where once will do; this script measures whether once does,
on the same file, in one process, each design run ``--repeat`` times (the median is printed):

* floor          ``Store.load``: one native parse straight into the store (terms canonicalised,
                 so not enough on its own);
* swio           ``Dataset.load``: the native load plus the concurrent scan, then the side graphs;
* once           ``pyoxigraph.parse`` (terms as written) and ``Store.extend`` of the quads;
* once, piped    the same, with ``Store.extend`` of 50,000-quad chunks on a second thread.

    .venv/bin/python -m benchmarks.parse_once                 # 1M triples (swio synth --scale 1000000)
    .venv/bin/python -m benchmarks.parse_once --file big.ttl   # any Turtle file
"""

from __future__ import annotations

import argparse
import gc
import itertools
import queue
import statistics
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from swio import synth
from swio.input.dataset import Dataset

GRAPH = ox.NamedNode("urn:x-swio:bench")


def floor(path: Path) -> int:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=GRAPH)
    return len(store)


def swio(path: Path) -> int:
    return len(Dataset.load([path], schema=False))


def once(path: Path) -> int:
    store = ox.Store()
    store.extend(
        [ox.Quad(q.subject, q.predicate, q.object, GRAPH) for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    )
    return len(store)


def once_piped(path: Path) -> int:
    store, chunks = ox.Store(), queue.Queue(4)

    def insert() -> None:
        while (chunk := chunks.get()) is not None:
            store.extend(chunk)

    worker = threading.Thread(target=insert)
    worker.start()
    parsed = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    while chunk := [ox.Quad(q.subject, q.predicate, q.object, GRAPH) for q in itertools.islice(parsed, 50_000)]:
        chunks.put(chunk)
    chunks.put(None)
    worker.join()
    return len(store)


DESIGNS = {
    "floor (Store.load)": floor,
    "swio (load + concurrent scan)": swio,
    "once (parse + extend)": once,
    "once, piped (extend on a thread)": once_piped,
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, help="a Turtle file (default: a synthetic graph of --scale triples)")
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="swio-parse-once-") as work:
        path = args.file or synth.generate(Path(work), scale=args.scale, seed=1).path
        print(f"{path}: {path.stat().st_size / 1e6:.1f} MB, {args.repeat} runs each, interleaved (medians)")
        runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in DESIGNS}
        for _ in range(args.repeat):
            for name, design in DESIGNS.items():
                gc.collect()
                wall, cpu = time.perf_counter(), time.process_time()
                triples = design(path)
                runs[name].append((time.perf_counter() - wall, time.process_time() - cpu, triples))
        base = statistics.median(r[0] for r in runs["floor (Store.load)"])
        print("| design | triples | wall s | CPU s | wall / floor |\n|---|---:|---:|---:|---:|")
        for name, rows in runs.items():
            wall, cpu = statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
            print(f"| {name} | {rows[0][2]} | {wall:.3g} | {cpu:.3g} | {wall / base:.2f}x |")  # 3 digits: never 0.00
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
