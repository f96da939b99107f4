"""Bad command-line input and system failures: one ``swio: error:`` line naming the culprit, exit 2,
nothing half-written, never a traceback (issue 10: clear errors, and item 8's first half)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from swio.cli import main
from swio.queries.catalog import catalog

from .support.servers import oxigraph
from .support.unprivileged import read_only_folder, run_swio


def swio(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def assert_one_error(result, *words):
    """Exit 2, nothing on stdout, exactly one ``swio: error:`` line holding every word."""
    code = result.exit_code if hasattr(result, "exit_code") else result.returncode
    lines = result.stderr.strip().splitlines()
    assert code == 2, (code, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("swio: error: "), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>" for p in sorted(folder.rglob("*"))}


# -- -o: a directory, a read-only place, a full disk ----------------------------------------------


@pytest.mark.parametrize("command", [["validate"], ["query", "hefei-timeline"], ["query", "--list"]])
def test_output_naming_a_directory_is_refused_before_any_work(tmp_path, command):
    before = listing(tmp_path)
    assert_one_error(swio(*command, "-o", tmp_path), f"-o {tmp_path}: is a directory")
    assert_one_error(swio(*command, "-o", ""), "-o : the file name is empty")
    assert listing(tmp_path) == before


@pytest.mark.parametrize("command", [["validate", "--format", "json"], ["query", "hefei-timeline"]])
def test_output_in_a_read_only_place_is_refused(command):
    with read_only_folder() as locked:
        before = listing(locked)
        for target in (locked / "report.txt", locked / "old.txt", locked / "new" / "report.txt"):
            proc = run_swio(*command, "-o", str(target), cwd=locked.parent)
            assert_one_error(proc, f"-o {target}: cannot write in {locked} (permission denied)")
        assert listing(locked) == before


@pytest.mark.parametrize("command", [["validate"], ["query", "hefei-timeline"]])
def test_a_pipe_is_written_to_not_replaced(tmp_path, command):
    """-o naming a named pipe (as /dev/stdout or /dev/null would be): written through, never
    replaced by a regular file. (A FIFO in tmp_path, not a real device: a swio without this care,
    run as root, would replace the device.)"""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = swio(*command, "-o", fifo)
    reader.join(timeout=60)
    if reader.is_alive():  # nobody opened the pipe for writing: unblock the reader
        with open(fifo, "wb"):
            pass
        reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0] and received[0].decode("utf-8").strip()
    assert listing(tmp_path).keys() == {"pipe"}


def test_a_write_that_fails_midway_leaves_the_old_file_whole(tmp_path):
    """RLIMIT_FSIZE makes the kernel refuse writes past 1000 bytes (as a full disk would) while the
    answer, ~3 kB, is being written: the previous file stays, no temp file is left."""
    target = tmp_path / "answer.txt"
    target.write_text("the previous answer\n")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    proc = subprocess.run(
        [sys.executable, "-m", "swio.cli", "query", "figures-with-sources", "-o", str(target)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=120,
    )
    assert_one_error(proc, f"-o {target}: File too large; nothing was written")
    assert listing(tmp_path) == {"answer.txt": b"the previous answer\n"}


QUESTIONS_LINE = f"({len(catalog())} questions)\n"  # the last line of `swio query --list`


def test_a_write_killed_midway_leaves_the_old_file_and_the_next_write_cleans_up(tmp_path):
    """kill -9 in the middle of the write every -o goes through: the old file stays whole; the
    killed writer's temp file names it, and the next write to the same file removes it."""
    target = tmp_path / "answer.txt"
    target.write_text("the previous answer\n")
    code = (
        "import os\nfrom swio.atomic_files import write_atomic\n"
        "def chunks():\n    yield 'half of a new answer'\n    os.kill(os.getpid(), 9)\n"
        f"write_atomic({str(target)!r}, chunks())\n"
    )
    killed = subprocess.run([sys.executable, "-c", code], timeout=60)
    assert killed.returncode == -9
    assert target.read_text() == "the previous answer\n"
    left = [p for p in tmp_path.iterdir() if p != target]
    assert len(left) == 1 and left[0].name.startswith(".answer.txt.writing-")
    assert swio("query", "--list", "-o", target).exit_code == 0
    assert list(tmp_path.iterdir()) == [target] and target.read_text().endswith(QUESTIONS_LINE)


