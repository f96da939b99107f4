"""Benchmark `swio site` and `swio serve` on synthetic graphs (`swio synth`).

    .venv/bin/python -m benchmarks.site                  # 100k and 1M triples, serve under load at 1M
    .venv/bin/python -m benchmarks.site --sizes 100k     # a quick run

`swio site` runs in its own process: wall time and peak resident memory (os.wait4) per size,
and the marginal cost per 100k more triples (equal figures across sizes = linear growth).
`swio serve` is then started on the largest graph and hit by concurrent clients for a fixed
time with a mix of requests (resource pages in both languages, their Turtle and JSON-LD, a
small SPARQL query, a canned question): requests per second, p50/p99 latency, errors.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from tests.support.servers import stop_process

from .http_load import free_port

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}


def swio(*args: str) -> list[str]:
    return [sys.executable, "-m", "swio.cli", *args]


def timed(cmd: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (with its worker processes) and peak resident MB of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    output = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{output}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output.strip()


class _SourceAddress(requests.adapters.HTTPAdapter):
    """Connections from one 127.0.0.x address (the server sees distinct clients, as on the internet)."""

    def __init__(self, source: str):
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        return super().init_poolmanager(*args, **kwargs)


def load_test(graph: Path, *, clients: int, seconds: float) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        swio("serve", str(graph), "--port", str(port), "--sparql-workers", "2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 900
        while True:
            try:
                if requests.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("swio serve did not start")
            time.sleep(0.5)
        rows = requests.get(
            f"{base}/sparql",
            timeout=60,
            headers={"Accept": "text/csv"},
            params={
                "query": (
                    "SELECT DISTINCT ?s WHERE { ?s a ?c FILTER STRSTARTS(STR(?s), 'https://w3id.org/swio/id/') } LIMIT 5000"
                )
            },
        )
        paths = [line[len("https://w3id.org/swio/") :] for line in rows.text.splitlines()[1:] if line]
        rng = random.Random(1)
        sparql = "SELECT ?p ?o WHERE { <https://w3id.org/swio/id/org/hefei-shi-shehui-gongzuo-xiehui> ?p ?o }"

        def pick() -> tuple[str, dict]:
            r = rng.random()
            path = rng.choice(paths)
            if r < 0.45:
                return f"{base}/{path}.{rng.choice(('en', 'zh'))}.html", {}
            if r < 0.75:
                return f"{base}/{path}.{rng.choice(('ttl', 'jsonld'))}", {}
            if r < 0.9:
                return f"{base}/sparql?query={requests.utils.quote(sparql)}", {
                    "Accept": "application/sparql-results+json"
                }
            return f"{base}/queries/model-comparison.en.html", {}

        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + seconds

        def client(n: int):
            session = requests.Session()  # its own source address: swio serve limits connections per address
            session.mount("http://", _SourceAddress(f"127.0.5.{n + 1}"))
            while time.monotonic() < stop_at:
                with lock:
                    url, headers = pick()
                started = time.perf_counter()
                try:
                    r = session.get(url, headers=headers, timeout=30)
                    ok = r.status_code == 200
                except requests.RequestException as err:
                    ok, r = False, err
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    if not ok:
                        errors.append(f"{url}: {getattr(r, 'status_code', r)}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(seconds + 60)
        elapsed = time.perf_counter() - started
        latencies.sort()
        return {
            "requests": len(latencies),
            "rps": len(latencies) / elapsed,
            "p50": statistics.median(latencies) * 1000 if latencies else 0,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0,
            "errors": len(errors),
            "first_errors": errors[:3],
        }
    finally:
        stop_process(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100k,1M", help="comma-separated: 10k, 100k, 1M")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--no-serve", action="store_true", help="skip the load test")
    parser.add_argument("--work", default=None, help="folder for the graphs and sites (default: a temp folder)")
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="swio-site-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    graphs = {}
    try:
        for size in sizes:
            folder = work / size
            graph = folder / "synth.ttl"
            if not graph.exists():
                timed(swio("synth", "--scale", str(SIZES[size]), "--seed", "1", "--out", str(folder)))
            graphs[size] = graph
            seconds, cpu, mb, output = timed(swio("site", "--out", str(folder / "site"), str(graph)))
            files = sum(1 for p in (folder / "site").rglob("*") if p.is_file())
            size_mb = sum(p.stat().st_size for p in (folder / "site").rglob("*") if p.is_file()) / 1e6
            rows.append((size, SIZES[size], seconds, cpu, mb, files, size_mb))
            print(
                f"{size}: swio site {seconds:.1f} s ({cpu:.1f} s CPU), peak {mb:.0f} MB, {files} files, {size_mb:.0f} MB "
                f"({output.splitlines()[-1]})",
                flush=True,
            )
            shutil.rmtree(folder / "site", ignore_errors=True)
        print()
        print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
        print("| size | swio site s | CPU s | peak MB | files | site MB |")
        print("|---|---:|---:|---:|---:|---:|")
        for size, _, seconds, cpu, mb, files, size_mb in rows:
            print(f"| {size} | {seconds:.1f} | {cpu:.1f} | {mb:.0f} | {files} | {size_mb:.0f} |")
        if len(rows) > 1:
            print()
            print("Marginal cost per 100k more triples (equal across rows = linear growth):")
            for (a, na, sa, ca, *_), (b, nb, sb, cb, *_) in zip(rows, rows[1:]):
                per = (nb - na) / 100_000
                print(f"  {a} -> {b}: {(sb - sa) / per:.2f} s wall, {(cb - ca) / per:.2f} s CPU per 100k triples")
        if not args.no_serve and sizes:
            largest = sizes[-1]
            result = load_test(graphs[largest], clients=args.clients, seconds=args.seconds)
            print()
            print(f"swio serve on the {largest} graph, {args.clients} concurrent clients for {args.seconds:g} s:")
            print("| requests | req/s | p50 ms | p99 ms | errors |")
            print("|---:|---:|---:|---:|---:|")
            print(
                f"| {result['requests']} | {result['rps']:.0f} | {result['p50']:.1f} | {result['p99']:.1f} | "
                f"{result['errors']} |"
            )
            for line in result["first_errors"]:
                print("  error:", line)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
