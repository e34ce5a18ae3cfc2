"""The TUI measurement: first paint and keystroke latency, headless, in a child process."""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from spec import ROOT

RUN = Path(__file__).resolve().parent / "run.py"  # the child is `run.py --tui-only DB`


def bench_tui(db: Path, timeout: int) -> dict:
    """First paint and keystroke of the app, headless, in a child process (its output kept apart)."""
    if not (ROOT / "tui" / "app.py").exists():
        return {"status": "absent"}
    cmd = [sys.executable, str(RUN), "--tui-only", str(db),
           "--tui-timeout", str(timeout)]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout + 30)
    except subprocess.TimeoutExpired:
        return {"status": f"no first paint within {timeout} s"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
    return {"status": f"could not be measured automatically ({tail[0][:200]})"}


def _tui_child(db: Path, timeout: int) -> dict:
    try:
        from textual.app import App

        os.environ["DUIZHAO_DB"] = str(db)
        mod = importlib.import_module("tui.app")
        classes = [v for v in vars(mod).values() if isinstance(v, type) and issubclass(v, App)
                   and v is not App and v.__module__ == mod.__name__]
        if not classes:
            return {"status": "tui/app.py defines no textual App"}
        cls = classes[0]

        def make():
            for kw in ({"db": str(db)}, {"db_path": str(db)}, {}):
                try:
                    return cls(**kw)
                except TypeError:
                    continue
            return cls(str(db))

        async def first_paint(app) -> float:
            t0 = time.perf_counter()
            async with app.run_test(size=(160, 48)):
                return time.perf_counter() - t0

        async def measure() -> dict:
            empty = min([await first_paint(App()) for _ in range(3)])
            app = make()
            t0 = time.perf_counter()
            async with app.run_test(size=(160, 48)) as pilot:
                first = time.perf_counter() - t0
                # keystroke to results on the Search screen: the search runs in a worker
                await pilot.press("f3")
                await pilot.pause()
                screen = app.screen
                keys = []
                for text in ("营", "营商", "营商环", "营商环境", "税", "产城融合"):
                    t1 = time.perf_counter()
                    screen.query_one("#q").value = text
                    while True:  # until the results of this query are on screen
                        last = getattr(screen, "last", None)
                        if last is not None and last.query.text == text:
                            break
                        if time.perf_counter() - t1 > 30:
                            raise TimeoutError(text)
                        await asyncio.sleep(0.002)
                    keys.append(time.perf_counter() - t1)
                settled = time.perf_counter() - t0
                app.exit()
            return {"status": "ok", "first_paint_s": first, "settled_s": settled,
                    "empty_first_paint_s": empty,
                    "keystroke_ms": statistics.median(keys) * 1000, "app": cls.__name__}

        return asyncio.run(asyncio.wait_for(measure(), timeout))
    except (TimeoutError, asyncio.TimeoutError):
        return {"status": f"not settled within {timeout} s (headless run_test)"}
    except BaseException as exc:  # the app under construction may fail in any way
        return {"status": f"could not be measured automatically ({type(exc).__name__}: {exc})"}

