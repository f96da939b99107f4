#!/usr/bin/env python3
"""In-store validation (``swio validate --endpoint``) on an Oxigraph server and on Virtuoso, against
embedded validation of the same file.

    .venv/bin/python -m benchmarks.validate_in_store                 # 1M triples (swio synth, seed 1, 3 seeded)
    .venv/bin/python -m benchmarks.validate_in_store --scale 100000  # quicker

(from the repository root: the test servers' launcher is imported from ``tests.support.servers``)

The graph is loaded once per store (not timed here: see benchmarks/load.py), then each validation
runs in its own process, timed from process start to exit, and its results are checked against
the synthetic graph's ground truth. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.servers import start_oxigraph, start_virtuoso, virtuoso_available

PY = sys.executable
SWIO = [str(Path(PY).with_name("swio"))]


def timed(cmd: list[str], timeout: float) -> tuple[float, dict | None, str]:
    start = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - start
    try:
        return seconds, json.loads(run.stdout), run.stderr
    except ValueError:
        return seconds, None, run.stderr or run.stdout


def check(doc: dict | None, truth: Path) -> str:
    from swio import synth

    if doc is None:
        return "no report"
    missing, unexpected = synth.compare(doc["results"], truth)
    if not missing and not unexpected:
        return "exact"
    kinds = sorted({f"{k[0]} {k[1].rsplit('#', 1)[-1]} {k[2]}" for k in list(missing) + list(unexpected)})
    return f"{sum(missing.values())} missing, {sum(unexpected.values())} unexpected ({'; '.join(kinds)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()
    from swio import synth
    from swio.input.dataset import Dataset
    from swio.remote.load import load

    work = Path(tempfile.mkdtemp(prefix="swio-bench-instore-"))
    rows = []
    try:
        made = synth.generate(work / "synth", scale=args.scale, seed=args.seed, violations=3)
        seconds, doc, err = timed([*SWIO, "validate", str(made.path), "--format", "json"], args.timeout)
        rows.append(("embedded (pyoxigraph)", seconds, check(doc, made.ground_truth)))
        dataset = Dataset.load([made.path])
        stores = [("Oxigraph server", start_oxigraph, {}, {})]
        if virtuoso_available():  # its default 30 s query limit would stop publishing 1M triples in one MOVE
            stores.append(
                (
                    "Virtuoso 7",
                    start_virtuoso,
                    {"user": "dba", "password": "dba"},
                    {"max_query_seconds": int(args.timeout)},
                )
            )
        for name, start, creds, options in stores:
            server = start(work / name.split()[0].lower(), **options)
            try:
                try:
                    load(
                        dataset,
                        store=server.store,
                        update=server.update,
                        query=server.query,
                        validate=False,
                        timeout=args.timeout,
                        **creds,
                    )
                except Exception as err:  # noqa: BLE001 - a row saying why, not a traceback
                    rows.append((f"in-store, {name}", float("nan"), f"load failed: {err}"))
                    continue
                seconds, doc, err = timed(
                    [*SWIO, "validate", "--endpoint", server.query, "--format", "json", "--timeout", str(args.timeout)],
                    args.timeout,
                )
                rows.append((f"in-store, {name}", seconds, check(doc, made.ground_truth) if doc else err.strip()))
            finally:
                server.stop()
        print(
            f"\nIn-store validation, {made.triples:,} triples (swio synth --scale {args.scale} --seed {args.seed}, "
            "3 seeded violations of each kind)\n"
        )
        print("| validation | seconds | results vs ground truth |\n| --- | ---: | --- |")
        for name, seconds, verdict in rows:
            print(f"| {name} | {seconds:.1f} | {verdict} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
