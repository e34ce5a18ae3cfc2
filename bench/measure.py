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
    rg = shutil.which("rg")
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
    cmd = [sys.executable, str(ROOT / "main.py"), "--db", str(db), "index", str(corpus)]
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
    from index.search.query import parse
    from index.search.filters import matching_docs

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
    out = {"rg": shutil.which("rg") is not None, "grep": shutil.which("grep") is not None,
           "queries": []}
    env = dict(os.environ, LC_ALL="C")
    if out["rg"]:  # warm the page cache
        run_child(["rg", "-F", "-c", "zzzz", str(corpus)])
    for r in lit:
        needle = r["expanded"].strip('"')
        row = {"query": r["query"], "ms": r["ms"], "hits": r["hits"]}
        for tool, cmd in (("rg", ["rg", "-F", "-c", needle, str(corpus)]),
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


# ---------------------------------------------------------------- later features


def bench_compare(db: Path) -> dict:
    try:
        import types

        from index.compare.engine import compare
        from index.compare.matrix import theme_matrix

        mod = types.SimpleNamespace(compare=compare, theme_matrix=theme_matrix)
    except Exception as exc:
        return {"status": f"index.compare does not import ({type(exc).__name__}: {exc})"}
    from index.store.connection import connect
    from index.words.themes import load_themes

    themes = load_themes()
    conn = connect(db)
    first = themes.get("产城融合") or next(iter(themes.values()))  # the app's start theme
    name = first.name
    out: dict = {"status": "ok", "theme": name, "themes": len(themes)}
    try:
        out["one_s"], _ = time_call(lambda: _call(mod.compare, conn, [first, name]), 3)
        out["matrix_s"], _ = time_call(
            lambda: _call(mod.theme_matrix, conn, [list(themes.values()), themes, list(themes)]), 2)
        try:  # the app's first screen, the whole comparison without jieba, the CLI
            from tui.screens.compare import CompareScreen

            top = CompareScreen.FIRST_ZONES
            out["first_s"], _ = time_call(lambda: mod.compare(conn, first, top=top,
                                                              distinctive=False), 3)
            out["top"] = top
            out["nowords_s"], _ = time_call(lambda: mod.compare(conn, first,
                                                                distinctive=False), 3)
            out["cli_s"], _ = time_call(lambda: subprocess.run(
                [sys.executable, str(ROOT / "main.py"), "--db", str(db), "compare", name,
                 "--json"], capture_output=True, check=True), 2)
            out["cli_nowords_s"], _ = time_call(lambda: subprocess.run(
                [sys.executable, str(ROOT / "main.py"), "--db", str(db), "compare", name,
                 "--json", "--no-words"], capture_output=True, check=True), 2)
        except (ImportError, TypeError, subprocess.CalledProcessError):
            pass  # an older core: only the two figures above
    except Exception as exc:
        out["status"] = f"failed: {type(exc).__name__}: {exc}"
    finally:
        conn.close()
    return out


def _call(fn, conn, arg_forms: list):
    """fn(conn, arg) with the first argument form it accepts."""
    last: Exception | None = None
    for arg in arg_forms:
        try:
            return fn(conn, arg)
        except (TypeError, AttributeError, KeyError) as exc:
            last = exc
    raise last  # type: ignore[misc]



# ---------------------------------------------------------------- frequent terms


def frequent_queries(conn, sample: int = 5000) -> list[tuple[str, str]]:
    """(category, query) of the frequent set (spec.FREQUENT): the commonest characters and
    two-character strings of Han text and the commonest lexicon expressions of 3+
    characters, by the paragraphs of an evenly spaced sample that contain them."""
    from collections import Counter

    from index.text.normal import fold
    from index.words.themes import load_themes
    from spec import FREQUENT

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
