"""The canned questions as readers get them: every question's page and CSV file from `swio serve` (embedded)
and from `swio serve --endpoint` over an Oxigraph server, once the server has made its answers.

    .venv/bin/python -m benchmarks.question_pages --embedded synth1m/synth.ttl --store DIR [--repeat 5]

``--embedded FILE`` runs ``swio serve FILE data/``; ``--store DIR`` is an Oxigraph database folder holding the
same graph in the graphs ``swio load`` writes (as for ``benchmarks/serve_endpoint.py``), served read-only.
For each server: the seconds from its start until it answered a resource page (start-up), and until the
questions' index and each of the 88 files (22 questions, zh and en, page and CSV) had answered once (the
servers make them in the background when they start; a file asked before it is made waits for it:
*answers made*); then each file asked ``--repeat`` times in a row on one connection: the median and the
slowest time to the last byte, and the size. The time the store takes to answer each question itself is
``benchmarks/questions.py``'s. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from swio.queries.catalog import catalog

from .http_load import Client, memory_mb
from .serve_endpoint import ROOT, oxigraph_server, swio_server, warm

NAMES = [
    f"/queries/{name}.{lang}.{ext}" for name in sorted(catalog()) for lang in ("en", "zh") for ext in ("html", "csv")
]


def measure(port: int, repeat: int) -> dict[str, tuple[float, float, int]]:
    """path -> (median s, slowest s, bytes) of each answer file asked ``repeat`` times."""
    client = Client(port, "127.0.4.5", 120)
    out = {}
    try:
        for path in NAMES:
            times, size = [], 0
            for _ in range(repeat):
                started = time.perf_counter()
                status, body = client.get(path)
                times.append(time.perf_counter() - started)
                if status != 200:
                    raise SystemExit(f"{path}: {status}")
                size = len(body)
            out[path] = (statistics.median(times), max(times), size)
    finally:
        client.close()
    return out


def run(arguments: list[str], seconds: float, repeat: int) -> dict:
    started = time.monotonic()
    with swio_server(arguments, seconds) as (proc, port, startup):
        # every file asked once: kept ones are read back, the others wait for the server's background making
        # (or are made for the reader): done when every answer was made once
        made, missing = warm(port, ["/queries/index.zh.html", *NAMES], seconds)
        if missing:
            raise SystemExit(f"not ready: {missing}")
        answers_made = time.monotonic() - started
        rss = memory_mb(proc.pid)
        files = measure(port, repeat)
        return {"startup": startup, "made": answers_made, "rss": rss, "files": files}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedded", type=Path, help="a swio synth graph (Turtle), served with the shipped data")
    parser.add_argument("--store", type=Path, help="an Oxigraph database folder holding the same graph")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=float, default=1800, help="seconds a server may take to make its answers")
    args = parser.parse_args()
    if not args.embedded and not args.store:
        parser.error("give --embedded, --store or both")
    results = {}
    if args.embedded:
        results["embedded"] = run([str(args.embedded), str(ROOT / "data")], args.limit, args.repeat)
    if args.store:
        with oxigraph_server(args.store) as (_, query):
            results["--endpoint"] = run(["--endpoint", query], args.limit, args.repeat)
    for target, found in results.items():
        print(
            f"{target}: start-up {found['startup']:.1f} s, answers made {found['made']:.1f} s after the start, "
            f"process {found['rss']:.0f} MB"
        )
    targets = list(results)
    print()
    print("| file | bytes | " + " | ".join(f"{t} median / slowest ms" for t in targets) + " |")
    print("|---|---:|" + "---:|" * len(targets))
    slowest = {t: (0.0, "") for t in targets}
    for path in NAMES:
        size = results[targets[0]]["files"][path][2]
        cells = []
        for t in targets:
            median, worst, _ = results[t]["files"][path]
            cells.append(f"{median * 1000:.1f} / {worst * 1000:.1f}")
            slowest[t] = max(slowest[t], (worst, path))
        print(f"| {path[9:]} | {size:,} | " + " | ".join(cells) + " |")
    print()
    for t, (worst, path) in slowest.items():
        print(f"slowest for {t}: {path} {worst * 1000:.1f} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
