"""One cache for what is computed from a database's contents: kept while they last.

A value (the document rows, the zones and their names, verdicts…) is keyed on the
database's generation (store.connection.generation: file, creation id, write count), so a
write by any process makes it stale. Only the last few generations are kept (a process
reads one or two databases), and an in-memory database (no file: no stable identity) is
never cached. Thread-safe: two threads computing the same value at once both compute it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

T = TypeVar("T")


class PerGeneration(Generic[T]):
    """Values per database generation, the most recently used `keep` kept.

    on_evict(key, value) is told of each value dropped (e.g. to forget what goes with it).
    """

    def __init__(self, keep: int = 4,
                 on_evict: Callable[[Hashable, T], None] | None = None) -> None:
        self.keep = keep
        self.on_evict = on_evict
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(conn: sqlite3.Connection) -> tuple[str, ...]:
        from index.store.connection import generation

        return generation(conn)

    def get(self, conn: sqlite3.Connection, compute: Callable[[], T],
            key: Hashable | None = None) -> T:
        """The value for conn's current contents (or for `key`), computed when missing."""
        key = self.key(conn) if key is None else key
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        if _stable(key):
            self.put(key, value)
        return value

    def peek(self, key: Hashable) -> T | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: Hashable, value: T) -> None:
        dropped = []
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.keep:
                dropped.append(self._items.popitem(last=False))
        if self.on_evict:
            for k, v in dropped:
                self.on_evict(k, v)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _stable(key: Hashable) -> bool:
    """A key naming a database file (an in-memory one's contents have no stable name)."""
    return not (isinstance(key, tuple) and key and not key[0])
