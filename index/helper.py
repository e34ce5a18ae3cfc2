"""One long-lived helper process for heavy, pure-Python work (comparisons, jieba, pinyin).

Work that holds the interpreter lock for a second (loading jieba, a comparison over a large
corpus) would stall an app's drawing if it ran in one of the app's threads. ``run(job, *args)``
runs a picklable top-level function in a spawned helper process instead and returns its
result, or None when the helper cannot run it (no processes in this sandbox, a broken pool,
an error in the job): the caller then does the work inline, which raises the job's own error,
if any, where the caller expects it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

_HELPER: ProcessPoolExecutor | None = None
_HELPER_LOCK = threading.Lock()
_STOPPED = False  # stop() was called: no new helper is started (the process is leaving)


def start() -> None:
    """Start the helper process now (it boots while the caller goes on), so that the first
    job does not wait for it. Optional: the first job starts it otherwise. Allowed again
    after stop()."""
    global _STOPPED
    _STOPPED = False
    try:
        with _without_main_script():
            _pool().submit(int)
    except Exception:  # noqa: BLE001 — a helper that cannot start (no processes here) is no error
        pass


def run(job, *args):
    """job(*args) in the helper process; None if the helper cannot run it."""
    global _HELPER
    try:
        with _without_main_script():
            future = _pool().submit(job, *args)
        return future.result()
    except Exception as exc:  # noqa: BLE001 — any failure of the job or the pool: the caller does it here
        from concurrent.futures.process import BrokenProcessPool

        if isinstance(exc, BrokenProcessPool):
            _HELPER = None  # the next call starts a new helper
        return None


def stop() -> None:
    """Stop the helper now, abandoning the job it is running (an app quitting): otherwise
    the interpreter's exit waits for that job, which can take minutes on a large corpus.
    A caller waiting for it gets None from run()."""
    global _HELPER, _STOPPED
    with _HELPER_LOCK:
        helper, _HELPER, _STOPPED = _HELPER, None, True
    if helper is None:
        return
    processes = list((getattr(helper, "_processes", None) or {}).values())
    helper.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.join(0.2)  # an idle helper leaves at once
            if process.is_alive():
                process.terminate()
        except Exception:  # noqa: BLE001 — already gone
            pass  # already gone
    try:
        helper.shutdown(wait=True)  # quick now: lets the pool release its queues
    except Exception:  # noqa: BLE001 — shutting down a broken pool: nothing left to do
        pass


_BACKGROUND: ProcessPoolExecutor | None = None


def run_background(job, *args):
    """job(*args) in a second helper process, for long work (a whole comparison over a
    large corpus) that must not hold up the first helper's quick jobs; None if it cannot
    run it or stop_background() ended it (the caller then drops the work: no inline
    fallback, the result is no longer wanted or a first answer is on screen)."""
    global _BACKGROUND
    try:
        with _HELPER_LOCK:
            if _BACKGROUND is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                _start_resource_tracker()
                _BACKGROUND = ProcessPoolExecutor(
                    max_workers=1, initializer=_init,
                    mp_context=multiprocessing.get_context("spawn"))
                import atexit

                atexit.register(stop_background)
            pool = _BACKGROUND
        with _without_main_script():
            future = pool.submit(job, *args)
        return future.result()
    except Exception:  # noqa: BLE001 — any failure: the caller drops the work
        return None


def stop_background() -> None:
    """End the background helper and the job it runs (its answer is no longer wanted);
    the next run_background() starts a new one."""
    global _BACKGROUND
    with _HELPER_LOCK:
        pool, _BACKGROUND = _BACKGROUND, None
    if pool is None:
        return
    for proc in list(getattr(pool, "_processes", {}).values()):  # ours: spawned above
        proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _pool():
    """The pool of one process (spawned, so no lock held by a thread is inherited)."""
    global _HELPER
    with _HELPER_LOCK:  # workers of several threads may ask at once
        if _STOPPED:
            raise RuntimeError("the helper was stopped")
        if _HELPER is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            _start_resource_tracker()
            _HELPER = ProcessPoolExecutor(max_workers=1, initializer=_init,
                                          mp_context=multiprocessing.get_context("spawn"))
            import atexit

            atexit.register(_drop)
        return _HELPER


@contextlib.contextmanager
def _without_main_script():
    """A helper spawned meanwhile does not import the caller's main script.

    multiprocessing's spawn runs the parent's main script again in the child (as
    __mp_main__) so that functions defined there unpickle. The jobs here are functions of
    index/ modules; main.py's command line (click, Rich, every command) would add a tenth
    of a second to the helper's first answer. The pool spawns its process in submit(), so
    __main__.__file__ is hidden around that call only."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    path = main.__dict__.pop("__file__", None) if main is not None and spec is None else None
    try:
        yield
    finally:
        if path is not None and main is not None:
            main.__file__ = path


def _drop() -> None:
    """At exit, let the pool go while the modules it reports through still exist (otherwise
    its weakref callback prints "Exception ignored … 'NoneType' object has no attribute
    'util'" once the interpreter has torn them down)."""
    global _HELPER
    helper, _HELPER = _HELPER, None
    if helper is not None:
        helper.shutdown(wait=False, cancel_futures=True)


def _start_resource_tracker() -> None:
    """multiprocessing's resource tracker, started with a real stderr.

    Spawning a process first starts that tracker, which passes sys.stderr.fileno() on. An
    app that captures printing (Textual replaces sys.stderr by an object whose fileno() is
    -1) would make every spawn fail with "bad value(s) in fds_to_keep"."""
    import contextlib
    import sys
    from multiprocessing import resource_tracker

    try:
        real = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        real = False
    if real or sys.__stderr__ is None:
        resource_tracker.ensure_running()
        return
    with contextlib.redirect_stderr(sys.__stderr__):
        resource_tracker.ensure_running()


def _init() -> None:
    """In the helper: nothing it prints may reach the caller's terminal (an app draws
    there); errors of a job come back with its result."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
