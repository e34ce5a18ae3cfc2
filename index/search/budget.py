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


_ACTIVE: dict[int, list] = {}  # connection id -> the budgets applied to it, innermost last


class Stopped(Exception):
    """The search (or `what`) ran out of time ("time"), of operations ("steps") or was
    cancelled ("cancelled"); str() is the message a user is shown."""

    def __init__(self, reason: str, seconds: float | None = None, what: str = "search",
                 steps: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.seconds = seconds
        self.what, self.steps = what, steps

    def __str__(self) -> str:
        return message(self)


class Budget:
    """A deadline (None: no limit) and a cancel test (None: never cancelled)."""

    def __init__(self, seconds: float | None = SEARCH_SECONDS,
                 cancelled: Callable[[], bool] | None = None, steps: int | None = None,
                 what: str = "search"):
        self.seconds = seconds if seconds and seconds > 0 else None
        self.deadline = time.monotonic() + self.seconds if self.seconds else None
        self.cancelled = cancelled
        self.steps, self.ticks, self.what = steps, 0, what  # an operation budget (tests)
        self.why = ""

    def over(self) -> bool:
        self.ticks += 1
        if self.cancelled is not None and self.cancelled():
            self.why = "cancelled"
        elif self.deadline is not None and time.monotonic() > self.deadline:
            self.why = "time"
        elif self.steps is not None and self.ticks > self.steps:
            self.why = "steps"
        return bool(self.why)

    def stopped(self) -> Stopped:
        return Stopped(self.why, self.seconds, self.what, self.steps)

    def check(self) -> None:
        """Raise Stopped when out of time or cancelled (for Python loops)."""
        if self.over():
            raise self.stopped()

    @contextmanager
    def applied(self, conn: sqlite3.Connection):
        """Statements run inside stop when the budget is spent; raises Stopped then."""
        if self.deadline is None and self.cancelled is None and self.steps is None:
            yield self
            return
        active = _ACTIVE.setdefault(id(conn), [])
        active.append(self)
        # every budget applied to the connection is counted and checked, innermost first
        conn.set_progress_handler(lambda: 1 if any(b.over() for b in reversed(active)) else 0,
                                  STEPS)
        try:
            yield self
        except sqlite3.OperationalError as exc:
            if self.why and "interrupt" in str(exc).lower():
                raise self.stopped() from None
            raise
        finally:
            active.pop()  # a budget inside another (a search inside a kwic): the outer again
            if active:
                conn.set_progress_handler(
                    lambda: 1 if any(b.over() for b in reversed(active)) else 0, STEPS)
            else:
                conn.set_progress_handler(None, STEPS)
                del _ACTIVE[id(conn)]

    @contextmanager
    def enforced(self, conn: sqlite3.Connection):
        """applied(), and, in the main thread, an alarm at the deadline that stops Python
        code as well (a command's loops between statements: compare, collocates, kwic
        sorting); raises Stopped. Elsewhere (an app's workers) as applied()."""
        import signal
        import threading

        alarm = (self.deadline is not None and hasattr(signal, "setitimer")
                 and threading.current_thread() is threading.main_thread())
        if alarm:
            def ring(_signum, _frame):
                self.why = "time"
                raise self.stopped()

            old = signal.signal(signal.SIGALRM, ring)
            left = (self.deadline or 0.0) - time.monotonic()
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))
        try:
            with self.applied(conn):
                yield self
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)


def message(stop: Stopped) -> str:
    """The note a stopped search (or command) answers with."""
    what = getattr(stop, "what", "search")
    if stop.reason == "cancelled":
        return f"{what} cancelled"
    spent = (f"after {stop.steps:,} operations, its operation budget" if stop.reason == "steps"
             else f"after {stop.seconds:g} s, the time budget")
    if what == "search":
        return (f"search stopped {spent}: nothing is shown; narrow the query (longer terms, "
                "zone:/year: filters) or raise the budget (see Query bounds in docs/search.md)")
    return (f"{what} stopped {spent}: nothing is shown; narrow it (a longer term, fewer "
            f"zones) or raise the budget with --time-limit (0: none)")
