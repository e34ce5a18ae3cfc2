"""The performance benchmark: one command, every figure, and docs/performance.md.

    uv run bench/run.py                      # 5, 50 and 500 MB; writes docs/performance.md
    uv run bench/run.py --sizes 5,50         # a subset
    uv run bench/run.py --sizes 5 --quick --work /tmp/b --out /tmp/b/perf.md   # smoke test

At each size, in one run: build (or reuse) the generated corpus (bench/gen_corpus.py), index
it from scratch with `main.py index` as a subprocess (wall time, peak memory, database size),
time ranked top-20 search with snippets in-process over a fixed query set (warm: per-query
median, then p50/p99 over queries), time `main.py search` end to end as a subprocess, time
`rg -F -c` and `grep -rF -c` on the same files, and time the theme comparison when
index.compare exists. Targets are checked at 50 and 500 MB; a miss comes with its profile.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The parts live beside this file: spec (query set, targets), measure and measure_tui (the
# figures), diagnose (targets checked, misses profiled and explained), page (the page).
import gen_corpus  # noqa: E402
from diagnose import checks, diagnose  # noqa: E402
from measure import (bench_compare, bench_e2e, bench_frequent, bench_index,  # noqa: E402
                     bench_reference, bench_search, machine)
from measure_tui import tui_child, bench_tui  # noqa: E402
from page import render  # noqa: E402
from spec import DOC, E2E, E2E_QUICK, MB, QUERIES, QUICK, say  # noqa: E402


# ---------------------------------------------------------------- one size, all sizes


def bench_size(mb: int, work: Path, quick: bool) -> dict:
    say(f"\n=== {mb} MB ===")
    load = [os.getloadavg()[0]]
    corpus = work / f"corpus-{mb}"
    meta = gen_corpus.generate(mb, corpus, quiet=False)
    zones = meta["zones"]
    db = work / f"bench-{mb}.db"
    say(f"indexing {corpus} …")
    ix = bench_index(corpus, db)
    say(f"  {ix['text_bytes'] / MB:.1f} MB in {ix['seconds']:.1f} s = {ix['mbps']:.2f} MB/s, "
        f"peak {ix['rss_mb']:.0f} MB, database {ix['db_bytes'] / MB:.1f} MB "
        f"({ix['db_ratio']:.2f}× the text); {ix['docs']} documents, {ix['zones']} zones, "
        f"{ix['paragraphs']} paragraphs, {ix['bigrams']} distinct bigrams")
    queries = [(c, q) for c, q in QUERIES if not quick or q in QUICK]
    reps = 2 if quick else 5
    say(f"searching ({len(queries)} queries, median of {reps} warm runs each) …")
    se = bench_search(db, queries, zones, reps)
    say(f"  in-process ranked top-20 + snippets: p50 {se['p50_ms']:.2f} ms, "
        f"p99 {se['p99_ms']:.2f} ms (with total count: p50 {se['p50_count_ms']:.2f} ms, "
        f"p99 {se['p99_count_ms']:.2f} ms)")
    for r in sorted(se["queries"], key=lambda r: -r["ms"])[:5]:
        say(f"    slowest: {r['expanded']!r:32} {r['ms']:8.2f} ms  {r['hits']} paragraphs")
    fr = bench_frequent(db, reps)
    say(f"  frequent set ({len(fr['queries'])} commonest terms): p50 {fr['p50_ms']:.2f} ms, "
        f"p99 {fr['p99_ms']:.2f} ms (CPU p99 {fr['p99_cpu_ms']:.2f} ms; with the total "
        f"count p99 {fr['p99_count_ms']:.2f} ms)")
    load.append(os.getloadavg()[0])
    say("main.py search end to end …")
    e2e = bench_e2e(db, E2E_QUICK if quick else E2E, zones, 1 if quick else 3)
    say(f"  p50 {e2e['p50_s']:.3f} s, max {e2e['max_s']:.3f} s (python main.py --help: "
        f"{e2e['help_s']:.3f} s)" + (f"; uv run main.py search: {e2e['uv_s']:.3f} s"
                                     if "uv_s" in e2e else ""))
    say("reference tools …")
    ref = bench_reference(corpus, se["queries"], 1 if quick else 3)
    if not ref["rg"]:
        say("  rg not installed")
    else:
        say(f"  rg -F -c p50 {ref['rg_p50_ms']:.1f} ms = {ref['rg_ratio']:.1f}× our ranked p50 "
            f"({ref['ours_p50_ms']:.2f} ms on the same literal queries)")
    if ref["grep"]:
        say(f"  grep -rF -c p50 {ref['grep_p50_ms']:.1f} ms = {ref['grep_ratio']:.1f}×")
    cmp_ = bench_compare(db)
    say(f"theme comparison: {cmp_['status']}" + (
        f" — one theme {cmp_['one_s'] * 1000:.0f} ms, matrix of {cmp_['themes']} themes "
        f"{cmp_['matrix_s'] * 1000:.0f} ms" if cmp_["status"] == "ok" else ""))
    tui = bench_tui(db, 30 if quick else 90, tmux_runs=1 if quick else 5)
    say("TUI first paint / keystroke: " + (
        "measured when the app lands" if tui["status"] == "absent" else
        f"{tui['first_paint_s']:.2f} s (empty Textual app {tui['empty_first_paint_s']:.2f} s) / "
        f"{tui['keystroke_ms']:.0f} ms" if tui["status"] == "ok" else tui["status"]))
    if tui["status"] != "absent":
        say("TUI first paint in tmux: " + (
            f"{tui['first_paint_tmux_s']:.2f} s (empty Textual app "
            f"{tui['empty_first_paint_tmux_s']:.2f} s)" if tui.get("tmux_status") == "ok"
            else tui.get("tmux_status", "not measured")))
    res = {"mb": mb, "tui": tui, "corpus": {k: meta[k] for k in ("bytes", "files", "docs", "seed")} |
           {"zones": len(zones), "zone0": zones[0], "zone1": zones[1]},
           "index": ix, "search": se, "frequent": fr, "e2e": e2e, "ref": ref, "compare": cmp_,
           "load": load + [os.getloadavg()[0]]}
    res["checks"] = checks(res)
    missed = [k for k, v in res["checks"].items() if v["met"] is False]
    if missed:
        say(f"missed at {mb} MB: {', '.join(missed)}; profiling …")
        res["profiles"] = diagnose(res, corpus, db, work, missed)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="5,50,500", help="corpus sizes in MB, comma-separated")
    ap.add_argument("--quick", action="store_true",
                    help="fewer queries and repetitions (smoke test)")
    ap.add_argument("--work", default=str(ROOT / "bench" / "out"),
                    help="folder for corpora, databases and results.json")
    ap.add_argument("--out", default=str(DOC), help="the page to write")
    ap.add_argument("--no-write", action="store_true", help="print figures only")
    ap.add_argument("--tui-only", metavar="DB", help=argparse.SUPPRESS)
    ap.add_argument("--tui-timeout", type=int, default=90, help=argparse.SUPPRESS)
    ap.add_argument("--render", metavar="RESULTS_JSON",
                    help="only rewrite the page from a results.json of an earlier run")
    a = ap.parse_args(argv)
    if a.tui_only:
        res = tui_child(Path(a.tui_only), a.tui_timeout)
        sys.stdout.flush()
        print("\n" + json.dumps(res, ensure_ascii=False), flush=True)
        return 0
    if a.render:
        saved = json.loads(Path(a.render).read_text(encoding="utf-8"))
        for r in saved["results"]:
            r["checks"] = checks(r)
        page = render(saved["results"], saved["machine"], saved.get("quick", False), [])
        Path(a.out).write_text(page, encoding="utf-8")
        say(f"wrote {a.out}")
        return 0
    sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    mach = machine()
    say(f"{mach['cpu']}, {mach['usable_cores']} cores, {mach['ram_gb']} GB RAM; "
        f"Python {mach['python']}, SQLite {mach['sqlite']}")
    if not mach["rg"]:
        say("rg not installed: the rg comparison is skipped")
    results = [bench_size(mb, work, a.quick) for mb in sizes]
    (work / "results.json").write_text(json.dumps({"machine": mach, "results": results,
                                                   "quick": a.quick},
                                                  ensure_ascii=False, indent=1, default=str),
                                       encoding="utf-8")
    page = render(results, mach, a.quick, argv or sys.argv[1:])
    if not a.no_write:
        out = Path(a.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
        say(f"\nwrote {out}")
    missed = [f"{r['mb']} MB {k}" for r in results for k, c in r.get("checks", {}).items()
              if c["met"] is False]
    say("targets missed: " + (", ".join(missed) if missed else "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
