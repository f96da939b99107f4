"""Chinese throughout in Chinese, English throughout in English: the static site of the shipped data
(every page and picture) and ``swio query --lang`` (headers and cells of every question).

What counts as a word of the wrong language, and what reads the same in both languages (names,
codes, numbers, units), is in ``tests/support/language_check.py``. Text a page marks as being in the
other language (``lang="en"`` on a Chinese page) is allowed only when it is the data's own text in
that language — a label, a definition, a translation, the question in English — or the language
switch, never an interface string.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from swio.cli import main
from swio.publish.site import i18n
from swio.publish.site.naming import reused_labels
from swio.publish.site.publication import load_shapes
from swio.queries.catalog import catalog, run

from .support.language_check import english_words, has_cjk, html_pieces, svg_pieces

BASE = "http://127.0.0.1:9/site"
CATALOG = catalog()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(main, ["site", "--out", str(out), "--base-url", BASE, "--jobs", "2"])
    assert result.exit_code == 0, result.output
    return out


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def texts_in(dataset) -> dict[str, set[str]]:
    """Every text the data, the shapes, the catalogue and the reused terms give, by language tag
    (``""``: literals without one), whitespace normalised."""
    found: dict[str, set[str]] = {"en": set(), "zh": set(), "": set()}
    for triple in list(dataset.triples()) + list(load_shapes().triples()):
        if isinstance(triple.object, ox.Literal):
            found.setdefault(triple.object.language or "", set()).add(_norm(triple.object.value))
    for labels in reused_labels().values():
        for lang, text in labels.items():
            found.setdefault(lang, set()).add(_norm(text))
    for q in CATALOG.values():
        for texts in (q.title, q.question, q.shows):
            for lang, text in texts.items():
                found[lang].add(_norm(text))
        for c in q.columns:
            for lang in ("en", "zh"):
                found[lang].add(_norm(c.description(lang)))
    return found


def _from_data(piece: str, texts: set[str]) -> bool:
    piece = _norm(piece).lstrip("· ").strip()
    return any(piece == t or piece in t for t in texts if t)


def _pages(site: Path, lang: str):
    for path in sorted(site.rglob(f"*.{lang}.html")):
        yield path, html_pieces(path.read_text(encoding="utf-8"))
    for path in sorted(site.rglob(f"*.{lang}.svg")):
        yield path, svg_pieces(path.read_text(encoding="utf-8"), lang)


def test_chinese_pages_and_pictures_have_no_english_words(site):
    found = []
    pages = 0
    for path, pieces in _pages(site, "zh"):
        pages += 1
        for piece in pieces:
            if piece.lang == "en":
                continue
            words = english_words(piece.text)
            if words:
                found.append(f"{path.relative_to(site)} <{piece.where}>: {words[:5]} in {piece.text[:80]!r}")
    assert pages > 350  # every resource page, the questions, pictures, browse lists, ontology and shapes
    assert not found, f"{len(found)} pieces of English on Chinese pages:\n" + "\n".join(found[:40])


def test_english_on_chinese_pages_is_only_the_datas_english(site, texts_in):
    """Text marked lang="en" on a Chinese page: the English the data gives (labels, definitions,
    translations, the question in English) or the language switch — nothing the site writes itself."""
    switch = {i18n.text("switch_to", "zh"), i18n.text("switch_title", "zh")}
    found = []
    for path, pieces in _pages(site, "zh"):
        for piece in pieces:
            if piece.lang == "en" and piece.text not in switch and not _from_data(piece.text, texts_in["en"]):
                found.append(f"{path.relative_to(site)} <{piece.where}>: {piece.text[:80]!r}")
    assert not found, "\n".join(found[:40])


def test_english_pages_show_chinese_only_where_the_data_does(site, texts_in):
    """CJK on an English page outside lang="zh" text: only inside English text of the data that quotes
    the article's words (余, 不到, 低保) or a name the data has only in Chinese."""
    allowed = texts_in["en"] | texts_in[""]
    switch = {i18n.text("switch_to", "en"), i18n.text("switch_title", "en")}
    found = []
    for path, pieces in _pages(site, "en"):
        for piece in pieces:
            if piece.lang == "zh" or not has_cjk(piece.text) or piece.text in switch:
                continue
            if not _from_data(piece.text, allowed):
                found.append(f"{path.relative_to(site)} <{piece.where}>: {piece.text[:80]!r}")
    assert not found, "\n".join(found[:40])


def test_every_interface_string_has_no_word_of_the_other_language():
    from swio.queries import words

    for key, (en, zh) in [*i18n.MESSAGES.items(), *words.MESSAGES.items(), *i18n.COLUMNS.items()]:
        if key in ("switch_to", "switch_title"):
            continue  # the switch is written in the language it switches to
        zh = re.sub(r"\{\w+\}", "", zh)  # placeholders
        assert not has_cjk(en), f"i18n {key}: Chinese in the English text {en!r}"
        assert not english_words(zh), f"i18n {key}: English words {english_words(zh)} in {zh!r}"


