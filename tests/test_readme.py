"""The ``$`` examples of the README and the manual, run as a reader runs them, so they stay true.

Every fenced block in README.md and in the manual's pages (``docs/*.md``, in the order of
``mkdocs.yml``'s nav) with lines that start with ``$ `` is an example, found automatically (a new
section's examples are checked too). How an example is run:

* In bash, from the repository root, with the virtualenv's ``bin`` first on ``PATH`` (as after
  ``source .venv/bin/activate``); one bash per example, so ``$ echo $?`` shows the exit code of
  the command before it. Standard error is merged into standard output in the order written.
* The expected output of a command is the lines after it up to the next ``$`` line. Before
  comparing, both sides are normalised: durations (``0.18 s``) and runs of 12 or more hexadecimal
  digits (checksums, random names) are masked, trailing spaces dropped; a line holding only ``…``
  stands for any number of lines.
* ``$ oxigraph serve --location DIR --bind 127.0.0.1:PORT [--union-default-graph] &`` starts a
  real Oxigraph server (``tests/support/servers.py``), once per distinct command for the whole run, on a
  free port with its own database; ``PORT`` in the commands is mapped to it, and back in the output.
  ``$ swio serve --port PORT [PATH ...] &`` likewise starts the real ``swio serve``; its expected
  output is the line it prints once it answers (Oxigraph's log is not compared).
  Examples run in order (the README, then the manual's pages) and share these servers, as a reader
  following along would.
* Paths under ``/tmp/`` are redirected to a private folder and mapped back in the output; files an
  example creates in the repository (``dist``) are removed afterwards if they were not there before.
* An example that cannot run in a test (it needs Virtuoso, a network, minutes) is marked with an
  HTML comment on the line before its fence: ``<!-- not-run: the reason -->``. The reason is required.

The README's Quick start is checked apart: exactly two commands; the second is what ``.ci/run`` runs;
the first, run in a copy of the tracked files (``git ls-files``) with no virtualenv on ``PATH``, makes
its own, installs from PyPI (marker ``network``) and prints what ``swio query model-comparison`` prints.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .support.helpers import REPO
from .support.servers import Oxigraph, SwioServe, start_oxigraph, start_swio_serve

README = REPO / "README.md"
MKDOCS = REPO / "mkdocs.yml"


def documents() -> list[Path]:
    """The README, then the manual's pages in the order of mkdocs.yml's nav (pages outside the nav last)."""
    nav = re.findall(r"^\s*-\s*[^:\n]+:\s*(\S+\.md)\s*$", MKDOCS.read_text(encoding="utf-8"), re.M)
    pages = [REPO / "docs" / name for name in nav]
    rest = sorted(set((REPO / "docs").glob("*.md")) - set(pages))
    return [README, *pages, *rest]


DOCUMENTS = documents()
BIN = Path(sys.executable).parent
SECONDS_PER_EXAMPLE = 300
_NOT_RUN = re.compile(r"<!--\s*not-run:\s*(.*?)\s*-->")
_FENCE = re.compile(r"^(```+|~~~+)(.*)$")
_MARKER = "@@swio-readme-example-{}@@"


@dataclass
class Command:
    line: int  # 1-based line in its document
    text: str
    expected: list[str] = field(default_factory=list)
    file: str = "README.md"  # the document, relative to the repository

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def background(self) -> bool:
        return self.text.rstrip().endswith("&")


@dataclass
class Example:
    name: str
    line: int
    commands: list[Command]
    not_run: str | None = None
    file: str = "README.md"


def examples(text: str | None = None, file: str = "README.md") -> list[Example]:
    """Every ``$`` example in a document (default: the README), in order, named by its section."""
    lines = ((REPO / file).read_text(encoding="utf-8") if text is None else text).splitlines()
    found: list[Example] = []
    heading = file
    per_heading: dict[str, int] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        fence = _FENCE.match(line)
        if not fence:
            i += 1
            continue
        start, close = i, fence.group(1)
        i += 1
        body: list[tuple[int, str]] = []
        while i < len(lines) and not lines[i].startswith(close):
            body.append((i + 1, lines[i]))
            i += 1
        i += 1
        commands: list[Command] = []
        for number, text_line in body:
            if text_line.startswith("$ "):
                commands.append(Command(number, text_line[2:], file=file))
            elif commands:
                commands[-1].expected.append(text_line)
        if not commands:
            continue
        before = start - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        marker = _NOT_RUN.search(lines[before]) if before >= 0 else None
        per_heading[heading] = per_heading.get(heading, 0) + 1
        prefix = "" if file == "README.md" else f"{Path(file).stem}: "
        found.append(
            Example(
                f"{prefix}{heading} #{per_heading[heading]}",
                start + 1,
                commands,
                marker.group(1) if marker else None,
                file,
            )
        )
    return found


EXAMPLES = [e for doc in DOCUMENTS for e in examples(file=str(doc.relative_to(REPO)))]


# -- normalising and comparing ---------------------------------------------------------------

_DURATION = re.compile(r"(?<![\w.])\d+(?:\.\d+)? s\b")
_DIGEST = re.compile(r"\b[0-9a-f]{12,}\b")  # checksums, random staging-graph names


def normalise(lines: list[str]) -> list[str]:
    out = [_DIGEST.sub("<hex>", _DURATION.sub("<t> s", line.rstrip())) for line in lines]
    while out and not out[-1]:
        out.pop()
    while out and not out[0]:
        out.pop(0)
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; an expected line ``…`` (or ``...``) matches any number of lines."""
    if not expected:
        return not actual
    if expected[0].strip() in ("…", "..."):
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


