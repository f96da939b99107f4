"""A small authenticating reverse proxy in front of a real Oxigraph server.

Oxigraph has no authentication of its own; publishers put it behind a proxy that
does. This proxy checks HTTP Basic credentials and forwards the request to the
real server: users ``writer`` and ``张伟`` (a UTF-8 name and password) may do anything,
user ``reader`` only queries (writes get 403), and anyone else gets 401 with a Basic
challenge. ``proxy.seen`` records the authentication scheme each request carried
(``None`` for none), so tests can check what a client sends before it is asked.
"""

from __future__ import annotations

import base64
from http.server import BaseHTTPRequestHandler

import requests

from .local_http import LocalHTTPServer

USERS = {"writer": "s3cret", "reader": "r3ad", "张伟": "密码"}


class _Handler(BaseHTTPRequestHandler):
    upstream = ""
    seen: list = []

    def log_message(self, *args):  # keep test output quiet
        pass

    def _user(self):
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        name, _, password = base64.b64decode(header[6:]).decode("utf-8", "replace").partition(":")
        return name if USERS.get(name) == password else None

    def _forward(self):
        header = self.headers.get("Authorization")
        self.seen.append((self.command, self.path, header.split(" ", 1)[0] if header else None))
        user = self._user()
        if user is None:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="swio-test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if user == "reader" and not self.path.startswith("/query"):
            body = b"read-only user"
            self.send_response(403)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else None
        headers = {
            k: v for k, v in self.headers.items() if k.lower() not in ("host", "authorization", "content-length")
        }
        answer = requests.request(self.command, self.upstream + self.path, data=data, headers=headers, timeout=120)
        self.send_response(answer.status_code)
        for key, value in answer.headers.items():
            if key.lower() in ("content-type",):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    do_GET = do_POST = do_PUT = do_DELETE = _forward


class AuthProxy(LocalHTTPServer):
    def __init__(self, upstream: str):
        self.seen: list = []
        handler = type("Handler", (_Handler,), {"upstream": upstream, "seen": self.seen})
        super().__init__(handler)
