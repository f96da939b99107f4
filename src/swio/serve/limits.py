"""The limits of ``swio serve``: sizes and times a request may take (every one has a default)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Limits:
    max_query_string: int = 64 * 1024  # bytes of the URL's query string (414 beyond)
    max_path: int = 2048  # bytes of the path (414 beyond)
    max_body: int = 1 << 20  # bytes of a POST body (413 beyond)
    sparql_timeout: float = 10.0  # seconds a SPARQL query may run (503 beyond)
    max_result_bytes: int = 64 << 20  # bytes of one SPARQL result (503 beyond)
    max_concurrency: int = 256  # connections served at once (uvicorn answers 503 beyond)
