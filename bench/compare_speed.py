"""Comparison figures on an indexed database (the issue-16 figures), printed as Markdown.

    uv run bench/compare_speed.py bench/out/bench-500.db

For the app's start theme (产城融合): the first screen (the busiest zones, what the app draws
first), the whole comparison without and with distinctive words, `main.py compare --json`
end to end; the theme matrix; and the first screen of every theme of the lexicon (a theme
switch in the app). Wall and CPU seconds, medians of warm runs (a call over 5 s once).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn, reps: int = 3) -> tuple[float, float]:
    """(median wall s, median CPU s of this process) after one warm-up call."""
    t, c = time.perf_counter(), time.process_time()
    fn()
    if time.perf_counter() - t > 5:
        return time.perf_counter() - t, time.process_time() - c
    walls, cpus = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def cli(db: Path, *args) -> tuple[float, float]:
    def run():
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), *args],
                       capture_output=True, check=True)
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, _ = timed(run, 2)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    runs = 1 if wall > 5 else 3
    cpu = ((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)) / runs
    return wall, cpu


def main() -> None:
    from index.compare.engine import compare
    from index.compare.matrix import theme_matrix
    from index.store.connection import connect
    from index.words.themes import load_themes
    from tui.screens.compare import CompareScreen

    db = Path(sys.argv[1])
    conn = connect(db)
    themes = load_themes()
    start = themes["产城融合"]
    top = CompareScreen.FIRST_ZONES
    rows = []

    def row(label, fig):
        rows.append(f"| {label} | {fig[0]:.3f} | {fig[1]:.3f} |")
        print(rows[-1], flush=True)
    print("| 产城融合 | wall s | CPU s |\n| --- | ---: | ---: |")
    row(f"first screen (the {top} busiest zones)",
        timed(lambda: compare(conn, start, top=top, distinctive=False)))
    row("all zones, no distinctive words", timed(lambda: compare(conn, start, distinctive=False)))
    row("all zones, with distinctive words", timed(lambda: compare(conn, start)))
    row("theme matrix (all themes × all zones)", timed(lambda: theme_matrix(conn, themes)))
    row("`main.py compare 产城融合 --json --no-words`", cli(db, "compare", "产城融合", "--json",
                                                          "--no-words"))
    row("`main.py compare 产城融合 --json`", cli(db, "compare", "产城融合", "--json"))
    row("`main.py themes --json`", cli(db, "themes", "--json"))
    switch = []
    for t in themes.values():
        switch.append((timed(lambda: compare(conn, t, top=top, distinctive=False), 1), t.name))
    walls = sorted(w for (w, _), _ in switch)
    slow = max(switch)
    print(f"\nfirst screen of each of the {len(switch)} themes: median "
          f"{statistics.median(walls):.3f} s wall, slowest {slow[0][0]:.3f} s ({slow[1]}, "
          f"CPU {slow[0][1]:.3f} s)")
    import os

    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
