"""Background work steps aside while the user is typing.

Threads share one interpreter lock, so a long computation in a worker (jieba segmentation,
the theme matrix) slows the search a keystroke starts, and the screen drawing its results.
Front-end code calls foreground() on each keystroke; long loops in the core call pause(),
which sleeps (releasing the lock) until the user has been idle for a moment.
"""

from __future__ import annotations

import time

_until = 0.0  # monotonic time until which background work should wait


def foreground(seconds: float = 0.3) -> None:
    """Someone is typing: background loops hold off for `seconds` from now."""
    global _until
    _until = max(_until, time.monotonic() + seconds)


def pause() -> None:
    """Called between steps of long background work; returns at once when nobody types."""
    while (wait := _until - time.monotonic()) > 0:
        time.sleep(min(wait, 0.05))
