"""A time budget and a cancel flag for one search, enforced inside SQLite.

SQLite calls a progress handler every few thousand virtual-machine steps of a running
statement; when the handler returns non-zero, the statement stops with "interrupted". So a
query that would scan for minutes (or one whose asker has gone: a newer keystroke in the
app, the app quitting) stops within milliseconds, and the connection stays usable. Python
loops over the rows call Budget.check() now and then for the same effect.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from typing import Callable

SEARCH_SECONDS = 10.0  # default time budget of one search (docs/search.md, Query bounds)
STEPS = 4000  # SQLite VM steps between two looks at the clock and the flag (~0.1 ms)


class Stopped(Exception):
    """The search ran out of time ("time") or was cancelled ("cancelled")."""

    def __init__(self, reason: str, seconds: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.seconds = seconds


class Budget:
    """A deadline (None: no limit) and a cancel test (None: never cancelled)."""

    def __init__(self, seconds: float | None = SEARCH_SECONDS,
                 cancelled: Callable[[], bool] | None = None):
        self.seconds = seconds if seconds and seconds > 0 else None
        self.deadline = time.monotonic() + self.seconds if self.seconds else None
        self.cancelled = cancelled
        self.why = ""

    def over(self) -> bool:
        if self.cancelled is not None and self.cancelled():
            self.why = "cancelled"
        elif self.deadline is not None and time.monotonic() > self.deadline:
            self.why = "time"
        return bool(self.why)

    def check(self) -> None:
        """Raise Stopped when out of time or cancelled (for Python loops)."""
        if self.over():
            raise Stopped(self.why, self.seconds)

    @contextmanager
    def applied(self, conn: sqlite3.Connection):
        """Statements run inside stop when the budget is spent; raises Stopped then."""
        if self.deadline is None and self.cancelled is None:
            yield self
            return
        conn.set_progress_handler(lambda: 1 if self.over() else 0, STEPS)
        try:
            yield self
        except sqlite3.OperationalError as exc:
            if self.why and "interrupt" in str(exc).lower():
                raise Stopped(self.why, self.seconds) from None
            raise
        finally:
            conn.set_progress_handler(None, STEPS)


def message(stop: Stopped) -> str:
    """The note a stopped search answers with."""
    if stop.reason == "cancelled":
        return "search cancelled"
    return (f"search stopped after {stop.seconds:g} s, the time budget: nothing is shown; "
            "narrow the query (longer terms, zone:/year: filters) or raise the budget "
            "(see Query bounds in docs/search.md)")