def test_browse_names_kinds_by_their_classes_in_the_pages_language(site):
    for lang in ("en", "zh"):
        html = (site / f"browse/index.{lang}.html").read_text(encoding="utf-8")
        names = re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', html)
        assert len(names) > 30
        slugs = {p.name.split(".")[0] for p in (site / "browse").glob(f"*.{lang}.html")} - {"index"}
        assert not set(names) & slugs, f"{lang}: kinds shown by their URL segment: {set(names) & slugs}"
    zh = (site / "browse/bound.zh.html").read_text(encoding="utf-8")
    assert "<h1>数值界限词表（4 项）</h1>" in zh
    assert "<h1>Bounds (4)</h1>" in (site / "browse/bound.en.html").read_text(encoding="utf-8")


def test_question_pages_head_columns_with_labels_and_show_terms_in_words(site):
    zh = (site / "queries/hefei-timeline.zh.html").read_text(encoding="utf-8")
    for label in ("日期", "精度", "事件", "层级", "距市协会成立天数"):
        assert f">{label}</th>" in zh
    assert "<td>日</td>" in zh and "<td>day</td>" not in zh
    money = (site / "queries/government-money.zh.html").read_text(encoding="utf-8")
    assert "<td>人民币</td>" in money and ">CNY<" not in money
    anhui = (site / "queries/anhui-certification.zh.html").read_text(encoding="utf-8")
    assert "<td>是</td>" in anhui and "<td>true</td>" not in anhui
    quotes = (site / "queries/quotations.zh.html").read_text(encoding="utf-8")
    assert '<td lang="en">' in quotes  # the English translation column, marked as English
    question = CATALOG["quotations"].question["en"].replace("'", "&#39;")
    assert f'<p class="lead other-lang" lang="en">{question}</p>' in quotes  # the question in English too
    en = (site / "queries/leaders-with-official-posts.en.html").read_text(encoding="utf-8")
    assert ">official post</th>" in en and "e.g." in en and "<code>合肥</code>" in en
    zh = (site / "queries/leaders-with-official-posts.zh.html").read_text(encoding="utf-8")
    assert "案例所在地名称的一部分" in zh and "例如" in zh


def test_the_sites_csv_downloads_open_in_excel(site):
    for name in CATALOG:
        for lang in ("en", "zh"):
            data = (site / f"queries/{name}.{lang}.csv").read_bytes()
            assert data.startswith(b"\xef\xbb\xbf"), f"{name}.{lang}.csv: no byte-order mark"
            text = data[3:].decode("utf-8")
            assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
            header = next(csv.reader(io.StringIO(text)))
            assert header == list(CATALOG[name].labels(lang).values())


# -- the command line ------------------------------------------------------------------------
def _tsv(args: list[str]) -> list[list[str]]:
    result = CliRunner().invoke(main, ["query", *args, "--format", "tsv"])
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.stdout.splitlines()]


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_swio_query_in_chinese_has_no_english_headers_or_cells(name, dataset):
    rows = _tsv([name, "--lang", "zh"])
    table = run(name, lang="zh", dataset=dataset)
    assert rows[0] == table.labels("zh")
    for label in rows[0]:
        assert not english_words(label), f"{name}: header {label!r}"
    for values, cells in zip(rows[1:], table.rows):
        for text, cell in zip(values, cells):
            if cell is not None and cell.lang == "en":
                continue  # the data's English (a translation column), asked for as such
            if cell is not None and cell.kind == "iri":
                continue
            assert not english_words(text), f"{name}: cell {text!r}"


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_swio_query_in_english_has_no_chinese_headers_or_interface_words(name, dataset, texts_in):
    rows = _tsv([name, "--lang", "en"])
    table = run(name, lang="en", dataset=dataset)
    for label in rows[0]:
        assert not has_cjk(label), f"{name}: header {label!r}"
    allowed = texts_in["en"] | texts_in[""]
    for values, cells in zip(rows[1:], table.rows):
        for text, cell in zip(values, cells):
            if not has_cjk(text) or (cell is not None and cell.lang == "zh"):
                continue
            assert _from_data(text, allowed), f"{name}: cell {text!r}"


def test_every_column_of_every_question_has_a_label_and_meaning_in_both_languages(dataset):
    for name, query in CATALOG.items():
        table = run(name, lang="en", dataset=dataset)
        declared = [c.name for c in query.columns]
        assert declared == table.columns, f"{name}: columns declared {declared}, answered {table.columns}"
        for c in query.columns:
            for lang in ("en", "zh"):
                assert c.labels.get(lang) and c.description(lang), f"{name}: {c.name}@{lang}"
            assert has_cjk(c.labels["zh"]) and not has_cjk(c.labels["en"])


def test_every_qc_check_labels_its_columns_in_both_languages(dataset):
    from swio.qc import run_checks

    for result in run_checks(dataset):
        declared = [c.name for c in result.check.columns]
        assert declared == result.table.columns, f"qc/{result.name}: declared {declared}"
        for c in result.check.columns:
            assert has_cjk(c.labels["zh"]) and c.labels["en"] and c.description("zh") and c.description("en")
        assert result.table.labels("zh") == [c.labels["zh"] for c in result.check.columns]
