"""``swio serve``: the publication live from the embedded store.

Every file of the static site is answered at the same path (``/id/org/x.en.html``,
``/def.ttl``, ``/queries/model-comparison.zh.csv`` …), made on request from the index of
the statements as written (:mod:`.pages`). The IRIs' own paths — ``/id/{kind}/{slug}``,
``/def``, ``/shapes`` and ``/`` — answer ``303 See Other`` to the document chosen by
``Accept`` and ``Accept-Language``, as the w3id.org ``.htaccess`` does. ``/sparql`` is a
read-only SPARQL 1.1 Protocol endpoint (:mod:`.sparql`) whose queries run in worker
processes (:mod:`.workers`), each stopped at the time limit. The canned questions take
their parameters from the query string (``/queries/posts-and-holders.en.csv?city=合肥``).

Bad requests get a 4xx with a one-line reason, never a traceback (:mod:`.http`); the
sizes and times a request may take are in :mod:`.limits`; :mod:`.lifecycle` starts and
stops it all.
"""

from __future__ import annotations

from .app import Server
from .lifecycle import open_publication, run
from .limits import Limits
from .pages import PageSource, PublicationPages

__all__ = ["Limits", "PageSource", "PublicationPages", "Server", "open_publication", "run"]
