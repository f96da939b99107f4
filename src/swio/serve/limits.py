"""The limits of ``swio serve``: how much and how long a request, a connection or a query may take.

Every limit has a default that suits a public server on a small machine; ``swio serve``
sets the query time (``--timeout``) and the trusted proxies (``--trust-proxy``) from its
options, and a program can pass any :class:`Limits`. ``docs/running-in-public.md`` explains
each one and what a client sees when it is reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Limits:
    # -- sizes of a request ------------------------------------------------------------
    max_query_string: int = 64 * 1024  # bytes of the URL's query string (414 beyond)
    max_path: int = 2048  # bytes of the path (414 beyond)
    max_headers: int = 16 * 1024  # bytes of the header lines (431 beyond)
    max_body: int = 1 << 20  # bytes of a POST body (413 beyond)

    # -- time a client has -------------------------------------------------------------
    head_timeout: float = 10.0  # seconds to send a whole request head once it has begun (408, closed)
    keepalive_timeout: float = 5.0  # seconds an idle kept-alive connection waits for its next request
    body_timeout: float = 20.0  # seconds to send the whole body once the head is in (408, closed)
    send_timeout: float = 20.0  # seconds a client may take no bytes of its answer before it is dropped

    # -- connections and requests at once ------------------------------------------------
    max_connections: int = 512  # open connections (a new one beyond gets 503 and is closed)
    max_connections_per_address: int = 32  # open connections from one client address (503 beyond)
    max_in_flight: int = 128  # requests being answered at once (503 beyond); heads still arriving do not count
    page_threads: int = 4  # threads making pages (each with its own small SQLite cache)
    page_cache_bytes: int = 32 << 20  # whole-graph documents (ontology, lists, pictures) kept in memory
    page_wait: float = 20.0  # seconds a request waits for a whole-graph page a store is making (503 beyond)
    naming_cache_entries: int = 20_000  # labels and links kept per kind (the site build keeps more)
    trusted_proxies: tuple[str, ...] = field(default_factory=tuple)  # peers whose X-Forwarded-For names the client

    # -- SPARQL --------------------------------------------------------------------------
    sparql_timeout: float = 10.0  # seconds from a query's arrival to its answer: queue, check and run (503)
    max_result_bytes: int = 64 << 20  # bytes of one SPARQL result (503 beyond)
    max_nesting: int = 128  # brackets, braces and parentheses open at once in a query text (400 beyond)
    max_operators: int = 4096  # operators and pattern keywords in a query text (400 beyond)
    sparql_per_client: int = 0  # queries one client may have waiting or running (429 beyond); 0: workers - 1, >= 1
    max_sparql_requests: int = 64  # SPARQL requests being answered at once, transfers included (503 beyond)
    quick_limit: float = 1.0  # seconds a query may run on the worker kept for quick queries (2+ workers)
    shutdown_grace: float = 5.0  # seconds answers in progress get when the server is asked to stop

    def per_client(self, workers: int) -> int:
        return self.sparql_per_client or max(1, workers - 1)
