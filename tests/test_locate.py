"""Line numbers of focus nodes: found in the Turtle text, the same whichever way the search goes."""

from __future__ import annotations

import pyoxigraph as ox

from swio import resources
from swio.input import locate
from swio.input.dataset import Dataset


def test_a_subject_is_found_at_the_line_that_starts_its_description(tmp_path):
    path = tmp_path / "d.ttl"
    path.write_text(
        "@prefix ex: <https://example.org/> .\n"
        "# ex:a is mentioned in a comment first\n"
        "ex:b ex:p ex:a .\n"
        "\n"
        "ex:a ex:p 1 ;\n"
        "    ex:q ex:b .\n"
        "<https://example.org/c> ex:p ex:a .\n",
        encoding="utf-8",
    )
    dataset = Dataset.load([path], schema=False)
    nodes = [ox.NamedNode(f"https://example.org/{x}") for x in "abc"]
    where = dataset.locate(nodes)
    assert [where[n][1] for n in nodes] == [5, 3, 7]
    assert all(where[n][0] == path for n in nodes)


def test_the_quick_search_and_the_line_index_agree_on_the_shipped_data(monkeypatch):
    dataset = Dataset.load()
    subjects = sorted(
        {q.subject for q in dataset.store.quads_for_pattern(None, None, None) if isinstance(q.subject, ox.NamedNode)},
        key=str,
    )[:300]
    files = dataset.defining_files(subjects)
    indexed = locate.Locator().lines(files)  # 300 nodes: indexed
    monkeypatch.setattr(locate, "_INDEX_FROM", 10**9)
    searched = locate.Locator().lines(files)  # one search per node
    assert indexed == searched
    assert sum(line is not None for line in indexed.values()) > 250
    data_files = {f.path for f in dataset.files}
    assert {path for path in files.values()} <= data_files | set(resources.SCHEMA_FILES)