# -- servers and paths -------------------------------------------------------------------------


class Session:
    """What the examples share: a scratch folder standing for /tmp, the servers they start."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.servers: dict[str, Oxigraph | SwioServe] = {}  # the README's serve command -> the running server
        self.ports: dict[int, int] = {}  # README port -> real port

    def start(self, command: Command) -> None:
        words = shlex.split(command.text.rstrip().rstrip("&"), comments=True)
        key = " ".join(words)
        if key in self.servers:
            return
        if words[:2] == ["swio", "serve"]:
            self.start_swio_serve(command, key, words[2:])
            return
        if words[:1] != ["oxigraph"] or words[1:2] not in (["serve"], ["serve-read-only"]):
            pytest.fail(
                f"{command.where}: the README test cannot run the background command "
                f"{command.text!r}; mark the example <!-- not-run: reason --> or teach tests/test_readme.py"
            )
        options = {"union": False, "read_only": words[1] == "serve-read-only"}
        port = None
        rest = words[2:]
        while rest:
            word = rest.pop(0)
            if word == "--union-default-graph":
                options["union"] = True
            elif word in ("--location", "-l") and rest:
                rest.pop(0)  # the README's folder; the test server gets its own
            elif word == "--bind" and rest:
                port = int(rest.pop(0).rsplit(":", 1)[1])
            else:
                pytest.fail(f"{command.where}: the README test does not know oxigraph's {word!r}")
        if port is None:
            pytest.fail(f"{command.where}: give the server an explicit --bind 127.0.0.1:PORT")
        server = start_oxigraph(self.scratch / f"oxigraph-{port}-{len(self.servers)}" / "db", **options)
        self.servers[key] = server
        self.ports[port] = server.port

    def start_swio_serve(self, command: Command, key: str, words: list[str]) -> None:
        """``swio serve [--port N] [PATH ...] &``: the real command on a free port standing for N."""
        if "--port" not in words or words.index("--port") + 1 >= len(words):
            pytest.fail(f"{command.where}: give swio serve an explicit --port")
        at = words.index("--port")
        port = int(words[at + 1])
        rest = words[:at] + words[at + 2 :]
        if "--host" in rest:
            pytest.fail(f"{command.where}: the README test runs swio serve on 127.0.0.1 only")
        server = start_swio_serve(self.scratch / f"swio-serve-{port}.log", *rest)
        self.servers[key] = server
        self.ports[port] = server.port

    def banner(self, command: Command) -> str:
        """What a background command printed when it started: swio serve's line (oxigraph's log is not shown)."""
        server = self.servers.get(" ".join(shlex.split(command.text.rstrip().rstrip("&"), comments=True)))
        return server.banner if isinstance(server, SwioServe) else ""

    def command(self, text: str) -> str:
        text = text.replace("/tmp/", f"{self.scratch}/")
        for readme_port, real in self.ports.items():
            text = re.sub(rf"\b(127\.0\.0\.1|localhost):{readme_port}\b", rf"\g<1>:{real}", text)
        return text

    def output(self, text: str) -> str:
        text = text.replace(f"{self.scratch}/", "/tmp/")
        for readme_port, real in self.ports.items():
            text = re.sub(rf"\b(127\.0\.0\.1|localhost):{real}\b", rf"\g<1>:{readme_port}", text)
        return text

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    if not (BIN / "swio").exists():
        pytest.fail(f"{BIN}/swio is missing: run the tests with the virtualenv's python (pip install -e '.[test]')")
    before = set(os.listdir(REPO))
    shared = Session(tmp_path_factory.mktemp("readme-tmp"))
    # every server the README starts, so an example may use one started in an earlier section
    for example in EXAMPLES:
        for command in example.commands:
            if command.background and not example.not_run:
                shared.start(command)
    try:
        yield shared
    finally:
        shared.stop()
        for name in set(os.listdir(REPO)) - before:  # what the examples created here (swio build --out dist)
            path = REPO / name
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()


def run(example: Example, session: Session) -> list[list[str]]:
    """The output of each command of the example, run in one bash."""
    script = ["set +e", f"cd {shlex.quote(str(REPO))}", "__swio_rc=0"]
    for n, command in enumerate(example.commands):
        script.append(f"__swio_rc=$?; printf '\\n%s\\n' {shlex.quote(_MARKER.format(n))}; (exit $__swio_rc)")
        if command.background:  # started by the session, once
            script.append(f"printf '%s' {shlex.quote(session.banner(command))}")
            continue
        script += ["{", session.command(command.text), "} 2>&1"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWIO_") and k != "SOURCE_DATE_EPOCH"}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
        PYTHONIOENCODING="utf-8",
        VIRTUAL_ENV=str(BIN.parent),
    )
    proc = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        timeout=SECONDS_PER_EXAMPLE,
        cwd=REPO,
    )
    text = session.output(proc.stdout.decode("utf-8", "replace"))
    outputs: list[list[str]] = []
    for n in range(len(example.commands)):
        start = text.index(_MARKER.format(n)) + len(_MARKER.format(n))
        end = text.find(_MARKER.format(n + 1))
        outputs.append(text[start : end if end != -1 else len(text)].splitlines())
    return outputs


# -- the tests ---------------------------------------------------------------------------------------


def test_the_readme_has_examples_and_every_skipped_one_says_why():
    assert len(EXAMPLES) >= 5
    assert len({e.name for e in EXAMPLES}) == len(EXAMPLES)
    for example in EXAMPLES:
        assert example.not_run is None or example.not_run.strip(), f"{example.name}: not-run needs a reason"


@pytest.mark.server
@pytest.mark.parametrize("example", [e for e in EXAMPLES if not e.not_run], ids=lambda e: e.name)
def test_readme_example(example, session):
    outputs = run(example, session)
    problems = []
    for command, actual in zip(example.commands, outputs):
        want, got = normalise(command.expected), normalise(actual)
        if not matches(want, got):
            diff = "\n".join(difflib.unified_diff(want, got, command.file, "actual", lineterm="", n=2))
            problems.append(f"{command.where}: $ {command.text}\n{diff}")
    assert not problems, (
        f"the example {example.name!r} ({example.file}:{example.line}) is not what the "
        f"commands print:\n\n" + "\n\n".join(problems)
    )


def test_the_python_examples_import_what_exists():
    """Every ``import``/``from`` line of the python blocks (README and manual) names a module and names that exist."""
    text = "\n".join(doc.read_text(encoding="utf-8") for doc in DOCUMENTS)
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    imports = [
        line.strip()
        for block in blocks
        for line in block.splitlines()
        if re.match(r"\s*(from \S+ import|import) ", line)
    ]
    assert imports
    for line in imports:
        code = line.split("#", 1)[0].strip()
        m = re.fullmatch(r"from (\S+) import (.+)", code)
        if m:
            module = importlib.import_module(m.group(1))
            for name in (n.strip().split(" as ")[0] for n in m.group(2).split(",")):
                assert hasattr(module, name) or importlib.util.find_spec(f"{m.group(1)}.{name}"), line
        else:
            importlib.import_module(code.split()[1].split(",")[0])


# -- the quick start: two commands ---------------------------------------------------------------------


def quick_start() -> list[str]:
    """The commands of the README's Quick start: the lines of the one fenced block in that section."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Quick start\n(.*?)(?=^## )", text, re.S | re.M)
    assert section, "README.md has no '## Quick start' section"
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", section.group(1), re.S | re.M)
    assert len(blocks) == 1, f"the Quick start has {len(blocks)} code blocks, not one"
    return [line for line in blocks[0].splitlines() if line.strip()]


