"""Soak `swio serve`: 50 clients for 60 s, pages and SPARQL mixed, some queries running into the time limit.

    .venv/bin/python -m benchmarks.soak                        # a 100k-triple synthetic graph, 60 s
    .venv/bin/python -m benchmarks.soak --size 10k --seconds 20  # a quick run
    .venv/bin/python -m benchmarks.soak --graph data/            # the shipped graph (or any files)

Each client is a thread with its own source address (127.0.5.x: the server sees 50
different clients, as on the internet) and one kept-alive connection. A client picks, at
random: a resource page in English or Chinese (40 %), its Turtle or JSON-LD (20 %), a list
or documentation page (10 %), a cheap SPARQL query (20 %), a SPARQL query with a few
thousand rows (5 %), or a query that runs into the time limit (5 %, answered 503 at
``--timeout``). Printed: requests per second, p50/p99 latency and answers by status for
each kind, errors (no answer, or a status other than the expected ones), and the memory of
the server and of its SPARQL processes every ``--interval`` seconds.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

from tests.support.servers import stop_process

from .http_load import Client, descendants, free_port, memory_mb, pss_mb

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = "SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"
ROWS = "SELECT ?s ?label WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }} LIMIT {n}"
EXPECTED = {"slow sparql": {503}}  # a query that runs into the limit is answered 503: not an error


def swio(*args: str) -> list[str]:
    return [sys.executable, "-m", "swio.cli", *args]


def reason_of(status: int, body: bytes) -> str:
    """For an error, the first words of its one-line reason."""
    return "" if status < 400 else " ".join(body[:200].decode("utf-8", "replace").split()[2:8])


def soak(graph: list[str], *, clients: int, seconds: float, workers: int, timeout: float, interval: float) -> None:
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="swio-soak-")) / "serve.log"
    proc = subprocess.Popen(
        swio("serve", *graph, "--port", str(port), "--sparql-workers", str(workers), "--timeout", str(timeout)),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    try:
        probe = Client(port, "127.0.4.1", 60)
        deadline = time.monotonic() + 900
        while True:
            try:
                if probe.get("/sparql?query=" + quote("ASK {}"))[0] == 200:
                    break
            except OSError:
                probe.close()
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"swio serve did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.5)
        time.sleep(3)  # the workers' spare finishes loading
        iris = _resources(port)
        pages = ["/index.en.html", "/index.zh.html", "/def.en.html", "/shapes.zh.html", "/browse/index.en.html"]
        rng_lock = threading.Lock()
        rng = random.Random(1)

        def pick() -> tuple[str, str, str | None]:
            with rng_lock:
                r, iri = rng.random(), rng.choice(iris)
                lang, rdf = rng.choice(("en", "zh")), rng.choice(("ttl", "jsonld"))
                page = rng.choice(pages)
                rows = rng.choice((1000, 3000, 5000))
            stem = iri[len("https://w3id.org/swio/") :]
            json = "application/sparql-results+json"
            if r < 0.40:
                return "resource page", f"/{stem}.{lang}.html", None
            if r < 0.60:
                return "resource RDF", f"/{stem}.{rdf}", None
            if r < 0.70:
                return "other page", page, None
            if r < 0.90:
                return "cheap sparql", "/sparql?query=" + quote(CHEAP.format(iri=iri)), json
            if r < 0.95:
                return "rows sparql", "/sparql?query=" + quote(ROWS.format(n=rows)), "text/csv"
            return "slow sparql", "/sparql?query=" + quote(SLOW), json

        results: list[tuple[str, int | None, float]] = []
        reasons: Counter = Counter()
        memory: list[tuple[float, float, float, float, int]] = []
        lock = threading.Lock()
        started = time.monotonic()
        stop_at = started + seconds

        def run_client(n: int) -> None:
            client = Client(port, f"127.0.5.{n + 1}", timeout + 30)
            while time.monotonic() < stop_at:
                kind, path, accept = pick()
                t = time.perf_counter()
                try:
                    status, body = client.get(path, {"Accept": accept} if accept else None)
                    reason = reason_of(status, body)
                except OSError as err:
                    status, reason = None, type(err).__name__
                    client.close()
                with lock:
                    results.append((kind, status, time.perf_counter() - t))
                    if reason:
                        reasons[(status, reason)] += 1
            client.close()

        def watch_memory() -> None:
            while time.monotonic() < stop_at + 1:
                below = descendants(proc.pid)  # the loader and the workers it forked
                memory.append(
                    (
                        time.monotonic() - started,
                        memory_mb(proc.pid),
                        sum(pss_mb(k) for k in below),
                        sum(memory_mb(k) for k in below),
                        len(below),
                    )
                )
                time.sleep(interval)

        threads = [threading.Thread(target=run_client, args=(n,)) for n in range(clients)]
        watcher = threading.Thread(target=watch_memory)
        watcher.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join(seconds + timeout + 60)
        elapsed = time.monotonic() - started
        watcher.join(interval + 5)
        _report(results, memory, elapsed, clients, seconds, timeout, workers, len(iris))
        print("\nthe reasons given with errors, most frequent first:\n")
        for (status, reason), n in reasons.most_common(8):
            print(f"- {n} x {status}: {reason} ...")
        tracebacks = log.read_text(errors="replace").count("Traceback")
        print(f"\nserver log: {tracebacks} tracebacks, {len(log.read_text(errors='replace').splitlines())} lines")
    finally:
        stop_process(proc)
        shutil.rmtree(log.parent, ignore_errors=True)


def _resources(port: int) -> list[str]:
    query = "SELECT DISTINCT ?s WHERE { ?s a ?c FILTER STRSTARTS(STR(?s), 'https://w3id.org/swio/id/') } LIMIT 5000"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=("127.0.4.2", 0))
    conn.request("GET", "/sparql?query=" + quote(query), headers={"Accept": "text/csv"})
    lines = conn.getresponse().read().decode().splitlines()[1:]
    conn.close()
    return [line.strip() for line in lines if line.strip()]


def _report(results, memory, elapsed, clients, seconds, timeout, workers, resources) -> None:
    by_kind: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter] = defaultdict(Counter)
    for kind, status, took in results:
        by_kind[kind].append(took)
        statuses[kind][status] += 1
    errors = sum(
        n
        for kind, counter in statuses.items()
        for status, n in counter.items()
        if status is None or (status != 200 and status not in EXPECTED.get(kind, ()))
    )
    load = os.getloadavg()
    print(
        f"{clients} clients for {seconds:g} s ({elapsed:.1f} s with the last answers), {workers} SPARQL workers, "
        f"--timeout {timeout:g}, {resources} resources to pick from"
    )
    print(
        f"machine: {os.cpu_count()} CPUs shared with other work, load average {load[0]:.2f} / {load[1]:.2f} at the end"
    )
    print(f"\n{len(results)} requests, {len(results) / elapsed:.0f} per second, {errors} errors\n")
    print("| kind | requests | per s | p50 ms | p99 ms | answers |")
    print("|---|---:|---:|---:|---:|---|")
    for kind in sorted(by_kind):
        times = sorted(by_kind[kind])
        p99 = times[max(0, int(len(times) * 0.99) - 1)]
        answers = ", ".join(f"{status or 'none'}: {n}" for status, n in sorted(statuses[kind].items(), key=str))
        print(
            f"| {kind} | {len(times)} | {len(times) / elapsed:.1f} | {statistics.median(times) * 1000:.0f} | "
            f"{p99 * 1000:.0f} | {answers} |"
        )
    print("\nmemory (MB) over time: the server's resident set; the loader's and workers' proportional set (the")
    print("graph they share counted once) and their resident sets added up (the shared graph counted in each):\n")
    print("| s | server RSS | loader+workers PSS | loader+workers RSS sum | processes |")
    print("|---:|---:|---:|---:|---:|")
    for at, server, pss, rss, count in memory:
        print(f"| {at:.0f} | {server:.0f} | {pss:.0f} | {rss:.0f} | {count} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="100k", help="synthetic graph size: 10k, 100k or 1M (default 100k)")
    parser.add_argument("--graph", nargs="*", help="serve these files instead of a synthetic graph")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=5.0, help="swio serve --timeout (default 5)")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between memory samples")
    parser.add_argument("--work", default=None, help="folder for the synthetic graph (kept; default a temp folder)")
    args = parser.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="swio-soak-graph-"))
    try:
        if args.graph:
            graph = args.graph
        else:
            folder = work / args.size
            if not (folder / "synth.ttl").exists():
                subprocess.run(
                    swio("synth", "--scale", str(SIZES[args.size]), "--seed", "1", "--out", str(folder)),
                    check=True,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                )
            graph = [str(folder / "synth.ttl")]
        soak(
            graph,
            clients=args.clients,
            seconds=args.seconds,
            workers=args.workers,
            timeout=args.timeout,
            interval=args.interval,
        )
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
