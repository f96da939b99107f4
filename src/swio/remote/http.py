"""All HTTP that swio sends to triplestores: one client for ``swio load`` and ``swio query --endpoint``.

* **URLs** are checked before use (http/https, a host, a valid port); credentials written
  into a URL (``http://user:pass@host/...``) are taken out of it and never printed:
  every message shows the URL as ``http://***@host/...``.
* **Deadlines.** ``timeout`` bounds the *whole* request — connecting, sending the body,
  waiting and reading the answer — not each socket read: a server that trickles one
  byte a second is cut off when the deadline passes. Neither requests nor urllib3 offer
  a total deadline (their timeouts restart with every byte), so a watchdog timer shuts
  the request's socket down when it expires.
* **Authentication.** ``auth="auto"`` sends no credentials until the server asks, then
  answers its challenge (Digest or Basic, as the ``WWW-Authenticate`` header says);
  ``basic``/``digest`` force one. Basic over plain http is sent only with a warning.
  User names and passwords may be any Unicode (UTF-8 on the wire).
* **Retries** with exponential backoff on connection errors, timeouts and 5xx answers,
  bounded by ``retries``; ``retry=False`` for requests that must not be repeated blindly.
* **Errors** are :class:`~swio.errors.EndpointError` with one line naming the URL, what
  was being done and why it failed.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable
from urllib.parse import unquote, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import HTTPBasicAuth, HTTPDigestAuth
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ..errors import EndpointError, InputError

AUTH_KINDS = ("auto", "basic", "digest")


# -- URLs -------------------------------------------------------------------------------------
def redact(url: str) -> str:
    """The URL with any user name and password replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL; still hide what looks like credentials
        return re.sub(r"//[^/@]*@", "//***@", url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


def check_url(url: str, parameter: str | None = None) -> tuple[str, str | None, str | None]:
    """``(url without credentials, user, password)``; a clear :class:`InputError` for anything
    that is not an absolute http(s) URL with a host (naming the caller's ``parameter``, if given)."""
    option = f"`{parameter}`" if parameter else "URL"
    shown = redact(url)
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise InputError(f"{option} {shown!r}: not a URL (empty, or contains spaces or control characters)")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        raise InputError(f"{option} {shown}: not a valid URL ({err})") from None
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"{parts.scheme}://" if parts.scheme else "no scheme"
        raise InputError(f"{option} {shown}: only http:// and https:// URLs are supported, not {scheme}")
    if not parts.hostname:
        raise InputError(f"{option} {shown}: the URL has no host")
    if port == 0:
        raise InputError(f"{option} {shown}: port 0 is not a valid port")
    user = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=netloc)), user, password


# -- a deadline for the whole request ----------------------------------------------------------
class _Watch:
    """The connections one request uses; :meth:`expire` shuts their sockets down."""

    def __init__(self) -> None:
        self.connections: list = []
        self.expired = False
        self.lock = threading.Lock()

    def add(self, connection) -> None:
        with self.lock:
            self.connections.append(connection)
            if self.expired:
                _shut(connection)

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for connection in self.connections:
                _shut(connection)


def _shut(connection) -> None:
    sock = getattr(connection, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


_current = threading.local()  # the _Watch of the request this thread is sending


class _Watched:
    """Mixin for urllib3 connections: every use and every (re)connect is registered with the
    current request's watch, so the watchdog can cut it off."""

    def connect(self):
        super().connect()
        watch = getattr(_current, "watch", None)
        if watch is not None:
            watch.add(self)

    def request(self, *args, **kwargs):
        watch = getattr(_current, "watch", None)
        if watch is not None:
            watch.add(self)
        return super().request(*args, **kwargs)


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _DeadlineAdapter(HTTPAdapter):
    POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self.POOLS)

    def proxy_manager_for(self, proxy, **kwargs):
        manager = super().proxy_manager_for(proxy, **kwargs)
        manager.pool_classes_by_scheme = dict(self.POOLS)
        return manager


# -- the client -------------------------------------------------------------------------------
def _utf8(text: str | None) -> bytes:
    return (text or "").encode("utf-8")


