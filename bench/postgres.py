"""PostgreSQL with pg_trgm beside duizhao's SQLite index, on the same paragraphs (issue #16,
"Past one machine"; the figures and the method are in bench/notes.md).

Copies every paragraph of a duizhao database (id, document, zone, year, kind, text and the
folded text the index searches, index.text.normal.fold) into a PostgreSQL table with COPY,
builds a GIN pg_trgm index on the folded text (and with --bigrams a GIN index of duizhao's
own bigram terms, for the one- and two-character terms that have no trigram), and runs the
bench's query set (bench/spec.py QUERIES) on both engines: exact match counts (which must
agree) and a ranked top 20, medians of warm runs. A script, not a test: nothing in index/
imports it.

    uv run --with 'psycopg[binary]' bench/postgres.py --dsn 'host=/work/bd/pg/sock port=5433 \
        user=postgres dbname=duizhao' [--db /work/bd/db500/duizhao.db] [--all] [--bigrams] \
        [--skip-load] [--concurrency 20] [--json out.json]

The server is set up by hand (bench/notes.md, "Past one machine": Debian's postgresql and
postgresql-contrib, initdb --encoding=UTF8 --locale=C.UTF-8); psycopg is not a dependency of
duizhao, `--with` brings it for the run.

Each query becomes one SQL statement over the folded text: a term is `folded LIKE '%term%'`
(pg_trgm answers it from the index when the term yields a trigram, i.e. has three or more
characters; shorter terms scan the table, or use the bigram index with --bigrams),
AND/OR/exclude are SQL's, and a zone:/year: filter is the set of documents duizhao's own
filter code lets through (doc_id = ANY(...)). The ranking is BM25's term saturation and
length damping computed in SQL — for each query term, tf·(k1+1)/(tf + k1·(1−b+b·len/avglen))
with tf its occurrences in the paragraph (k1 = 1.2, b = 0.75) — without idf and without
duizhao's heading boost, so its top 20 is a reasonable relevance order, not duizhao's order.
Server CPU is read from /proc for the backend process (the server runs on this machine,
parallel workers off by default).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import psycopg  # noqa: E402  (bench-only: `uv run --with 'psycopg[binary]'`)
from spec import LITERAL, QUERIES, pct  # noqa: E402

from index.search.engine import search  # noqa: E402
from index.search.filters import passing_docs  # noqa: E402
from index.search.query import parse  # noqa: E402
from index.store.connection import connect  # noqa: E402
from index.text.normal import fold, grams  # noqa: E402

K1, B = 1.2, 0.75
SCHEMA = """
DROP TABLE IF EXISTS paras;
CREATE TABLE paras (id bigint NOT NULL, doc_id text NOT NULL, zone text NOT NULL,
                    year int, kind text NOT NULL, text text NOT NULL, folded text NOT NULL,
                    bg tsvector);
