"""KWIC figures: `kwic` in-process on the generated corpora, per query and sort order.

    uv run bench/kwic.py                         # 5, 50 and 500 MB
    uv run bench/kwic.py --sizes 5,50 --work /tmp/b

Builds (or reuses) the corpora of bench/gen_corpus.py and their databases (reused when
bench/run.py left one in the same --work folder), then times Corpus.kwic warm (median of
--reps runs after one unmeasured run that loads jieba and fills SQLite's cache) for each
query and sort order, with the CLI's default --limit 100 and with every line (--limit 0).
Prints a Markdown table; nothing is asserted (timing belongs here, not in tests).
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

QUERIES = ["产城融合", "营商环境", "招商", "发展"]  # rare … very frequent
SORTS = ["rank", "L1", "R1", "zone"]


def build(mb: int, work: Path) -> Path:
    from index.store.ingest import index_paths

    corpus = work / f"corpus-{mb}"
    gen_corpus.generate(mb, corpus, quiet=True)
    db = work / f"bench-{mb}.db"
    if not db.exists():
        started = time.perf_counter()
        index_paths(db, [corpus])
        print(f"  indexed {mb} MB in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return db


def timed(fn, reps: int) -> tuple[float, object]:
    fn()  # warm: jieba, the connection, SQLite's page cache
    times, out = [], None
    for _ in range(reps):
        started = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5,50,500")
    ap.add_argument("--work", default="/tmp/duizhao-bench")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    from index.corpus import Corpus

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print("| size | query | paragraphs | occurrences | sort | --limit 100 | --limit 0 |")
    print("| ---: | --- | ---: | ---: | --- | ---: | ---: |")
    for mb in (int(s) for s in args.sizes.split(",")):
        print(f"{mb} MB …", file=sys.stderr)
        corpus = Corpus(build(mb, work))
        for query in QUERIES:
            for sort in SORTS:
                first, _ = timed(lambda: corpus.kwic(query, sort=sort, limit=100), args.reps)
                every, k = timed(lambda: corpus.kwic(query, sort=sort, limit=0), args.reps)
                print(f"| {mb} MB | {query} | {k.paragraphs:,} | {k.total:,} | {sort} | "
                      f"{first * 1000:,.0f} ms | {every * 1000:,.0f} ms |", flush=True)


if __name__ == "__main__":
    main()