class HttpClient:
    """One session to one store: authentication, whole-request deadlines, bounded retries."""

    def __init__(
        self,
        user: str | None = None,
        password: str | None = None,
        *,
        auth: str = "auto",
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        log: Callable[[str], None] | None = None,
        connections: int = 10,
    ):
        if auth not in AUTH_KINDS:
            raise InputError(f"unknown `auth` {auth!r}; choose one of {', '.join(AUTH_KINDS)}")
        if timeout is None or not 0 < timeout < float("inf"):
            raise InputError(f"`timeout` must be a positive number of seconds, not {timeout}")
        if retries is None or retries < 0:
            raise InputError(f"`retries` must be 0 or more, not {retries}")
        if password is not None and user is None:
            raise InputError("a password is given but no `user`: give `user` too")
        self.user, self.password, self.auth_kind = user, password, auth
        self.timeout, self.retries, self.backoff = float(timeout), retries, backoff
        self.requests = 0
        self.log = log or (lambda _msg: None)
        self.session = requests.Session()
        adapter = _DeadlineAdapter(pool_maxsize=connections)  # connections kept open to one host (threads)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self._lock = threading.Lock()
        self._warned_basic = False
        self._digest: HTTPDigestAuth | None = None
        self.scheme: str | None = None  # the authentication scheme in use, once known
        self.server: str = ""  # the Server header of the last answer (tells Oxigraph, Virtuoso, ...)
        if user is not None and auth != "auto":
            self.scheme = auth

    def close(self) -> None:
        self.session.close()

    # -- authentication --------------------------------------------------------------------
    def _auth_for(self, url: str):
        if self.user is None or self.scheme is None:
            return None
        if self.scheme == "digest":
            if self._digest is None:  # one instance: it remembers the server's nonce between requests
                self._digest = HTTPDigestAuth(self.user, self.password or "")
            return self._digest
        if url.lower().startswith("http://") and not self._warned_basic:
            self._warned_basic = True
            self.log(
                f"warning: sending the password with Basic authentication over plain http to {redact(url)}: "
                "anyone on the network path can read it (use https, or a store that asks for Digest)"
            )
        return HTTPBasicAuth(_utf8(self.user), _utf8(self.password))

    def _answer_challenge(self, response: requests.Response) -> bool:
        """After a 401: choose the scheme the server asks for; False when there is nothing to answer with."""
        if self.user is None or self.auth_kind != "auto" or self.scheme is not None:
            return False
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        if "digest" in challenge:
            self.scheme = "digest"
        elif "basic" in challenge:
            self.scheme = "basic"
        else:
            return False
        if self.scheme == "digest":
            try:
                self.user.encode("latin-1")
            except UnicodeEncodeError:
                raise EndpointError(
                    f"{redact(response.url)}: the store asks for Digest authentication, which cannot "
                    f"carry a user name outside Latin-1 ({self.user!r})"
                ) from None
        return True

    # -- requests ----------------------------------------------------------------------------
    def request(
        self,
        method: str,
        url: str,
        *,
        what: str,
        ok=(200, 201, 204),
        retry: bool = True,
        timeout: float | None = None,
        **kwargs,
    ) -> requests.Response:
        """Send one request (retrying when allowed). ``retry=False`` for requests that must not be
        repeated blindly (a MOVE): a lost answer may hide a success, so the caller checks the outcome."""
        retries = self.retries if retry else 0
        attempt = 0
        challenged = False
        while True:
            attempt += 1
            with self._lock:
                self.requests += 1
            try:
                response = self._send(method, url, timeout or self.timeout, **kwargs)
            except _Failure as failure:
                if attempt > retries:
                    raise TransientError(
                        f"{redact(url)}: cannot {what}: {failure.reason} (after {_attempts(attempt)})"
                    ) from None
                self.backoff_wait(attempt, f"{what}: {failure.reason}")
                continue
            self.server = response.headers.get("Server", self.server)
            if response.status_code == 401 and not challenged and self._answer_challenge(response):
                challenged = True
                attempt -= 1
                continue
            if response.status_code in ok:
                return response
            if response.status_code >= 500 and attempt <= retries:
                self.backoff_wait(attempt, f"{what}: HTTP {response.status_code}")
                continue
            error = TransientError if response.status_code >= 500 else EndpointError
            raise error(http_error(url, what, response, attempt, self.user is not None))

    def _send(self, method: str, url: str, seconds: float, **kwargs) -> requests.Response:
        watch = _Watch()
        timer = threading.Timer(seconds, watch.expire)
        timer.daemon = True
        _current.watch = watch
        started = time.monotonic()
        timer.start()
        try:
            response = self.session.request(
                method, url, auth=self._auth_for(url), timeout=(seconds, seconds), allow_redirects=False, **kwargs
            )
            if watch.expired:  # the watchdog cut the answer short: whatever arrived is not the answer
                raise _Failure(f"no complete answer within {seconds:g} s (`timeout`)")
            return response
        except requests.RequestException as err:
            if watch.expired or isinstance(err, requests.Timeout) or time.monotonic() - started >= seconds:
                raise _Failure(f"no complete answer within {seconds:g} s (`timeout`)") from None
            raise _Failure(_connection_reason(err)) from None
        finally:
            timer.cancel()
            _current.watch = None

    def backoff_wait(self, attempt: int, reason: str) -> None:
        """Sleep before attempt ``attempt + 1``: ``backoff`` seconds, doubled each time."""
        delay = self.backoff * (2 ** (attempt - 1))
        self.log(f"retrying in {delay:.1f} s ({reason})")
        time.sleep(delay)


