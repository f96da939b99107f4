"""Running the server: load the graph, start the workers, serve until stopped, then close everything.

SIGTERM or SIGINT (Ctrl-C) stops the server gracefully: no new connection is accepted,
queries still waiting for a worker get 503 at once, answers in progress get
``shutdown_grace`` seconds, then the requests whose answer has not begun get 503
(:meth:`.transport.HttpServer.stop`). The worker processes are then killed and the
spool folder removed, and only then is the signal raised again with its default
action, so the process ends as the signal says (a second signal skips the grace). A
server killed outright (``kill -9``) takes its workers with it: they die with their
parent (:mod:`.sandbox`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal

from ..errors import InputError
from .app import Server
from .limits import Limits
from .transport import HttpServer
from .workers import QueryWorkers

log = logging.getLogger("swio.serve")


def open_publication(paths=None, *, base_url: str, cache_entries: int | None = None):
    """The dataset loaded from ``paths`` (default: the shipped data) and its :class:`Publication`."""
    from ..input.dataset import Dataset
    from ..publish.release import jsonld_context, release_date
    from ..publish.site.publication import Publication

    dataset = Dataset.load(paths)
    publication = Publication(
        dataset,
        context=jsonld_context(dataset),
        date=release_date(None, "") or None,
        base_url=base_url,
        cache_entries=cache_entries,
        served=True,
        question_cache=0,  # the questions' pages and CSV files are kept on disk (kept_answers), not their answers
    )
    publication.index.reader_cache_kib = 4096  # a few page threads read at once: a small cache each
    return publication


def _configure_logging(access_log: bool) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.WARNING)
    logging.getLogger("swio.serve.access").setLevel(logging.INFO if access_log else logging.WARNING)


def _enough_file_descriptors(limits: Limits) -> None:
    """Raise the soft limit on open files towards what the connection limit needs (each connection is one)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = limits.max_connections + limits.max_sparql_requests + 256
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(
                resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard)
            )
    except (ImportError, OSError, ValueError):
        pass


def run(
    paths=None,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    sparql_workers: int = 2,
    limits: Limits | None = None,
    access_log: bool = False,
    ready=None,
    routes=(),
) -> None:
    """Load the graph, start the SPARQL workers and serve until a signal stops it (see the module's text);
    ``routes`` (Starlette routes) are tried before the pages, as :class:`.app.Server` says."""
    limits = limits or Limits()
    prepare(limits, access_log)
    publication = open_publication(paths, base_url=f"http://{host}:{port}", cache_entries=limits.naming_cache_entries)
    try:
        pool = QueryWorkers(paths, workers=sparql_workers, limits=limits)
        received = asyncio.run(serve_until_stopped(publication, pool, host, port, limits, access_log, ready, routes))
    finally:
        publication.close()
    end_as_signalled(received)


def prepare(limits: Limits, access_log: bool) -> None:
    """Logging and the open-files limit, before a server starts."""
    _configure_logging(access_log)
    _enough_file_descriptors(limits)


def end_as_signalled(received: int | None) -> None:
    """End the process as the signal that stopped the server says (after everything was closed)."""
    if received is not None:
        signal.signal(received, signal.SIG_DFL)
        signal.raise_signal(received)


async def serve_until_stopped(
    publication, pool, host: str, port: int, limits: Limits, access_log: bool, ready=None, routes=()
) -> int | None:
    """Serve ``publication`` (a Publication or any :class:`.pages.PageSource`) with ``pool`` answering
    ``/sparql`` (:class:`.workers.QueryWorkers`, or anything with its ``start``, ``run``, ``stop_accepting``
    and ``close``) until SIGINT or SIGTERM; the signal received, if one stopped it."""
    loop = asyncio.get_running_loop()
    stop, force = asyncio.Event(), asyncio.Event()
    received: list[int] = []

    def on_signal(number: int) -> None:
        received.append(number)
        (force if stop.is_set() else stop).set()

    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, on_signal, number)
    server = Server(publication, pool, limits, routes=tuple(routes))
    http = HttpServer(server.app, limits, log_requests=access_log)
    try:
        await pool.start()
        try:
            await http.start(host, port)
        except OSError as err:
            reason = os.strerror(err.errno) if err.errno else str(err)
            raise InputError(f"cannot listen on {host}:{port}: {reason}") from None
        server.start()
        if ready is not None:
            ready(publication)
        await stop.wait()
        pool.stop_accepting()
        await http.stop(limits.shutdown_grace, force)
    finally:
        await pool.close()
        server.close()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(number)
    return received[0] if received else None
