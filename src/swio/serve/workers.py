"""The SPARQL worker processes of ``swio serve``: queries bounded in time, isolated, and fairly shared.

pyoxigraph cannot interrupt a running query, so every query from the endpoint runs in a
worker process (:mod:`.worker`, forked from one that loaded the graph); a query still
running at its deadline has its worker killed and replaced. The pool runs on the server's
event loop (no thread waits on a worker) and keeps these promises:

* **the whole wait is bounded**: a query's deadline is its arrival plus the time limit,
  for the wait for a worker and the run together (503 when it passes);
* **a client that goes away stops its query**: waiting, it leaves the queue; running, its
  worker is killed and replaced;
* **quick queries are not starved by long ones** (two or more workers): when queries are
  waiting and every worker is busy with a query that has run longer than ``quick_limit``,
  the youngest of those is stopped (503) and its place goes to the queue -- so at most
  all-but-one workers serve long queries while others wait; a query text that was stopped
  at a limit in the last quarter of an hour runs only when a worker is free (503 at once
  otherwise); and one client may have at most ``per_client`` queries waiting or running
  (429 beyond);
* **replacement is quick**: one process loads the graph and forks the workers, which share
  the loaded store with it (copy-on-write), so a stopped worker is replaced by a fork (tens of
  milliseconds, no reload, no second copy of the graph in memory); a worker that dies while
  idle is replaced at once, and a query handed to a worker that turns out to be dead (it
  never acknowledged the query) goes to another;
* **workers die with the server** (``PR_SET_PDEATHSIG``: the loader with the server, the
  workers with the loader) and have no network (:mod:`.sandbox`);
* **answers do not sit in memory**: a worker writes the answer to a file in the spool
  folder and is free; the endpoint streams the file to the client at its own pace.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import sys
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import BinaryIO

from ..owned_temp import owned_temp_dir
from .formats import GRAPH_FORMATS, RESULT_FORMATS
from .limits import Limits

log = logging.getLogger("swio.serve")

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "Failure", "QueryWorkers", "Result"]


@dataclass
class Result:
    """An answer: ``status`` 200 with ``media`` and an open ``file`` of ``size`` bytes (already unlinked: close
    it when sent), or an error status with a one-line ``message``."""

    status: int
    message: str = ""
    media: str = ""
    file: BinaryIO | None = None
    size: int = 0


class Failure(Exception):
    """The query could not be answered: ``status`` (429, 502, 503) and a one-line message; ``stopped`` when it
    ran into a limit (its text then waits behind the others for a while)."""

    def __init__(self, status: int, message: str, retry_after: int | None = None, *, stopped: bool = False):
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after
        self.stopped = stopped


class ClientGone(Exception):
    """The client went away; nobody is waiting for an answer."""


class _DeadBeforeUse(Exception):
    pass


@contextlib.contextmanager
def client_slot(clients: dict[str, int], client: str, per_client: int, closing: bool):
    """One of ``client``'s ``per_client`` places for queries waiting or running (counted in ``clients``): 503
    when the server is closing, 429 when the client has them all."""
    if closing:
        raise Failure(503, "the server is shutting down")
    if clients.get(client, 0) >= per_client:
        raise Failure(
            429,
            f"you already have {per_client} quer{'y' if per_client == 1 else 'ies'} waiting or running; "
            "wait for the answer before sending the next",
            1,
        )
    clients[client] = clients.get(client, 0) + 1
    try:
        yield
    finally:
        left = clients.get(client, 1) - 1
        if left:
            clients[client] = left
        else:
            clients.pop(client, None)


def _fail(reply: asyncio.Future | None) -> None:
    """End a pending reply with EOFError (marked as seen: nobody may be left to read it)."""
    if reply is not None and not reply.done():
        reply.set_exception(EOFError())
        reply.exception()


class _Loader:
    """The process that loads the graph once and forks the workers (:mod:`.worker`)."""

    def __init__(self, pool: QueryWorkers):
        self.pool = pool
        self.proc: asyncio.subprocess.Process | None = None
        self.ready = asyncio.get_running_loop().create_future()
        self.forks: dict[int, asyncio.Future] = {}
        self.dead = False

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "swio.serve.worker", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )
        job = {
            "parent": os.getpid(),
            "paths": self.pool.paths,
            "max_bytes": self.pool.limits.max_result_bytes,
            "socket": self.pool.socket_path,
        }
        self._pipes().write(json.dumps(job).encode() + b"\n")
        self.pool.in_background(self._read())

    def _pipes(self) -> asyncio.StreamWriter:
        assert self.proc is not None and self.proc.stdin is not None
        return self.proc.stdin

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        try:
            while line := await self.proc.stdout.readline():
                message = json.loads(line)
                if "ready" in message:
                    if not message.get("sandboxed"):
                        self.pool.warn_once("the SPARQL workers could not be cut off from the network on this system")
                    self.ready.set_result(True)
                elif "forked" in message:
                    waiter = self.forks.pop(message["forked"], None)
                    if waiter is not None and not waiter.done():
                        waiter.set_result(message["pid"])
        except (ValueError, OSError) as err:
            log.error("the SPARQL workers' loader sent something unreadable: %s", err)
        finally:
            self.dead = True
            if not self.ready.done():
                self.ready.set_result(False)
            for waiter in self.forks.values():
                if not waiter.done():
                    waiter.set_result(None)
            self.pool.loader_died(self)

    async def fork(self, ident: int) -> int | None:
        """A new worker's process id (it then connects to the pool's socket), or ``None`` if the loader is gone."""
        if self.dead:
            return None
        waiter = asyncio.get_running_loop().create_future()
        self.forks[ident] = waiter
        try:
            pipe = self._pipes()
            pipe.write(json.dumps({"fork": ident}).encode() + b"\n")
            await pipe.drain()
        except (ConnectionError, OSError, RuntimeError):
            return None
        return await waiter

    def kill(self) -> None:
        self.dead = True
        if self.proc is not None and self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()


class _Worker:
    """One forked worker: its process and the connection it made to the pool's socket."""

    def __init__(self, pool: QueryWorkers, ident: int):
        self.pool = pool
        self.ident = ident
        self.pid: int | None = None
        self.pidfd: int | None = None  # signals go to this very process, even if its number is reused
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.reply: asyncio.Future | None = None
        self.took_query = False  # the worker acknowledged the query being answered
        self.busy_since: float | None = None
        self.preempted = False
        self.spool: str | None = None
        self.dead = False

    def attach(self, pid: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.pid, self.reader, self.writer = pid, reader, writer
        with contextlib.suppress(AttributeError, OSError):
            self.pidfd = os.pidfd_open(pid)
        self.pool.in_background(self._read())

    async def _read(self) -> None:
        """Read the worker's lines until it dies: ``started``, then the answer, for each query."""
        assert self.reader is not None
        try:
            while line := await self.reader.readline():
                message = json.loads(line)
                if "started" in message:
                    self.took_query = True
                elif self.reply is not None and not self.reply.done():
                    self.reply.set_result(message)
        except OSError:
            pass  # its connection was reset: it was killed (by the pool, or by someone else)
        except ValueError as err:
            log.error("a SPARQL worker sent something unreadable: %s", err)
        finally:
            self.kill()
            _fail(self.reply)
            self.pool.worker_died(self)

    def kill(self) -> None:
        if not self.dead and self.pid is not None:
            with contextlib.suppress(ProcessLookupError, OSError):
                if self.pidfd is not None:
                    signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
                else:
                    os.kill(self.pid, signal.SIGKILL)
        self.dead = True
        if self.pidfd is not None:
            with contextlib.suppress(OSError):
                os.close(self.pidfd)
            self.pidfd = None
        if self.writer is not None:
            self.writer.close()
        if self.spool:
            with contextlib.suppress(OSError):
                os.unlink(self.spool)
            self.spool = None

    async def send(self, request: dict) -> asyncio.Future:
        if self.dead or self.writer is None:
            raise _DeadBeforeUse()
        self.reply = asyncio.get_running_loop().create_future()
        self.took_query = False
        try:
            self.writer.write(json.dumps(request).encode() + b"\n")
            await self.writer.drain()
        except (ConnectionError, OSError, RuntimeError):
            raise _DeadBeforeUse() from None
        return self.reply


class QueryWorkers:
    """The pool: :meth:`start`, then :meth:`run` from request handlers, :meth:`close` at the end."""

    def __init__(self, paths, *, workers: int = 2, limits: Limits | None = None):
        self.paths = None if paths is None else [str(p) for p in paths]
        self.size = max(1, workers)
        self.limits = limits or Limits()
        self.timeout = self.limits.sparql_timeout
        self.per_client = self.limits.per_client(self.size)
        self.workers: list[_Worker] = []  # serving (starting, idle or busy)
        self.idle: deque[_Worker] = deque()
        self.waiters: deque[asyncio.Future] = deque()  # queries not known to be long, first come first served
        self.waiters_long: deque[asyncio.Future] = deque()  # texts stopped at a limit lately: after the others
        self.long_texts: OrderedDict[int, float] = OrderedDict()  # hash of a text -> when it was last stopped
        self.clients: dict[str, int] = {}
        self.closing = False
        self.spool_dir = str(owned_temp_dir("swio-serve-spool-"))
        self.socket_path = os.path.join(self.spool_dir, "workers.sock")
        self.loader: _Loader | None = None
        self._unix_server: asyncio.AbstractServer | None = None
        self._count = 0
        self._idents = 0
        self._warned: set[str] = set()
        self._recheck: asyncio.TimerHandle | None = None
        self._failures = 0
        self._background: set[asyncio.Task] = set()

    # -- life ---------------------------------------------------------------------------------
    async def start(self) -> None:
        """Start the loader; once it has the graph, it forks the workers (in the background)."""
        self._unix_server = await asyncio.start_unix_server(self._connected, path=self.socket_path, limit=1 << 20)
        await self._start_loader()

    async def _start_loader(self) -> None:
        self.loader = _Loader(self)
        await self.loader.start()
        loader = self.loader

        async def fill() -> None:
            if await loader.ready:
                self._failures = 0
                for _ in range(self.size - len(self.workers)):
                    self.in_background(self._spawn())

        self.in_background(fill())

    async def _spawn(self) -> None:
        """Fork a worker and put it to work once it has connected (or drop it if it does not in 30 s)."""
        if self.closing or self.loader is None:
            return
        self._idents += 1
        worker = _Worker(self, self._idents)
        self.workers.append(worker)
        pid = await self.loader.fork(worker.ident)
        if pid is None:
            self.workers.remove(worker)
            return
        worker.pid = pid
        for _ in range(300):
            if worker.reader is not None or worker.dead or self.closing:
                break
            await asyncio.sleep(0.1)
        if worker.reader is None:
            log.error("a forked SPARQL worker did not connect")
            worker.kill()
            with contextlib.suppress(ValueError):
                self.workers.remove(worker)
            return
        self._release(worker)

    async def _connected(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """A forked worker says who it is on the pool's socket."""
        try:
            hello = json.loads(await asyncio.wait_for(reader.readline(), 10))
            worker = next(w for w in self.workers if w.ident == hello["worker"] and w.reader is None)
        except (TimeoutError, ValueError, KeyError, StopIteration, OSError):
            writer.close()
            return
        worker.attach(int(hello["pid"]), reader, writer)

    def in_background(self, coroutine) -> None:
        task = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def warn_once(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            log.warning("%s", message)

    def stop_accepting(self) -> None:
        """Refuse new queries and fail the waiting ones (503): the server is stopping."""
        self.closing = True
        for queue in (self.waiters, self.waiters_long):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_exception(Failure(503, "the server is shutting down"))

    async def close(self) -> None:
        """Kill the workers and their loader, and remove the spool folder."""
        self.stop_accepting()
        for worker in list(self.workers):
            worker.kill()
        if self.loader is not None:
            self.loader.kill()
            if self.loader.proc is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self.loader.proc.wait(), 5)
        if self._unix_server is not None:
            self._unix_server.close()
        for task in list(self._background):
            task.cancel()
        shutil.rmtree(self.spool_dir, ignore_errors=True)

    def worker_died(self, worker: _Worker) -> None:
        """A worker's connection ended (killed, crashed, or its loader gone): fork another in its place."""
        if worker not in self.workers:
            return
        self.workers.remove(worker)
        with contextlib.suppress(ValueError):
            self.idle.remove(worker)
        if not self.closing and self.loader is not None and not self.loader.dead:
            self.in_background(self._spawn())

    def loader_died(self, loader: _Loader) -> None:
        """The loader is gone (its workers die with it): start another, after a pause if it keeps failing."""
        if self.closing or loader is not self.loader:
            return
        for worker in list(self.workers):
            worker.kill()
        loaded = loader.ready.done() and loader.ready.result()
        if not loaded:
            code = loader.proc.returncode if loader.proc is not None else None
            log.error("the SPARQL workers' loader stopped before it had loaded the graph (exit %s)", code)
        self._failures = 0 if loaded else self._failures + 1
        delay = 0 if loaded else min(30.0, 0.5 * 2 ** min(self._failures, 6))

        async def again() -> None:
            await asyncio.sleep(delay)
            if not self.closing:
                await self._start_loader()

        self.in_background(again())

    # -- sharing the workers --------------------------------------------------------------------
    def _release(self, worker: _Worker) -> None:
        worker.busy_since = None
        worker.reply = None
        if worker.dead or self.closing:
            return
        for queue in (self.waiters, self.waiters_long):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(worker)
                    return
        self.idle.append(worker)

    # a text stopped at a limit is remembered this long (and at most this many texts)
    LONG_MEMORY_SECONDS = 900.0
    LONG_MEMORY_TEXTS = 4096

    def _known_long(self, key: int) -> bool:
        stopped = self.long_texts.get(key)
        if stopped is None:
            return False
        if time.monotonic() - stopped > self.LONG_MEMORY_SECONDS:
            del self.long_texts[key]
            return False
        return True

    def _remember_long(self, key: int) -> None:
        self.long_texts[key] = time.monotonic()
        self.long_texts.move_to_end(key)
        while len(self.long_texts) > self.LONG_MEMORY_TEXTS:
            self.long_texts.popitem(last=False)

    async def _acquire(self, deadline: float, gone: asyncio.Event, known_long: bool) -> _Worker:
        while self.idle:
            worker = self.idle.popleft()
            if not worker.dead:
                return worker
        waiter = asyncio.get_running_loop().create_future()
        (self.waiters_long if known_long else self.waiters).append(waiter)
        self._make_room()
        gone_wait = asyncio.ensure_future(gone.wait())
        try:
            await asyncio.wait(
                {waiter, gone_wait}, timeout=max(0.0, deadline - time.monotonic()), return_when="FIRST_COMPLETED"
            )
        finally:
            gone_wait.cancel()
        if waiter.done():
            return waiter.result()  # a worker, or the Failure of a stopping server
        waiter.cancel()
        for queue in (self.waiters, self.waiters_long):
            with contextlib.suppress(ValueError):
                queue.remove(waiter)
        if gone.is_set():
            raise ClientGone()
        busy = len(self.workers)
        raise Failure(
            503, f"all {busy} query workers stayed busy for the time limit of {self.timeout:g} s; try again shortly", 2
        )

    def _make_room(self) -> None:
        """With queries waiting (not known to be long) and every worker busy: if all of them have run past
        ``quick_limit``, stop the youngest so that a waiting query gets its place; else look again when the next
        one passes it."""
        if self._recheck is not None:
            self._recheck.cancel()
            self._recheck = None
        if not self.waiters or self.idle or self.size < 2 or self.closing:
            return
        now = time.monotonic()
        busy = [(w.busy_since, w) for w in self.workers if w.busy_since is not None and not w.dead]
        if len(busy) < self.size:
            return  # a worker is starting: it will take the queue
        quick = self.limits.quick_limit
        young = [since + quick for since, _ in busy if now - since < quick]
        if young:
            self._recheck = asyncio.get_running_loop().call_at(min(young) + 0.01, self._make_room)
            return
        _, victim = max(busy, key=lambda pair: pair[0])
        victim.preempted = True
        _fail(victim.reply)
        victim.kill()

    # -- one query ------------------------------------------------------------------------------
    async def run(
        self, query: str, media: str, *, table: bool, client: str, arrived: float, gone: asyncio.Event
    ) -> Result:
        """Answer ``query`` (serialised as ``media``, or as a table for an HTML page) by ``arrived`` + the time
        limit: a :class:`Result`, or :class:`Failure` / :class:`ClientGone`."""
        with client_slot(self.clients, client, self.per_client, self.closing):
            return await self._run(query, media, table, arrived + self.timeout, gone)

    async def _run(self, query: str, media: str, table: bool, deadline: float, gone: asyncio.Event) -> Result:
        key = hash(query)
        known_long = self._known_long(key)
        if known_long and not self.idle:
            raise Failure(
                503,
                "this query ran into a time limit lately, and it runs only when a query worker is free: "
                "every one is busy now; try again later",
                10,
            )
        attempts = self.size + 1  # each worker found dead is taken out
        for _ in range(attempts):
            worker = await self._acquire(deadline, gone, known_long)
            try:
                return await self._run_on(worker, query, media, table, deadline, gone)
            except _DeadBeforeUse:
                worker.kill()
            except Failure as failure:
                if failure.stopped:
                    self._remember_long(key)
                raise
        raise Failure(502, "the query workers stopped unexpectedly; try again")

    async def _run_on(self, worker: _Worker, query, media, table, deadline, gone) -> Result:
        self._count += 1
        spool = os.path.join(self.spool_dir, f"{self._count}.out")
        started = time.monotonic()
        worker.busy_since = started
        worker.spool = spool
        reply = await worker.send({"query": query, "media": media, "table": table, "spool": spool})
        self._make_room()
        gone_wait = asyncio.ensure_future(gone.wait())
        try:
            await asyncio.wait(
                {reply, gone_wait}, timeout=max(0.0, deadline - time.monotonic()), return_when="FIRST_COMPLETED"
            )
        finally:
            gone_wait.cancel()
        if not reply.done():
            worker.kill()
            if gone.is_set():
                raise ClientGone()
            raise Failure(
                503, f"the query ran longer than the limit of {self.timeout:g} s and was stopped", stopped=True
            )
        try:
            message = reply.result()
        except EOFError:
            worker.kill()
            if not worker.took_query and not worker.preempted:
                raise _DeadBeforeUse() from None  # it died before it read the query: another worker takes it
            if worker.preempted:
                raise Failure(
                    503,
                    f"the query was stopped after {time.monotonic() - started:.1f} s to let other queries run: every "
                    "query worker was busy with a long query; try again later",
                    5,
                    stopped=True,
                ) from None
            raise Failure(502, "the query worker stopped while answering this query (it was replaced)") from None
        worker.spool = None
        self._release(worker)
        if message.get("status") != 200:
            return Result(message.get("status", 502), message.get("message", "the query failed"))
        try:
            file = open(spool, "rb")  # noqa: SIM115 -- handed to the response, which closes it
        except OSError:
            return Result(502, "the query's answer could not be read back")
        with contextlib.suppress(OSError):
            os.unlink(spool)
        return Result(200, media=message["media"], file=file, size=message["size"])