def test_the_quick_start_is_two_commands_and_the_second_is_what_ci_runs():
    commands = quick_start()
    assert len(commands) == 2, commands
    setup, tests = commands
    assert setup.startswith("python3 -m venv .venv && ") and setup.endswith("swio query model-comparison")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    runs = re.search(r"^exec (.+?)(?: -p no:cacheprovider)?$", ci, re.M)
    assert runs and runs.group(1) == tests, f".ci/run runs {runs and runs.group(1)!r}, the README says {tests!r}"


#: pip from PyPI into a new virtualenv (with pip's own cache, warm after the test extras were installed)
SETUP_SECONDS = 600


@pytest.mark.network
def test_the_first_quick_start_command_sets_up_a_fresh_copy_and_answers_the_headline_question(tmp_path):
    """In a copy of the tracked files only (what a clone holds), with no virtualenv on PATH, the first
    command makes its own, installs the package and prints what ``swio query model-comparison`` prints."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached"], cwd=REPO, capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    clone = tmp_path / "swio"
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():  # not a file deleted in the working tree
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    assert not (clone / ".venv").exists()
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if Path(p) != BIN)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWIO_") and k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(PATH=path, PYTHONIOENCODING="utf-8")
    proc = subprocess.run(
        ["bash", "-c", quick_start()[0]],
        cwd=clone,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        timeout=SETUP_SECONDS,
    )
    out = proc.stdout.decode("utf-8", "replace")
    assert proc.returncode == 0, out[-3000:] + proc.stderr.decode("utf-8", "replace")[-3000:]
    assert (clone / ".venv" / "bin" / "swio").is_file()
    answer = subprocess.run(
        [str(BIN / "swio"), "query", "model-comparison"], capture_output=True, check=True, timeout=120, env=env
    ).stdout.decode("utf-8")
    assert answer.count("\n") > 5
    assert out.endswith(answer), f"the first command printed:\n{out[-3000:]}"
    validated = out[: -len(answer)].splitlines()
    assert validated and validated[-1].startswith("conforms: 0 violations"), validated[-3:]


# -- the harness itself -------------------------------------------------------------------------------


def test_the_harness_finds_examples_markers_and_wildcards():
    text = (
        "# A\n\n```text\n$ echo hi\nhi\n$ echo $?\n0\n```\n\n## B\n<!-- not-run: needs Virtuoso -->\n\n"
        "```console\n$ virtuoso-t\n```\n\n```sh\nno dollar here\n```\n"
    )
    found = examples(text)
    assert [(e.name, e.not_run, [c.text for c in e.commands]) for e in found] == [
        ("A #1", None, ["echo hi", "echo $?"]),
        ("B #1", "needs Virtuoso", ["virtuoso-t"]),
    ]
    assert found[0].commands[0].expected == ["hi"]
    assert matches(["a", "…", "z"], ["a", "b", "c", "z"]) and not matches(["a", "…", "z"], ["a", "b"])
    assert normalise(["done in 0.18 s", "5260285d882d  dist/x"]) == ["done in <t> s", "<hex>  dist/x"]


def test_every_test_named_in_what_survives_what_exists():
    """The guarantees table names the tests that prove each row; a renamed or deleted test fails here."""
    section = (REPO / "docs" / "what-survives-what.md").read_text(encoding="utf-8")
    rows = [line for line in section.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) >= 15
    for row in rows:
        cell = row.rstrip(" |").rsplit(" | ", 1)[1]
        current = None
        named = 0
        for token in re.findall(r"`([^`]+)`", cell):
            file, _, test = token.rpartition("::")
            if token.endswith(".py:") or token.endswith(".py"):
                current = token.rstrip(":")
                continue
            if file:
                current = file
            assert current, f"{row[:60]}…: {token} names no test file"
            source = (REPO / "tests" / current).read_text(encoding="utf-8")
            assert re.search(rf"^def {re.escape(test)}\(", source, re.M), f"{current} has no test {test}"
            named += 1
        assert named, f"a row of 'What survives what' names no test: {row[:80]}"


# -- the manual as a site ------------------------------------------------------------------------------


def test_the_manual_builds_in_strict_mode(tmp_path):
    """``mkdocs build --strict``: every page in the nav, no broken link or anchor, nothing left out."""
    mkdocs = BIN / "mkdocs"
    if not mkdocs.exists():
        pytest.fail(f"{mkdocs} is missing: install the test extras (pip install -e '.[test]'), which include MkDocs")
    proc = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    output = proc.stdout.decode("utf-8", "replace")
    assert proc.returncode == 0, output
    assert (tmp_path / "site" / "index.html").is_file()
    for page in (p for p in DOCUMENTS[1:] if p.stem != "index"):
        assert (tmp_path / "site" / page.stem / "index.html").is_file(), f"{page.name} is not in the built manual"
