"""The pages of a graph in a store, kept to the version the store publishes: ``swio serve --endpoint``.

:class:`StoreSite` answers what the server asks of a page source — a site file by name, whether a
resource exists, the canned questions and their answers, the site's header — from the
:class:`~.publication.Publication` of the version the store holds now (:func:`~.store_graph.open_store_publication`:
no statement of the graph is kept here). The **published version** is the ontology header's
``owl:versionInfo`` and ``dcterms:modified`` with the number of triples in the graphs; every page carries
validators made from it (``ETag``, ``Last-Modified``: the release date), so browsers and proxies keep pages
until the version changes. A thread re-reads the version every ``recheck`` seconds (one small query and a
count); when it changed, a new publication is opened and its shared pages (landing, ontology, shapes,
questions, pictures, lists) are made in the background before the site switches to it: at a million triples
they take the store tens of seconds, at ten million minutes (whole-graph counts and the canned questions), a
resource's page a few milliseconds.

The pages made from the whole graph are made by one thread, one page at a time (:meth:`StoreSite.file_later`):
readers asking for the same page share one making of it, the store is never asked for several whole-graph
scans at once, and a server's page threads stay free for resource pages (the server answers 503 with
``Retry-After`` to a reader whose page takes longer than it waits). The canned questions' pages and CSV files
are made by that thread too, each question answered once per language, and kept on disk for the version
(:mod:`.kept_answers`), not in the page cache: they grow with the graph.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import time
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from . import urls
from .kept_answers import KeptAnswers
from .page_cache import PageCache
from .publication import Publication
from .store_graph import StoreGraph, open_store_publication

log = logging.getLogger("swio.serve")
#: the pages made from the whole graph, made in the background when a version is opened
SHARED = tuple(
    f"{stem}.{lang}.html"
    for stem in (
        "index",
        "def",
        "shapes",
        "queries/index",
        "pictures/index",
        "browse/index",
        "sparql-cheatsheet",
        "source/article",
    )
    for lang in urls.LANGS
)


@dataclass
class Version:
    publication: Publication
    key: str  # versionInfo | modified | triples
    etag: str
    last_modified: str  # an HTTP date
    opened: float  # seconds the publication took to open


class StoreSite:
    """A page source over a store, following its published version (see the module's text)."""

    def __init__(
        self,
        graph: StoreGraph,
        *,
        base_url: str,
        date: str | None = None,
        cache_bytes: int = 32 << 20,
        cache_entries: int = 20_000,
        max_age: int = 300,
        public_base: str | None = None,
    ):
        self.graph = graph
        #: the public address redirects go to (a server behind a proxy), if not the server's own
        self.public_base = public_base
        self.base_url = base_url
        self.date = date
        self.cache_bytes = cache_bytes
        self.cache_entries = cache_entries
        self.max_age = max_age
        self._lock = threading.Lock()
        self.cache: PageCache[tuple[str, str]] = PageCache(cache_bytes)  # (version key, name) -> page
        #: the canned questions' pages and CSV files, on disk: made once per version (one answer each)
        self.answers = KeptAnswers()
        self._retired: list[Publication] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: whole-graph pages are made here, one at a time; a page being made is shared by whoever asks for it
        self._maker = ThreadPoolExecutor(1, thread_name_prefix="swio-store-pages")
        self._making: dict[tuple[str, str], Future] = {}
        self._warming: str | None = None  # the key of a new version whose shared pages are being made
        self.version = self._open(self._key())

    # -- the published version ----------------------------------------------------------------
    def _key(self) -> str:
        info, modified = self.graph.version()
        return f"{info}|{modified}|{self.graph.count()}"

    def _open(self, key: str) -> Version:
        started = time.monotonic()
        publication = open_store_publication(
            self.graph, base_url=self.base_url, date=self.date, cache_size=self.cache_entries, served=True
        )
        publication.dataset._size = int(key.rsplit("|", 1)[1])  # counted once for the key
        tag = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
        day = publication.info.date
        try:
            stamp = datetime.strptime(day[:10], "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            stamp = datetime.now(UTC)
        return Version(publication, key, f'"{tag}"', format_datetime(stamp, usegmt=True), time.monotonic() - started)

    def check(self) -> bool:
        """Re-read the published version; open the new one if it changed (True then)."""
        key = self._key()
        if key == self.version.key:
            return False
        fresh = self._open(key)
        self._warming = fresh.key
        try:
            self.warm(fresh)  # readers see the old version until the new one's shared pages are made
        finally:
            self._warming = None
        with self._lock:
            old, self.version = self.version, fresh
            # the previous publication may still be making a page: close it one change later
            for retired in self._retired:
                retired.close()
            self._retired = [old.publication]
        self.cache.drop(lambda kept: kept[0] == fresh.key)
        self.answers.keep_only(fresh.key)
        log.warning("the store publishes a new version (%s): pages follow it", key)
        return True

    def warm(self, version: Version | None = None) -> None:
        """Make the shared pages of ``version`` (default: the current one) now, and the canned questions'
        pages and CSV files (before the questions' index, which counts their rows): they read the whole graph,
        better before a reader asks."""
        version = version or self.version
        first = [name for name in SHARED if not name.startswith(("queries/", "pictures/", "browse/"))]
        answers = self.answers.names(version.publication)
        for name in [*first, *answers, *(name for name in SHARED if name not in first)]:
            if self._stop.is_set():
                return
            try:
                self._later(version, name).result()
            except CancelledError:  # the site is closing
                return
            except Exception:  # a page that fails now fails again when asked, with its error
                log.exception("could not make %s ahead of time", name)

    def start(self, recheck: float = 60.0) -> None:
        """Warm the shared pages, then re-check the version every ``recheck`` seconds (0: never), on a thread."""

        def loop() -> None:
            self.warm()
            while recheck > 0 and not self._stop.wait(recheck):
                try:
                    self.check()
                except Exception as err:  # the store may be down for a while: keep the pages we have
                    log.warning("could not check the store's version: %s", err)

        self._thread = threading.Thread(target=loop, name="swio-store-version", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._maker.shutdown(wait=False, cancel_futures=True)
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._lock:
            for publication in [*self._retired, self.version.publication]:
                publication.close()
        self.graph.close()
        self.answers.close()

    # -- what the server asks ------------------------------------------------------------------
    @property
    def publication(self) -> Publication:
        return self.version.publication

    @property
    def info(self):
        return self.version.publication.info

    def validators(self) -> dict[str, str]:
        """The headers that let clients keep a page until the published version changes."""
        version = self.version
        return {
            "ETag": version.etag,
            "Last-Modified": version.last_modified,
            "Cache-Control": f"public, max-age={self.max_age}",
        }

    def file(self, name: str) -> bytes | None:
        """A site file by its path, made now if need be (for a whole-graph page: waiting as long as it takes)."""
        later = self.file_later(name)
        return self.version.publication.file(name) if later is None else later.result()

    def file_later(self, name: str) -> Future | None:
        """A whole-graph page as a future (done when the page is kept, or shared with whoever asked first),
        or ``None`` for a resource's files, which are made by the caller (a few bounded queries)."""
        if name.startswith(("id/", "ext/")):
            return None
        return self._later(self.version, name)

    def _later(self, version: Version, name: str) -> Future:
        key = (version.key, name)
        found = self.cache.get(key)
        if found is None and self.answers.is_answer(version.publication, name):
            found = self.answers.kept(version.key, name)
        if found is not None:
            done: Future = Future()
            done.set_result(found)
            return done
        with self._lock:
            making = self._making.get(key)
            if making is None:
                making = self._maker.submit(self._make, version, name)
                self._making[key] = making
                making.add_done_callback(functools.partial(self._forget, key))
            return making

    def _forget(self, key: tuple[str, str], _done: Future) -> None:
        with self._lock:
            self._making.pop(key, None)

    def _make(self, version: Version, name: str) -> bytes | None:
        answer = self.answers.file(version.publication, version.key, name)  # kept on disk, not in the page cache
        if answer is not None:
            return answer
        found = version.publication.file(name)
        if version.key in (self.version.key, self._warming):
            self.cache.put((version.key, name), found)
        return found

    def cached(self) -> list[str]:
        """The names of the pages kept now, least recently used first."""
        return [name for _, name in self.cache.keys()]

    def has_resource(self, stem: str) -> bool:
        return self.version.publication.resource_iri(stem) is not None

    def question(self, name: str):
        return self.version.publication.questions.catalog.get(name)

    def answer(self, sparql: str, query, lang: str):
        return self.version.publication.answer(sparql, name=query.name, query=query, lang=lang)

    def live_pages(self, workers):
        """The pages only a live server makes (the SPARQL page, search, question forms) of the current version."""
        return _CurrentLive(self, workers)


class _CurrentLive:
    """:class:`~.live.LivePages` of whatever version the site shows when a page is asked for."""

    def __init__(self, site: StoreSite, workers):
        self.site = site
        self.workers = workers

    def __getattr__(self, name: str):
        from .live import LivePages

        return getattr(LivePages(self.site.publication, self.workers), name)
