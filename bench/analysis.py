"""Figures for the word statistics (docs/analysis.md): build the unit tables, then time
keywords, collocates, clusters and a word list in-process on generated corpora.

    uv run bench/analysis.py --sizes 5,50 --work bench/out

Each size: the generated corpus (bench/gen_corpus.py) indexed into WORK/analysis-N.db (reused
when present), the first build of the unit tables (jieba on every paragraph, then the corpus
dictionary and the counts), a rebuild after nothing changed (a no-op), then each statistic
the first run (with the boundary test of each listed term) and the median of 3 more. Prints
one line per figure, and the machine's load average (figures scale with it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_corpus  # noqa: E402


def timed(fn, reps: int = 3) -> tuple[float, float, object]:
    """(first run, median of the next reps, result): the first run also does the boundary
    test of each listed term, which is then remembered for the process."""
    out, times = None, []
    for _ in range(reps + 1):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return times[0], statistics.median(times[1:]), out


def bench(mb: int, work: Path) -> None:
    from index.corpus import Corpus

    corpus_dir = work / f"corpus-{mb}"
    gen_corpus.generate(mb, corpus_dir, quiet=True)
    db = work / f"analysis-{mb}.db"
    c = Corpus(db)
    if not db.exists():
        t = time.perf_counter()
        c.index([corpus_dir])
        print(f"{mb} MB: indexed in {time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    rebuilt = c.units()
    print(f"{mb} MB: unit tables {'built' if rebuilt else 'current'} in "
          f"{time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    c.units()
    print(f"{mb} MB: freshness check {1000 * (time.perf_counter() - t):.1f} ms", flush=True)
    from collections import Counter

    zone = Counter(d.zone for d in c.docs()).most_common(1)[0][0]  # the zone with most docs
    for label, fn in (
            (f"keywords --zone {zone}", lambda: c.keywords([zone])),
            ("collocates 营商环境", lambda: c.collocates("营商环境")),
            ("collocates 产城融合 --by-zone", lambda: c.collocates("产城融合", by_zone=True)),
            ("clusters 营商环境", lambda: c.clusters("营商环境")),
            ("words", lambda: c.words())):
        first, warm, res = timed(fn)
        print(f"{mb} MB: {label}: first {1000 * first:.0f} ms, then {1000 * warm:.0f} ms "
              f"({len(res.items)} rows, {res.target_tokens:,} target)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5,50")
    ap.add_argument("--work", default=str(ROOT / "bench" / "out"))
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    import os

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    for mb in (int(s) for s in args.sizes.split(",")):
        bench(mb, work)


if __name__ == "__main__":
    main()
