#!/usr/bin/env python3
"""Every canned question at scale: on the embedded store and on an Oxigraph server, against the time loading
the graph takes (the target of issue 23: each answer within 6% of the load time, about 0.3 s at a million
triples on an idle machine).

    .venv/bin/python benchmarks/questions.py --data synth1m/synth.ttl
    .venv/bin/python benchmarks/questions.py --data synth1m/synth.ttl --store http://127.0.0.1:7878/query

``--data`` is a ``swio synth`` graph (the shipped cases are added, as ``benchmarks/run.py`` does). Each question
is answered ``--repeat`` times in English and in Chinese and the median is kept (first runs included in
the repeats: the store's caches are warm after the first). ``--store`` is a query endpoint holding the
same graph in the graphs ``swio load`` writes (``oxigraph load --graph`` does it in seconds); answers are
read through ``swio query --endpoint``'s client (HTTP and JSON included). Prints a Markdown table and
the load average (the machine may be shared).

This is the time the store takes to answer each question (what ``swio query`` waits for). The servers answer
each question once per published version and keep its page and CSV file: what a reader of ``swio serve``
or ``swio serve --endpoint`` waits for is ``benchmarks/question_pages.py``'s figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(run, repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(run().rows)
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, type=Path, help="a swio synth graph (Turtle)")
    parser.add_argument("--store", default=None, metavar="URL", help="a query endpoint holding the same graph")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, metavar="NAME", help="these questions only")
    parser.add_argument(
        "--with-params",
        action="store_true",
        help="also each question with each example value of each of its parameters (`# param` lines)",
    )
    args = parser.parse_args()

    import swio
    from swio import resources
    from swio.queries.catalog import bind, catalog, run_embedded
    from swio.remote.http import HttpClient
    from swio.remote.query import select_on
    from swio.remote.sparql import SparqlEndpoint

    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    started = time.perf_counter()
    dataset = swio.open_dataset([str(args.data), *map(str, resources.shipped_data_files())])
    load = time.perf_counter() - started
    print(f"loaded {len(dataset):,} triples in {load:.2f} s; 6% of that: {0.06 * load:.3f} s", flush=True)
    endpoint = SparqlEndpoint(args.store, HttpClient(timeout=600, retries=0)) if args.store else None
    rows = []
    for name, query in catalog().items():
        if args.only and name not in args.only:
            continue
        asked = [(name, {})] + [
            (f"{name} ({p.name}={example})", {p.name: example})
            for p in (query.params if args.with_params else ())
            for example in p.examples
        ]
        for label, params, lang in ((label, params, lang) for label, params in asked for lang in ("en", "zh")):
            text = bind(query, params, lang)
            here, count = median_seconds(lambda t=text, n=name: run_embedded(dataset, t, name=n), args.repeat)
            there = None
            if endpoint is not None:
                there, remote_count = median_seconds(lambda t=text, n=name: select_on(endpoint, t, name=n), args.repeat)
                if remote_count != count:
                    print(f"warning: {label} ({lang}): {count} rows embedded, {remote_count} from the store")
            rows.append((label, lang, count, here, there))
            shown = f"{there:.3f} s" if there is not None else "-"
            print(f"  {label} ({lang}): {count} rows, embedded {here:.3f} s, store {shown}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print()
    print("| question | lang | rows | embedded s | % of load | Oxigraph server s |")
    print("|---|---|---:|---:|---:|---:|")
    for name, lang, count, here, there in rows:
        shown = f"{there:.3f}" if there is not None else "-"
        print(f"| {name} | {lang} | {count:,} | {here:.3f} | {100 * here / load:.1f} | {shown} |")
    worst = max(rows, key=lambda r: r[3])
    print(f"\nslowest embedded: {worst[0]} ({worst[1]}) {worst[3]:.3f} s = {100 * worst[3] / load:.1f}% of the load")
    if endpoint is not None:
        worst_store = max(rows, key=lambda r: r[4] or 0)
        print(f"slowest on the store: {worst_store[0]} ({worst_store[1]}) {worst_store[4]:.3f} s")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