def test_output_through_a_symlink_writes_the_file_it_points_to(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert swio("query", "--list", "-o", link).exit_code == 0
    assert link.is_symlink() and real.read_text().endswith(QUESTIONS_LINE)
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)  # the file keeps its permissions


# -- swio build: --out and SOURCE_DATE_EPOCH --------------------------------------------------------


@pytest.mark.parametrize("out, words", [("", ["--out is empty"]), (".", ["--out .", "current directory"])])
def test_build_out_empty_or_dot(tmp_path, monkeypatch, out, words):
    monkeypatch.chdir(tmp_path)  # never the repository: a swio without the check would replace "."
    (tmp_path / "keep.txt").write_text("mine")
    assert_one_error(swio("build", "--out", out), *words)
    assert listing(tmp_path) == {"keep.txt": b"mine"}


@pytest.mark.parametrize("epoch", ["abc", "-5", "1e9", "1.5", "99999999999999", " "])
def test_source_date_epoch_that_is_not_a_number(tmp_path, epoch):
    out = tmp_path / "dist"
    line = assert_one_error(swio("build", "--out", out, env={"SOURCE_DATE_EPOCH": epoch}), "SOURCE_DATE_EPOCH=")
    assert "is not a number of seconds since 1970-01-01" in line
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_source_date_epoch_pins_the_date(tmp_path):
    out = tmp_path / "dist"
    assert swio("build", "--out", out, env={"SOURCE_DATE_EPOCH": "1700000000"}).exit_code == 0
    assert '"2023-11-14"^^xsd:date' in (out / "void.ttl").read_text()


# -- swio query: parameters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, what",
    [
        ("合肥\n", "a control character (U+000A)"),
        ("a\tb", "a control character (U+0009)"),
        ("\x1b[31mred", "a control character (U+001B)"),
        ("a\u2028b", "a line separator (U+2028)"),
        ("\udcff", "a byte that is not UTF-8 (byte 0xFF)"),
    ],
)
def test_a_control_character_in_a_parameter_names_the_parameter(value, what):
    line = assert_one_error(
        swio("query", "leaders-with-official-posts", "--param", f"city={value}"), "--param city: the value holds", what
    )
    assert "syntax error" not in line


@pytest.mark.parametrize(
    "args, words",
    [
        (["--param", "case=٣"], ["'٣' is not an integer (--param case)"]),
        (["--param", "case=" + "9" * 30], ["is out of range (--param case"]),
        (["--param", "case=1", "--param", "case=2"], ["--param case is given twice"]),
        (["--param", "=1"], ["--param expects NAME=VALUE"]),
    ],
)
def test_bad_parameter_values_name_the_parameter(args, words):
    assert_one_error(swio("query", "figures-with-sources", *args), *words)


def test_a_large_integer_within_range_is_accepted():
    assert swio("query", "figures-with-sources", "--param", f"case={2**63 - 1}").exit_code == 0


# -- swio query FILE.rq: only SELECT and ASK (item 8, first half) ---------------------------------

UPDATES = {
    "drop-all.rq": "DROP ALL\n",
    "lowercase.rq": "# tidy up\nprefix ex: <http://example.org/>\ndrop silent graph ex:g\n",
    "insert.rq": "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }\n",
    "with.rq": "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }\n",
    "unicode-prefix.rq": "PREFIX 组织: <http://example.org/>\nCLEAR GRAPH 组织:g\n",
}


@pytest.mark.parametrize("name", sorted(UPDATES))
def test_an_update_is_refused_as_an_update_on_the_embedded_store(tmp_path, name):
    path = tmp_path / name
    path.write_text(UPDATES[name], encoding="utf-8")
    line = assert_one_error(swio("query", path), f"{path.stem}: is a SPARQL Update", "only SELECT and ASK")
    assert "syntax error" not in line


