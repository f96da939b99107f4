"""Benchmark how ``swio query`` shows a large answer: a table fitted to 80 and 120 columns (long cells
wrapped), one record per block, CSV with a byte-order mark, and the W3C JSON results format.

    .venv/bin/python benchmarks/query_tables.py              # 100,000 rows
    .venv/bin/python benchmarks/query_tables.py --rows 10000

The answer is made up (four columns: a Chinese name, a number, an English sentence that wraps at
80 columns, a boolean), so the figures measure the rendering alone, not a store. Best of three.
"""

from __future__ import annotations

import argparse
import os
import time

from swio.queries.table import Cell, ResultTable, render


def answer(rows: int) -> ResultTable:
    return ResultTable(
        ["name", "n", "note", "flag"],
        [
            [
                Cell("literal", f"合肥市社会工作协会 {i}", None, "zh"),
                Cell("literal", i, "http://www.w3.org/2001/XMLSchema#integer"),
                Cell("literal", f"an association founded long ago in the city, number {i} of the list", None, "en"),
                Cell("literal", i % 2 == 0, "http://www.w3.org/2001/XMLSchema#boolean"),
            ]
            for i in range(rows)
        ],
        lang="zh",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    table = answer(args.rows)
    print(f"{args.rows:,} rows, load average {os.getloadavg()[0]:.2f} (the machine may be shared)")
    for label, fmt, options in [
        ("table, no width limit", "table", {}),
        ("table, 120 columns", "table", {"width": 120}),
        ("table, 80 columns (cells wrap)", "table", {"width": 80}),
        ("records, 80 columns", "records", {"width": 80}),
        ("csv --bom", "csv", {"bom": True}),
        ("srj", "srj", {}),
    ]:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            text = render(table, fmt, **options)
            best = min(best, time.perf_counter() - start)
        print(f"{label:32} {best:6.2f} s  {len(text.encode('utf-8')) / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