"""


def expand(q: str, zones: list[str]) -> str:
    import gen_corpus

    return q.replace("{Z0}", gen_corpus.short(zones[0])).replace("{Z1}", gen_corpus.short(zones[1]))


# ---------------------------------------------------------------- load


def load(lite: sqlite3.Connection, pg, bigrams: bool, batch: int = 20_000) -> dict:
    """COPY every paragraph; fold in Python as duizhao does at index time. With bigrams,
    column bg holds duizhao's own index terms (tsvector()), GIN-indexed as paras_bigram: a
    two-character term is one lexeme, a single character a prefix query, both exact."""
    with pg.cursor() as cur:
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cur.execute(SCHEMA)
    pg.commit()
    pid = pg.execute("SELECT pg_backend_pid()").fetchone()[0]
    cpu0 = backend_cpu(pid)
    rows = lite.execute("SELECT p.id, p.doc_id, d.zone, d.year, p.kind, p.text FROM paras p "
                        "JOIN docs d ON d.doc_id = p.doc_id ORDER BY p.id")
    t0, fold_cpu, n, text_bytes, folded_bytes = time.perf_counter(), 0.0, 0, 0, 0
    with pg.cursor() as cur, cur.copy("COPY paras (id, doc_id, zone, year, kind, text, folded, "
                                      "bg) FROM STDIN") as copy:
        while chunk := rows.fetchmany(batch):
            c0 = time.process_time()
            out = [(pid, doc, zone, year, kind, text, f, tsvector(f) if bigrams else None)
                   for pid, doc, zone, year, kind, text in chunk for f in (fold(text),)]
            fold_cpu += time.process_time() - c0
            for r in out:
                copy.write_row(r)
                text_bytes += len(r[5].encode())
                folded_bytes += len(r[6].encode())
            n += len(out)
    copied = time.perf_counter() - t0
    timings = {"rows": n, "text_bytes": text_bytes, "folded_bytes": folded_bytes,
               "load_s": copied, "fold_cpu_s": fold_cpu,
               "load_server_cpu_s": backend_cpu(pid) - cpu0}
    pg.commit()
    pg.autocommit = True  # VACUUM runs outside a transaction
    for key, sql in (("pk_s", "ALTER TABLE paras ADD PRIMARY KEY (id)"),
                     ("doc_index_s", "CREATE INDEX paras_doc ON paras (doc_id)"),
                     ("gin_s", "CREATE INDEX paras_trgm ON paras USING gin (folded gin_trgm_ops)"),
                     ("bigram_s", "CREATE INDEX paras_bigram ON paras USING gin (bg)"
                      if bigrams else ""),
                     ("vacuum_s", "VACUUM ANALYZE paras")):
        if not sql:
            continue
        t, c = time.perf_counter(), backend_cpu(pid)
        pg.execute(sql)
        timings[key] = time.perf_counter() - t
        timings[key.replace("_s", "_server_cpu_s")] = backend_cpu(pid) - c
        print(f"  {key} {timings[key]:.1f} s", flush=True)
    pg.autocommit = False
    return timings


def tsvector(folded: str) -> str:
    """duizhao's own index terms as a tsvector's text: the folded text's bigrams and its
    last character alone (index.text.normal.grams), each a quoted lexeme."""
    return " ".join("'" + g.replace("\\", "\\\\").replace("'", "''") + "'"
                    for g in set(grams(folded).split(" ")) if g)


def has_bigrams(pg) -> bool:
    return pg.execute("SELECT to_regclass('paras_bigram') IS NOT NULL").fetchone()[0]


def sizes(pg) -> dict:
    with pg.cursor() as cur:
        cur.execute("SELECT pg_table_size('paras'), pg_relation_size('paras_pkey'), "
                    "pg_relation_size('paras_doc'), pg_relation_size('paras_trgm'), "
                    "sum(octet_length(text)), sum(octet_length(folded)), count(*), "
                    "avg(char_length(folded)) FROM paras")
        t, pk, doc, gin, text, folded, n, avg = cur.fetchone()
        cur.execute("SELECT coalesce(pg_relation_size(to_regclass('paras_bigram')), 0), "
                    "sum(pg_column_size(bg)) FROM paras")
        bigram, bg = cur.fetchone()
    return {"bigram_index": bigram, "bg_column": int(bg or 0), "table": t, "pkey": pk,
            "doc_index": doc, "gin": gin, "text": int(text),
            "folded": int(folded), "rows": n, "avglen": float(avg)}


# ---------------------------------------------------------------- queries


def like(term: str) -> str:
    f = fold(term)
    return "%" + f.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def condition(term: str, bigrams: bool) -> tuple[str, str]:
    """(SQL, parameter): the folded text contains the term. With the bigram index a term of
    one or two characters is a lexeme (or a prefix) of column bg; otherwise LIKE, which
    pg_trgm answers from its index when the term has a trigram (three characters)."""
    f = fold(term)
    if bigrams and len(f) <= 2:
        lexeme = "'" + f.replace("\\", "\\\\").replace("'", "''") + "'"
        return "bg @@ %s::tsquery", lexeme + (":*" if len(f) == 1 else "")
    return "folded LIKE %s", like(term)


class PgQuery:
    """The SQL for one duizhao query: WHERE clause, score expression and their parameters."""

    def __init__(self, lite, raw: str, avglen: float, bigrams: bool = False):
        q = parse(raw)
        where, params = [], []
        for group in q.groups:
            conds = [condition(t, bigrams) for t in group]
            where.append("(" + " OR ".join(c for c, _ in conds) + ")")
            params += [p for _, p in conds]
        for t in q.exclude:  # checked on the row: LIKE is cheaper than reading bg
            where.append("folded NOT LIKE %s")
            params.append(like(t))
        docs = passing_docs(lite, q)
        if docs is not None:
            where.append("doc_id = ANY(%s)")
            params.append([d[0] for d in docs])
        self.ranked = bool(q.groups)
        if not self.ranked:  # filter- or exclusion-only: paragraphs in reading order
            where.insert(0, "kind <> 'caption'")
        self.where, self.params = " AND ".join(where) or "false", params
        terms = sorted({fold(t) for t in q.terms if fold(t)})
        parts, self.score_params = [], []
        for t in terms:
            tf = f"((char_length(folded) - char_length(replace(folded, %s, ''))) / {len(t)}.0)"
            damp = f"{K1} * ({1 - B} + {B} * char_length(folded) / {avglen:.3f})"
            parts.append(f"{tf} * {K1 + 1} / ({tf} + {damp})")
            self.score_params += [t, t]
        self.score = " + ".join(parts) or "0"

    def top(self, cur, limit: int = 20) -> list[tuple]:
        if self.ranked:
            cur.execute(f"SELECT id, score, text FROM (SELECT id, text, {self.score} AS score "
                        f"FROM paras WHERE {self.where}) s ORDER BY score DESC, id LIMIT {limit}",
                        self.score_params + self.params)
        else:
            cur.execute(f"SELECT id, 0.0, text FROM paras WHERE {self.where} ORDER BY id "
                        f"LIMIT {limit}", self.params)
        return cur.fetchall()

    def count(self, cur) -> int:
        cur.execute(f"SELECT count(*) FROM paras WHERE {self.where}", self.params)
        return cur.fetchone()[0]

    def plan(self, cur) -> str:
        cur.execute(f"EXPLAIN SELECT count(*) FROM paras WHERE {self.where}", self.params)
        text = " ".join(r[0] for r in cur.fetchall())
        return ("trigram+bigram" if "paras_trgm" in text and "paras_bigram" in text
                else "bigram index" if "paras_bigram" in text
                else "trigram index" if "paras_trgm" in text
                else "index (doc_id)" if "paras_doc" in text else "seq scan")


def backend_cpu(pid: int) -> float:
    """utime + stime of a process on this machine, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_queries(lite, pg, queries: list[tuple[str, str]], avglen: float, reps: int,
                bigrams: bool = False) -> list[dict]:
    cur = pg.cursor()
    cur.execute("SELECT pg_backend_pid()")
    pid = cur.fetchone()[0]
    built = [PgQuery(lite, q, avglen, bigrams) for _, q in queries]
    rows = [{"cat": c, "query": q, "pg_ms": [], "pg_cpu_ms": [], "pg_count_ms": [],
             "dz_ms": [], "dz_cpu_ms": [], "dz_count_ms": []} for c, q in queries]
    for r, pq in zip(rows, built):  # warm-up, counts and plans
        r["pg_count"] = pq.count(cur)
        r["pg_top"] = [i for i, _, _ in pq.top(cur)]
        r["plan"] = pq.plan(cur)
        res = search(lite, r["query"], limit=20, count=True)
        r["dz_count"] = res.total if res.total is not None else len(res.hits)
        r["dz_top"] = [h.para_id for h in res.hits]
    pg.commit()
    for _ in range(reps):  # rounds over all queries: a load spike touches all alike
        for r, pq in zip(rows, built):
            c, t = backend_cpu(pid), time.perf_counter()
            pq.top(cur)
            r["pg_ms"].append((time.perf_counter() - t) * 1000)
            r["pg_cpu_ms"].append((backend_cpu(pid) - c) * 1000)
            t = time.perf_counter()
            pq.count(cur)
            r["pg_count_ms"].append((time.perf_counter() - t) * 1000)
            pg.commit()
            c, t = time.thread_time(), time.perf_counter()
            search(lite, r["query"], limit=20)
            r["dz_ms"].append((time.perf_counter() - t) * 1000)
            r["dz_cpu_ms"].append((time.thread_time() - c) * 1000)
            t = time.perf_counter()
            search(lite, r["query"], limit=20, count=True)
            r["dz_count_ms"].append((time.perf_counter() - t) * 1000)
    for r in rows:
        for k in ("pg_ms", "pg_cpu_ms", "pg_count_ms", "dz_ms", "dz_cpu_ms", "dz_count_ms"):
            r[k] = statistics.median(r[k])
    return rows


