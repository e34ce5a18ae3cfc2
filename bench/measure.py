"""The measurements: machine, indexing, search in-process and end to end, the reference
tools (rg, grep) and the theme comparison."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import gen_corpus
from spec import LITERAL, MB, ROOT, pct

# ---------------------------------------------------------------- machine


def rg_path() -> str | None:
    """rg: the one the dev group installs (PyPI `ripgrep`, beside this Python), else PATH's."""
    here = Path(sys.executable).parent
    return shutil.which("rg", path=os.pathsep.join([str(here), os.environ.get("PATH", "")]))


def machine() -> dict:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    ram = 0
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    rg = rg_path()
    rg_version = ""
    if rg:
        rg_version = subprocess.run([rg, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    grep_version = ""
    if shutil.which("grep"):
        grep_version = subprocess.run(["grep", "--version"], capture_output=True,
                                      text=True).stdout.split("\n")[0]
    code = ""
    if shutil.which("git") and (ROOT / ".git").exists():
        def git(*args: str) -> str:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True,
                                  text=True).stdout.strip()

        code = git("log", "-1", "--format=%h (%ci)")
        dirty = [line[3:] for line in git("status", "--porcelain", "--", "index", "main.py",
                                          "tui").splitlines()]
        if dirty:
            code += f" + uncommitted changes in {len(dirty)} file(s) of index/, tui/, main.py"
    return {"code": code or "unknown",
            "cpu": cpu or "unknown", "cores": os.cpu_count(), "usable_cores": usable,
            "ram_gb": round(ram / 2**30, 1), "os": platform.platform(),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "rg": rg_version, "grep": grep_version,
            "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")}


# ---------------------------------------------------------------- indexing


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and p.name != gen_corpus.MARKER)


def db_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())


