"""A team on one server: eight readers at once while one process indexes (issue #24, item 6).

    uv run bench/concurrency.py --size 500                 # generated corpus, as bench/run.py
    uv run bench/concurrency.py --size 5 --seconds 10      # a smoke run
    uv run bench/concurrency.py --db my.db --add more/     # your own database and new files

The natural way to share a terminal app is one machine reached over SSH: every user runs
their own duizhao process on the same database. This bench starts --readers processes (8),
each opening its own `Corpus` as the app or a command does and looping over a mix of what
users ask — ranked search (the bench's query set), a theme comparison (passages and
figures, as the app's first screen), and KWIC sorted by the word before — for --seconds.
It does that twice: idle (readers alone) and loaded (while one more process runs
`main.py index` over new documents, 1 % of the corpus by default, generated with another
seed). For each phase and kind it reports p50, p99 and the slowest call, the errors, and the
calls that waited over one second; a reader "waiting on a lock" shows up as a slow call or a
`database is locked` error, both counted.

Figures go to stdout and, as JSON, to --json (bench/out/concurrency-<size>.json by default);
docs/performance.md quotes them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_corpus  # noqa: E402
from spec import MB, QUERIES  # noqa: E402

THEMES = ["产城融合", "营商环境", "招商引资", "新质生产力"]
KWIC = ["营商环境", "产城融合", "招商", "人才"]
SLOW = 1.0  # seconds: a call this long counts as "waited"


def _queries(zones: list[str]) -> list[str]:
    z0, z1 = (gen_corpus.short(z) for z in (zones + zones)[:2])
    return [q.format(Z0=z0, Z1=z1) for _, q in QUERIES]


def reader(db: str, seconds: float, queries: list[str], seed: int, out, ready) -> None:
    """One user's process: its own Corpus, warmed by one call of each kind (a user's
    session is warm: jieba loaded, pages cached), then a fixed mix of calls until the time
    is up. Every reader starts timing at the same moment (the barrier)."""
    from index.corpus import Corpus

    corpus = Corpus(db)
    corpus.search(queries[0], limit=20)
    corpus.compare(THEMES[0], top=16)
    corpus.kwic(KWIC[0], sort="L1", limit=50)
    ready.wait()
    calls: list[tuple[str, float, str]] = []
    i = seed
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        kind = ("search", "search", "search", "compare", "kwic")[i % 5]
        t0 = time.perf_counter()
        err = ""
        try:
            if kind == "search":
                corpus.search(queries[i % len(queries)], limit=20)
            elif kind == "compare":
                corpus.compare(THEMES[i % len(THEMES)], top=16)
            else:
                corpus.kwic(KWIC[i % len(KWIC)], sort="L1", limit=50)
        except Exception as exc:  # noqa: BLE001 — every failure a reader meets is a figure
            err = f"{type(exc).__name__}: {exc}"[:200]
        calls.append((kind, time.perf_counter() - t0, err))
        i += 1
    out.put(calls)


def phase(db: Path, readers: int, seconds: float, queries: list[str],
          writer: list[str] | None = None) -> dict:
    """Run the readers (and the writer, if given) once; their figures per kind."""
    q: mp.Queue = mp.Queue()
    ready = mp.Barrier(readers + 1)
    procs = [mp.Process(target=reader, args=(str(db), seconds, queries, k * 7, q, ready))
             for k in range(readers)]
    w = None
    w_wall = None
    for p in procs:
        p.start()
    ready.wait()  # every reader warm: the timed phase starts now, the writer with it
    t0 = time.perf_counter()
    if writer:
        w = subprocess.Popen(writer, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    calls = [c for _ in procs for c in q.get()]
    for p in procs:
        p.join()
    w_out = ""
    if w is not None:
        out, err = w.communicate()
        w_wall = time.perf_counter() - t0
        w_out = (err or out).decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        w_out = w_out[0] if w.returncode else ""
    result: dict = {"readers": readers, "seconds": seconds, "kinds": {}}
    for kind in ("search", "compare", "kwic"):
        times = sorted(t for k, t, _ in calls if k == kind)
        errors = [e for k, _, e in calls if k == kind and e]
        if not times:
            continue
        result["kinds"][kind] = {
            "calls": len(times),
            "p50_ms": 1000 * statistics.median(times),
            "p99_ms": 1000 * times[min(len(times) - 1, int(0.99 * len(times)))],
            "max_ms": 1000 * times[-1],
            "over_1s": sum(t > SLOW for t in times),
            "errors": len(errors),
            "first_error": errors[0] if errors else "",
        }
    if writer:
        result["writer"] = {"exit": w.returncode, "wall_s": w_wall, "error": w_out}
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=float, default=500, help="MB of generated text (default 500)")
    ap.add_argument("--work", default=str(ROOT / "bench" / "out"))
    ap.add_argument("--db", help="an existing database (else the generated corpus's)")
    ap.add_argument("--add", help="the folder the writer indexes (else 1 %% more, generated)")
    ap.add_argument("--readers", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--json", help="where the figures go")
    a = ap.parse_args(argv)
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    size = f"{a.size:g}"
    zones: list[str] = []
    if a.db:
        db = Path(a.db)
    else:
        meta = gen_corpus.generate(a.size, work / f"corpus-{size}")
        zones = meta["zones"]
        db = work / f"bench-{size}.db"
        if not db.exists():
            print(f"indexing {work / f'corpus-{size}'} into {db} …", flush=True)
            subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "index",
                            "--yes", str(work / f"corpus-{size}")], cwd=ROOT, check=True)
    add = Path(a.add) if a.add else work / f"corpus-{size}-add"
    if not a.add:
        gen_corpus.generate(max(a.size / 100, 0.05), add, seed=gen_corpus.DEFAULT_SEED + 1)
    queries = _queries(zones or ["开发区", "高新区"])
    writer = [sys.executable, str(ROOT / "main.py"), "--db", str(db), "index", "--yes", str(add)]
    print(f"{a.readers} readers for {a.seconds:g} s each phase on {db} "
          f"({os.path.getsize(db) / MB:.0f} MB database)", flush=True)
    idle = phase(db, a.readers, a.seconds, queries)
    loaded = phase(db, a.readers, a.seconds, queries, writer=writer)
    figures = {"db": str(db), "size_mb": a.size, "idle": idle, "loaded": loaded,
               "cores": os.cpu_count(), "load_before": os.getloadavg()[0]}
    print(f"{'kind':8} {'phase':7} {'calls':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
          f"{'>1 s':>5} {'errors':>6}")
    for kind in ("search", "compare", "kwic"):
        for name, ph in (("idle", idle), ("loaded", loaded)):
            k = ph["kinds"].get(kind)
            if k:
                print(f"{kind:8} {name:7} {k['calls']:6} {k['p50_ms']:8.1f} {k['p99_ms']:8.1f} "
                      f"{k['max_ms']:8.1f} {k['over_1s']:5} {k['errors']:6}")
    w = loaded.get("writer", {})
    print(f"writer: exit {w.get('exit')} after {w.get('wall_s', 0):.1f} s {w.get('error', '')}")
    out = Path(a.json) if a.json else work / f"concurrency-{size}.json"
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    errors = sum(k["errors"] for ph in (idle, loaded) for k in ph["kinds"].values())
    return 1 if errors or w.get("exit") else 0


if __name__ == "__main__":
    raise SystemExit(main())
