"""Waiting for the app's workers in Pilot tests (never sleeping)."""

from __future__ import annotations

from textual.worker import WorkerCancelled


async def settle(app, pilot, rounds: int = 10) -> None:
    """Wait until no worker runs and the messages they posted have been handled."""
    for _ in range(rounds):
        live = [w for w in app.workers if not w.is_cancelled]
        try:
            await app.workers.wait_for_complete(live)
        except WorkerCancelled:  # an exclusive worker replaced by a newer one meanwhile
            continue
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            await pilot.pause()
            return
