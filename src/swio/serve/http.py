"""HTTP details shared by the server's routes: media types, security headers, plain-text errors, path checks.

Every error is one line of plain text (``404 Not Found: no page /x``) that repeats at most a
short, clipped piece of the request (:func:`clip`; the whole message is capped too), so a
hostile request never gets its own megabyte echoed back.
"""

from __future__ import annotations

from starlette.responses import Response

from .limits import Limits

MEDIA_BY_EXTENSION = {
    "html": "text/html; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "csv": "text/csv; charset=utf-8",
    "rq": "application/sparql-query",
    "svg": "image/svg+xml",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "htaccess": "text/plain; charset=utf-8",
}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "script-src 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}
MAX_MESSAGE = 400  # characters of an error message, whatever it quotes
REASONS = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    413: "Content Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


def clip(text: str, limit: int = 120) -> str:
    """A piece of the request fit to quote in a message: one line, at most ``limit`` characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in text[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(message: str) -> str:
    """The message as one line of at most :data:`MAX_MESSAGE` characters."""
    return clip(" ".join(message.split()), MAX_MESSAGE)


def text_response(status: int, message: str, headers: dict | None = None) -> Response:
    """A one-line plain-text answer: ``404 Not Found: no page /x``."""
    return Response(
        f"{status} {REASONS.get(status, '')}: {one_line(message)}\n",
        status_code=status,
        media_type="text/plain; charset=utf-8",
        headers={**SECURITY_HEADERS, **(headers or {})},
    )


def bad_path(path: str) -> str | None:
    """Why a request path is refused (400), or ``None``."""
    if "\x00" in path or "\\" in path:
        return "the path holds a NUL or a backslash"
    segments = path.split("/")[1:]
    if any(s in (".", "..") for s in segments):
        return "the path holds '.' or '..' segments (path traversal is not allowed)"
    if any(s == "" for s in segments[:-1]):
        return "the path holds an empty segment ('//')"
    return None


class LimitRequests:
    """ASGI middleware: refuse over-long paths and query strings, and paths with a backslash, a NUL or dot
    segments, before any route is chosen."""

    def __init__(self, app, limits: Limits):
        self.app = app
        self.limits = limits

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            problem = None
            if len(scope.get("query_string", b"")) > self.limits.max_query_string:
                problem = (
                    414,
                    f"the query string is longer than {self.limits.max_query_string} bytes; "
                    "send a long SPARQL query with POST",
                )
            elif len(scope.get("raw_path", b"")) > self.limits.max_path:
                problem = (414, f"the path is longer than {self.limits.max_path} bytes")
            else:
                reason = bad_path(scope["path"])
                if reason:
                    problem = (400, reason)
            if problem:
                response = text_response(problem[0], problem[1])
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
