#!/usr/bin/env python3
"""Reports at scale: ``swio validate --shapes`` on a graph with N results (default 400,000), each report format
written to a file, and ``--max-results`` keeping 1,000 of them.

    .venv/bin/python -m benchmarks.validate_reports                  # 400,000 results
    .venv/bin/python -m benchmarks.validate_reports --results 20000  # quicker

The data: N/2 instances of one class, each with a value failing sh:datatype and one failing sh:minLength (two
constraints of one shape, so N results). Each run is its own process, timed from start to exit, its peak memory
(maximum resident set size) read from the kernel; a run with the same number of instances and no results
gives the floor (parsing and querying the data). Prints a Markdown table; also the load average, since the
machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SWIO = str(Path(sys.executable).with_name("swio"))
PREFIXES = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
SHAPES = (
    "ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
    "  sh:property [ sh:path ex:count ; sh:datatype xsd:{count} ] ;\n"
    "  sh:property [ sh:path ex:name ; sh:minLength {length} ] .\n"
)


def run(args: list[str], timeout: float) -> tuple[float, int, int]:
    """Seconds from start to exit, peak memory in MB and the exit code of ``swio`` with ``args``."""
    start = time.perf_counter()
    process = subprocess.Popen([SWIO, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if seconds > timeout:
        raise SystemExit(f"swio {' '.join(args)} took {seconds:.0f} s")
    if process.returncode not in (0, 1):
        raise SystemExit(f"swio {' '.join(args)} failed: {process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss // 1024, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=int, default=400_000)
    parser.add_argument("--timeout", type=float, default=900.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="swio-reports-") as tmp:
        folder = Path(tmp)
        data = folder / "data.ttl"
        with data.open("w", encoding="utf-8") as out:
            out.write(PREFIXES)
            for i in range(options.results // 2):
                out.write(f'ex:t{i} a ex:Thing ; ex:count "many" ; ex:name "ab" .\n')
        failing = folder / "shapes.ttl"
        failing.write_text(PREFIXES + SHAPES.format(count="integer", length=5), encoding="utf-8")
        passing = folder / "passing.ttl"
        passing.write_text(PREFIXES + SHAPES.format(count="string", length=1), encoding="utf-8")
        rows = []
        floor = run(["validate", "--shapes", str(passing), str(data)], options.timeout)
        rows.append(("no results (the floor: parse and query)", floor[0], floor[1], 0))
        for fmt in ("text", "turtle", "json", "junit", "sarif"):
            seconds, memory, _ = run(
                ["validate", "--shapes", str(failing), str(data), "--format", fmt, "-o", str(folder / f"r.{fmt}")],
                options.timeout,
            )
            rows.append((f"`--format {fmt}`", seconds, memory, (folder / f"r.{fmt}").stat().st_size))
        for fmt in ("text", "turtle"):
            args = ["validate", "--shapes", str(failing), str(data), "--format", fmt, "--max-results", "1000"]
            seconds, memory, _ = run([*args, "-o", str(folder / f"m.{fmt}")], options.timeout)
            rows.append((f"`--format {fmt} --max-results 1000`", seconds, memory, (folder / f"m.{fmt}").stat().st_size))
    load = os.getloadavg()
    print(f"{options.results} results, {options.results // 2} focus nodes, {options.results * 3 // 2} triples")
    print(
        f"load average before/after: see uptime; now {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs\n"
    )
    print("| run | seconds | peak memory (MB) | report (MB) |")
    print("| --- | ---: | ---: | ---: |")
    for name, seconds, memory, size in rows:
        print(f"| {name} | {seconds:.1f} | {memory} | {size / 1e6:.1f} |")
    text = next(r for r in rows if r[0] == "`--format text`")[1]
    turtle = next(r for r in rows if r[0] == "`--format turtle`")[1]
    print(f"\nTurtle against text: {turtle / text:.2f}x")


if __name__ == "__main__":
    main()
