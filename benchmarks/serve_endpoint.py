"""Serving resource pages at scale: `swio serve --endpoint` over an Oxigraph server, against the embedded
`swio serve` and against Apache serving the static site.

    .venv/bin/python -m benchmarks.serve_endpoint --store 1M=DIR [--store 10M=DIR] \
        [--embedded 1M=FILE.ttl] [--site 1M=DIR] [--clients 50] [--seconds 30]

``--store SIZE=DIR`` is an Oxigraph database folder holding the graph in the graphs ``swio load`` writes
(``oxigraph load --location DIR --file synth.ttl data/*.ttl --graph https://w3id.org/swio/id/dataset``, the
ontology files into ``--graph https://w3id.org/swio/def``); it is served read-only on a free port.
``--embedded SIZE=FILE`` runs ``swio serve FILE data/`` (the graph in the process and its query workers);
``--site SIZE=DIR`` runs Apache httpd over a static site (``swio site --resource-pages all``).

For each target: the time from start until it answers (start-up), then every page made from the whole
graph is asked once (for ``--endpoint``: what its background thread makes after start), then ``--clients``
clients (threads, each with its own source address and one kept-alive connection) ask for resource
pages for ``--seconds``: a random resource of 2,000 (drawn from the store), in English or Chinese HTML, or
its Turtle or JSON-LD. Printed: pages per second, p50 and p99 latency, errors (no answer, or a status
other than 200), and the resident memory of the serving process (and of the embedded server's query
workers, and of the store) before and after. The load generator runs on the same machine: the figures
are for comparing the targets with each other, under the same conditions.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

from swio.publish.site.store_site import SHARED as STORE_SHARED
from tests.support.apache_httpd import apache_httpd
from tests.support.servers import stop_process

from .http_load import Client, descendants, free_port, memory_mb

ROOT = Path(__file__).resolve().parents[1]
SWIO = "https://w3id.org/swio/"
SHARED = ["/" + name for name in STORE_SHARED]  # the pages made from the whole graph


def wait_for(port: int, path: str, proc: subprocess.Popen, seconds: float) -> float:
    """Seconds until ``path`` answers 200 (the process must stay up)."""
    started = time.monotonic()
    client = Client(port, "127.0.4.1", 30)
    while time.monotonic() - started < seconds:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            if client.get(path)[0] == 200:
                return time.monotonic() - started
        except OSError:
            client.close()
        time.sleep(0.2)
    raise SystemExit(f"no answer on {path} within {seconds:.0f} s")


def resources(query_url: str, n: int = 2000) -> list[str]:
    import requests

    text = (
        f'SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a ?c }} FILTER STRSTARTS(STR(?s), "{SWIO}id/") }} LIMIT {10 * n}'
    )
    r = requests.post(query_url, data={"query": text}, headers={"Accept": "text/csv"}, timeout=600)
    r.raise_for_status()
    found = [line.strip() for line in r.text.splitlines()[1:] if line.strip()]
    if not found:
        raise SystemExit(f"no resource found in {query_url}")
    return random.Random(1).sample(found, min(n, len(found)))


def load_test(port: int, iris: list[str], clients: int, seconds: float) -> dict:
    rng, rng_lock = random.Random(1), threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def pick() -> str:
        with rng_lock:
            iri, fmt = rng.choice(iris), rng.choice(("en.html", "zh.html", "ttl", "jsonld"))
        return f"/{iri[len(SWIO) :]}.{fmt}"

    def run(k: int) -> None:
        client = Client(port, f"127.0.5.{k + 1}")
        while time.monotonic() < stop_at:
            path = pick()
            started = time.perf_counter()
            try:
                status, _ = client.get(path)
            except OSError as err:
                status = type(err).__name__
                client.close()
            took = time.perf_counter() - started
            with lock:
                latencies.append(took)
                if status != 200:
                    errors.append(f"{path}: {status}")
        client.close()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rate": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000 if latencies else 0.0,
        "errors": len(errors),
        "first_errors": errors[:3],
    }


def warm(port: int, paths: list[str], limit: float = 3600) -> tuple[float, list[str]]:
    """Seconds until every page of ``paths`` answers 200 (``serve --endpoint`` answers 503 to a page still
    being made past its --page-wait: asked again every 2 s), at most ``limit``; and the pages that did not."""
    client = Client(port, "127.0.4.2", 3600)
    started = time.monotonic()
    missing = []
    for path in paths:
        status = client.get(path)[0]
        while status == 503 and time.monotonic() - started < limit:
            time.sleep(2)
            status = client.get(path)[0]
        if status != 200:
            missing.append(f"{path} ({status})")
    client.close()
    return time.monotonic() - started, missing


@contextlib.contextmanager
def oxigraph_server(location: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """An Oxigraph server over the database folder ``location``, read-only, on a free port: (process, query URL)."""
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = free_port()
    store = subprocess.Popen(
        [oxigraph, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(port, "/query?query=" + quote("ASK {}"), store, 300)
        yield store, f"http://127.0.0.1:{port}/query"
    finally:
        stop_process(store)


@contextlib.contextmanager
def swio_server(arguments: list[str], seconds: float) -> Iterator[tuple[subprocess.Popen, int, float]]:
    """``swio serve ARGUMENTS`` on a free port: (process, port, seconds until it answered a resource page)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "swio.cli", "serve", *arguments, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    try:
        yield proc, port, wait_for(port, "/id/org/hefei-shi-shehui-gongzuo-xiehui.en.html", proc, seconds)
    finally:
        stop_process(proc)


