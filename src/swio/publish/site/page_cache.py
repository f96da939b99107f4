"""Pages kept in memory, bounded in bytes: the most recently used kept, the least recently used dropped first."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class PageCache(Generic[K]):
    """Pages by key, ``limit`` bytes in all; a page over a quarter of the limit is never kept (it would push out
    many others). Safe to use from several threads."""

    def __init__(self, limit: int):
        self.limit = limit
        self._pages: OrderedDict[K, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> bytes | None:
        with self._lock:
            found = self._pages.get(key)
            if found is not None:
                self._pages.move_to_end(key)
            return found

    def put(self, key: K, page: bytes | None) -> None:
        if page is None or len(page) > self.limit // 4:
            return
        with self._lock:
            if key in self._pages:
                return
            self._pages[key] = page
            self._size += len(page)
            while self._size > self.limit:
                _, dropped = self._pages.popitem(last=False)
                self._size -= len(dropped)

    def drop(self, keep: Callable[[K], bool]) -> None:
        """Drop every page whose key ``keep`` refuses."""
        with self._lock:
            for key in [k for k in self._pages if not keep(k)]:
                self._size -= len(self._pages.pop(key))

    def keys(self) -> list[K]:
        """The keys kept now, least recently used first."""
        with self._lock:
            return list(self._pages)