# ---------------------------------------------------------------- concurrency


def concurrency(dsn: str, lite, queries: list[str], avglen: float, seconds: float,
                writers: int) -> dict:
    """Two readers run the query set in a loop while `writers` sessions insert copies of
    existing paragraphs (new ids, one document's worth per transaction), then delete them."""
    stop = threading.Event()
    lat: list[float] = []
    written = [0] * writers
    base = 10**9
    src = lite.execute("SELECT doc_id, first_para, last_para FROM docs ORDER BY first_para "
                       "LIMIT 400").fetchall()
    built = [PgQuery(lite, q, avglen) for q in queries]

    def reader():
        with psycopg.connect(dsn) as c, c.cursor() as cur:
            while not stop.is_set():
                for pq in built:
                    t = time.perf_counter()
                    pq.top(cur)
                    lat.append((time.perf_counter() - t) * 1000)
                    c.commit()
                    if stop.is_set():
                        return

    def writer(w: int):
        with psycopg.connect(dsn) as c, c.cursor() as cur:
            i = w
            while not stop.is_set():
                doc, lo, hi = src[i % len(src)]
                off = base * (w + 1) + i * 100_000 - lo
                cur.execute("INSERT INTO paras SELECT id + %s, doc_id || '-copy', zone, year, "
                            "kind, text, folded FROM paras WHERE id BETWEEN %s AND %s",
                            (off, lo, hi))
                written[w] += cur.rowcount
                c.commit()
                i += writers

    def phase(n_writers: int) -> dict:
        stop.clear()
        lat.clear()
        threads = [threading.Thread(target=reader) for _ in range(2)]
        threads += [threading.Thread(target=writer, args=(w,)) for w in range(n_writers)]
        for th in threads:
            th.start()
        time.sleep(seconds)
        stop.set()
        for th in threads:
            th.join()
        return {"reads": len(lat), "read_p50_ms": pct(lat, 50), "read_p99_ms": pct(lat, 99)}

    out = {"readers_only": phase(0)}
    out["with_writers"] = phase(writers) | {"writers": writers,
                                            "rows_written_per_s": sum(written) / seconds}
    with psycopg.connect(dsn) as c:
        c.execute("DELETE FROM paras WHERE id >= %s", (base,))
    return out


