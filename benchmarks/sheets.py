#!/usr/bin/env python3
"""Importing a workbook at scale: `swio import` of an N-row workbook against `swio validate` of the
same graph as Turtle, time and peak memory, at N and N/10 rows (growth should be linear).

    .venv/bin/python -m benchmarks.sheets                 # 100k rows (about 1M triples) and 10k
    .venv/bin/python -m benchmarks.sheets --rows 20000    # quicker

The workbook is made by `swio export` of a `swio synth` graph (so it holds what a researcher's
workbook would: every sheet the synthetic data uses, IDs, references, codes, typed values). Every
command runs in its own process, timed from start to exit; peak memory is the process's maximum
resident set (wait4). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PY = sys.executable
TRIPLES_PER_ROW = 10  # the shipped data: 2016 triples in 206 rows


def _wrapped(cmd: list[str]) -> tuple[float, float, str]:
    code = (
        "import os, subprocess, sys, time\n"
        "s = time.perf_counter()\n"
        "p = subprocess.Popen(sys.argv[1:])\n"
        "_, status, u = os.wait4(p.pid, 0)\n"
        "print(f'@@ {time.perf_counter() - s} {u.ru_maxrss / 1024} {os.waitstatus_to_exitcode(status)}')\n"
    )
    run = subprocess.run([PY, "-c", code, *cmd], capture_output=True, text=True)
    lines = run.stdout.splitlines()
    marker = next(line for line in reversed(lines) if line.startswith("@@ "))
    _, seconds, mb, exit_code = marker.split()
    if int(exit_code) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({exit_code}):\n{run.stderr[-2000:]}")
    return float(seconds), float(mb), "\n".join(line for line in lines if not line.startswith("@@ "))


def swio(*args: str) -> list[str]:
    return [PY, "-m", "swio.cli", *args]


def one(rows: int, work: Path) -> dict:
    folder = work / f"r{rows}"
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        swio("synth", "--scale", str(rows * TRIPLES_PER_ROW), "--out", str(folder)), check=True, capture_output=True
    )
    ttl = folder / "synth.ttl"
    book = folder / "synth.xlsx"
    export_s, export_mb, out = _wrapped(swio("export", str(ttl), "--out", str(book)))
    words = out.split()  # "wrote N nodes (T triples) to the workbook ..."
    nodes, triples = int(words[1]), int(words[3].lstrip("("))
    import_s, import_mb, _ = _wrapped(swio("import", str(book), "--out", str(folder / "back.ttl"), "--no-context"))
    validate_s, validate_mb, _ = _wrapped(swio("validate", str(ttl)))
    same = subprocess.run(
        [
            PY,
            "-c",
            "import sys, pyoxigraph as ox; a, b = (set(ox.parse(path=p, format=ox.RdfFormat.TURTLE)) "
            "for p in sys.argv[1:]); print(a == b)",
            str(ttl),
            str(folder / "back.ttl"),
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "rows": nodes,
        "triples": triples,
        "xlsx MB": book.stat().st_size / 1e6,
        "export": (export_s, export_mb),
        "import": (import_s, import_mb),
        "validate": (validate_s, validate_mb),
        "same graph": same,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the larger workbook (about)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the files (default: a temporary one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="swio-sheets-bench-"))
    try:
        sizes = [max(100, args.rows // 10), args.rows]
        results = [one(n, work) for n in sizes]
        print(f"load average: {os.getloadavg()[0]:.2f} (2 cores, shared)")
        print(
            "| rows | triples | xlsx | export | import (convert + validate) | validate the Turtle | import / validate | same graph |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---|")
        for r in results:
            (es, em), (is_, im), (vs, vm) = r["export"], r["import"], r["validate"]
            print(
                f"| {r['rows']:,} | {r['triples']:,} | {r['xlsx MB']:.1f} MB | {es:.1f} s, {em:.0f} MB | "
                f"{is_:.1f} s, {im:.0f} MB | {vs:.1f} s, {vm:.0f} MB | {is_ / vs:.1f}x | {r['same graph']} |"
            )
        small, big = results
        factor = big["rows"] / small["rows"]
        print(
            f"\ngrowth for {factor:.1f}x the rows: import time {big['import'][0] / small['import'][0]:.1f}x, "
            f"import memory {big['import'][1] / small['import'][1]:.1f}x; validate time "
            f"{big['validate'][0] / small['validate'][0]:.1f}x"
        )
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
