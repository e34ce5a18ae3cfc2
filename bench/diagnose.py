"""Targets: checking them, profiling a miss, and explaining it in a sentence or two."""

from __future__ import annotations

import cProfile
import io
import pstats
import re
import time
from pathlib import Path

from measure import ranked, time_call
from measure_tui import TUI_TARGETS, tui_value, tui_why
from spec import HIGHER_IS_BETTER, MB, f_ms, targets_for

# ---------------------------------------------------------------- targets


def value_of(res: dict, key: str):
    if key.startswith("cmp_"):
        c = res.get("compare") or {}
        return c.get({"cmp_one_s": "one_s", "cmp_cli_s": "cli_s", "cmp_matrix_s": "matrix_s",
                      "cmp_switch_s": "switch_max_s"}[key]) if c.get("status") == "ok" else None
    ix, se, e2e, ref = res["index"], res["search"], res["e2e"], res["ref"]
    return {"index_mbps": ix["mbps"], "p50_ms": se["p50_ms"], "p99_ms": se["p99_ms"],
            "e2e_s": max(e2e["p50_s"], e2e.get("uv_s", 0.0)),
            "rg_ratio": ref.get("rg_ratio"), "db_ratio": ix["db_ratio"],
            "index_rss_mb": ix["rss_mb"],
            "frequent_p99_ms": res.get("frequent", {}).get("p99_ms")}[key]


def checks(res: dict) -> dict:
    targets = targets_for(res["mb"])
    if (res.get("tui") or {}).get("status") != "skipped":
        targets |= TUI_TARGETS.get(res["mb"], {})
    if not targets:
        return {}
    out = {}
    for key, limit in targets.items():
        v = tui_value(res, key) if key.startswith("tui_") else value_of(res, key)
        if v is None:
            out[key] = {"value": None, "target": limit, "met": None}
            continue
        met = v >= limit if key in HIGHER_IS_BETTER else v <= limit
        out[key] = {"value": v, "target": limit, "met": met,
                    "borderline": abs(v - limit) <= 0.1 * limit}
    return out


def diagnose(res: dict, corpus: Path, db: Path, work: Path, missed: list[str]) -> dict:
    out: dict = {}
    if {"p50_ms", "p99_ms", "rg_ratio"} & set(missed):
        slow = sorted(res["search"]["queries"], key=lambda r: -r["ms"])
        out["slowest"] = [{k: r[k] for k in ("expanded", "cat", "ms", "ms_count", "hits")}
                          for r in slow[:8]]
        # the slowest, plus the slowest per matching paragraph (cost not explained by hits)
        limit = res["checks"]["p50_ms"]["target"]
        odd = sorted((r for r in slow if r["hits"] and r["ms"] > limit and r not in slow[:6]),
                     key=lambda r: -r["ms"] / r["hits"])[:4]
        out["anatomy"] = anatomy(db, slow[:6] + odd)
        out["search_profile"] = profile_search(db, slow[0]["expanded"])
    if {"index_mbps", "index_rss_mb"} & set(missed):
        out["index_profile"] = profile_index(corpus, work)
    cmp_missed = [k for k in missed if k.startswith("cmp_")]
    if cmp_missed and res["mb"] <= 500:  # bigger sizes: the 500 MB profile explains
        out["compare_profile"] = profile_compare(db, res["compare"], cmp_missed)
    if "e2e_s" in missed:
        out["e2e_split"] = {k: res["e2e"].get(k) for k in ("python_s", "help_s", "p50_s", "uv_s")}
    return out


# ---------------------------------------------------------------- profiles of a miss


def profile_index(corpus: Path, work: Path, limit_bytes: int = 5 * MB) -> dict:
    """cProfile of index_paths() on the first files of the corpus (about limit_bytes)."""
    from index.store.ingest import index_paths

    files, total = [], 0
    for p in sorted(corpus.rglob("*.txt")):
        files.append(p)
        total += p.stat().st_size
        if total >= limit_bytes:
            break
    db = work / "profile-index.db"
    for p in work.glob(db.name + "*"):
        p.unlink()
    t0, c0 = time.perf_counter(), time.process_time()
    index_paths(db, files)  # once without the profiler: its CPU rate
    plain = {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0}
    for p in work.glob(db.name + "*"):
        p.unlink()
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    index_paths(db, files)
    prof.disable()
    wall = time.perf_counter() - t0
    for p in work.glob(db.name + "*"):
        p.unlink()
    return {"files": len(files), "bytes": total, "seconds": wall, "plain": plain,
            "top": top_entries(prof, "tottime", 14),
            "cumulative": top_entries(prof, "cumulative", 16)}