# ---------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="/work/bd/db500/duizhao.db")
    ap.add_argument("--corpus", default="/work/bd/corpus-500", help="for the zone names")
    ap.add_argument("--dsn", required=True)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--skip-load", action="store_true", help="the table is already loaded")
    ap.add_argument("--all", action="store_true", help="also AND/OR/exclude/filter queries")
    ap.add_argument("--cats", help="only these query categories (comma-separated)")
    ap.add_argument("--bigrams", action="store_true",
                    help="load: also a bigram column and its GIN index; queries: use it for 1-2 "
                         "character terms")
    ap.add_argument("--parallel", action="store_true", help="allow parallel workers")
    ap.add_argument("--concurrency", type=float, default=0,
                    help="seconds per phase of the readers/writers run (0: skip)")
    ap.add_argument("--json", type=Path, help="write the figures here")
    a = ap.parse_args()
    zones = json.loads((Path(a.corpus) / ".gen.json").read_text(encoding="utf-8"))["zones"]
    cats = a.cats.split(",") if a.cats else None
    queries = [(c, expand(q, zones)) for c, q in QUERIES
               if (c in cats if cats else a.all or c in LITERAL)]
    lite = connect(a.db)
    out: dict = {"db": a.db, "db_bytes": sum(os.path.getsize(p) for p in
                                              (a.db, a.db + "-wal") if os.path.exists(p))}
    with psycopg.connect(a.dsn) as pg:
        out["server"] = pg.execute("SELECT version()").fetchone()[0]
        if not a.skip_load:
            out["load"] = load(lite, pg, a.bigrams)
            print(json.dumps(out["load"]), flush=True)
        out["sizes"] = sizes(pg)
        print(json.dumps(out["sizes"]), flush=True)
        if not a.parallel:
            pg.execute("SET max_parallel_workers_per_gather = 0")
        out["bigrams"] = has_bigrams(pg) and a.bigrams
        out["queries"] = run_queries(lite, pg, queries, out["sizes"]["avglen"], a.reps,
                                     out["bigrams"])
    for r in out["queries"]:
        same = "=" if r["pg_count"] == r["dz_count"] else "≠"
        print(f"{r['cat']:12} {r['query']:18} {r['dz_count']:>9,} {same} {r['pg_count']:<9,} "
              f"dz {r['dz_ms']:8.1f} ms (count {r['dz_count_ms']:8.1f})  pg {r['pg_ms']:8.1f} ms "
              f"cpu {r['pg_cpu_ms']:8.1f} (count {r['pg_count_ms']:8.1f})  {r['plan']}", flush=True)
    for k in ("dz_ms", "dz_count_ms", "pg_ms", "pg_count_ms"):
        v = [r[k] for r in out["queries"]]
        out[k] = {"p50": pct(v, 50), "p99": pct(v, 99)}
        print(f"{k}: p50 {pct(v, 50):.1f} ms, p99 {pct(v, 99):.1f} ms")
    if a.concurrency:
        cq = [q for c, q in queries if c in ("word", "phrase", "cross-word")]
        out["concurrency"] = concurrency(a.dsn, lite, cq, out["sizes"]["avglen"],
                                         a.concurrency, 2)
        print(json.dumps(out["concurrency"]))
    if a.json:
        a.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
