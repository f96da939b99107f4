"""Search: a prebuilt index of every page's names, loaded as a script, so searching works on any static
host and from ``file://`` with no server (``fetch()`` of a JSON file does not work from ``file://``).

``search/index.js`` sets ``window.SWIO_SEARCH`` to::

    {"kinds": [[zh, en], ...],                      # what each entry is (a class's label)
     "items": [[path, anchor, zh, en, pinyin, kind], ...]}

``path`` is the page's stem (``id/org/hefei-shi-shehui-gongzuo-xiehui``), ``pinyin`` the Chinese
label's pinyin without tones, syllables separated by spaces (pypinyin). ``static/search.js`` (every
page's search box) loads it on first use and ranks the entries as :func:`search` does here;
``search.{lang}.html`` lists every match for ``?q=`` (``swio serve`` answers that page itself, so it
works without scripts there).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ...namespaces import SWIO
from . import i18n, urls
from .render import Page, render
from .triple_index import nodes, typed_subjects

INDEX_FILE = "search/index.js"
MAX_RESULTS = 200  # rows the search page lists
_CHUNK = 2000
_LATIN = re.compile(r"[a-z0-9]+")
_SEPARATORS = re.compile(r"[\s'’·\-_.,:;()（）【】“”\"/]+")


@dataclass(frozen=True)
class Entry:
    path: str  # page stem, e.g. id/org/x, def, queries/model-comparison
    anchor: str  # "" or the anchor on that page (ontology terms)
    zh: str
    en: str
    pinyin: str  # syllables of the Chinese label, lower case, separated by spaces
    kind: int  # index into the kinds list


@lru_cache(maxsize=200_000)
def pinyin(text: str) -> str:
    """The pinyin of the Chinese characters in ``text``, without tones, syllables separated by spaces
    (other characters kept as words): ``合肥市社会工作协会`` -> ``he fei shi she hui gong zuo xie hui``."""
    if not text:
        return ""
    from pypinyin import lazy_pinyin

    words = []
    for piece in lazy_pinyin(text, errors="default"):
        words += _SEPARATORS.split(normalise(piece))
    return " ".join(w for w in words if w)


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().strip()


def _preferred_type(types: list[str]) -> str | None:
    """The type a search result names: a SWIO class first (the most specific the data states), else any."""
    ours = sorted(t for t in types if t.startswith(SWIO))
    return (ours or sorted(types) or [None])[0]


class SearchIndex:
    """``search/index.js`` and the search page ``search.{lang}.html``."""

    STEM = "search"

    def __init__(self, publication):
        self.pub = publication
        self._made: tuple[list[tuple[str, str]], list[Entry]] | None = None

    # -- the entries ---------------------------------------------------------------------------
    def made(self) -> tuple[list[tuple[str, str]], list[Entry]]:
        """(kinds as (zh, en) labels, entries), read from the index once."""
        if self._made is None:
            self._made = self._make()
        return self._made

    def _make(self) -> tuple[list[tuple[str, str]], list[Entry]]:
        pub, naming = self.pub, self.pub.naming
        kinds: dict[tuple[str, str], int] = {}

        def kind(zh: str, en: str) -> int:
            return kinds.setdefault((zh, en), len(kinds))

        def type_kind(type_iri: str | None) -> int:
            if type_iri is None:
                return kind(i18n.text("search_kind_resource", "zh"), i18n.text("search_kind_resource", "en"))
            return kind(naming.label(type_iri, "zh"), naming.label(type_iri, "en"))

        entries: list[Entry] = []
        # the resources, when the site has their pages and holds the index itself (a store's search is live:
        # :meth:`store_results`; a graph past the page limit has no pages to find)
        with_resources = pub.naming.resource_pages and not getattr(pub.index, "remote", False)
        types = dict(typed_subjects(pub.index, urls.ID_BASE)) if with_resources else {}
        pages = list(pub.resource_pages()) if with_resources else []
        for start in range(0, len(pages), _CHUNK):
            chunk = pages[start : start + _CHUNK]
            labels = nodes(pub.index, [iri for iri, _ in chunk])
            ext = [iri for iri, _ in chunk if iri not in types]
            if ext:
                for iri, found in _types_of(pub.index, ext).items():
                    types[iri] = found
            for iri, stem in chunk:
                names = labels.get(iri, {})
                zh, en = names.get("zh", ""), names.get("en", "")
                if not zh and not en:
                    en = names.get("") or naming.curie(iri)
                entries.append(Entry(stem, "", zh, en, pinyin(zh), type_kind(_preferred_type(types.get(iri, [])))))
        # the ontology's own terms (classes and properties), on the ontology page
        doc = next(p for p in pub.producers if p.STEM == "def")
        term_kinds = {
            "class": ("search_kind_class", "search_kind_class"),
            "object": ("search_kind_property", "search_kind_property"),
            "datatype": ("search_kind_property", "search_kind_property"),
            "annotation": ("search_kind_property", "search_kind_property"),
        }
        for term in doc.model.swio_terms:
            found = urls.document_of(term)
            if found is None or found[1] is None:
                continue
            key = term_kinds.get(doc.model.kind(term), ("search_kind_term", "search_kind_term"))[0]
            zh, en = naming.labels(term).get("zh", ""), naming.labels(term).get("en", "")
            entries.append(Entry("def", found[1], zh, en or naming.curie(term), pinyin(zh), kind(*_both(key))))
        # the canned questions
        questions = pub.questions
        for name, query in questions.catalog.items():
            zh, en = query.title.get("zh", ""), query.title.get("en", name)
            entries.append(Entry(f"queries/{name}", "", zh, en, pinyin(zh), kind(*_both("search_kind_question"))))
        return list(kinds), entries

    def script(self) -> bytes:
        kinds, entries = self.made()
        data = {
            "kinds": [list(k) for k in kinds],
            "items": [[e.path, e.anchor, e.zh, e.en, e.pinyin, e.kind] for e in entries],
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        # "</" cannot end the script early; U+2028/2029 are line ends in older JavaScript
        text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        return f"window.SWIO_SEARCH={text};\n".encode()

    # -- producer ------------------------------------------------------------------------------
    def names(self) -> list[str]:
        return [INDEX_FILE] + [urls.file_name(self.STEM, lang) for lang in urls.LANGS]

    def files(self) -> Iterator[tuple[str, bytes]]:
        for name in self.names():
            yield name, self.file(name)

    def file(self, name: str, query: str | None = None) -> bytes | None:
        if name == INDEX_FILE:
            return self.script()
        for lang in urls.LANGS:
            if name == urls.file_name(self.STEM, lang):
                return self.page(lang, query)
        return None

    def page(self, lang: str, query: str | None = None) -> bytes:
        """The search page; with ``query`` (``swio serve``), its results are in the page itself."""
        page = Page(self.STEM, lang, title=i18n.text("search_title", lang), site=self.pub.info)
        results = None
        if query is not None:
            kinds, entries = self.made()
            found = search(entries, query, MAX_RESULTS + 1)
            if getattr(self.pub.index, "remote", False):
                kinds, found = self.store_results(query, kinds, found)
            results = {
                "query": query,
                "more": len(found) > MAX_RESULTS,
                "entries": [self.result(page, kinds, e, lang) for e in found[:MAX_RESULTS]],
            }
        return render("search.html", page, results=results)

    def store_results(self, query: str, kinds, local: list[Entry]) -> tuple[list, list[Entry]]:
        """The resources whose labels hold ``query``, found by the store (:meth:`StoreIndex.search`: one query,
        paged, no copy of the labels here), after the questions and terms that match (``local``)."""
        naming = self.pub.naming
        kinds = list(kinds)
        found = self.pub.index.search(query, MAX_RESULTS + 1)
        naming.prefetch(found)
        types = _types_of(self.pub.index, found)
        naming.prefetch({t for ts in types.values() for t in ts})
        entries = [e for e in local if not e.path.startswith(("id/", "ext/"))]
        seen = {(e.path, e.anchor) for e in entries}
        for iri in found:
            target = naming.target(iri)
            if target is None or (target[0], target[1] or "") in seen:
                continue
            names = naming.labels(iri)
            zh, en = names.get("zh", ""), names.get("en", "") or names.get("", "") or naming.curie(iri)
            type_iri = _preferred_type(types.get(iri, []))
            if type_iri is None:
                key = _both("search_kind_resource")
            else:
                key = (naming.label(type_iri, "zh"), naming.label(type_iri, "en"))
            if key not in kinds:
                kinds.append(key)
            entries.append(Entry(target[0], target[1] or "", zh, en, "", kinds.index(key)))
        return kinds, entries

    @staticmethod
    def result(page: Page, kinds, e: Entry, lang: str) -> dict:
        href = page.rel(urls.file_name(e.path, lang)) + (f"#{e.anchor}" if e.anchor else "")
        zh, en = e.zh, e.en
        title, other = (zh or en, en if zh else "") if lang == "zh" else (en or zh, zh if en else "")
        kind = kinds[e.kind]
        return {
            "href": href,
            "title": title,
            "title_lang": "zh" if title == zh and zh else "en",
            "other": other if other != title else "",
            "kind": kind[0] if lang == "zh" else kind[1],
        }


def _both(key: str) -> tuple[str, str]:
    return i18n.text(key, "zh"), i18n.text(key, "en")


def _types_of(index, iris: list[str]) -> dict[str, list[str]]:
    from .triple_index import values

    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    found = values(index, iris, (rdf_type,))
    return {iri: [t.value for t in found.get(iri, {}).get(rdf_type, []) if hasattr(t, "value")] for iri in iris}


# -- ranking (the same rules as static/search.js) ---------------------------------------------------
def score(entry: Entry, query: str) -> int | None:
    """How well ``entry`` matches ``query`` (lower is better), ``None`` if it does not."""
    q = normalise(query)
    if not q:
        return None
    best = None

    def better(value: int) -> None:
        nonlocal best
        if best is None or value < best:
            best = value

    zh, en = normalise(entry.zh), normalise(entry.en)
    for label in (zh, en):
        if not label:
            continue
        if label == q:
            better(0)
        elif label.startswith(q):
            better(10)
        elif (" " + q) in label:
            better(15)
        elif q in label:
            better(20)
    compact = _SEPARATORS.sub("", q)
    if compact and _LATIN.fullmatch(compact) and entry.pinyin:
        syllables = entry.pinyin.split(" ")
        joined = "".join(syllables)
        initials = "".join(s[0] for s in syllables if s)
        if joined == compact:
            better(1)
        elif joined.startswith(compact):
            better(11)
        else:
            starts = [len("".join(syllables[:i])) for i in range(len(syllables))]
            if any(joined.startswith(compact, at) for at in starts):
                better(16)
            elif len(compact) >= 2 and initials.startswith(compact):
                better(25)
    return best


def search(entries: list[Entry], query: str, limit: int) -> list[Entry]:
    """The best ``limit`` matches: by score, then shorter names first, then by page."""
    found = []
    for e in entries:
        s = score(e, query)
        if s is not None:
            found.append((s, len(e.zh or e.en), e.path, e.anchor, e))
    found.sort(key=lambda x: x[:4])
    return [x[4] for x in found[:limit]]