def bench_server(target: str, served: tuple, args, iris: Callable[[], list[str]], store_rss: Callable[[], float]):
    """The figures of a started ``swio serve`` (``served``: process, port, start-up seconds): its memory, the shared
    pages made, then the load test on ``iris()``; ``store_rss()``: the memory of what holds the graph."""
    proc, port, startup = served
    before = memory_mb(proc.pid)
    warmed, missing = warm(port, SHARED, args.warm_limit)
    result = load_test(port, iris(), args.clients, args.seconds)
    result.update(
        target=target,
        startup=startup,
        warm=warmed,
        not_ready=missing,
        rss_before=before,
        rss_after=memory_mb(proc.pid),
        peak=memory_mb(proc.pid, "VmHWM"),
        store_rss=store_rss(),
    )
    return result


def bench_endpoint(size: str, location: Path, args) -> dict:
    with oxigraph_server(location) as (store, query), swio_server(["--endpoint", query], 900) as served:
        target = f"swio serve --endpoint (Oxigraph), {size}"
        return bench_server(target, served, args, lambda: resources(query), lambda: memory_mb(store.pid))


def bench_embedded(size: str, graph: Path, args) -> dict:
    with swio_server([str(graph), str(ROOT / "data")], 1800) as served:
        proc, port, _ = served
        time.sleep(3)  # the workers' spare finishes loading

        def iris() -> list[str]:
            client = Client(port, "127.0.4.3", 600)
            text = f'SELECT DISTINCT ?s WHERE {{ ?s a ?c FILTER STRSTARTS(STR(?s), "{SWIO}id/") }} LIMIT 2000'
            status, body = client.get("/sparql?query=" + quote(text), {"Accept": "text/csv"})
            client.close()
            return [line.strip() for line in body.decode().splitlines()[1:] if line.strip()]

        def workers() -> float:  # its query workers hold the graph (forked: pages shared)
            return sum(memory_mb(pid) for pid in descendants(proc.pid))

        return bench_server(f"swio serve (embedded), {size}", served, args, iris, workers)


def bench_apache(size: str, site: Path, iris: list[str], args) -> dict:
    started = time.monotonic()
    with apache_httpd(site) as httpd:
        startup = time.monotonic() - started
        result = load_test(httpd.port, iris, args.clients, args.seconds)
        processes = [httpd.proc.pid, *descendants(httpd.proc.pid)]
        result.update(
            target=f"Apache httpd, static site, {size}",
            startup=startup,
            warm=0.0,
            not_ready=[],
            rss_before=0.0,
            rss_after=sum(memory_mb(pid) for pid in processes),
            peak=0.0,
            store_rss=0.0,
        )
        return result


def pairs(values: list[str]) -> list[tuple[str, Path]]:
    out = []
    for value in values:
        size, _, path = value.partition("=")
        out.append((size, Path(path)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", action="append", default=[], metavar="SIZE=DIR")
    parser.add_argument("--embedded", action="append", default=[], metavar="SIZE=FILE")
    parser.add_argument("--site", action="append", default=[], metavar="SIZE=DIR")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--warm-limit",
        type=float,
        default=3600,
        metavar="SECONDS",
        help="the most time given to the shared pages before the load (those not made by then are listed)",
    )
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    results = []
    sample: list[str] = []
    for size, location in pairs(args.store):
        results.append(bench_endpoint(size, location, args))
        print(results[-1], flush=True)
    for size, graph in pairs(args.embedded):
        results.append(bench_embedded(size, graph, args))
        print(results[-1], flush=True)
    for size, site in pairs(args.site):
        if not sample:
            sample = [
                SWIO + str(p.relative_to(site))[: -len(".en.html")]
                for p in list((site / "id").rglob("*.en.html"))[:20000]
            ]
            sample = random.Random(1).sample(sample, min(2000, len(sample)))
        results.append(bench_apache(size, site, sample, args))
        print(results[-1], flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print(
        "| target | start-up s | shared pages s | pages/s | p50 ms | p99 ms | errors | RSS MB before | after | "
        "peak | store / workers MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['target']} | {r['startup']:.1f} | {r['warm']:.1f} | {r['rate']:.1f} | {r['p50']:.0f} | "
            f"{r['p99']:.0f} | {r['errors']} | {r['rss_before']:.0f} | {r['rss_after']:.0f} | {r['peak']:.0f} | "
            f"{r['store_rss']:.0f} |"
        )
    for r in results:
        if r["not_ready"]:
            print(f"{r['target']}: shared pages not made within --warm-limit: {', '.join(r['not_ready'])}")


if __name__ == "__main__":
    main()
