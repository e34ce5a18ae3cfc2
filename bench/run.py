"""The performance benchmark: one command, every figure, and docs/performance.md.

    uv run bench/run.py                      # 5, 50 and 500 MB; writes docs/performance.md
    uv run bench/run.py --sizes 5,50         # a subset
    uv run bench/run.py --sizes 5 --quick --work /tmp/b --out /tmp/b/perf.md   # smoke test
    uv run bench/run.py --sizes 50p          # one size, the real-text arrangement only
    uv run bench/run.py --render out/results.json w2000/results.json   # one page, two runs

Two arrangements of the corpus (bench/gen_corpus.py): "sentences" (documents rebuilt from
real sentences, the default corpus) and "paragraphs" (whole real paragraphs of the bundled
reports reshuffled into documents, the harder real-text arrangement). Each size is measured
on both unless --arrangement names one or the size carries a suffix (500s, 500p).

Past 1,000 MB (the 2 GB point) a size is measured lighter, so that it ends within the hour
after indexing on a shared machine: one round of the search queries, three end-to-end
queries, grep on the quick query set, no app, and the comparison without its two figures
with distinctive words.

At each size, in one run: build (or reuse) the generated corpus (bench/gen_corpus.py), index
it from scratch with `main.py index` as a subprocess (wall time, peak memory, database size),
time ranked top-20 search with snippets in-process over a fixed query set (warm: per-query
median, then p50/p99 over queries), time `main.py search` end to end as a subprocess, time
`rg -F -c` and `grep -rF -c` on the same files, and time the theme comparison (the issue-16 figures:
first screen, whole comparison, matrix, `main.py compare --json` and `themes --json`, every
theme's first screen), wall and CPU seconds. Targets are checked at 50 and 500 MB; a miss comes with its profile.
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
from measure import (  # noqa: E402
    bench_analysis,
    bench_compare,
    bench_e2e,
    bench_frequent,
    bench_index,
    bench_kwic_sorted,
    bench_reference,
    bench_search,
    machine,
)
from measure_tui import bench_tui, tui_child  # noqa: E402
from page import render  # noqa: E402
from spec import DOC, E2E, E2E_QUICK, MB, QUERIES, QUICK, say  # noqa: E402

# ---------------------------------------------------------------- one size, all sizes


ARRANGEMENTS = {"s": "sentences", "p": "paragraphs"}


def bench_size(mb: int, work: Path, quick: bool, arrangement: str = "sentences",
               tui_on: bool = True, reuse: bool = False, analysis_on: bool = True) -> dict:
    real = arrangement == "paragraphs"
    say(f"\n=== {mb} MB{' (real paragraphs)' if real else ''} ===")
    load = [os.getloadavg()[0]]
    big = mb >= 1000  # fewer repetitions where one call takes seconds
    corpus = work / f"corpus-{mb}{'p' if real else ''}"
    meta = gen_corpus.generate(mb, corpus, quiet=False, arrangement=arrangement)
    zones = meta["zones"]
    db = work / f"bench-{mb}{'p' if real else ''}.db"
    sidecar = db.with_name(db.name + ".index.json")  # the indexing figures, for --reuse-index
    ix = None
    if reuse and db.exists() and sidecar.exists():
        ix = json.loads(sidecar.read_text(encoding="utf-8"))
        if ix.get("corpus") != {k: meta[k] for k in ("bytes", "files", "seed")}:
            ix = None
    if ix:
        say(f"reusing {db} and its indexing figures ({sidecar.name})")
    else:
        say(f"indexing {corpus} …")
        ix = bench_index(corpus, db)
        ix["corpus"] = {k: meta[k] for k in ("bytes", "files", "seed")}
        sidecar.write_text(json.dumps(ix, ensure_ascii=False), encoding="utf-8")
    say(f"  {ix['text_bytes'] / MB:.1f} MB in {ix['seconds']:.1f} s = {ix['mbps']:.2f} MB/s, "
        f"peak {ix['rss_mb']:.0f} MB, database {ix['db_bytes'] / MB:.1f} MB "
        f"({ix['db_ratio']:.2f}× the text); {ix['docs']} documents, {ix['zones']} zones, "
        f"{ix['paragraphs']} paragraphs, {ix['bigrams']} distinct bigrams")
    queries = [(c, q) for c, q in QUERIES if not quick or q in QUICK]
    reps = 2 if quick else 1 if big else 5
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
    e2e = bench_e2e(db, E2E_QUICK if quick or big else E2E, zones, 1 if quick or big else 3)
    say(f"  p50 {e2e['p50_s']:.3f} s, max {e2e['max_s']:.3f} s (python main.py --help: "
        f"{e2e['help_s']:.3f} s)" + (f"; uv run main.py search: {e2e['uv_s']:.3f} s"
                                     if "uv_s" in e2e else ""))
    say("reference tools …")
    ref = bench_reference(corpus, [r for r in se["queries"] if not big or r["query"] in QUICK],
                          1 if quick or big else 3)
    if not ref["rg"]:
        say("  rg not installed")
    else:
        say(f"  rg -F -c p50 {ref['rg_p50_ms']:.1f} ms = {ref['rg_ratio']:.1f}× our ranked p50 "
            f"({ref['ours_p50_ms']:.2f} ms on the same literal queries)")
    if ref["grep"]:
        say(f"  grep -rF -c p50 {ref['grep_p50_ms']:.1f} ms = {ref['grep_ratio']:.1f}×")
    say("theme comparison …")
    cmp_ = bench_compare(db, quick, light=big)
    if cmp_["status"] != "ok":
        say(f"  {cmp_['status']}")
    say("kwic sorted by words (first page of 50, with the total) …")
    kw = bench_kwic_sorted(db)
    for r in kw["runs"]:
        say(f"  kwic {r['term']} --sort {r['sort']}: {r['s']:.2f} s (CPU {r['cpu']:.2f} s), "
            f"{r['lines']} of {r['total']} lines")
    if tui_on:
        tui = bench_tui(db, 30 if quick else 90, tmux_runs=1 if quick else 5)
    else:
        tui = {"status": "skipped"}
    say("TUI first paint / keystroke: " + (
        "measured when the app lands" if tui["status"] == "absent" else
        "not measured at this size or arrangement" if tui["status"] == "skipped" else
        f"{tui['first_paint_s']:.2f} s (empty Textual app {tui['empty_first_paint_s']:.2f} s) / "
        f"{tui['keystroke_ms']:.0f} ms" if tui["status"] == "ok" else tui["status"]))
    if tui["status"] not in ("absent", "skipped"):
        say("TUI first paint in tmux: " + (
            f"{tui['first_paint_tmux_s']:.2f} s (empty Textual app "
            f"{tui['empty_first_paint_tmux_s']:.2f} s); comparison on screen "
            f"{tui['compare_tmux_s'] or float('nan'):.2f} s" if tui.get("tmux_status") == "ok"
            else tui.get("tmux_status", "not measured")))
    an = {"status": "skipped"}
    if analysis_on:  # once per size (jieba over the corpus): on the default arrangement
        say("word statistics (first build of the unit tables, then each command warm) …")
        an = bench_analysis(db)  # last: its segmentation cache would speed up the comparison
        say(f"  unit tables built in {an['build']['s']:.1f} s (CPU {an['build']['cpu']:.1f} s)")
        for label, r in an["runs"].items():
            say(f"  {label}: " + (f"{r['s']:.2f} s (CPU {r['cpu']:.2f} s)" if "s" in r
                                  else r["error"]))
    res = {"mb": mb, "arrangement": arrangement, "tui": tui, "analysis": an, "corpus": {k: meta[k] for k in ("bytes", "files", "docs", "seed")} |
           {"zones": len(zones), "zone0": zones[0], "zone1": zones[1]},
           "index": ix, "search": se, "frequent": fr, "e2e": e2e, "ref": ref, "compare": cmp_, "kwic": kw,
           "load": load + [os.getloadavg()[0]]}
    res["checks"] = checks(res)
    missed = [k for k, v in res["checks"].items() if v["met"] is False]
    if missed:
        say(f"missed at {mb} MB {arrangement}: {', '.join(missed)}; profiling …")
        res["profiles"] = diagnose(res, corpus, db, work, missed)
    return res


def merged(paths: list[Path]) -> tuple[list[dict], dict, bool]:
    """The results of several runs' results.json, by size then arrangement (a later file's
    result replaces an earlier one's for the same size and arrangement), targets re-checked;
    the machine of the first file, with every run's date and code."""
    by: dict = {}
    machs = []
    quick = False
    for p in paths:
        saved = json.loads(p.read_text(encoding="utf-8"))
        machs.append(saved["machine"])
        quick |= saved.get("quick", False)
        for r in saved["results"]:
            r.setdefault("arrangement", "sentences")
            r["run"] = {k: saved["machine"].get(k) for k in ("date", "code")}
            by[(r["mb"], r["arrangement"])] = r
    results = [by[k] for k in sorted(by, key=lambda k: (k[0], k[1] != "sentences"))]
    for r in results:
        r["checks"] = checks(r)
    mach = dict(machs[0])
    if len(machs) > 1:
        mach["date"] = "; ".join(dict.fromkeys(m["date"] for m in machs))
        mach["code"] = "; ".join(dict.fromkeys(m.get("code", "unknown") for m in machs))
    return results, mach, quick


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="5,50,500",
                    help="corpus sizes in MB, comma-separated; a suffix s or p (500p) measures "
                         "that size on one arrangement only")
    ap.add_argument("--arrangement", default="sentences,paragraphs",
                    help="corpus arrangements measured at each size: sentences (generated from "
                         "real sentences), paragraphs (whole real paragraphs reshuffled), or both "
                         "(default)")
    ap.add_argument("--quick", action="store_true",
                    help="fewer queries and repetitions (smoke test)")
    ap.add_argument("--work", default=str(ROOT / "bench" / "out"),
                    help="folder for corpora, databases and results.json")
    ap.add_argument("--out", default=str(DOC), help="the page to write")
    ap.add_argument("--no-write", action="store_true", help="print figures only")
    ap.add_argument("--reuse-index", action="store_true",
                    help="keep a database indexed by an earlier run of the same corpus (its "
                         "indexing figures are read from DB.index.json) instead of indexing again")
    ap.add_argument("--tui-max-mb", type=int, default=500,
                    help="measure the app (headless and in tmux) up to this size (default 500)")
    ap.add_argument("--tui-only", metavar="DB", help=argparse.SUPPRESS)
    ap.add_argument("--tui-timeout", type=int, default=90, help=argparse.SUPPRESS)
    ap.add_argument("--render", metavar="RESULTS_JSON", nargs="+",
                    help="only rewrite the page from the results.json of earlier runs (several: "
                         "one page, the sizes of all of them)")
    a = ap.parse_args(argv)
    if a.tui_only:
        res = tui_child(Path(a.tui_only), a.tui_timeout)
        sys.stdout.flush()
        print("\n" + json.dumps(res, ensure_ascii=False), flush=True)
        return 0
    if a.render:
        results, mach, quick = merged([Path(x) for x in a.render])
        page = render(results, mach, quick, [])
        Path(a.out).write_text(page, encoding="utf-8")
        say(f"wrote {a.out}")
        return 0
    arrs = [x.strip() for x in a.arrangement.split(",") if x.strip()]
    if set(arrs) - set(ARRANGEMENTS.values()):
        ap.error(f"--arrangement: one or both of {', '.join(ARRANGEMENTS.values())}")
    runs = []
    for tok in (t.strip() for t in a.sizes.split(",") if t.strip()):
        if tok[-1] in ARRANGEMENTS:
            runs.append((int(tok[:-1]), ARRANGEMENTS[tok[-1]]))
        else:
            runs += [(int(tok), arr) for arr in arrs]
    from startup import compile_bytecode  # a user's second run finds its .pyc files: so do we

    say("compiling bytecode (this machine may set PYTHONDONTWRITEBYTECODE) …")
    compile_bytecode()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    mach = machine()
    say(f"{mach['cpu']}, {mach['usable_cores']} cores, {mach['ram_gb']} GB RAM; "
        f"Python {mach['python']}, SQLite {mach['sqlite']}")
    if not mach["rg"]:
        say("rg not installed: the rg comparison is skipped")
    results = []
    for mb, arr in runs:
        # the app is measured once per size, on the default corpus if it is in this run
        tui_on = (arr == "sentences" or (mb, "sentences") not in runs) and mb <= a.tui_max_mb
        analysis_on = arr == "sentences" or (mb, "sentences") not in runs
        results.append(bench_size(mb, work, a.quick, arr, tui_on, a.reuse_index, analysis_on))
        # written after every size, so that a long run's figures survive a later failure
        (work / "results.json").write_text(json.dumps(
            {"machine": mach, "results": results, "quick": a.quick, "argv": argv or sys.argv[1:]},
            ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    page = render(results, mach, a.quick, argv or sys.argv[1:])
    if not a.no_write:
        out = Path(a.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
        say(f"\nwrote {out}")
    missed = [f"{r['mb']} MB {r['arrangement']} {k}" for r in results for k, c in r.get("checks", {}).items()
              if c["met"] is False]
    say("targets missed: " + (", ".join(missed) if missed else "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