def profile_compare(db: Path, c: dict, missed: list[str]) -> list[dict]:
    """cProfile (one call each) of the comparison calls behind the missed targets."""
    from index.compare.engine import compare
    from index.compare.matrix import theme_matrix
    from index.store.connection import connect
    from index.words.themes import load_themes

    themes = load_themes()
    conn = connect(db)
    calls = []
    if {"cmp_one_s", "cmp_cli_s"} & set(missed):
        calls.append((f"compare(conn, {c['theme']}) with distinctive words",
                      lambda: compare(conn, themes[c["theme"]])))
    if "cmp_matrix_s" in missed:
        calls.append(("theme_matrix(conn, themes)", lambda: theme_matrix(conn, themes)))
    if "cmp_switch_s" in missed:
        t = themes[c["switch_max_theme"]]
        calls.append((f"compare(conn, {t.name}, top={c['top']}, distinctive=False), the "
                      f"slowest first screen", lambda: compare(conn, t, top=c["top"],
                                                               distinctive=False)))
    out = []
    try:
        try:  # jieba's dictionary is loaded once per process: not what is profiled
            from index.words.segment import segment
            segment("产城融合发展")
        except Exception:  # noqa: BLE001 — warming up is optional
            pass
        for label, fn in calls:
            prof = cProfile.Profile()
            t0, c0 = time.perf_counter(), time.process_time()
            prof.enable()
            fn()
            prof.disable()
            out.append({"call": label, "seconds": time.perf_counter() - t0,
                        "cpu": time.process_time() - c0,
                        "top": top_entries(prof, "tottime", 12),
                        "cumulative": top_entries(prof, "cumulative", 16)})
    finally:
        conn.close()
    return out


def top_entries(prof: cProfile.Profile, key: str, n: int) -> str:
    s = io.StringIO()
    st = pstats.Stats(prof, stream=s)
    st.sort_stats(key).print_stats(n)
    lines = s.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    out = []
    for line in lines[start:]:
        if not line.strip():
            continue
        out.append(re.sub(r"/\S*/(site-packages|lib/python3\.\d+|main)/", "", line.rstrip()))
    return "\n".join(out)


def profile_search(db: Path, q: str) -> dict:
    from index.search.query import parse
    from index.store.connection import connect

    conn = connect(db)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(3):
        ranked(conn, q)
    prof.disable()
    conn.close()
    return {"query": q, "fts": parse(q).fts(), "top": top_entries(prof, "tottime", 10)}


def anatomy(db: Path, rows: list[dict]) -> list[dict]:
    """Where a slow query's time goes: FTS5 posting traversal alone (count), ranking of every
    match (the score expression of index/search/rank.py, ORDER BY … LIMIT 20), the whole search();
    and how many index terms the query reads (a one-character term is a prefix query over
    every bigram it starts, unless it is one of the frequent characters indexed alone)."""
    from index.search.query import parse
    from index.search.rank import model
    from index.store.connection import connect
    from index.text.normal import FREQUENT_CHARS, fold, grams

    conn = connect(db)
    score, score_params = model(conn).sql()
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab "
                 "USING fts5vocab(main, para_fts, 'row')")
    out = []
    for r in rows:
        q = parse(r["expanded"])
        match = q.fts()
        if match is None:
            continue
        count_s, _ = time_call(lambda: conn.execute(
            "SELECT count(*) FROM para_fts WHERE para_fts MATCH ?", (match,)).fetchone(), 3)
        rank_s, _ = time_call(lambda: conn.execute(
            f"SELECT rowid, {score} AS s FROM para_fts WHERE para_fts MATCH ? "
            "ORDER BY s, rowid LIMIT 20", score_params + [match]).fetchall(), 3)
        boost_expr = q.any_term_fts()
        boost_rows = 0
        boost_s = 0.0
        if boost_expr:
            sql = ("SELECT s.first_para, s.last_para FROM sec_fts JOIN sections s "
                   "ON s.id = sec_fts.rowid WHERE sec_fts MATCH ?")
            boost_s, _ = time_call(lambda: conn.execute(sql, (boost_expr,)).fetchall(), 3)
            boost_rows = len(conn.execute(sql, (boost_expr,)).fetchall())
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        ranked(conn, r["expanded"])
        conn.set_trace_callback(None)
        internal = sum(1 for x in statements if x.startswith("--"))  # FTS5's own reads
        fts_statements = sum(1 for x in statements if "MATCH" in x and not x.startswith("--"))
        terms = []
        for t in q.terms:
            f = fold(t)
            if len(f) == 1 and f in FREQUENT_CHARS:
                docs = conn.execute("SELECT doc FROM temp.vocab WHERE term = ?", (f,)).fetchone()
                terms.append(f"`{t}`: one list, a frequent character indexed alone "
                             f"({docs[0] if docs else 0:,} paragraphs)")
            elif len(f) == 1:
                n, docs = conn.execute(
                    "SELECT count(*), sum(doc) FROM temp.vocab WHERE term >= ? AND term < ?",
                    (f, f + "\U0010ffff")).fetchone()
                terms.append(f"`{t}`: prefix over {n:,} index terms ({docs or 0:,} postings)")
            else:
                bg = grams(f).split()[:-1]
                freq = [conn.execute("SELECT doc FROM temp.vocab WHERE term = ?", (g,)).fetchone()
                        for g in bg]
                freq = [x[0] if x else 0 for x in freq]
                terms.append(f"`{t}`: phrase of {len(bg)} bigram(s), "
                             f"{min(freq):,}–{max(freq):,} paragraphs per bigram")
        out.append({"query": r["expanded"], "hits": r["hits"], "search_ms": r["ms"],
                    "count_ms": count_s * 1000, "rank_ms": rank_s * 1000,
                    "boost_ms": boost_s * 1000, "boost_sections": boost_rows,
                    "statements": len(statements) - internal, "fts_statements": fts_statements,
                    "internal": internal,
                    "us_per_hit": r["ms"] * 1000 / r["hits"] if r["hits"] else None,
                    "fts": match, "terms": terms})
    conn.close()
    return out


