"""Resource pages made by several processes, handed back in the order one process would make them.

Each worker is a fork of the builder (sharing the loaded graph and the index file) that
makes every ``jobs``-th resource's documents and sends them through its own pipe; the
builder takes one resource from each worker in turn, so the files come in the same order
and with the same bytes as a single-process build, and no more than a pipe's worth of
pages waits in memory.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import traceback
from collections.abc import Iterator

_END = None


def _work(publication, part: int, parts: int, conn) -> None:
    try:
        for group in publication.resource_groups(part, parts):
            conn.send(group)
        conn.send(_END)
    except BaseException:  # reported by the builder as one line; the worker's trace goes to stderr
        traceback.print_exc()
        try:
            conn.send(("error", f"a page-making process failed: {traceback.format_exc(limit=1).splitlines()[-1]}"))
        except OSError:
            pass
    finally:
        conn.close()
        os._exit(0)


def resource_files_in_parallel(publication, jobs: int) -> Iterator[tuple[str, bytes]]:
    from ...errors import InputError

    ctx = mp.get_context("fork")
    publication.index.close_connections()  # a SQLite connection must not cross a fork
    workers = []
    try:
        for part in range(jobs):
            parent, child = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_work, args=(publication, part, jobs, child), daemon=True)
            process.start()
            child.close()
            workers.append((process, parent))
        active = set(range(jobs))
        turn = 0
        while active:
            k = turn % jobs
            process, conn = workers[k]
            if k not in active:
                turn += 1
                continue
            try:
                message = conn.recv()
            except EOFError:
                raise InputError("a page-making process stopped unexpectedly") from None
            if message is _END:
                active.discard(k)  # resource n is worker n % jobs's: once one has none left, none has
                turn += 1
                continue
            if isinstance(message, tuple) and message and message[0] == "error":
                raise InputError(message[1])
            yield from message
            turn += 1
    finally:
        for process, conn in workers:
            if process.is_alive():
                process.kill()
            process.join(5)
            conn.close()
