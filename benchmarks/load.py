#!/usr/bin/env python3
"""Loading into Oxigraph at scale: `swio load` (atomic) vs one plain HTTP PUT vs `swio load --bulk`
vs the `oxigraph load` command-line bulk loader.

    .venv/bin/python -m benchmarks.load                  # 1M triples (swio synth --scale 1000000 --seed 1)
    .venv/bin/python -m benchmarks.load --scale 200000   # quicker

(from the repository root: the test servers' launcher is imported from ``tests.support.servers``)

Every operation runs in its own process against a freshly started Oxigraph server (PyPI package
oxigraph) on 127.0.0.1, timed from process start to exit. "replace" rows load the same graph a
second time over the first, which is what a reload does (the old version is deleted in the
same transaction). The swio rows include validation (about 6 s at 1M); the `--no-validate` row
shows the transfer alone. Prints a Markdown table and the acceptance check (atomic load within
2x of one plain PUT); exits 1 if it fails.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.servers import oxigraph, oxigraph_command

PY = sys.executable
GRAPH = "https://w3id.org/swio/id/dataset"


def timed(cmd: list[str], timeout: float) -> tuple[float | None, str]:
    start = time.perf_counter()
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"stopped after {timeout:.0f} s"
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        return None, f"exit {run.returncode}: {run.stderr.strip().splitlines()[-1:]}"
    return seconds, run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""


def put_command(url: str, path: Path) -> list[str]:
    code = (
        "import sys, requests\n"
        "with open(sys.argv[2], 'rb') as f:\n"
        "    r = requests.put(sys.argv[1], data=f, headers={'Content-Type': 'text/turtle'}, timeout=36000)\n"
        "r.raise_for_status()\n"
    )
    return [PY, "-c", code, url, str(path)]


def swio_load(store: str, path: Path, *extra: str) -> list[str]:
    return [PY, "-m", "swio.cli", "load", str(path), "--store", store, "--timeout", "36000", *extra]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per operation")
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a temp folder)")
    parser.add_argument("--skip-replace", action="store_true", help="only load into new graphs (halves the time)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="swio-load-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    synth = work / "synth"
    if not (synth / "synth.ttl").exists():
        subprocess.run(
            [PY, "-m", "swio.cli", "synth", "--scale", str(args.scale), "--seed", "1", "--out", str(synth)],
            check=True,
            capture_output=True,
        )
    data = synth / "synth.ttl"
    rows: list[tuple[str, float | None, str]] = []

    def fresh(name: str):
        location = work / name
        shutil.rmtree(location, ignore_errors=True)
        return oxigraph(location)

    with fresh("put") as server:
        url = f"{server.store}?graph={GRAPH}"
        rows.append(("one HTTP PUT (new graph)", *timed(put_command(url, data), args.timeout)))
        if not args.skip_replace:
            rows.append(("one HTTP PUT (replace)", *timed(put_command(url, data), args.timeout)))
    with fresh("atomic") as server:
        rows.append(("swio load, atomic (new graph)", *timed(swio_load(server.store, data), args.timeout)))
        if not args.skip_replace:
            rows.append(("swio load, atomic (replace)", *timed(swio_load(server.store, data), args.timeout)))
    with fresh("atomic-nv") as server:
        rows.append(
            (
                "swio load --no-validate, atomic (new graph)",
                *timed(swio_load(server.store, data, "--no-validate"), args.timeout),
            )
        )
    with fresh("bulk") as server:
        rows.append(("swio load --bulk (new graph)", *timed(swio_load(server.store, data, "--bulk"), args.timeout)))
    location = work / "cli"
    shutil.rmtree(location, ignore_errors=True)
    rows.append(
        (
            "oxigraph load CLI (new database)",
            *timed(
                [oxigraph_command(), "load", "--location", str(location), "--file", str(data), "--graph", GRAPH],
                args.timeout,
            ),
        )
    )

    print(f"\nLoading {data} ({args.scale:,} triples asked) into Oxigraph\n")
    print("| operation | seconds | vs one PUT (same kind) | note |\n|---|---:|---:|---|")
    found = {name: seconds for name, seconds, _ in rows}
    base = {"new graph": found.get("one HTTP PUT (new graph)"), "replace": found.get("one HTTP PUT (replace)")}
    for name, seconds, note in rows:
        kind = "replace" if "replace" in name else "new graph"
        ratio = f"{seconds / base[kind]:.2f}x" if seconds and base[kind] else ""
        print(f"| {name} | {seconds:.1f} | {ratio} | |" if seconds is not None else f"| {name} | – | | {note} |")
    checks = []
    for kind in ("new graph", "replace"):
        name = f"swio load, atomic ({kind})"
        if name not in found:
            continue
        ok = found[name] is not None and base[kind] is not None and found[name] <= 2 * base[kind]
        checks.append(ok)
        shown = f"{found[name]:.1f}" if found[name] is not None else "–"
        base_shown = f"{base[kind]:.1f}" if base[kind] is not None else "–"
        print(f"\n{'PASS' if ok else 'FAIL'}: atomic swio load ({kind}) {shown} s within 2x of one PUT {base_shown} s")
    return 0 if all(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
