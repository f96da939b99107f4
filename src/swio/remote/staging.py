"""Staging graphs private to one ``swio load`` run, and the clean-up of those a killed run left.

A staging graph is named ``urn:swio:staging:<UTC time>:<run id>:<graph name>``, e.g.
``urn:swio:staging:20261128T091500Z:5f0c2a9e41d7:data``: the random run id makes it private
to one run (two concurrent runs never write, count or publish each other's staging), and
the time lets a later run recognise staging graphs that a killed run left behind.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PREFIX = "urn:swio:staging:"
_NAME = re.compile(re.escape(PREFIX) + r"(\d{8}T\d{6}Z):([0-9a-f]{12}):([A-Za-z0-9_-]+)$")
_TIME = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class Run:
    """One load run: its id and start time, from which its staging graph names derive."""

    id: str
    started: datetime

    @classmethod
    def new(cls) -> Run:
        return cls(uuid.uuid4().hex[:12], datetime.now(UTC).replace(microsecond=0))

    def graph(self, name: str) -> str:
        return f"{PREFIX}{self.started.strftime(_TIME)}:{self.id}:{name}"


def started(graph: str) -> datetime | None:
    """When the run that owns a staging graph started (``None`` for a graph not named by swio)."""
    m = _NAME.match(graph)
    if not m:
        return None
    return datetime.strptime(m.group(1), _TIME).replace(tzinfo=UTC)


def stale(graphs, older_than_hours: float, now: datetime | None = None) -> list[str]:
    """The swio staging graphs among ``graphs`` whose run started more than ``older_than_hours`` ago."""
    now = now or datetime.now(UTC)
    limit = now - timedelta(hours=older_than_hours)
    out = []
    for g in graphs:
        when = started(g)
        if when is not None and when <= limit:
            out.append(g)
    return sorted(out)


LIST_QUERY = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?g), "{PREFIX}")) }}'
