"""Text reuse at scale: `main.py reuse`'s update on generated corpora, with figures.

    uv run bench/reuse_bench.py --mb 5 50            # build/index if needed, then measure
    uv run bench/reuse_bench.py --mb 50 --profile    # and the top functions by own time

For each size: the generated corpus (bench/gen_corpus.py) is indexed once into
bench/out/reuse-<MB>.db; its reuse tables are dropped and the full update is timed (stage by
stage: signatures, LSH candidates, alignment), then one new document is added and the
incremental update is timed (only it is processed). Printed: paragraphs, candidates,
aligned pairs, stored pairs, seconds, MB/s of text, peak memory, load average (the machine
is shared: figures on a loaded machine are slower than on an idle one).

The generated corpora are built from ~1 MB of real sentences recombined (see gen_corpus),
so every sentence recurs about (MB) times: far more reuse than real corpora have, which
makes this a worst case for the candidate and alignment stages.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402

from index.reuse import engine  # noqa: E402
from index.store.connection import connect  # noqa: E402
from index.store.ingest import index_paths  # noqa: E402

MB = 10**6


def say(msg: str) -> None:
    print(msg, flush=True)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the alignment processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def prepare(mb: float, work: Path) -> tuple[Path, Path]:
    corpus = work / f"corpus-{mb:g}"
    gen_corpus.generate(mb, corpus, quiet=True)
    db = work / f"reuse-{mb:g}.db"
    if not db.exists():
        t = time.perf_counter()
        report = index_paths(db, [corpus])
        say(f"  indexed {report.bytes / MB:.1f} MB in {time.perf_counter() - t:.1f} s")
    return corpus, db


def drop(db: Path) -> None:
    conn = sqlite3.connect(db)
    for t in ("reuse_pairs", "reuse_sigs", "reuse_docs", "reuse_meta"):
        conn.execute(f"DROP TABLE IF EXISTS {t}")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


def measure(mb: float, work: Path, profile: bool, jobs: int) -> dict:
    say(f"\n=== {mb:g} MB ===  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, "
        f"{jobs} alignment processes)")
    corpus, db = prepare(mb, work)
    drop(db)
    conn = connect(db, write=True)
    text_bytes = sum(len(t.encode()) for (t,) in conn.execute("SELECT text FROM paras"))
    paras = conn.execute("SELECT count(*) FROM paras").fetchone()[0]
    cpu0 = cpu_seconds()
    t = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        report = prof.runcall(engine.update, conn, jobs=jobs)
        pstats.Stats(prof).sort_stats("tottime").print_stats(12)
    else:
        report = engine.update(conn, jobs=jobs)
    wall = time.perf_counter() - t
    cpu = cpu_seconds() - cpu0
    s = report.seconds
    say(f"  {paras:,} paragraphs ({report.paragraphs:,} long enough), {text_bytes / MB:.1f} MB "
        f"of text")
    say(f"  full update: {wall:.1f} s wall, {cpu:.1f} s CPU = {text_bytes / MB / wall:.2f} MB/s "
        f"(signatures {s.get('signatures', 0):.1f} s, candidates {s.get('candidates', 0):.1f} s, "
        f"alignment {s.get('align', 0):.1f} s)")
    say(f"  {report.candidates:,} candidates aligned, {report.pairs:,} pairs stored, "
        f"peak RSS {peak_mb():.0f} MB, load average {os.getloadavg()[0]:.1f}")
    # incremental: one new document of ~40 paragraphs from the corpus's own text
    extra = work / f"extra-{mb:g}"
    extra.mkdir(exist_ok=True)
    sample = [t for (t,) in conn.execute("SELECT text FROM paras WHERE length(text) > 60 "
                                         "ORDER BY id DESC LIMIT 40")]
    (extra / "2027_新增区_工作计划.txt").write_text("\n\n".join(sample), encoding="utf-8")
    conn.close()
    index_paths(db, [extra])
    conn = connect(db, write=True)
    t = time.perf_counter()
    inc = engine.update(conn)
    inc_wall = time.perf_counter() - t
    conn.close()
    say(f"  incremental (1 new document, {inc.paragraphs} paragraphs): {inc_wall:.2f} s, "
        f"{inc.pairs} pairs; documents processed: {len(inc.docs_done)}")
    return {"mb": mb, "wall": wall, "cpu": cpu, "mbps": text_bytes / MB / wall,
            "paragraphs": paras, "pairs": report.pairs, "incremental": inc_wall}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[5, 50])
    ap.add_argument("--work", type=Path, default=HERE / "out")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--jobs", type=int, default=2, help="alignment processes (default 2)")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    rows = [measure(mb, args.work, args.profile, args.jobs) for mb in args.mb]
    say("\n| MB | paragraphs | full update (wall) | CPU | MB/s | pairs | add 1 doc |")
    say("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        say(f"| {r['mb']:g} | {r['paragraphs']:,} | {r['wall']:.1f} s | {r['cpu']:.1f} s | "
            f"{r['mbps']:.2f} | {r['pairs']:,} | {r['incremental']:.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
