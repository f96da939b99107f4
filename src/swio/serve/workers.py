"""The SPARQL worker processes of ``swio serve``: queries bounded in time, isolated, and fairly shared.

pyoxigraph cannot interrupt a running query, so every query from the endpoint runs in a
worker process (:mod:`.worker`) that holds its own copy of the graph; a query still
running at its deadline has its worker killed and replaced. The pool runs on the server's
event loop (no thread waits on a worker) and keeps these promises:

* **the whole wait is bounded**: a query's deadline is its arrival plus the time limit,
  for the wait for a worker and the run together (503 when it passes);
* **a client that goes away stops its query**: waiting, it leaves the queue; running, its
  worker is killed and replaced;
* **quick queries are not starved by long ones** (two or more workers): when queries are
  waiting and every worker is busy with a query that has run longer than ``quick_limit``,
  the youngest of those is stopped (503) and its place goes to the queue -- so at most
  all-but-one workers serve long queries while others wait; and one client may have at
  most ``per_client`` queries waiting or running (429 beyond);
* **replacement is immediate**: ``spare_workers`` loaded processes wait to take a stopped
  worker's place; a worker that dies while idle is replaced at once, and a query handed to
  a worker that turns out to be dead (it never acknowledged the query) goes to another;
* **workers die with the server** (``PR_SET_PDEATHSIG``) and have no network (:mod:`.sandbox`);
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
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from typing import BinaryIO

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
    """The query could not be answered: ``status`` (429, 502, 503) and a one-line message."""

    def __init__(self, status: int, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


class ClientGone(Exception):
    """The client went away; nobody is waiting for an answer."""


class _DeadBeforeUse(Exception):
    pass


def _fail(reply: asyncio.Future | None) -> None:
    """End a pending reply with EOFError (marked as seen: nobody may be left to read it)."""
    if reply is not None and not reply.done():
        reply.set_exception(EOFError())
        reply.exception()


class _Worker:
    def __init__(self, pool: QueryWorkers, spare: bool):
        self.pool = pool
        self.spare = spare
        self.proc: asyncio.subprocess.Process | None = None
        self.ready = asyncio.get_running_loop().create_future()
        self.reply: asyncio.Future | None = None
        self.took_query = False  # the worker acknowledged the query being answered
        self.busy_since: float | None = None
        self.preempted = False
        self.spool: str | None = None
        self.dead = False
        self.task: asyncio.Task | None = None

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "swio.serve.worker",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=1 << 20,
        )
        job = {"parent": os.getpid(), "paths": self.pool.paths, "max_bytes": self.pool.limits.max_result_bytes}
        self.proc.stdin.write(json.dumps(job).encode() + b"\n")
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        """Read the worker's lines until it dies: the first says it is ready, each next one answers a query."""
        try:
            while True:
                line = await self.proc.stdout.readline()
                if not line:
                    break
                message = json.loads(line)
                if "started" in message:
                    self.took_query = True
                elif "ready" in message:
                    if not message.get("sandboxed"):
                        self.pool.warn_once("the SPARQL workers could not be cut off from the network on this system")
                    if not self.ready.done():
                        self.ready.set_result(True)
                elif self.reply is not None and not self.reply.done():
                    self.reply.set_result(message)
        except (ValueError, OSError) as err:
            log.error("a SPARQL worker sent something unreadable: %s", err)
        finally:
            self.dead = True
            if not self.ready.done():
                self.ready.set_result(False)
            _fail(self.reply)
            self.pool.worker_died(self)

    def kill(self) -> None:
        self.dead = True
        if self.proc is not None and self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
        if self.spool:
            with contextlib.suppress(OSError):
                os.unlink(self.spool)
            self.spool = None

    async def send(self, request: dict) -> asyncio.Future:
        if self.dead or self.proc.returncode is not None:
            raise _DeadBeforeUse()
        self.reply = asyncio.get_running_loop().create_future()
        self.took_query = False
        try:
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            await self.proc.stdin.drain()
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
        self.spares: list[_Worker] = []
        self.idle: deque[_Worker] = deque()
        self.waiters: deque[asyncio.Future] = deque()
        self.clients: dict[str, int] = {}
        self.closing = False
        self.spool_dir = tempfile.mkdtemp(prefix="swio-serve-spool-")
        self._count = 0
        self._warned: set[str] = set()
        self._recheck: asyncio.TimerHandle | None = None
        self._failures = 0
        self._background: set[asyncio.Task] = set()

    # -- life ---------------------------------------------------------------------------------
    async def start(self) -> None:
        """Start the workers and the spares (they load the graph in the background)."""
        for _ in range(self.size):
            await self._spawn(spare=False)
        for _ in range(self.limits.spare_workers):
            await self._spawn(spare=True)

    async def _spawn(self, spare: bool) -> _Worker:
        worker = _Worker(self, spare)
        (self.spares if spare else self.workers).append(worker)
        await worker.start()
        if not spare:
            self._when_ready(worker)
        return worker

    def _when_ready(self, worker: _Worker) -> None:
        async def wait() -> None:
            if await worker.ready and not worker.dead and not self.closing:
                self._failures = 0
                self._release(worker)

        self._in_background(wait())

    def _in_background(self, coroutine) -> None:
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
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_exception(Failure(503, "the server is shutting down"))

    async def close(self) -> None:
        """Kill every worker and remove the spool folder."""
        self.stop_accepting()
        everyone = self.workers + self.spares
        for worker in everyone:
            worker.kill()
        for worker in everyone:
            if worker.proc is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(worker.proc.wait(), 5)
        for task in list(self._background):
            task.cancel()
        shutil.rmtree(self.spool_dir, ignore_errors=True)

    def worker_died(self, worker: _Worker) -> None:
        """A worker's output ended (killed, crashed, or exited): take it out and put another in its place."""
        if worker in self.spares:
            self.spares.remove(worker)
            if not self.closing and worker.ready.done() and worker.ready.result():
                self._in_background(self._spawn(spare=True))
            elif not self.closing:
                self._respawn_later(spare=True)
            return
        if worker not in self.workers:
            return
        self.workers.remove(worker)
        with contextlib.suppress(ValueError):
            self.idle.remove(worker)
        if self.closing:
            return
        started_ok = worker.ready.done() and worker.ready.result()
        if not started_ok:
            log.error("a SPARQL worker stopped before it was ready (exit %s)", worker.proc.returncode)
            self._respawn_later(spare=False)
            return
        self._replace_from_spares()

    def _replace_from_spares(self) -> None:
        ready = [s for s in self.spares if s.ready.done() and s.ready.result() and not s.dead]
        if ready:
            spare = ready[0]
            self.spares.remove(spare)
            spare.spare = False
            self.workers.append(spare)
            self._release(spare)
            self._in_background(self._spawn(spare=True))
        else:
            self._in_background(self._spawn(spare=False))

    def _respawn_later(self, spare: bool) -> None:
        """Start another after a pause that grows with failures in a row (a worker that cannot load the graph)."""
        self._failures += 1
        delay = min(30.0, 0.5 * 2 ** min(self._failures, 6))

        async def later() -> None:
            await asyncio.sleep(delay)
            if not self.closing:
                await self._spawn(spare=spare)

        self._in_background(later())

    # -- sharing the workers --------------------------------------------------------------------
    def _release(self, worker: _Worker) -> None:
        worker.busy_since = None
        worker.reply = None
        if worker.dead or self.closing:
            return
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self.idle.append(worker)

    async def _acquire(self, deadline: float, gone: asyncio.Event) -> _Worker:
        while self.idle:
            worker = self.idle.popleft()
            if not worker.dead:
                return worker
        waiter = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
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
        with contextlib.suppress(ValueError):
            self.waiters.remove(waiter)
        if gone.is_set():
            raise ClientGone()
        busy = len(self.workers)
        raise Failure(
            503, f"all {busy} query workers stayed busy for the time limit of {self.timeout:g} s; try again shortly", 2
        )

    def _make_room(self) -> None:
        """With queries waiting and every worker busy: if all of them have run past ``quick_limit``, stop the
        youngest so that a waiting query gets its place; else look again when the next one passes it."""
        if self._recheck is not None:
            self._recheck.cancel()
            self._recheck = None
        if not self.waiters or self.idle or self.size < 2 or self.closing:
            return
        now = time.monotonic()
        busy = [w for w in self.workers if w.busy_since is not None and not w.dead]
        if len(busy) < self.size:
            return  # a worker is starting: it will take the queue
        quick = self.limits.quick_limit
        young = [w.busy_since + quick for w in busy if now - w.busy_since < quick]
        if young:
            self._recheck = asyncio.get_running_loop().call_at(min(young) + 0.01, self._make_room)
            return
        victim = max(busy, key=lambda w: w.busy_since)
        victim.preempted = True
        _fail(victim.reply)
        victim.kill()

    # -- one query ------------------------------------------------------------------------------
    async def run(
        self, query: str, media: str, *, table: bool, client: str, arrived: float, gone: asyncio.Event
    ) -> Result:
        """Answer ``query`` (serialised as ``media``, or as a table for an HTML page) by ``arrived`` + the time
        limit: a :class:`Result`, or :class:`Failure` / :class:`ClientGone`."""
        if self.closing:
            raise Failure(503, "the server is shutting down")
        if self.clients.get(client, 0) >= self.per_client:
            raise Failure(
                429,
                f"you already have {self.per_client} quer{'y' if self.per_client == 1 else 'ies'} waiting or running; "
                "wait for the answer before sending the next",
                1,
            )
        self.clients[client] = self.clients.get(client, 0) + 1
        try:
            deadline = arrived + self.timeout
            attempts = self.size + self.limits.spare_workers + 1  # each worker found dead is taken out
            for _ in range(attempts):
                worker = await self._acquire(deadline, gone)
                try:
                    return await self._run_on(worker, query, media, table, deadline, gone)
                except _DeadBeforeUse:
                    worker.kill()
            raise Failure(502, "the query workers stopped unexpectedly; try again")
        finally:
            left = self.clients.get(client, 1) - 1
            if left:
                self.clients[client] = left
            else:
                self.clients.pop(client, None)

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
            raise Failure(503, f"the query ran longer than the limit of {self.timeout:g} s and was stopped")
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
