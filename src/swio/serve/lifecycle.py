"""Running the server: load the graph, start the workers, serve until stopped, then close everything."""

from __future__ import annotations

from .app import Server
from .limits import Limits
from .workers import SparqlWorkers


def open_publication(paths=None, *, base_url: str):
    """The dataset loaded from ``paths`` (default: the shipped data) and its :class:`Publication`."""
    from ..input.dataset import Dataset
    from ..publish.release import jsonld_context, release_date
    from ..publish.site.publication import Publication

    dataset = Dataset.load(paths)
    return Publication(dataset, context=jsonld_context(dataset), date=release_date(None, "") or None, base_url=base_url)


def run(
    paths=None,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    sparql_workers: int = 2,
    limits: Limits | None = None,
    access_log: bool = False,
    ready=None,
) -> None:
    """Load the graph, start the SPARQL workers and serve until interrupted."""
    import uvicorn

    limits = limits or Limits()
    publication = open_publication(paths, base_url=f"http://{host}:{port}")
    workers = None
    try:
        workers = SparqlWorkers(
            paths, workers=sparql_workers, timeout=limits.sparql_timeout, max_bytes=limits.max_result_bytes
        )
        server = Server(publication, workers, limits)
        config = uvicorn.Config(
            server.app,
            host=host,
            port=port,
            http="h11",
            lifespan="off",
            h11_max_incomplete_event_size=limits.max_query_string * 32 + limits.max_path,
            limit_concurrency=limits.max_concurrency,
            timeout_graceful_shutdown=5,
            log_level="warning",
            access_log=access_log,
            server_header=False,
        )
        if ready is not None:
            ready(publication)
        uvicorn.Server(config).run()
    finally:
        if workers is not None:
            workers.close()
        publication.close()
