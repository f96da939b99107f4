"""The benchmark script runs end to end (on a small graph; figures are not asserted, only that it measures)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .support.helpers import REPO


def run_benchmark(module: str, *args: str, timeout: float) -> subprocess.CompletedProcess:
    """``python -m benchmarks.MODULE ARGS`` from the repository (the benchmarks are a package of it, not of
    swio), checked to end well; its output as text."""
    proc = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{module}", *args], capture_output=True, text=True, timeout=timeout, cwd=REPO
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def test_benchmark_runs_every_operation_and_checks_the_ground_truth(tmp_path):
    out = tmp_path / "figures.json"
    proc = run_benchmark(
        "run",
        "--sizes",
        "3k",
        "--violations",
        "1",
        "--target-size",
        "none",
        "--question-timeout",
        "5",
        "--baseline-timeout",
        "120",
        "--json",
        str(out),
        timeout=900,
    )
    figures = json.loads(out.read_text())
    operations = {row["operation"] for row in figures["rows"]}
    assert {
        "parse/load",
        "validate (end to end)",
        "load into Oxigraph (--bulk)",
        "load into Oxigraph (staged, atomic)",
        "build a release",
        "build a release with its site",
    } <= operations
    assert sum(op.startswith("question: ") for op in operations) >= 15
    for row in figures["rows"]:
        assert row["swio_s"] is not None and row["swio_s"] > 0, row
        assert row["swio_mb"] > 10, row  # a Python process: peak RSS really measured
    checks = [text for ok, text in figures["checks"]]
    assert any("swio validate reports exactly the 10 seeded results" in c for c in checks)
    assert any("pyshacl reports the same 10 seeded results" in c for c in checks)
    assert all(ok for ok, _ in figures["checks"])
    assert "| 3k |" in proc.stdout and "speed-up" in proc.stdout


def test_the_parse_once_benchmark_loads_the_same_triples_every_way():
    proc = run_benchmark("parse_once", "--scale", "3000", "--repeat", "1", timeout=300)
    rows = [
        line.split("|")[1:-1] for line in proc.stdout.splitlines() if line.startswith("| ") and "design" not in line
    ]
    assert [r[0].strip().split(" ")[0] for r in rows] == ["floor", "swio", "once", "once,"]
    assert len({r[1].strip() for r in rows}) == 1 and int(rows[0][1]) > 2000  # the same triples in every design
    assert all(float(r[2]) > 0 for r in rows)


def test_the_reports_benchmark_writes_every_format():
    proc = run_benchmark("validate_reports", "--results", "2000", timeout=300)
    rows = {
        line.split("|")[1].strip(): line.split("|")[2:-1] for line in proc.stdout.splitlines() if "`--format" in line
    }
    assert set(rows) == {f"`--format {fmt}`" for fmt in ("text", "turtle", "json", "junit", "sarif")} | {
        "`--format text --max-results 1000`",
        "`--format turtle --max-results 1000`",
    }
    sizes = {name: float(cells[2]) for name, cells in rows.items()}
    assert sizes["`--format text --max-results 1000`"] < sizes["`--format text`"]  # the limit keeps fewer
    assert "Turtle against text" in proc.stdout


def test_the_serving_benchmark_measures_every_target_it_is_given(tmp_path):
    """``benchmarks.serve_endpoint`` on a small synthetic graph with the shipped data: `serve --endpoint` over
    an Oxigraph database and the embedded server, a few clients for two seconds each; every shared page
    made, no errors. Then ``benchmarks.question_pages`` on the same two servers: every question's files."""
    import shutil

    from swio import resources
    from swio.namespaces import DATASET_IRI, ONTOLOGY_IRI

    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    db = tmp_path / "db"
    synth = subprocess.run(
        [sys.executable, "-m", "swio", "synth", "--scale", "3000", "--out", str(tmp_path)],
        capture_output=True,
        timeout=300,
    )
    assert synth.returncode == 0, synth.stderr
    for graph, files in (
        (DATASET_IRI, [tmp_path / "synth.ttl", *resources.shipped_data_files()]),
        (ONTOLOGY_IRI, sorted(resources.ONTOLOGY_DIR.glob("*.ttl"))),
    ):
        for path in files:
            subprocess.run(
                [oxigraph, "load", "--location", str(db), "--file", str(path), "--graph", graph],
                check=True,
                capture_output=True,
                timeout=120,
            )
    proc = run_benchmark(
        "serve_endpoint",
        "--store",
        f"small={db}",
        "--embedded",
        f"small={tmp_path / 'synth.ttl'}",
        "--clients",
        "3",
        "--seconds",
        "2",
        "--warm-limit",
        "300",
        timeout=900,
    )
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| swio serve")]
    assert [row.split(" | ")[0] for row in rows] == [
        "| swio serve --endpoint (Oxigraph), small",
        "| swio serve (embedded), small",
    ]
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert float(cells[3]) > 0, row  # pages per second
        assert cells[6] == "0", row  # errors
    assert "not made within --warm-limit" not in proc.stdout

    # the questions as readers get them, from both servers: every page and CSV file, each answered (200)
    from swio.queries.catalog import catalog

    pages = run_benchmark(
        "question_pages",
        "--store",
        str(db),
        "--embedded",
        str(tmp_path / "synth.ttl"),
        "--repeat",
        "2",
        "--limit",
        "300",
        timeout=900,
    )
    assert [line.split(":")[0] for line in pages.stdout.splitlines() if "answers made" in line] == [
        "embedded",
        "--endpoint",
    ]
    rows = [
        line for line in pages.stdout.splitlines() if line.endswith(" |") and (".html |" in line or ".csv |" in line)
    ]
    assert len(rows) == 4 * len(catalog())
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert int(cells[1].replace(",", "")) > 0, row  # bytes
        for timing in cells[2:]:
            median, slowest = (float(t) for t in timing.split(" / "))
            assert 0 < median <= slowest, row


def test_the_soak_measures_every_kind_of_request_and_finds_no_error():
    """``benchmarks.soak`` on a 10k graph, three clients for three seconds: every kind of request asked, the
    slow query answered 503 (expected, not an error), no traceback in the server's log."""
    proc = run_benchmark(
        "soak",
        "--size",
        "10k",
        "--clients",
        "3",
        "--seconds",
        "3",
        "--interval",
        "1",
        timeout=600,
    )
    assert ", 0 errors" in proc.stdout
    kinds = {line.split(" | ")[0].lstrip("| ") for line in proc.stdout.splitlines() if line.startswith("| ")}
    assert {"resource page", "resource RDF", "cheap sparql"} <= kinds
    assert "server log: 0 tracebacks" in proc.stdout