# ---------------------------------------------------------------- the cause, in words


def why(key: str, res: dict) -> str:
    """One sentence or two on the cause of a miss, from the measured figures."""
    if key.startswith("tui_"):
        return tui_why(key, res)
    if key.startswith("cmp_"):
        return why_compare(key, res)
    ix, se, e2e = res["index"], res["search"], res["e2e"]
    prof = res.get("profiles", {})
    if key in ("p50_ms", "p99_ms"):
        over = [r for r in se["queries"] if r["ms"] > res["checks"][key]["target"]]
        lst = ", ".join(f"`{r['expanded']}` {f_ms(r['ms'])} ms / {r['hits']:,}"
                        for r in sorted(over, key=lambda r: -r["ms"])[:6])
        text = (f"{len(over)} of {len(se['queries'])} queries are over the limit; the slowest "
                f"(ms / matching paragraphs): {lst}. Time grows with the number of matching "
                f"paragraphs, because every match is scored before the top 20 are kept "
                f"(FTS5's bm25() over its positions, the length read from the rowid: no "
                f"lookup per match, index/search/rank.py).")
        ana = prof.get("anatomy") or []
        plain = [x for x in ana if (x.get("fts_statements") or 0) <= 5]
        if plain and key == "p99_ms":
            x = plain[0]
            text += (f" For `{x['query']}` ({x['hits']:,} matches): reading the postings "
                     f"(`count(*)`) takes {f_ms(x['count_ms'])} ms, scoring every match "
                     f"(`ORDER BY score LIMIT 20`) {f_ms(x['rank_ms'])} ms, and the whole "
                     f"`search()` {f_ms(x['search_ms'])} ms, which adds the idf of each "
                     f"phrase (FTS5 counts its matches once more), the heading boost on the "
                     f"best rows ({x.get('boost_sections', 0):,} matching section titles) "
                     f"and the total count. So the cost is ranking every match, not finding "
                     f"them.")
        filt = [x for x in ana if re.search(r"\b(zone|year):", x["query"])
                and x["search_ms"] > res["checks"][key]["target"]]
        if filt:
            lst = ", ".join(f"`{x['query']}` {f_ms(x['search_ms'])} ms for {x['hits']:,} matches"
                            for x in filt[:3])
            text += (f" Filtered queries ({lst}): zone: and year: are full-text tokens that "
                     f"FTS5 intersects with the terms (index/store/facets.py), but each zone token "
                     f"is one more phrase whose posting list is read, and doc: filters (or "
                     f"more than MAX_FACET_TOKENS zones) are still checked on every match as "
                     f"id ranges.")
        many = [x for x in ana if (x.get("fts_statements") or 0) > 5
                and x["search_ms"] > 5 * max(x["rank_ms"], 0.01)]
        if many:
            lst = ", ".join(f"`{x['query']}` {f_ms(x['search_ms'])} ms for {x['hits']:,} matches, "
                            f"{x['fts_statements']} full-text statements, "
                            f"{x.get('boost_sections', 0)} boosting sections"
                            for x in many[:4])
            text += (f" Some queries are slow without many matches: {lst} — there `search()` "
                     f"costs more than {min(x['search_ms'] / max(x['rank_ms'], 0.01) for x in many):.0f}× "
                     f"a plain `ORDER BY score LIMIT 20`: the heading boost reads on past the "
                     f"first rows while a doubled row further down could still overtake, and "
                     f"the filters, rows and snippets add the rest.")
        return text
    if key == "rg_ratio":
        r = res["ref"]
        return (f"`rg -F -c` scans the {ix['text_bytes'] / MB:.0f} MB in {f_ms(r.get('rg_p50_ms'))} "
                f"ms (p50, two threads, page cache); ranked search takes "
                f"{f_ms(r['ours_p50_ms'])} ms (p50) on the same single-string queries, and "
                f"more than rg on the frequent ones (per-query table under Reference tools), "
                f"for the same reason as the search latency.")
    if key == "index_mbps":
        cpu = (f" ({ix['cpu_seconds']:.0f} s of CPU, user + system: "
               f"{ix['cpu_mbps']:.2f} MB per CPU second; the rest of the wall time is waiting "
               f"for a core or the disk)" if ix.get("cpu_seconds") else "")
        return (f"{ix['text_bytes'] / MB:.0f} MB took {ix['seconds']:.0f} s in one Python "
                f"process{cpu}. The full-text inserts are most of the cost: one bigram token "
                f"per character goes into FTS5 (index/store/rows.py, insert_doc, the "
                f"`executemany` into para_fts); the profile below shows the rest (parsing and "
                f"repair of the text, the materialised theme matches).")
    if key == "index_rss_mb":
        return (f"peak resident memory of `main.py index` was {ix['rss_mb']:.0f} MB. FTS5 "
                f"buffers pending terms up to its `hashsize` (32 MiB per full-text table, "
                f"index/store/connection.py) and each batch of files (4 MiB / 200 files) is held parsed "
                f"in memory before it is written; on 200,000+ paragraphs the frequent-term pass "
                f"at the end of the run (index/search/frequent.py, impact.py) holds numpy arrays "
                f"of every kept term's candidate paragraphs, which sets the peak "
                f"(bench/notes.md, “Frequent terms without scoring everything”).")
    if key == "db_ratio":
        tot = sum(s for _, s in ix["tables"]) or 1
        tables = ", ".join(f"{n} {100 * s / tot:.0f} %" for n, s in ix["tables"][:4])
        return (f"each paragraph's text (`paras`) sits beside the bigram index "
                f"(`para_fts_data`, positions for about one bigram per character). "
                f"Largest objects (dbstat): {tables}.")
    if key == "e2e_s":
        return (f"a bare `python -c pass` takes {e2e['python_s']:.3f} s and `main.py --help` "
                f"(interpreter plus the CLI's imports) {e2e['help_s']:.3f} s, against "
                f"{e2e['p50_s']:.3f} s for a search" +
                (f" and {e2e['uv_s']:.3f} s through `uv run`" if "uv_s" in e2e else "") +
                "; the rest is the query with its total count and the Rich table.")
    if key == "frequent_p99_ms":
        fr = res.get("frequent", {})
        slow = sorted(fr.get("queries", []), key=lambda r: -r["ms"])[:4]
        return ("the slowest of the frequent set (ms / matching paragraphs): "
                + ", ".join(f"`{r['query']}` {f_ms(r['ms'])} / {r['hits']:,}" for r in slow)
                + "; a query not answered from the pages kept at index time "
                "(index/search/frequent.py) scores every match.")
    return ""



