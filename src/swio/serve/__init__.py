"""``swio serve``: the publication live from the embedded store.

Every file of the static site is answered at the same path (``/id/org/x.en.html``,
``/def.ttl``, ``/queries/model-comparison.zh.csv`` …), made on request from the index of
the statements as written (:mod:`.pages`). The IRIs' own paths — ``/id/{kind}/{slug}``,
``/def``, ``/shapes`` and ``/`` — answer ``303 See Other`` to the document chosen by
``Accept`` and ``Accept-Language``, as the w3id.org ``.htaccess`` does. ``/sparql`` is a
read-only SPARQL 1.1 Protocol endpoint (:mod:`.sparql`) whose queries are checked
(:mod:`.query_check`) and run in worker processes (:mod:`.workers`, :mod:`.worker`,
:mod:`.sandbox`), each stopped at the time limit. The canned questions take their
parameters from the query string (``/queries/posts-and-holders.en.csv?city=合肥``).

HTTP/1.1 is spoken by :mod:`.transport` (asyncio and h11) with deadlines for slow clients
and bounds per client; bad requests get a 4xx with a one-line reason, never a traceback
(:mod:`.http`); the sizes and times a request may take are in :mod:`.limits`;
:mod:`.lifecycle` starts and stops it all. ``docs/running-in-public.md`` is the manual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy_imports import lazy_attributes

if TYPE_CHECKING:
    from .app import Server
    from .lifecycle import open_publication, run
    from .limits import Limits
    from .pages import PageSource, PublicationPages
    from .transport import HttpServer
    from .workers import QueryWorkers

__all__ = [
    "HttpServer",
    "Limits",
    "PageSource",
    "PublicationPages",
    "QueryWorkers",
    "Server",
    "open_publication",
    "run",
]

# imported on first use: a worker process (python -m swio.serve.worker) needs none of the web side
__getattr__ = lazy_attributes(
    __name__,
    {
        "HttpServer": ".transport",
        "Limits": ".limits",
        "PageSource": ".pages",
        "PublicationPages": ".pages",
        "QueryWorkers": ".workers",
        "Server": ".app",
        "open_publication": ".lifecycle",
        "run": ".lifecycle",
    },
)
