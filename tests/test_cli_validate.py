"""`swio validate` as a CI pipeline sees it: exit codes, one-line errors, report formats."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import rdflib
from click.testing import CliRunner

from swio.cli import main

from .support.helpers import FIXTURES, REPO

BAD = FIXTURES / "bad"


def defined_on(path, subject: str) -> int:
    """The line a subject's description starts on (what a result's file:line points at)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, start=1) if text.startswith(subject + " "))


def run(*args):
    result = CliRunner().invoke(main, ["validate", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_shipped_graph_validates_with_exit_0_and_a_summary():
    code, out, err = run()
    assert code == 0, out + err
    lines = out.strip().splitlines()
    assert lines[-1].startswith("conforms: 0 violations, 1 warning, 1 info in 7 data files")
    line = defined_on(REPO / "data" / "hefei.ttl", "qty:anhui-zhiye-shuiping-zhengshu-2013-08")
    assert lines[0].startswith(
        f"WARNING data/hefei.ttl:{line}: qty:anhui-zhiye-shuiping-zhengshu-2013-08 path=- "
        "value=965: the stated total 965 differs from the sum of its parts 975"
    )


def test_strict_makes_warnings_fail():
    code, out, _ = run("--strict")
    assert code == 1
    assert out.strip().splitlines()[-1].startswith("does not conform (--strict: warnings count)")


def test_messages_in_chinese():
    code, out, _ = run("--lang", "zh")
    assert code == 0
    assert "原文总数 965 与分项之和 975 不符" in out


def test_violations_exit_1_and_name_file_node_path_and_message():
    code, out, _ = run(BAD / "violations.ttl")
    assert code == 1
    lines = out.splitlines()
    holder = [l for l in lines if "swiosh:PostHolderIsPersonShape" in l]
    # the file's own prefixes (ex:) name its nodes
    assert holder == [
        f"VIOLATION {(BAD / 'violations.ttl').relative_to(REPO)}:"
        f"{defined_on(BAD / 'violations.ttl', 'ex:post')}: ex:post path=- value=ex:bureau: "
        "the holder ex:bureau of this post is not a person (foaf:Person) "
        "[swiosh:PostHolderIsPersonShape SPARQLConstraintComponent]"
    ]
    assert any("path=org:postIn" in l and "MinCountConstraintComponent" in l for l in lines)
    assert any("path=org:role" in l for l in lines)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("syntax-error.ttl", "syntax-error.ttl:3:11: not valid Turtle: Unexpected end of file"),
        ("undefined-prefix.ttl", "undefined-prefix.ttl:3:6: not valid Turtle: The prefix foo: has not been declared"),
        ("empty.ttl", "empty.ttl: file is empty (no triples)"),
        ("not-turtle.ttl", "not-turtle.ttl:1:1: not valid Turtle:"),
        ("image.ttl", "image.ttl:1:1: not valid Turtle: this is a binary file, not Turtle text"),
        ("ill-typed.ttl", 'ill-typed.ttl:4: ill-typed literal "2013-13-45"^^xsd:date: not a valid xsd:date value'),
    ],
)
def test_bad_input_gets_one_clear_line_and_exit_2(name, expected):
    code, out, err = run(BAD / name)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith("swio: error: ") and expected in lines[0]
    assert str(BAD / name) in lines[0]


def test_missing_file_and_empty_directory(tmp_path):
    code, _, err = run(tmp_path / "nope.ttl")
    assert code == 2 and err.strip() == f"swio: error: {tmp_path / 'nope.ttl'}: no such file or directory"
    code, _, err = run(tmp_path)
    assert code == 2 and err.strip() == f"swio: error: {tmp_path}: directory holds no .ttl files"


def test_many_ill_typed_literals_are_listed_up_to_twenty_then_counted(tmp_path):
    bad = tmp_path / "many.ttl"
    bad.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n@prefix ex: <https://example.org/> .\n"
        + "".join(f'ex:n{i} ex:date "2013-13-{i:02d}"^^xsd:date .\n' for i in range(1, 26)),
        encoding="utf-8",
    )
    code, out, err = run(bad)
    lines = err.strip().splitlines()
    assert code == 2 and out == ""
    assert len(lines) == 21
    assert lines[0] == f'swio: error: {bad}:3: ill-typed literal "2013-13-01"^^xsd:date: not a valid xsd:date value'
    assert lines[-1] == "swio: error: ... and 5 more ill-typed literals"


def test_a_directory_is_validated_file_by_file(tmp_path):
    code, out, _ = run(REPO / "data")
    assert code == 0 and "in 7 data files" in out


def test_json_report():
    code, out, _ = run("--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["conforms"] is True
    assert doc["counts"] == {"violations": 0, "warnings": 1, "infos": 1}
    first = doc["results"][0]
    assert first["file"] == "data/hefei.ttl" and first["shape"] == "swiosh:PartsAddUpShape"
    assert first["message"]["zh"] == "原文总数 965 与分项之和 975 不符"


def test_turtle_report_is_a_shacl_validation_report():
    code, out, _ = run(BAD / "violations.ttl", "--format", "turtle")
    assert code == 1
    g = rdflib.Graph().parse(data=out, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    report = next(g.subjects(rdflib.RDF.type, sh.ValidationReport))
    assert g.value(report, sh.conforms).toPython() is False
    results = list(g.objects(report, sh.result))
    assert len(results) >= 3
    assert all(g.value(r, sh.focusNode) is not None for r in results)


def test_junit_report_marks_violations_as_failures():
    code, out, _ = run(BAD / "violations.ttl", "--format", "junit")
    root = ET.fromstring(out)
    suite = root.find("testsuite")
    assert code == 1 and int(suite.get("failures")) >= 3
    code, out, _ = run("--format", "junit")
    suite = ET.fromstring(out).find("testsuite")
    assert code == 0 and suite.get("failures") == "0" and int(suite.get("tests")) == 9
    code, out, _ = run("--format", "junit", "--strict")
    assert ET.fromstring(out).find("testsuite").get("failures") == "2"


def test_output_file_is_written_whole(tmp_path):
    target = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["validate", "--format", "json", "-o", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["conforms"] is True
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_pyshacl_engine_gives_the_same_report_lines():
    fast = CliRunner().invoke(main, ["validate"]).stdout.splitlines()[:-1]
    slow = CliRunner().invoke(main, ["validate", "--engine", "pyshacl"]).stdout.splitlines()[:-1]
    assert fast == slow


def test_the_installed_command_runs_without_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "swio.cli", "validate", str(BAD / "syntax-error.ttl")], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stderr.startswith("swio: error:")


def test_ctrl_c_during_validation_is_one_line_and_exit_130(tmp_path):
    """SIGINT while pySHACL validates (a synthetic 10k graph: 10 s or more): "swio: interrupted", exit 130,
    no traceback, and -o's file is not written."""
    import signal
    import time

    from swio import synth

    data = synth.generate(tmp_path / "synth", scale=10_000, seed=1).path
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    report = out_dir / "report.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "swio.cli", "validate", str(data), "--engine", "pyshacl", "-o", str(report)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3.0)
    assert proc.poll() is None, "validation ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and err == "swio: interrupted\n" and out == ""
    assert list(out_dir.iterdir()) == []


def test_the_command_line_starts_without_the_engine_which_loads_beside_the_data():
    """swio validate imports rdflib and the engine in a second thread while the data loads: importing
    the command line and the validation entry point must not pull them in."""
    code = (
        "import sys, swio.cli, swio.shacl.validation; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rdflib' or m == 'swio.shacl.sparql_engine'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
