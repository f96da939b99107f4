"""The canned questions' pages and CSV files are made once per version, from one answer, kept on disk, read back
unchanged, dropped with their version and their folder; the embedded server makes them all when it starts."""

from __future__ import annotations

import time

import pytest

from swio.publish.site.kept_answers import KeptAnswers
from swio.serve.app import Server
from swio.serve.lifecycle import open_publication
from swio.serve.pages import VERSION

LISTING = "queries/oldest-associations"


@pytest.fixture()
def publication():
    publication = open_publication(None, base_url="https://w3id.org/swio")
    try:
        yield publication
    finally:
        publication.close()


def counting(publication) -> list[str]:
    """The canned questions ``publication`` answers from now on, as ``name lang``."""
    asked: list[str] = []
    answer = publication.answer

    def count(sparql, **kwargs):
        asked.append(f"{kwargs.get('name')} {kwargs.get('lang')}")
        return answer(sparql, **kwargs)

    publication.answer = count
    return asked


def test_one_answer_makes_both_files_and_they_are_read_back(publication, tmp_path):
    expected = {ext: publication.file(f"{LISTING}.zh.{ext}") for ext in ("html", "csv")}
    publication.questions.kept_tables.cache_clear()
    asked = counting(publication)
    kept = KeptAnswers(tmp_path / "answers")
    assert kept.kept("v1", f"{LISTING}.zh.csv") is None
    assert kept.file(publication, "v1", f"{LISTING}.zh.csv") == expected["csv"]
    publication.questions.kept_tables.cache_clear()  # not from the answers kept in memory: from the files
    assert kept.file(publication, "v1", f"{LISTING}.zh.html") == expected["html"]
    assert asked == ["oldest-associations zh"]
    on_disk = sorted(p.name for p in (tmp_path / "answers").rglob("*") if p.is_file())
    assert on_disk == ["oldest-associations.zh.csv", "oldest-associations.zh.html"]
    # the questions' index counts the rows of the answers made: no answer asked again for it
    index = publication.file("queries/index.zh.html").decode("utf-8")
    assert asked.count("oldest-associations zh") == 1 and "oldest-associations.zh.html" in index


def test_names_are_the_questions_files_and_nothing_else(publication, tmp_path):
    kept = KeptAnswers(tmp_path / "answers")
    names = kept.names(publication)
    assert len(names) == 4 * len(publication.questions.catalog)
    assert f"{LISTING}.en.csv" in names and "queries/index.en.html" not in names
    assert kept.file(publication, "v1", "queries/index.en.html") is None
    assert kept.file(publication, "v1", "queries/no-such-question.en.csv") is None
    assert kept.file(publication, "v1", "id/org/hefei-shi-shehui-gongzuo-xiehui.en.html") is None


def test_other_versions_are_dropped_and_closing_removes_everything(publication, tmp_path):
    kept = KeptAnswers(tmp_path / "answers")
    kept.file(publication, "v1", f"{LISTING}.en.csv")
    kept.file(publication, "v2", f"{LISTING}.en.csv")
    kept.keep_only("v2")
    assert kept.kept("v1", f"{LISTING}.en.csv") is None
    assert kept.kept("v2", f"{LISTING}.en.csv") is not None
    kept.close()
    assert not (tmp_path / "answers").exists()
    # a question answered after closing (a page thread finishing) is answered, and nothing is written again
    assert kept.file(publication, "v2", f"{LISTING}.en.html") is not None
    assert not (tmp_path / "answers").exists()


def test_the_default_folder_is_owned_by_the_process(publication):
    kept = KeptAnswers()
    try:
        assert kept.folder.name.startswith("swio-answers-") and (kept.folder / ".swio-owner-pid").is_file()
    finally:
        kept.close()
    assert not kept.folder.exists()


def test_the_embedded_server_makes_every_answer_when_it_starts(publication):
    asked = counting(publication)
    server = Server(publication, None)
    pages = server.own_pages
    assert pages is not None
    names = pages.answers.names(publication)
    server.start()
    deadline = time.monotonic() + 60
    while not all(pages.answers.kept(VERSION, n) for n in names) and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        assert all(pages.answers.kept(VERSION, n) for n in names)
        answered = [a for a in asked if a.split()[0] in publication.questions.catalog]
        assert len(answered) == len(set(answered)) == len(names) // 2  # each question once per language
        assert pages.file(f"{LISTING}.en.csv") == pages.answers.kept(VERSION, f"{LISTING}.en.csv")
        folder = pages.answers.folder
    finally:
        server.close()
    assert not folder.exists()


def test_a_folder_that_cannot_be_written_still_answers(publication, tmp_path, caplog):
    blocked = tmp_path / "answers"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    kept = KeptAnswers(blocked)
    expected = publication.file(f"{LISTING}.en.csv")
    assert kept.file(publication, "v1", f"{LISTING}.en.csv") == expected
    assert kept.kept("v1", f"{LISTING}.en.csv") is None
    assert "could not keep the answer files of oldest-associations" in caplog.text