@pytest.mark.parametrize(
    "text, form",
    [("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"), ("DESCRIBE <https://w3id.org/swio/def>", "DESCRIBE")],
)
def test_construct_and_describe_are_refused_with_a_clear_message(tmp_path, text, form):
    path = tmp_path / "graph.rq"
    path.write_text(text, encoding="utf-8")
    assert_one_error(swio("query", path), f"graph: is a {form} query", "only SELECT and ASK")


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX 组织: <https://w3id.org/swio/def#>\nASK { ?x a 组织:SocialWorkAssociation }\n",
        "\ufeffASK { ?s ?p ?o }\n",
    ],
)
def test_select_and_ask_still_run_with_a_unicode_prefix_or_a_byte_order_mark(tmp_path, text):
    path = tmp_path / "ok.rq"
    path.write_text(text, encoding="utf-8")
    result = swio("query", path, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == "answer\nyes\n"  # a boolean shown in the answer's words (JSON keeps true)


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", ["empty: not a SELECT or ASK query (it is empty)"]),
        (b"\x00\x01", ["a binary file"]),
        (b"\xff\xfeSELECT", ["not UTF-8 text"]),
    ],
)
def test_query_files_that_are_not_queries(tmp_path, content, words):
    path = tmp_path / "empty.rq"
    path.write_bytes(content)
    assert_one_error(swio("query", path), *words)
    assert_one_error(swio("query", tmp_path), f"{tmp_path}: is a directory")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with oxigraph(tmp_path_factory.mktemp("oxigraph") / "db") as server:
        response = requests.post(
            server.update, data={"update": "INSERT DATA { GRAPH <urn:victim> { <urn:a> <urn:b> <urn:c> } }"}, timeout=30
        )
        assert response.status_code in (200, 204)
        yield server


def count(server) -> int:
    response = requests.get(
        server.query,
        params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "text/csv"},
        timeout=30,
    )
    return int(response.text.split()[1])


@pytest.mark.server
@pytest.mark.parametrize("name", ["drop-all.rq", "with.rq"])
def test_an_update_is_never_sent_to_an_endpoint(tmp_path, store, name):
    """A real Oxigraph server holds one triple; DROP ALL sent to its update and query endpoints is
    refused before any request, and the triple is still there."""
    path = tmp_path / name
    path.write_text(UPDATES[name], encoding="utf-8")
    assert count(store) == 1
    for endpoint in (store.update, store.query):
        assert_one_error(swio("query", path, "--endpoint", endpoint, "--timeout", "10"), "is a SPARQL Update")
    assert count(store) == 1


# -- the top level: usage errors, a closed pipe, system errors ------------------------------------


@pytest.mark.parametrize(
    "args, words",
    [
        (["synth", "--scale", "1e6", "--out", "x"], ["Invalid value for '--scale'", "(see '"]),
        (["synth"], ["Missing option '--out'"]),
        (["frobnicate"], ["No such command 'frobnicate'"]),
        (["--frobnicate"], ["No such option '--frobnicate'"]),
        (["validate", "--lang", "fr"], ["Invalid value for '--lang'"]),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args, words):
    assert_one_error(swio(*args), *words)


def test_a_reader_that_goes_away_is_not_an_error_message():
    """``swio query … | head -1``: the pipe closes before swio writes; no traceback, exit 141."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "swio.cli", "query", "figures-with-sources"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 141 and err == b""


def test_a_system_error_is_one_line():
    assert_one_error(swio("build", "--out", "/proc/swio-release"), "--out /proc/swio-release: cannot create a folder")
    assert_one_error(swio("synth", "--out", "/proc/swio-synth"), "/proc/swio-synth")


def test_unreadable_input_is_one_line(tmp_path):
    with read_only_folder() as locked:
        query = locked.parent / "secret.rq"
        query.write_text("ASK {}")
        os.chmod(query, 0)
        proc = run_swio("query", str(query), cwd=locked.parent)
        assert_one_error(proc, f"{query}: cannot read query: Permission denied")
