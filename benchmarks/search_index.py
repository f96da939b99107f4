"""How far the static site's search index stays practical: its size and load time on `swio synth` graphs.

    .venv/bin/python -m benchmarks.search_index                 # 10k and 100k triples
    .venv/bin/python -m benchmarks.search_index --sizes 10k 100k 1M

For each size: the graph is generated, the publication opened, and ``search/index.js`` made (seconds,
entries, bytes, gzip bytes — what a static host sends when it compresses). Then Debian's chromium
opens the search page from ``file://`` with a query (no server, as a reader's copy of the site), and
the time from the start of navigation until the results are listed is measured (the index's
download, parse and first search), and the time of one more search in the loaded index.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
CHROMIUM = "/usr/bin/chromium"


def measure(size: str, work: Path) -> dict:
    from click.testing import CliRunner

    from swio.cli import main
    from swio.input.dataset import Dataset
    from swio.publish.release import jsonld_context
    from swio.publish.site.publication import Publication, static_file

    graph = work / size
    result = CliRunner().invoke(main, ["synth", "--scale", str(SIZES[size]), "--out", str(graph)])
    assert result.exit_code == 0, result.output
    dataset = Dataset.load([graph / "synth.ttl"])
    triples = len(dataset)
    with Publication(dataset, context=jsonld_context(dataset)) as pub:
        search = next(p for p in pub.producers if p.STEM == "search")
        started = time.perf_counter()
        script = search.script()
        made = time.perf_counter() - started
        entries = len(search.made()[1])
        site = work / f"{size}-site"
        for name in ("search/index.js", "search.en.html", "static/search.js", "static/site.css"):
            target = site / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if name == "search/index.js":
                target.write_bytes(script)
            elif name.startswith("static/"):
                target.write_bytes(static_file(name[7:]))
            else:
                target.write_bytes(search.file(name))
    load_ms, again_ms = browser_times(site)
    return {
        "size": size,
        "triples": triples,
        "entries": entries,
        "bytes": len(script),
        "gzip": len(gzip.compress(script, 6)),
        "make_s": made,
        "load_ms": load_ms,
        "search_ms": again_ms,
    }


def browser_times(site: Path) -> tuple[float, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        loads = []
        for _ in range(3):
            page.goto("about:blank")
            page.goto((site / "search.en.html").as_uri() + "?q=association", wait_until="commit")
            page.wait_for_function(
                "document.getElementById('search-page-summary') && "
                "document.getElementById('search-page-summary').textContent.length > 0",
                timeout=120_000,
            )
            loads.append(page.evaluate("performance.now()"))
        again = page.evaluate(
            """() => { const box = document.getElementById('site-search-q'); const t = performance.now();
                box.value = 'zhang'; box.dispatchEvent(new Event('input'));
                return performance.now() - t; }"""
        )
        browser.close()
    return min(loads), again


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["10k", "100k"], choices=sorted(SIZES))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="swio-search-bench-"))
    try:
        print("| graph | triples | entries | index.js | gzip | made in | page load + first search | next search |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for size in args.sizes:
            r = measure(size, work)
            print(
                f"| {r['size']} | {r['triples']:,} | {r['entries']:,} | {r['bytes'] / 1e6:.2f} MB | "
                f"{r['gzip'] / 1e6:.2f} MB | {r['make_s']:.1f} s | {r['load_ms']:.0f} ms | {r['search_ms']:.0f} ms |",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
