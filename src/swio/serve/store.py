"""``swio serve --endpoint``: the publication of a graph in a SPARQL store, served with no copy of the graph.

Every page comes from the store (:class:`~swio.publish.site.store_site.StoreSite`: pages made on request
with a bounded number of queries each, following the version the store publishes, with validators) and
``/sparql`` is the same endpoint as the embedded server's — its checks and refusals (updates, ``SERVICE``,
nesting) and its limits (time, size, per client) — with :class:`StoreQueries` in place of the worker
processes: a checked query goes to the store (:class:`~swio.remote.proxy.StoreProxy`: the published graphs
only, spooled, cut at the size limit). The server process holds no statement of the graph; its memory
does not grow with the store's.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from ..remote.proxy import StoreProxy
from .limits import Limits
from .workers import ClientGone, Failure, Result, client_slot

log = logging.getLogger("swio.serve")


class StoreQueries:
    """What ``/sparql`` asks of its query workers, answered by the store: at most ``concurrency`` queries at the
    store at once, ``Limits.per_client`` per client, each within the time limit counted from its arrival."""

    def __init__(self, proxy: StoreProxy, limits: Limits, *, concurrency: int = 8):
        self.proxy = proxy
        self.limits = limits
        self.timeout = limits.sparql_timeout
        self.concurrency = concurrency
        self.per_client = max(2, limits.per_client(concurrency))
        self.clients: dict[str, int] = {}
        self.closing = False
        self._slots: asyncio.Semaphore | None = None
        self._executor = ThreadPoolExecutor(concurrency, thread_name_prefix="swio-store-query")

    async def start(self) -> None:
        self._slots = asyncio.Semaphore(self.concurrency)

    def stop_accepting(self) -> None:
        self.closing = True

    async def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def run(
        self, query: str, media: str, *, table: bool, client: str, arrived: float, gone: asyncio.Event
    ) -> Result:
        """The store's answer to a checked ``query`` (as ``media``, or cut for an HTML page), by ``arrived`` + the
        time limit: a :class:`~.workers.Result`, or :class:`~.workers.Failure` / :class:`~.workers.ClientGone`."""
        with client_slot(self.clients, client, self.per_client, self.closing):
            return await self._run(query, media, table, arrived + self.timeout, gone)

    async def _run(self, query: str, media: str, table: bool, deadline: float, gone: asyncio.Event) -> Result:
        assert self._slots is not None, "start() first"
        try:
            await asyncio.wait_for(self._slots.acquire(), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise Failure(
                503, f"the query waited {self.timeout:g} s for the store and was not sent", stopped=True
            ) from None
        try:
            if gone.is_set():
                raise ClientGone()
            seconds = deadline - time.monotonic()
            loop = asyncio.get_running_loop()
            answer = await loop.run_in_executor(
                self._executor, lambda: self.proxy.answer(query, media, table=table, seconds=seconds)
            )
        finally:
            self._slots.release()
        if gone.is_set():
            if answer.file is not None:
                answer.file.close()
            raise ClientGone()
        if answer.status == 200:
            return Result(200, media=answer.media, file=answer.file, size=answer.size)
        if answer.status in (502, 503):
            raise Failure(answer.status, answer.message, stopped="within" in answer.message)
        return Result(answer.status, message=answer.message)


def run_store(
    url: str,
    *,
    graphs=None,
    default_graph: bool = False,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    store_timeout: float = 300.0,
    base_url: str | None = None,
    recheck: float = 60.0,
    host: str = "127.0.0.1",
    port: int = 8080,
    limits: Limits | None = None,
    access_log: bool = False,
    ready=None,
    log_line=None,
) -> None:
    """Open the graph of the store at ``url`` (the options of ``swio query --endpoint``), make the shared pages
    in the background, re-read the published version every ``recheck`` seconds, and serve until a signal
    stops it. ``base_url``: the public address of the pages (behind a proxy); ``store_timeout``: the time one
    query of a page may take (the whole-graph pages of a big graph take minutes, once per version)."""
    from ..publish.release import release_date
    from ..publish.site.store_graph import connect
    from ..publish.site.store_site import StoreSite
    from ..remote.http import HttpClient, check_url
    from .lifecycle import end_as_signalled, prepare, serve_until_stopped

    limits = limits or Limits()
    prepare(limits, access_log)
    graph = connect(
        url,
        graphs=graphs,
        default_graph=default_graph,
        user=user,
        password=password,
        auth=auth,
        timeout=store_timeout,
        connections=limits.page_threads + 8,
        log=log_line,
    )
    public = base_url.rstrip("/") if base_url else None
    try:
        site = StoreSite(
            graph,
            base_url=public or f"http://{host}:{port}",
            date=release_date(None, "") or None,
            cache_bytes=limits.page_cache_bytes,
            cache_entries=limits.naming_cache_entries,
            public_base=public,
        )
    except BaseException:
        graph.close()
        raise
    clean, url_user, url_password = check_url(url, "endpoint")
    if user is None and url_user is not None:
        user, password = url_user, url_password
    http = HttpClient(user, password, auth=auth, timeout=limits.sparql_timeout + 5, retries=0, connections=16)
    proxy = StoreProxy(clean, http, graph.graphs, timeout=limits.sparql_timeout, max_bytes=limits.max_result_bytes)
    pool = StoreQueries(proxy, limits)
    try:
        site.start(recheck)
        received = asyncio.run(serve_until_stopped(site, pool, host, port, limits, access_log, ready))
    finally:
        site.close()
        http.close()
    end_as_signalled(received)


__all__ = ["StoreQueries", "run_store"]
