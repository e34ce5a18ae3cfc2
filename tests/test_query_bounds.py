"""Runaway queries are bounded: terms counted once, length and term limits, a time budget and
a cancel flag enforced inside SQLite (docs/search.md, Query bounds); and the command line's
query edge cases (a leading minus, filter-only totals, control bytes in reports)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading

from conftest import ROOT, SAMPLES

from index.corpus import Corpus
from index.search.budget import Budget
from index.search.engine import search
from index.search.query import MAX_QUERY_CHARS, MAX_TERMS, parse
from index.store.connection import connect

# Distinct two-character strings of the provincial reports, in reading order.
COMMON = ["发展", "经济", "建设", "企业", "服务", "创新", "改革", "开放", "城市", "产业",
          "推进", "加强", "全面", "质量", "生态", "环境", "政府", "工作", "人民", "体系"]


def terms_of(n: int) -> list[str]:
    """n distinct terms built from COMMON (pairs of its strings)."""
    out = [a + b for a in COMMON for b in COMMON if a != b]
    return out[:n]


def run(*args, db, check=True):
    out = subprocess.run([sys.executable, "main.py", "--db", str(db), *args], cwd=ROOT,
                         capture_output=True, env={**os.environ, "COLUMNS": "120"},
                         timeout=120)
    if check:
        assert out.returncode == 0, out.stderr.decode()
    return out


# -- bounds in the engine ----------------------------------------------------------------

def test_5000_repeated_terms_are_answered_with_the_length_limit(provinces_db):
    conn = connect(provinces_db)
    text = " ".join(["营商"] * 5000)
    r = search(conn, text, count=True)
    assert r.stopped == "length" and r.hits == [] and r.total == 0
    assert f"{len(text):,} characters" in r.notes[-1]
    assert f"limit is {MAX_QUERY_CHARS:,}" in r.notes[-1]


def test_repeated_terms_under_the_length_limit_count_once(provinces_db):
    conn = connect(provinces_db)
    once = search(conn, "营商", limit=0, count=True)
    many = search(conn, " ".join(["营商"] * 300), limit=0, count=True)
    assert not many.stopped
    assert many.total == once.total > 0
    assert [h.para_id for h in many.hits] == [h.para_id for h in once.hits]
    assert any("299 repeated terms counted once" in n for n in many.notes)
    q = parse("营商 OR 营商 OR 环境 -疫情 -疫情 营商 OR 环境")
    assert q.groups == [["营商", "环境"]] and q.exclude == ["疫情"]


def test_2500_ored_terms_are_answered_with_a_limit(provinces_db):
    conn = connect(provinces_db)
    long = " OR ".join(terms_of(380) * 7)[:30000]
    r = search(conn, long)
    assert r.stopped == "length" and not r.hits
    many = " OR ".join(terms_of(MAX_TERMS + 36))  # 100 terms, under 1,000 characters
    assert len(many) <= MAX_QUERY_CHARS
    r = search(conn, many, count=True)
    assert r.stopped == "terms" and r.total == 0 and not r.hits
    assert f"{MAX_TERMS + 36} different terms, the limit is {MAX_TERMS}" in r.notes[-1]


def test_a_query_at_the_term_limit_is_searched(provinces_db):
    conn = connect(provinces_db)
    r = search(conn, " OR ".join(terms_of(MAX_TERMS)), count=True)
    assert not r.stopped and r.total > 0
    assert all(any(t in h.text for t in terms_of(MAX_TERMS)) for h in r.hits)


def test_the_time_budget_stops_the_sql_and_says_so(provinces_db):
    conn = connect(provinces_db)
    r = search(conn, "的 OR 发展 OR 建设", limit=0, count=True, budget=Budget(1e-6))
    assert r.stopped == "time" and r.hits == [] and r.total is None
    assert "time budget" in r.notes[-1]
    again = search(conn, "营商环境", count=True)  # the connection is still usable
    assert not again.stopped and again.total > 0


def test_a_cancelled_search_stops_in_another_thread(provinces_db):
    """The cancel test is looked at while SQL runs: the search stops at the look that says
    so, mid-statement, not when it would have finished."""
    corpus = Corpus(provinces_db)
    looks = []

    def cancelled() -> bool:  # a newer keystroke arrives after the third look
        looks.append(threading.current_thread().name)
        return len(looks) > 3

    results = []
    t = threading.Thread(target=lambda: results.append(corpus.search(
        "的 OR 发展 OR 建设", limit=0, seconds=0, cancelled=cancelled)), name="worker")
    t.start()
    t.join()
    assert results[0].stopped == "cancelled" and results[0].hits == []
    assert len(looks) == 4 and set(looks) == {"worker"}
    assert corpus.search("的 OR 发展 OR 建设", limit=0, seconds=0).total > 1000  # it was long


def test_filter_only_queries_count_every_paragraph(provinces_db):
    conn = connect(provinces_db)
    r = search(conn, "year:2026", limit=3, count=True)
    everything = search(conn, "year:2026", limit=0)
    assert len(r.hits) == 3
    assert r.total == len(everything.hits) > 1000
    raw = sqlite3.connect(provinces_db)
    expected = raw.execute("SELECT count(*) FROM paras p JOIN docs d USING (doc_id) "
                           "WHERE d.year = 2026 AND p.kind != 'caption'").fetchone()[0]
    assert r.total == expected
    excl = search(conn, "-疫情", limit=2, count=True)
    assert excl.total == len(search(conn, "-疫情", limit=0).hits) > 2


# -- the command line --------------------------------------------------------------------

def test_cli_accepts_a_query_starting_with_a_minus(provinces_db):
    expected = Corpus(provinces_db).search("-疫情 营商", limit=2).total
    out = run("search", "-疫情 营商", "--limit", "2", db=provinces_db).stdout.decode()
    assert f"2 of {expected} paragraphs containing '-疫情 营商'" in out
    out = run("search", "-疫情", "营商", "--limit", "1", db=provinces_db).stdout.decode()
    assert f"1 of {expected} paragraphs" in out
    hits = json.loads(run("search", "--json", "--", "-疫情", "营商", db=provinces_db).stdout)
    assert hits and all("营商" in h["text"] and "疫情" not in h["text"] for h in hits)
    typo = run("search", "营商", "--limt", "3", db=provinces_db, check=False)
    assert typo.returncode == 2 and b"no such option: --limt" in typo.stderr


def test_cli_filter_only_total(provinces_db):
    total = Corpus(provinces_db).search("year:2026", limit=0).total
    out = run("search", "year:2026", "--limit", "3", db=provinces_db).stdout.decode()
    assert f"3 of {total:,} paragraphs containing 'year:2026'" in out


def test_cli_bounds_exit_statuses(provinces_db):
    out = run("search", " ".join(["营商"] * 5000), db=provinces_db, check=False)
    assert out.returncode == 2 and not out.stdout
    assert b"the limit is 1,000" in out.stderr
    out = run("search", " OR ".join(terms_of(100)), db=provinces_db, check=False)
    assert out.returncode == 2 and b"the limit is 64" in out.stderr
    out = run("search", "的", "--time-limit", "0.000001", db=provinces_db, check=False)
    assert out.returncode == 3 and b"time budget" in out.stderr


def test_compare_md_and_json_carry_no_control_bytes(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    text = (SAMPLES / "海门开发区_工作计划.txt").read_text(encoding="utf-8")
    hostile = text.replace("产城融合", "产城融合\x1b]0;owned\x07\x1b[31m红\x9b2J", 3)
    (folder / "海门开发区_工作计划.txt").write_text(hostile, encoding="utf-8")
    db = tmp_path / "t.db"
    run("index", str(folder), db=db)
    md = run("compare", "产城融合", "--format", "md", "--no-words", db=db).stdout
    assert b"\x1b" not in md and b"\x07" not in md and "\x9b".encode() not in md
    assert "␛".encode() in md and "红".encode() in md
    raw = run("compare", "产城融合", "--json", "--no-words", db=db).stdout
    assert b"\x1b" not in raw and b"\x07" not in raw and "\x9b".encode() not in raw
    assert "\\u001b" in raw.decode() and "\\u009b" in raw.decode()  # escaped, data kept
    hits = run("search", "产城融合", "--json", db=db).stdout
    assert "\x9b".encode() not in hits and any("\x9b" in h["text"] for h in json.loads(hits))


def test_an_adhoc_comparison_over_the_bounds_compares_its_first_words(provinces_db):
    text = " ".join(terms_of(380) * 2)  # 2,279 characters, 380 different words
    comp = Corpus(provinces_db).compare(text, pinyin=False)
    assert len(comp.theme.terms) == MAX_TERMS
    assert comp.theme.terms == terms_of(MAX_TERMS)
    assert any("compared its first 64 words" in n for n in comp.notes)
