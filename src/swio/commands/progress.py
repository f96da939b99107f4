"""Progress on standard error while a long command works (``swio synth``, ``build``, ``load``).

Shown only when standard error is a terminal: one line, rewritten in place at most five times a
second, cleared when the command ends (or fails, before its error line). Redirected or piped, standard
error gets nothing from here, so logs and CI output stay as they were. The library reports progress
through a plain ``progress(message)`` callback; this is the command line's rendering of it.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

import click


class TerminalProgress:
    """One status line on a terminal: ``swio build: writing swio-0.1.0.ttl``."""

    def __init__(self, command: str, stream: TextIO, interval: float = 0.2) -> None:
        self.command, self.stream, self.interval = command, stream, interval
        self.last = float("-inf")
        self.shown = False

    def __call__(self, message: str) -> None:
        now = time.monotonic()
        if now - self.last < self.interval:
            return
        self.last = now
        width = max(20, shutil.get_terminal_size().columns - 1)  # a wrapped line could not be rewritten
        self.stream.write("\r\x1b[K" + f"swio {self.command}: {message}"[:width])
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def echo(self, message: str) -> None:
        """A line that stays (a note, a warning): the status line is cleared first and drawn again later."""
        self.clear()
        click.echo(message, err=True)
        self.last = float("-inf")


@contextmanager
def progress(command: str) -> Iterator[TerminalProgress | None]:
    """``with progress("build") as shown: build(..., progress=shown)``: a :class:`TerminalProgress` when
    standard error is a terminal, else None (the library then reports nothing)."""
    stream = sys.stderr
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if not terminal:
        yield None
        return
    shown = TerminalProgress(command, stream)
    try:
        yield shown
    finally:
        shown.clear()