def run_child(cmd: list[str], **kw) -> tuple[float, int, int, str, str]:
    """(wall seconds, peak RSS in bytes, exit status, stdout, stderr) of one subprocess."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, **kw)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        run_child.cpu = usage.ru_utime + usage.ru_stime
        return (wall, usage.ru_maxrss * 1024, p.returncode,
                out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def bench_index(corpus: Path, db: Path) -> dict:
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    text = dir_bytes(corpus)
    cmd = [sys.executable, str(ROOT / "main.py"), "--db", str(db), "index", "--yes", str(corpus)]
    wall, rss, code, out, err = run_child(cmd, cwd=ROOT)
    cpu = run_child.cpu
    if code != 0:
        raise SystemExit(f"indexing failed ({code}):\n{out[-2000:]}\n{err[-2000:]}")
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        docs = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        paras = conn.execute("SELECT count(*) FROM paras").fetchone()[0]
        zones = conn.execute("SELECT count(DISTINCT zone) FROM docs").fetchone()[0]
        conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, para_fts, 'col')")
        bigrams = conn.execute("SELECT count(*) FROM temp.vocab WHERE col = 'g'").fetchone()[0]
        tables = breakdown(conn)
    finally:
        conn.close()
    size = db_bytes(db)
    return {"seconds": wall, "mbps": text / MB / wall, "rss_mb": rss / 2**20,
            "cpu_seconds": cpu, "cpu_mbps": text / MB / cpu if cpu else None,
            "text_bytes": text, "db_bytes": size, "db_ratio": size / text, "docs": docs,
            "paragraphs": paras, "zones": zones, "bigrams": bigrams, "tables": tables}


def breakdown(conn) -> list[tuple[str, int]]:
    """Bytes per table and index (dbstat), largest first."""
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name "
                            "ORDER BY 2 DESC").fetchall()
    except sqlite3.DatabaseError:
        return []
    return [(n, int(s)) for n, s in rows]


# ---------------------------------------------------------------- search


def expand(q: str, zones: list[str]) -> str:
    return q.replace("{Z0}", gen_corpus.short(zones[0])).replace("{Z1}", gen_corpus.short(zones[1]))


def ranked(conn, q: str, count: bool = False):
    from index.search.engine import search

    res = search(conn, q, limit=20, count=count)
    for h in res.hits:
        h.snippet()
    return res


def total_hits(conn, q: str) -> int:
    """Paragraphs the query matches (for filter-only queries: paragraphs passing the filters)."""
    from index.search.filters import matching_docs
    from index.search.query import parse

    res = ranked(conn, q, count=True)
    if res.total is not None:
        return res.total
    docs = matching_docs(conn, parse(q))
    if docs is None:
        return len(res.hits)
    return sum(hi - lo + 1 for _, lo, hi in docs if lo is not None)


def time_call(fn, reps: int) -> tuple[float, list[float]]:
    """Median seconds of reps calls after one warm-up call (fewer reps for slow calls)."""
    t0 = time.perf_counter()
    fn()
    first = time.perf_counter() - t0
    if first > 5:  # a slow call is timed once: its first run is the figure
        return first, [first]
    if first > 0.5:
        reps = min(reps, 2)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def bench_search(db: Path, queries: list[tuple[str, str]], zones: list[str], reps: int) -> dict:
    """Per-query medians over `reps` rounds; each round runs every query once, so that a
    passing load spike on the machine touches all queries alike instead of one query."""
    from index.store.connection import connect

    conn = connect(db)
    qs = [expand(raw, zones) for _, raw in queries]
    plain: list[list[float]] = [[] for _ in qs]
    cpu: list[list[float]] = [[] for _ in qs]
    counted: list[list[float]] = [[] for _ in qs]
    for q in qs:  # warm-up
        ranked(conn, q)
        ranked(conn, q, count=True)
    for _ in range(reps):
        for i, q in enumerate(qs):
            c0 = time.thread_time()
            t0 = time.perf_counter()
            ranked(conn, q)
            t1 = time.perf_counter()
            cpu[i].append(time.thread_time() - c0)
            ranked(conn, q, count=True)
            t2 = time.perf_counter()
            plain[i].append(t1 - t0)
            counted[i].append(t2 - t1)
    rows = []
    for (cat, raw), q, p, c, u in zip(queries, qs, plain, counted, cpu):
        rows.append({"cat": cat, "query": raw, "expanded": q, "ms": statistics.median(p) * 1000,
                     "cpu_ms": statistics.median(u) * 1000,
                     "ms_count": statistics.median(c) * 1000, "hits": total_hits(conn, q)})
    conn.close()
    ms = [r["ms"] for r in rows]
    return {"queries": rows, "p50_ms": pct(ms, 50), "p99_ms": pct(ms, 99),
            "p50_count_ms": pct([r["ms_count"] for r in rows], 50),
            "p99_count_ms": pct([r["ms_count"] for r in rows], 99), "reps": reps,
            "p50_cpu_ms": pct([r["cpu_ms"] for r in rows], 50),
            "p99_cpu_ms": pct([r["cpu_ms"] for r in rows], 99)}


def bench_e2e(db: Path, queries: list[str], zones: list[str], reps: int) -> dict:
    base = [sys.executable, str(ROOT / "main.py"), "--db", str(db), "search"]
    env = dict(os.environ, COLUMNS="120")
    rows = []
    for raw in queries:
        q = expand(raw, zones)
        times = []
        for _ in range(reps + 1):
            wall, _, code, out, err = run_child(base + [q], cwd=ROOT, env=env)
            if code != 0:
                raise SystemExit(f"main.py search {q!r} failed: {err[-1000:]}")
            times.append(wall)
        rows.append({"query": raw, "s": statistics.median(times[1:])})
    startup, _ = time_call(lambda: run_child([sys.executable, str(ROOT / "main.py"), "--help"],
                                             cwd=ROOT, env=env), reps)
    bare, _ = time_call(lambda: run_child([sys.executable, "-c", "pass"]), reps)
    res = {"queries": rows, "p50_s": pct([r["s"] for r in rows], 50),
           "max_s": max(r["s"] for r in rows), "help_s": startup, "python_s": bare}
    uv = shutil.which("uv")
    if uv:
        q = expand(queries[0], zones)
        cmd = [uv, "run", "--frozen", "main.py", "--db", str(db), "search", q]
        run_child(cmd, cwd=ROOT, env=env)
        res["uv_s"] = statistics.median(run_child(cmd, cwd=ROOT, env=env)[0] for _ in range(max(reps, 1)))
        res["uv_query"] = queries[0]
    return res


# ---------------------------------------------------------------- reference tools


def bench_reference(corpus: Path, rows: list[dict], reps: int) -> dict:
    """rg -F -c and grep -rF -c for every single-literal query, beside our ranked search."""
    lit = [r for r in rows if r["cat"] in LITERAL]
    rg = rg_path()
    out = {"rg": rg is not None, "grep": shutil.which("grep") is not None,
           "queries": []}
    env = dict(os.environ, LC_ALL="C")
    if out["rg"]:  # warm the page cache
        run_child([rg, "-F", "-c", "zzzz", str(corpus)])
    for r in lit:
        needle = r["expanded"].strip('"')
        row = {"query": r["query"], "ms": r["ms"], "hits": r["hits"]}
        for tool, cmd in (("rg", [rg, "-F", "-c", needle, str(corpus)]),
                          ("grep", ["grep", "-rF", "-c", needle, str(corpus)])):
            if not out[tool]:
                continue
            times = []
            for _ in range(reps):
                wall, _, code, _, err = run_child(cmd, env=env)
                if code not in (0, 1):
                    raise SystemExit(f"{' '.join(cmd)} failed: {err}")
                times.append(wall)
            row[tool + "_ms"] = statistics.median(times) * 1000
        out["queries"].append(row)
    ours = pct([r["ms"] for r in out["queries"]], 50)
    out["ours_p50_ms"] = ours
    for tool in ("rg", "grep"):
        if out[tool]:
            p50 = pct([r[tool + "_ms"] for r in out["queries"]], 50)
            out[tool + "_p50_ms"] = p50
            out[tool + "_ratio"] = p50 / ours if ours else float("inf")
    return out


# ---------------------------------------------------------------- the theme comparison


def timed(fn, reps: int = 3) -> tuple[float, float]:
    """(median wall s, median CPU s of this process) after one warm-up call; a call over
    5 s is timed once (its first run is the figure)."""
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


def cli_timed(db: Path, *args: str, reps: int = 2) -> tuple[float, float]:
    """(median wall s, mean CPU s: user + system) of `python main.py --db DB ARGS…` as a
    fresh process, after one warm-up run (a run over 5 s is timed once)."""
    cmd = [sys.executable, str(ROOT / "main.py"), "--db", str(db), *args]
    wall, _, code, _, err = run_child(cmd, cwd=ROOT)
    cpu = run_child.cpu
    if code != 0:
        raise RuntimeError(f"main.py {' '.join(args)} failed: {err[-500:]}")
    if wall > 5:
        return wall, cpu
    walls, cpus = [], []
    for _ in range(reps):
        walls.append(run_child(cmd, cwd=ROOT)[0])
        cpus.append(run_child.cpu)
    return statistics.median(walls), statistics.median(cpus)


START_THEME = "产城融合"  # the app's start theme, the example


def compare_figures(db: Path, quick: bool = False, say=lambda *a: None,
                    light: bool = False) -> dict:
    """The issue-16 comparison figures, wall and CPU seconds: for the start theme, the app's
    first screen (compare(..., top=FIRST_ZONES)), all zones without and with distinctive
    words; the matrix; `main.py compare THEME --json` with and without `--no-words` and
    `main.py themes --json` end to end; the first screen of every lexicon theme (a theme
    switch in the app: median and slowest). light (the 2 GB point): without the two figures
    with distinctive words (tens of CPU seconds already at 500 MB), and every theme's first
    screen timed once (the start theme's calls have warmed the caches)."""
    from index.compare.engine import compare
    from index.compare.matrix import theme_matrix
    from index.store.connection import connect
    from index.words.themes import load_themes
    from tui.screens.compare import CompareScreen

    themes = load_themes()
    start = themes.get(START_THEME) or next(iter(themes.values()))
    top = CompareScreen.FIRST_ZONES
    reps = 1 if quick else 3
    out: dict = {"status": "ok", "theme": start.name, "themes": len(themes), "top": top}
    conn = connect(db)
    try:
        def fig(key, label, pair):
            out[key], out[key.replace("_s", "_cpu")] = pair
            say(f"  {label}: {pair[0]:.3f} s wall, {pair[1]:.3f} s CPU")

        fig("first_s", f"first screen ({top} busiest zones)",
            timed(lambda: compare(conn, start, top=top, distinctive=False), reps))
        res = compare(conn, start, distinctive=False)
        out["zones"] = len(res.zones)
        out["passages"] = sum(len(z.passages) for z in res.zones)
        fig("nowords_s", "all zones, no distinctive words",
            timed(lambda: compare(conn, start, distinctive=False), reps))
        if not light:
            fig("one_s", "all zones, with distinctive words",
                timed(lambda: compare(conn, start), reps))
        fig("matrix_s", f"matrix ({len(themes)} themes)",
            timed(lambda: theme_matrix(conn, themes), reps))
        fig("cli_nowords_s", "main.py compare --json --no-words",
            cli_timed(db, "compare", start.name, "--json", "--no-words", reps=reps))
        if not light:
            fig("cli_s", "main.py compare --json", cli_timed(db, "compare", start.name, "--json",
                                                            reps=reps))
        else:
            out["light"] = True
        fig("themes_cli_s", "main.py themes --json", cli_timed(db, "themes", "--json", reps=reps))
        switch = []
        for t in themes.values():
            if light:
                w, c = time.perf_counter(), time.process_time()
                compare(conn, t, top=top, distinctive=False)
                w, c = time.perf_counter() - w, time.process_time() - c
            else:
                w, c = timed(lambda: compare(conn, t, top=top, distinctive=False), 1)
            switch.append({"theme": t.name, "s": w, "cpu": c})
        walls = [x["s"] for x in switch]
        # the slowest in wall time (the target) and the costliest in CPU (its own work,
        # which a loaded machine does not inflate as much)
        slow = max(switch, key=lambda x: x["s"])
        costly = max(switch, key=lambda x: x["cpu"])
        out |= {"switch": switch, "switch_p50_s": statistics.median(walls),
                "switch_p50_cpu": statistics.median(x["cpu"] for x in switch),
                "switch_max_s": slow["s"], "switch_max_wall_theme": slow["theme"],
                "switch_max_cpu": costly["cpu"], "switch_max_theme": costly["theme"]}
        say(f"  theme switch (first screen of {len(switch)} themes): median "
            f"{out['switch_p50_s']:.3f} s ({out['switch_p50_cpu']:.3f} s CPU), slowest "
            f"{slow['s']:.3f} s ({slow['theme']}), most CPU {costly['cpu']:.3f} s "
            f"({costly['theme']})")
    except Exception as exc:  # noqa: BLE001 — an older or broken core: say so on the page, go on
        out["status"] = f"failed: {type(exc).__name__}: {exc}"
    finally:
        conn.close()
    return out


def bench_compare(db: Path, quick: bool = False, light: bool = False) -> dict:
    try:
        from index.compare.engine import compare  # noqa: F401
    except Exception as exc:  # noqa: BLE001 — an older or broken core: say so on the page
        return {"status": f"index.compare does not import ({type(exc).__name__}: {exc})"}
    from spec import say

    return compare_figures(db, quick, say, light)


# ---------------------------------------------------------------- frequent terms


def frequent_queries(conn, sample: int = 5000) -> list[tuple[str, str]]:
    """(category, query) of the frequent set (spec.FREQUENT): the commonest characters and
    two-character strings of Han text and the commonest lexicon expressions of 3+
    characters, by the paragraphs of an evenly spaced sample that contain them."""
    from collections import Counter

    from spec import FREQUENT

    from index.text.normal import fold
    from index.words.themes import load_themes

    lo, hi = conn.execute("SELECT min(id), max(id) FROM paras").fetchone()
    step = max(1, (hi - lo + 1) // sample)
    ids = list(range(lo, hi + 1, step))
    texts = [fold(t) for i in range(0, len(ids), 500) for (t,) in conn.execute(
        f"SELECT text FROM paras WHERE id IN ({','.join('?' * len(ids[i:i + 500]))})",
        ids[i:i + 500])]
    han = lambda s: all("\u3400" <= c <= "\u9fff" for c in s)  # noqa: E731
    chars = Counter(c for t in texts for c in set(t) if han(c))
    pairs = Counter(p for t in texts for p in {t[i:i + 2] for i in range(len(t) - 1)} if han(p))
    words = {fold(e) for th in load_themes().values() for e in th.expressions()}
    words = Counter({w: sum(w in t for t in texts) for w in words if len(w) > 2})
    return ([("1 char", c) for c, _ in chars.most_common(FREQUENT["chars"])]
            + [("2 chars", p) for p, _ in pairs.most_common(FREQUENT["bigrams"])]
            + [("word", w) for w, _ in words.most_common(FREQUENT["words"])])


def bench_frequent(db: Path, reps: int) -> dict:
    """bench_search over the frequent set: top 20 with snippets, in-process, warm."""
    from index.store.connection import connect

    conn = connect(db)
    queries = frequent_queries(conn)
    conn.close()
    res = bench_search(db, queries, ["", ""], reps)
    return res | {"set": [q for _, q in queries]}


# ---------------------------------------------------------------- kwic sorted by words


KWIC_TERMS = ("的", "发展")  # the commonest character and word of the generated text
KWIC_SORTS = ("L1", "R1")


def bench_kwic_sorted(db: Path, limit: int = 50) -> dict:
    """`kwic TERM --sort L1/R1 --limit 50` in-process (Corpus.kwic), warm: one unmeasured
    call (jieba's dictionary, SQLite's cache), then one measured per term and sort, wall
    and CPU seconds, with the total of lines (every occurrence is counted)."""
    import time

    from index.corpus import Corpus

    corpus = Corpus(db)
    corpus.kwic(KWIC_TERMS[0], sort="L1", limit=limit)
    runs = []
    for term in KWIC_TERMS:
        for sort in KWIC_SORTS:
            w, c = time.perf_counter(), time.process_time()
            k = corpus.kwic(term, sort=sort, limit=limit)
            runs.append({"term": term, "sort": sort, "s": time.perf_counter() - w,
                         "cpu": time.process_time() - c, "total": k.total,
                         "lines": len(k.lines)})
    return {"status": "ok", "limit": limit, "runs": runs,
            "max_s": max(r["s"] for r in runs), "max_cpu": max(r["cpu"] for r in runs)}


# ---------------------------------------------------------------- word statistics


def bench_analysis(db: Path) -> dict:
    """The word statistics in-process (Corpus): the first build of the unit tables (jieba on
    every paragraph, then the corpus dictionary and the counts: what the first `keywords`
    or `words` after indexing waits for), then each command once warm, wall and CPU
    seconds. Run last at a size: the segmentation cache it fills would speed up the
    comparison's distinctive words."""
    import time
    from collections import Counter

    from index.corpus import Corpus

    corpus = Corpus(db)

    def timed(fn):
        w, c = time.perf_counter(), time.process_time()
        fn()
        return {"s": time.perf_counter() - w, "cpu": time.process_time() - c}

    build = timed(corpus.units)
    zone = Counter(d.zone for d in corpus.docs()).most_common(1)[0][0]
    runs = {}
    for label, fn in ((f"keywords --zone {zone}", lambda: corpus.keywords([zone])),
                      ("collocates 营商环境", lambda: corpus.collocates("营商环境")),
                      ("clusters 营商环境", lambda: corpus.clusters("营商环境")),
                      ("words", lambda: corpus.words()),
                      ("trend 营商环境", lambda: corpus.trend("营商环境")),
                      ("first-use 营商环境", lambda: corpus.first_use("营商环境"))):
        try:
            runs[label] = timed(fn)
        except Exception as exc:  # noqa: BLE001 — a command that fails says so on the page
            runs[label] = {"error": f"{type(exc).__name__}: {exc}"}
    ok = [r for r in runs.values() if "s" in r]
    return {"status": "ok", "build": build, "runs": runs,
            "max_s": max((r["s"] for r in ok), default=0.0),
            "max_cpu": max((r["cpu"] for r in ok), default=0.0)}
