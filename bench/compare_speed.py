"""Comparison figures on an indexed database (the issue-16 figures), printed as Markdown.

    uv run bench/compare_speed.py bench/out/bench-500.db

The same figures bench/run.py reports at each size (bench/measure.py, compare_figures): for
the app's start theme (产城融合) the first screen (the busiest zones, what the app draws
first), the whole comparison without and with distinctive words, `main.py compare --json`
end to end with and without `--no-words`, `main.py themes --json`; the theme matrix; and the
first screen of every theme of the lexicon (a theme switch in the app). Wall and CPU seconds,
medians of warm runs (a call over 5 s once).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import compare_figures  # noqa: E402
from page import compare_rows  # noqa: E402


def main() -> None:
    c = compare_figures(Path(sys.argv[1]), say=lambda *a: print(*a, file=sys.stderr, flush=True))
    if c["status"] != "ok":
        raise SystemExit(c["status"])
    print(f"| {c['theme']} | wall s | CPU s |\n| --- | ---: | ---: |")
    for label, wall, cpu in compare_rows(c):
        print(f"| {label} | {wall} | {cpu} |")
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
