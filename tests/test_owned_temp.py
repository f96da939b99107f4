"""Temporary folders of a killed process are removed by the next run, and only those."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid

from swio.owned_temp import OWNER_FILE, owned_temp_dir, remove_orphans


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_only_folders_whose_process_is_gone_on_this_host_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    prefix = f"swio-test-{uuid.uuid4().hex[:8]}-"
    host = socket.gethostname()
    dead = tmp_path / f"{prefix}dead"
    live = tmp_path / f"{prefix}live"
    unowned = tmp_path / f"{prefix}unowned"
    elsewhere = tmp_path / f"{prefix}elsewhere"
    other_prefix = tmp_path / f"swio-other-{prefix}dead"
    for folder in (dead, live, unowned, elsewhere, other_prefix):
        folder.mkdir()
        (folder / "triples.sqlite").write_bytes(b"x" * 1000)
    gone = dead_pid()
    (dead / OWNER_FILE).write_text(f"{gone} {host}")
    (other_prefix / OWNER_FILE).write_text(f"{gone} {host}")
    (live / OWNER_FILE).write_text(f"{os.getpid()} {host}")
    (elsewhere / OWNER_FILE).write_text(f"{gone} another-host-{uuid.uuid4().hex}")

    made = owned_temp_dir(prefix)

    assert not dead.exists()
    assert live.exists() and unowned.exists() and elsewhere.exists() and other_prefix.exists()
    assert made.parent == tmp_path and made.name.startswith(prefix)
    assert (made / OWNER_FILE).read_text().split() == [str(os.getpid()), host]
    assert remove_orphans(prefix) == []  # its own folder is kept while it runs


def test_a_site_index_left_by_a_killed_process_is_removed_by_the_next_one(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, signal\n"
            "from swio.publish.site.triple_index import TripleIndex\n"
            "index = TripleIndex.build([])\n"
            "print(index.directory, flush=True)\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr
    left = tmp_path / os.path.basename(killed.stdout.strip())
    assert left.is_dir() and (left / "triples.sqlite").exists()
    second = subprocess.run(
        [
            sys.executable,
            "-c",
            "from swio.publish.site.triple_index import TripleIndex\n"
            "with TripleIndex.build([]) as index:\n"
            "    print(index.directory)\n",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert second.returncode == 0, second.stderr
    assert not left.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("swio-site-index-")] == []