class TransientError(EndpointError):
    """A request that failed for a reason that may pass (connection, deadline, 5xx): the same request may
    succeed later, and the server may even have carried it out."""


class _Failure(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _attempts(n: int) -> str:
    return f"{n} attempt{'s' if n != 1 else ''}"


def _connection_reason(err: Exception) -> str:
    text = str(err)
    for key, label in (
        ("Connection refused", "connection refused"),
        ("Name or service not known", "unknown host"),
        ("nodename nor servname", "unknown host"),
        ("Temporary failure in name resolution", "unknown host"),
        ("RemoteDisconnected", "the server closed the connection"),
        ("Connection reset", "connection reset"),
        ("Connection aborted", "connection aborted"),
        ("IncompleteRead", "the answer was cut short"),
        ("SSLError", "TLS error"),
    ):
        if key in text:
            return label
    return "connection failed"


def http_error(url: str, what: str, response: requests.Response, attempts: int = 1, has_user: bool = False) -> str:
    """One line for an HTTP error answer."""
    code = response.status_code
    shown = redact(url)
    body = re.sub(r"<[^>]+>", " ", response.text or "")
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")[:200]
    if code == 401:
        scheme = response.headers.get("WWW-Authenticate", "").split(" ", 1)[0] or "HTTP"
        if has_user:
            return f"{shown}: 401 Unauthorized: the store refused the user name and password ({scheme} authentication)"
        return f"{shown}: 401 Unauthorized: give `user` and `password` (the store asks for {scheme} authentication)"
    if code == 403:
        return f"{shown}: 403 Forbidden: this user may not {what}"
    if code == 404:
        return f"{shown}: 404 Not Found: is this the store's endpoint to {what}?"
    if 300 <= code < 400:
        return (
            f"{shown}: HTTP {code} redirect to {redact(response.headers.get('Location', '?'))}: give that URL instead"
        )
    if code >= 500:
        hint = ""
        if "SR171" in body or "Transaction timed out" in body:  # Virtuoso: MaxQueryExecutionTime / TransactionTimeout
            hint = (
                " (the store's time limit for one request or transaction: raise Virtuoso's MaxQueryExecutionTime "
                "in virtuoso.ini, or give a larger store timeout)"
            )
        return (
            f"{shown}: server error HTTP {code} while trying to {what} (after {_attempts(attempts)})"
            + (f": {first}" if first else "")
            + hint
        )
    return f"{shown}: the store refused to {what} (HTTP {code})" + (f": {first}" if first else "")
