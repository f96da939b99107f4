"""Clients for the tests of ``swio serve`` as a public server: raw sockets, chosen source addresses, processes.

Linux routes all of 127.0.0.0/8 to the loopback interface, so a client may bind any
127.0.0.x as its source: the server then sees different client addresses, as it would on
the internet, and its per-address limits can be tested on one machine.
"""

from __future__ import annotations

import http.client
import os
import socket
import time
from contextlib import contextmanager


def port_of(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def connect(base: str, source: str = "127.0.0.1", timeout: float = 10) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port_of(base)), timeout=timeout, source_address=(source, 0))


def raw(base: str, data: bytes, *, source: str = "127.0.0.1", timeout: float = 15) -> bytes:
    """Send ``data`` on a new connection and read until the server closes it (or ``timeout`` passes)."""
    with connect(base, source, timeout) as s:
        s.sendall(data)
        out = b""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return out


def split_response(reply: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = reply.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def request(
    base: str,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict | None = None,
    source: str = "127.0.0.1",
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    """One request from ``source``: status, headers (lower-case names) and body."""
    conn = http.client.HTTPConnection("127.0.0.1", port_of(base), timeout=timeout, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def children(pid: int) -> set[int]:
    """The live child processes of ``pid`` (its SPARQL workers, for a swio server)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry))
    return found


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (a swio server's loader and, below it, the SPARQL workers)."""
    found, todo = set(), [pid]
    while todo:
        for child in children(todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def status_field(pid: int, name: str) -> int:
    """A number from /proc/PID/status (``VmRSS`` in KiB, ``Threads``)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    raise KeyError(name)


def wait_until(condition, seconds: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


@contextmanager
def canary():
    """A TCP listener on 127.0.0.1 that records every connection made to it (and answers a marked error)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    hits: list = []
    import threading

    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, address = listener.accept()
            except (TimeoutError, OSError):
                continue
            hits.append(address)
            try:
                conn.sendall(b"HTTP/1.1 500 X\r\nContent-Length: 13\r\n\r\nCANARY-SECRET")
            finally:
                conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], hits
    finally:
        stop.set()
        thread.join(2)
        listener.close()