def why_compare(key: str, res: dict) -> str:
    c = res["compare"]
    load = max(res.get("load") or [0.0])
    busy = (f" The machine's load average reached {load:.1f} during this size: compare the "
            f"CPU seconds." if load > 2 else "")
    if key in ("cmp_one_s", "cmp_cli_s"):
        words = c["one_cpu"] - c["nowords_cpu"]
        return (f"{c['theme']} ({c.get('passages', 0):,} passages in {c.get('zones', 0):,} "
                f"zones): the first screen takes {c['first_s']:.2f} s ({c['first_cpu']:.2f} s "
                f"CPU), all zones without distinctive words {c['nowords_s']:.2f} s "
                f"({c['nowords_cpu']:.2f} s CPU), with them {c['one_s']:.2f} s "
                f"({c['one_cpu']:.2f} s CPU): the distinctive words cost {words:.2f} s of CPU; "
                f"the command with `--no-words` {c['cli_nowords_s']:.2f} s "
                f"({c['cli_nowords_cpu']:.2f} s CPU), with words {c['cli_s']:.2f} s "
                f"({c['cli_cpu']:.2f} s CPU). The profile below shows where the time goes." + busy)
    if key == "cmp_matrix_s":
        return (f"the matrix of {c['themes']} themes takes {c['matrix_s']:.2f} s "
                f"({c['matrix_cpu']:.2f} s CPU); profile below." + busy)
    if key == "cmp_switch_s":
        return (f"the slowest first screen ({c.get('switch_max_wall_theme', '?')}) takes "
                f"{c['switch_max_s']:.2f} s; the costliest in CPU is {c['switch_max_theme']} "
                f"({c['switch_max_cpu']:.2f} s CPU); the median over "
                f"the {c['themes']} themes is {c['switch_p50_s']:.2f} s "
                f"({c['switch_p50_cpu']:.2f} s CPU); profile below." + busy)
    return ""
