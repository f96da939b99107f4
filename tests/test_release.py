"""`swio build`: reproducible, self-describing, round-tripping, atomic, refuses invalid graphs."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from swio import __version__
from swio.cli import main
from swio.errors import InputError
from swio.input import terms
from swio.input.dataset import Dataset
from swio.namespaces import DATASET_IRI, ONTOLOGY_IRI
from swio.publish import release

from .support.helpers import FIXTURES

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
FORMATS = {
    ".ttl": ("turtle", ox.RdfFormat.TURTLE),
    ".nt": ("nt", ox.RdfFormat.N_TRIPLES),
    ".jsonld": ("json-ld", ox.RdfFormat.JSON_LD),
    ".rdf": ("xml", ox.RdfFormat.RDF_XML),
}


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "dist"
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def merged():
    return Dataset.load().to_rdflib()


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_release_contents(dist):
    names = set(tree(dist))
    for name in (
        f"swio-{__version__}.ttl",
        f"swio-{__version__}.nt",
        f"swio-{__version__}.jsonld",
        f"swio-{__version__}.rdf",
        f"swio-{__version__}.trig",
        f"swio-ontology-{__version__}.ttl",
        f"swio-shapes-{__version__}.ttl",
        "context.jsonld",
        "void.ttl",
        "SHA256SUMS",
        "answers/en/model-comparison.csv",
        "answers/zh/model-comparison.csv",
        "LICENSE-DATA",
    ):
        assert name in names
    # the licence the release's metadata names (CC BY 4.0), in full beside the data it covers
    licence = (dist / "LICENSE-DATA").read_text(encoding="utf-8")
    assert "Attribution 4.0 International" in licence and "creativecommons.org/licenses/by/4.0" in (
        dist / "void.ttl"
    ).read_text(encoding="utf-8")


def test_two_builds_are_byte_identical_whatever_the_hash_seed(dist, tmp_path):
    other = tmp_path / "again"
    env = dict(os.environ, PYTHONHASHSEED="4242")
    subprocess.run(
        [sys.executable, "-m", "swio.cli", "build", "--out", str(other)], check=True, env=env, capture_output=True
    )
    assert tree(other) == tree(dist)


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_each_distribution_parses_back_with_rdflib_and_pyoxigraph(dist, merged, suffix):
    path = dist / f"swio-{__version__}{suffix}"
    rdflib_fmt, ox_fmt = FORMATS[suffix]
    assert isomorphic(rdflib.Graph().parse(path, format=rdflib_fmt), merged)
    quads = list(ox.parse(path=str(path), format=ox_fmt))
    ox_graph = rdflib.Graph().parse(
        data=ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES), format="nt"
    )
    assert isomorphic(ox_graph, merged)


def test_trig_keeps_ontology_and_data_in_their_own_graphs(dist):
    ds = rdflib.Dataset()
    ds.parse(dist / f"swio-{__version__}.trig", format="trig")
    sizes = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
    loaded = Dataset.load()
    assert sizes == {
        ONTOLOGY_IRI: sum(f.triples for f in loaded.files if f.schema),
        DATASET_IRI: sum(f.triples for f in loaded.files if not f.schema),
    }
    quads = list(ox.parse(path=str(dist / f"swio-{__version__}.trig"), format=ox.RdfFormat.TRIG))
    assert len(quads) == sum(sizes.values())


def test_the_dcat_record_cites_the_original_article_and_its_repost(dist, merged):
    void = rdflib.Graph().parse(dist / "void.ttl")
    article = void.value(rdflib.URIRef(DATASET_IRI), DCT.source)
    citations = {c.language: str(c) for c in void.objects(article, DCT.bibliographicCitation)}
    assert set(citations) == {"zh", "en"}
    assert citations["zh"].startswith("《社工行业组织的合肥模式》，公益时报，2013 年。转载于清流社工网，2013-09-25")
    assert "China Philanthropy Times (公益时报), 2013. Reposted on Qingliu Social Work Net" in citations["en"]
    repost = void.value(rdflib.URIRef(DATASET_IRI), rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    assert (repost, rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), article) in void
    assert str(void.value(repost, DCT.issued)) == "2013-09-25T09:06:00+08:00"
    publisher = void.value(article, DCT.publisher)
    assert {str(l) for l in void.objects(publisher, rdflib.RDFS.label)} == {"公益时报", "China Philanthropy Times"}
    # what void.ttl says of the sources is what the graph says
    for s, p, o in void.triples((article, None, None)):
        assert (s, p, o) in merged


def test_ontology_alone_is_the_ontology_and_vocabularies(dist):
    g = rdflib.Graph().parse(dist / f"swio-ontology-{__version__}.ttl")
    assert (rdflib.URIRef(ONTOLOGY_IRI), rdflib.OWL.versionInfo, rdflib.Literal(__version__)) in g
    assert not list(g.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/swio/def#SocialWorkAssociation")))


def test_void_and_dcat_figures_are_correct(dist, merged):
    void = rdflib.Graph().parse(dist / "void.ttl")
    ds = rdflib.URIRef(DATASET_IRI)
    value = lambda p: void.value(ds, p).toPython()  # noqa: E731
    assert value(VOID.triples) == len(merged)
    assert value(VOID.classes) == len(set(merged.objects(None, rdflib.RDF.type)))
    assert value(VOID.properties) == len(set(merged.predicates()))
    assert value(VOID.distinctSubjects) == len(set(merged.subjects()))
    assert value(VOID.distinctObjects) == len(set(merged.objects()))
    assert value(VOID.entities) == len({s for s in merged.subjects() if str(s).startswith("https://w3id.org/swio/id/")})
    assert str(void.value(ds, rdflib.OWL.versionInfo)) == __version__
    assert str(void.value(ds, DCT.license)) == "https://creativecommons.org/licenses/by/4.0/"
    assert str(void.value(ds, DCT.source)) == "https://w3id.org/swio/id/source/gongyi-shibao-hefei-moshi"
    assert str(void.value(ds, DCT.issued)) == "2026-11-27"
    distributions = list(void.objects(ds, DCAT.distribution))
    assert len(distributions) == 7
    media = {
        ".ttl": "text/turtle",
        ".nt": "application/n-triples",
        ".jsonld": "application/ld+json",
        ".rdf": "application/rdf+xml",
        ".trig": "application/trig",
    }
    for d in distributions:
        name = str(void.value(d, DCT.title))
        data = (dist / name).read_bytes()
        assert void.value(d, DCAT.byteSize).toPython() == len(data)
        checksum = void.value(d, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert str(void.value(d, DCAT.mediaType)).endswith(media[Path(name).suffix])
        assert void.value(d, DCT.license) == void.value(ds, DCT.license), f"{name}: the dataset's licence"
    graphs = {
        str(void.value(s, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#name"))): void.value(
            s, VOID.triples
        ).toPython()
        for s in void.objects(ds, VOID.subset)
    }
    assert sum(graphs.values()) == len(merged)


def test_sha256sums_list_every_other_file(dist):
    lines = (dist / "SHA256SUMS").read_text().splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    files = tree(dist)
    files.pop("SHA256SUMS")
    assert listed == {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def test_jsonld_reads_naturally_with_the_published_context(dist):
    doc = json.loads((dist / f"swio-{__version__}.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == json.loads((dist / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    node = next(n for n in doc["@graph"] if n["@id"] == "body:hefei-shi-shehui-gongzuo-xiehui")
    assert node["label"] == {"en": "Hefei Social Work Association", "zh": "合肥市社会工作协会"}
    assert node["basedIn"] == "place:hefei-shi"


def test_answers_are_the_canned_questions_as_csv(dist):
    out = CliRunner().invoke(main, ["query", "model-comparison", "--format", "csv", "--lang", "zh"]).stdout
    assert (dist / "answers" / "zh" / "model-comparison.csv").read_text(encoding="utf-8") == out


def test_release_date_can_be_pinned(tmp_path):
    out = tmp_path / "dist"
    assert CliRunner().invoke(main, ["build", "--out", str(out), "--date", "2027-01-02"]).exit_code == 0
    assert '"2027-01-02"^^xsd:date' in (out / "void.ttl").read_text()
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--date", "soon"])
    assert result.exit_code == 2 and "--date 'soon' is not a date" in result.stderr


def test_invalid_graph_is_not_published_and_the_old_release_stays(dist, tmp_path):
    out = tmp_path / "dist"
    assert CliRunner().invoke(main, ["build", "--out", str(out)]).exit_code == 0
    before = tree(out)
    result = CliRunner().invoke(main, ["build", str(FIXTURES / "bad" / "violations.ttl"), "--out", str(out)])
    assert result.exit_code == 1
    assert "SHACL violation(s); nothing was built" in result.stderr and "Traceback" not in result.stderr
    assert tree(out) == before


def test_a_build_that_fails_midway_leaves_the_previous_release(dist, tmp_path, monkeypatch):
    out = tmp_path / "dist"
    assert CliRunner().invoke(main, ["build", "--out", str(out)]).exit_code == 0
    before = tree(out)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(release, "_void", broken)
    with pytest.raises(InputError, match="No space left on device; nothing was published"):
        release.build(out)
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]


# -- what a build may replace (issue 10, item 1) ---------------------------------------------------


def everything(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``, hidden ones and symlinks included, with its content."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        found[rel] = f"-> {os.readlink(path)}" if path.is_symlink() else path.read_bytes() if path.is_file() else "dir"
    return found


def build_cli(*args, cwd=None):
    if cwd is None:
        return CliRunner().invoke(main, ["build", *map(str, args)])
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["build", *map(str, args)])
    finally:
        os.chdir(old)


def assert_refused(result, *words):
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("swio: error: ") and "Traceback" not in result.output, lines
    for word in words:
        assert word in lines[0]
    assert result.stdout == ""


def test_a_folder_that_is_not_a_release_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "photos"
    (out / "2024").mkdir(parents=True)
    (out / "2024" / "cat.jpg").write_bytes(b"\xff\xd8 a cat")
    (out / "notes.txt").write_text("mine")
    before = everything(tmp_path)
    assert_refused(build_cli("--out", out), f"--out {out}", "not a swio release", "no SHA256SUMS")
    assert everything(tmp_path) == before  # nothing deleted, nothing added (no staging folder either)


def test_an_existing_file_and_a_symlink_are_refused(tmp_path, dist):
    plain = tmp_path / "release.tar"
    plain.write_bytes(b"not a folder")
    link = tmp_path / "current"
    link.symlink_to(dist)  # even a link to a real release: --out is replaced whole
    before = everything(tmp_path)
    assert_refused(build_cli("--out", plain), f"--out {plain}", "is a file")
    assert_refused(build_cli("--out", link), f"--out {link}", "symbolic link")
    assert everything(tmp_path) == before


@pytest.mark.parametrize(
    "out, words",
    [
        ("", ["--out is empty"]),
        (".", ["--out .", "the current directory"]),
        ("..", ["--out ..", "a parent of the current directory"]),
        ("{cwd}", ["the current directory"]),
        ("{sources_parent}", ["SWIO sources"]),
    ],
)
def test_the_current_directory_its_parents_and_the_sources_are_refused(tmp_path, monkeypatch, out, words):
    """Everything here lives under tmp_path: the sources are a stand-in folder (resources.ROOT is
    pointed at it), so even a swio that does not check (today's main did not) cannot reach a real folder."""
    from swio import resources

    work = tmp_path / "work"
    work.mkdir()
    (work / "keep.txt").write_text("mine")
    sources = tmp_path / "checkout" / "swio"
    sources.mkdir(parents=True)
    (sources / "pyproject.toml").write_text("[project]\n")
    monkeypatch.setattr(resources, "ROOT", sources)
    before = everything(tmp_path)
    out = out.format(cwd=work, sources_parent=sources.parent)
    assert_refused(build_cli("--out", out, cwd=work), *words)
    assert everything(tmp_path) == before


def test_a_changed_release_or_one_with_extra_files_is_not_replaced(tmp_path):
    out = tmp_path / "dist"
    assert build_cli("--out", out).exit_code == 0
    (out / "answers" / "my-notes.txt").write_text("mine")
    before = everything(tmp_path)
    assert_refused(build_cli("--out", out), "answers/my-notes.txt, which its SHA256SUMS does not list")
    assert everything(tmp_path) == before
    (out / "answers" / "my-notes.txt").unlink()
    with (out / "void.ttl").open("a") as handle:
        handle.write("# edited by hand\n")
    before = everything(tmp_path)
    assert_refused(build_cli("--out", out), "void.ttl, changed since the release was built")
    assert everything(tmp_path) == before


def test_an_empty_folder_and_a_release_of_an_earlier_swio_are_replaced(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build_cli("--out", empty).exit_code == 0
    assert release.release_problem(empty) is None and (empty / "void.ttl").is_file()
    # an earlier version's release: void.ttl describing the SWIO dataset and SHA256SUMS listing every
    # other file, in the same format, with file names this version does not write
    old = tmp_path / "old"
    (old / "answers").mkdir(parents=True)
    files = {
        "void.ttl": f"<{DATASET_IRI}> a <http://rdfs.org/ns/void#Dataset> .\n".encode(),
        "swio-0.0.9.ttl": b"# the graph as it was\n",
        "answers/retired-question.csv": b"a,b\n",
    }
    for name, data in files.items():
        (old / name).write_bytes(data)
    (old / "SHA256SUMS").write_text(
        "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(files.items()))
    )
    assert release.release_problem(old) is None
    result = build_cli("--out", old)
    assert result.exit_code == 0, result.output
    assert not (old / "swio-0.0.9.ttl").exists() and not (old / "answers" / "retired-question.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "old"]


def test_a_folder_the_user_cannot_write_is_refused(tmp_path):
    from .support.unprivileged import read_only_folder, run_swio

    with read_only_folder() as locked:
        before = everything(locked)
        proc = run_swio("build", "--out", str(locked / "dist"), cwd=locked.parent)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.splitlines() == [
            f"swio: error: --out {locked / 'dist'}: cannot write in {locked} (permission denied)"
        ]
        assert everything(locked) == before


# -- killed, interrupted, concurrent and disk-full builds ------------------------------------------


@pytest.fixture(scope="module")
def big_data(tmp_path_factory):
    """A 100k-triple conforming graph: its build writes for a second or more, long enough to kill it."""
    from swio import synth

    return synth.generate(tmp_path_factory.mktemp("big"), scale=100_000, seed=11).path


def staging_folders(parent: Path) -> list[Path]:
    return sorted(p for p in parent.iterdir() if ".building-" in p.name)


def start_build(out: Path, *data: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "swio.cli", "build", *map(str, data), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop_mid_build(out: Path, data: Path, sig: int) -> tuple[subprocess.Popen, str]:
    """Start a build and send ``sig`` once it has begun writing its staging folder (bounded wait;
    retried if the build finished before the signal could land). Returns the process and its stderr."""
    import time

    for _ in range(3):
        proc = start_build(out, data)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            staged = staging_folders(out.parent)
            if staged and any(staged[0].iterdir()):
                proc.send_signal(sig)
                return proc, proc.communicate(timeout=60)[1]
            time.sleep(0.005)
        proc.kill()
        proc.communicate(timeout=60)
    pytest.fail("the build never got to write its staging folder before it ended")


def test_kill_9_mid_build_keeps_the_old_release_and_the_next_build_cleans_up(tmp_path, big_data):
    import signal

    out = tmp_path / "dist"
    assert build_cli("--out", out).exit_code == 0
    before = tree(out)
    killed, _ = stop_mid_build(out, big_data, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    assert tree(out) == before  # the old release, whole
    left = staging_folders(tmp_path)
    assert len(left) == 1 and str(killed.pid) in left[0].name  # the folder names its builder

    result = build_cli("--out", out)
    assert result.exit_code == 0, result.output
    assert f"swio: removed {left[0]}, left by a build that was killed" in result.stderr
    assert staging_folders(tmp_path) == [] and release.release_problem(out) is None


def test_the_graph_file_writer_dies_with_its_parent(tmp_path):
    """The Turtle/TriG/RDF-XML/JSON-LD files are written by a helper process (swio.publish.graph_files):
    when the build is killed with kill -9, the helper dies with it at once instead of writing on into the
    abandoned staging folder (its own work on 300k triples takes seconds)."""
    import signal
    import time

    (tmp_path / "g.nt").write_bytes(b"".join(b'<urn:s%d> <urn:p> "v%d" .\n' % (i, i) for i in range(300_000)))
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time\n"
                "from pathlib import Path\n"
                "from swio.publish.graph_files import GraphFilesProcess\n"
                "names = {k: k + '.out' for k in ('ontology', 'ttl', 'trig', 'rdf', 'jsonld')}\n"
                f"p = GraphFilesProcess(Path({str(tmp_path)!r}), 'g.nt', names, [], [], {{}}, {{}})\n"
                "print(p.process.pid, flush=True)\n"
                "time.sleep(60)\n"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    child = int(parent.stdout.readline())
    time.sleep(0.3)  # the child has read its job and is at work
    assert Path(f"/proc/{child}").exists() and not (tmp_path / "jsonld.out").exists()
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline and _running(child):
        time.sleep(0.02)
    assert not _running(child), "the graph-file writer kept running after its parent was killed"
    assert not (tmp_path / "jsonld.out").exists()


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_ctrl_c_mid_build_keeps_the_old_release_and_leaves_nothing(tmp_path, big_data):
    import signal

    out = tmp_path / "dist"
    assert build_cli("--out", out).exit_code == 0
    before = tree(out)
    stopped, stderr = stop_mid_build(out, big_data, signal.SIGINT)
    assert stopped.returncode == 130 and stderr == "swio: interrupted\n"
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_two_builds_into_the_same_folder_at_once_leave_one_whole_release(tmp_path):
    out = tmp_path / "dist"
    assert build_cli("--out", out).exit_code == 0
    runs = [start_build(out) for _ in range(3)]
    results = [proc.communicate(timeout=300) for proc in runs]
    assert [proc.returncode for proc in runs] == [0, 0, 0], results
    assert release.release_problem(out) is None
    check = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=out, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_a_disk_that_fills_up_mid_build_keeps_the_old_release(tmp_path):
    """The file-size limit (RLIMIT_FSIZE) makes the kernel refuse a write past 300 kB, as a full
    disk would: the build fails on the N-Triples file, after the Turtle file was written."""
    import resource

    out = tmp_path / "dist"
    assert build_cli("--out", out).exit_code == 0
    before = tree(out)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))

    proc = subprocess.run(
        [sys.executable, "-m", "swio.cli", "build", "--out", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=300,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"swio: error: --out {out}: cannot write the release: File too large; "
        "nothing was published (a previous release there is untouched)"
    ]
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_stale_staging_folders_are_removed_only_when_ours_and_their_builder_is_gone(tmp_path):
    from swio import atomic_files

    target = tmp_path / "dist"
    gone = subprocess.Popen(["true"])
    gone.wait()
    mine = atomic_files.StagingDir.create(target).path  # this process: alive
    dead = Path(str(mine).replace(f"-{os.getpid()}-", f"-{gone.pid}-"))
    dead.mkdir()
    (dead / f"swio-{__version__}.nt").write_text("half")
    other_host = dead.with_name(
        dead.name.replace(atomic_files._HOST, "0" * 8 if atomic_files._HOST != "0" * 8 else "1" * 8)
    )
    other_host.mkdir()
    older_swio = tmp_path / ".dist.building-k3j4h5g6"
    older_swio.mkdir()
    lookalike = tmp_path / ".dist.building-by-hand"
    lookalike.mkdir()
    symlinked = tmp_path / f"{dead.name[:-6]}abcdef"
    symlinked.symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").mkdir()
    leftovers = atomic_files.clean_stale_staging(target)
    assert leftovers.removed == [dead] and not dead.exists()
    assert leftovers.unknown == [older_swio]
    for kept in (mine, other_host, older_swio, lookalike, symlinked, tmp_path / "elsewhere"):
        assert os.path.lexists(kept)


def test_no_site_leaves_out_the_web_site_and_nothing_else(dist, tmp_path):
    out = tmp_path / "data-only"
    result = CliRunner().invoke(main, ["build", "--no-site", "--out", str(out)])
    assert result.exit_code == 0, result.output
    full, lean = tree(dist), tree(out)
    assert any(name.startswith("site/") for name in full)
    assert not any(name.startswith("site/") for name in lean)
    # every other file is the same, byte for byte (SHA256SUMS lists what is there)
    assert {n: d for n, d in full.items() if not n.startswith("site/") and n != "SHA256SUMS"} == {
        n: d for n, d in lean.items() if n != "SHA256SUMS"
    }
    listed = {line.split("  ", 1)[1] for line in (out / "SHA256SUMS").read_text().splitlines()}
    assert listed == set(lean) - {"SHA256SUMS"}
    # and it is still a release: the next build may replace it
    again = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert (out / "site" / "index.html").exists()


def test_a_triple_stated_in_the_ontology_and_in_the_data_is_in_both_graphs_and_once_in_the_merge(tmp_path):
    """Each graph keeps its own triples (TriG), the merged distributions hold every triple once, and the
    VoID counts agree: the ontology part the data repeats is left out of the merge, not the data's."""
    repeated = next(
        t
        for t in ox.parse(path=str(release.resources.SCHEMA_FILES[0]), format=ox.RdfFormat.TURTLE)
        if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.Literal)
    )
    extra = tmp_path / "repeats-the-ontology.ttl"
    extra.write_text(f"{repeated.triple} .\n", encoding="utf-8")
    out = tmp_path / "dist"
    result = CliRunner().invoke(
        main, ["build", str(release.resources.DATA_DIR), str(extra), "--out", str(out), "--no-site"]
    )
    assert result.exit_code == 0, result.output
    loaded = Dataset.load([release.resources.DATA_DIR, extra])
    merged = loaded.to_rdflib()
    for suffix, (rdflib_fmt, _) in FORMATS.items():
        g = rdflib.Graph().parse(out / f"swio-{__version__}{suffix}", format=rdflib_fmt)
        assert isomorphic(g, merged), suffix
    turtle = (out / f"swio-{__version__}.ttl").read_bytes()
    assert sum(1 for _ in ox.parse(turtle, format=ox.RdfFormat.TURTLE)) == len(merged)
    ds = rdflib.Dataset()
    ds.parse(out / f"swio-{__version__}.trig", format="trig")
    triple = tuple(terms.to_rdflib(x) for x in (repeated.subject, repeated.predicate, repeated.object))
    assert all(triple in ds.graph(rdflib.URIRef(g)) for g in (ONTOLOGY_IRI, DATASET_IRI))
    void = rdflib.Graph().parse(out / "void.ttl")
    assert int(void.value(rdflib.URIRef(release.DATASET_IRI), VOID.triples)) == len(merged)
