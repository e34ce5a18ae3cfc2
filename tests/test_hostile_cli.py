"""Hostile command lines (issue 25 items 9 and 12): numbers past SQLite's integers, values
naming nothing, queries over the bounds, empty options, a CSV header that is not one, full
and read-only databases under word statistics and reuse. No traceback, a one-line message
naming the option or file, the right exit status."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import copy_db

import main
from index.store import connection as store

HUGE = "99999999999999999999"


def _run(db, *args):
    out = CliRunner().invoke(main.cli, ["--db", str(db), *args])
    assert out.exception is None or isinstance(out.exception, SystemExit), out.exception
    return out.exit_code, " ".join(out.output.split())


@pytest.mark.parametrize("args,named", [
    (("search", "营商", "--limit", "-1"), "--limit"),
    (("search", "营商", "--limit", HUGE), "--limit"),
    (("kwic", "营商", "--limit", HUGE), "--limit"),
    (("kwic", "营商", "--width", HUGE), "--width"),
    (("reuse", "--min-chars", HUGE), "--min-chars"),
    (("collocates", "营商", "--min-count", HUGE), "--min-count"),
    (("reuse", "--zones", "火星"), "--zones: no zone is called '火星'"),
    (("reuse", "--docs", "火星"), "--docs: no document '火星'"),
    (("reuse", "--since", "火星"), "--since: '火星' is not a date"),
    (("keywords", "--zone", ""), "--zone is empty"),
])
def test_bad_option_values_exit_2_naming_the_option(samples_db, args, named):
    code, out = _run(samples_db, *args)
    assert code == 2 and named in out, out


@pytest.mark.parametrize("command", ["compare", "trend", "kwic"])
def test_one_word_over_the_query_limit_says_query_too_long(samples_db, command):
    code, out = _run(samples_db, command, "营" * 5000)
    assert code == 2 and "query too long" in out and "empty query" not in out, out


def test_kwic_over_the_term_limit_exits_2_as_search(samples_db):
    many = " ".join(f"词{k}" for k in range(400))
    for command in ("search", "kwic"):
        code, out = _run(samples_db, command, many)
        assert code == 2 and "nothing was searched" in out, (command, out)


def _no_room(monkeypatch, module):
    real = store.connect

    def small(path, write=False):  # SQLite's own size limit stands for a full disk
        conn = real(path, write=write)
        if write:
            pages = conn.execute("pragma page_count").fetchone()[0]
            conn.execute(f"pragma max_page_count = {pages}")
        return conn

    monkeypatch.setattr(module, "connect", small)


def test_word_statistics_on_a_full_disk_say_so(samples_db, tmp_path, monkeypatch):
    import sqlite3

    from index.analysis import store as analysis_store

    db = tmp_path / "full.db"
    copy_db(samples_db, db)
    with sqlite3.connect(db) as conn:  # the word tables to be built (as after indexing)
        for table in ("unit_meta", "unit_stat", "unit_zone", "unit_dict", "seg_paras"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute("VACUUM")
    _no_room(monkeypatch, analysis_store)
    code, out = _run(db, "words", "--limit", "3")
    assert code == 2 and "disk full" in out and str(db) in out, out


def test_reuse_on_a_full_database_says_so_not_no_reuse_found(tmp_path, monkeypatch):
    from conftest import SAMPLES

    import index.reuse.api as reuse_api
    from index.store.ingest import index_paths

    db = tmp_path / "full.db"
    index_paths(db, sorted(SAMPLES.glob("*.txt"))[:2])  # reuse never computed in it
    _no_room(monkeypatch, reuse_api)
    code, out = _run(db, "reuse")
    assert code == 2 and "disk full" in out and "No reuse found" not in out, out
    assert "reuse could not be computed" in out


def test_a_csv_header_over_128_kb_is_named(tmp_path):
    from index.store.ingest import index_paths

    path = tmp_path / "wide.csv"
    path.write_text("text," + ",".join(f"c{k}" for k in range(40_000)) + "\n正文,1\n",
                    encoding="utf-8")
    report = index_paths(tmp_path / "w.db", [path])
    (where, why), = report.errors
    assert where == str(path) and "header line has" in why and "131,072" in why


@pytest.mark.parametrize("args,what", [
    (("compare", "的", "--no-words"), "compare"),
    (("collocates", "的"), "collocates"),
    (("kwic", "的", "--sort", "L3"), "kwic"),
])
def test_long_commands_stop_within_their_budget(samples_db, monkeypatch, args, what):
    """An operation budget (SQLite progress-handler calls, every 4,000 VM steps) stands
    for the 10 s clock: spent, the command stops with a message and exit status 3."""
    from index.search import budget

    monkeypatch.setattr(budget, "STEPS", 50)  # the handler every 50 VM steps: a small corpus
    monkeypatch.setattr(main, "COMMAND_STEPS", 2)
    code, out = _run(samples_db, *args)
    assert code == 3 and f"{what} stopped after 2 operations, its operation budget" in out, out
    monkeypatch.setattr(main, "COMMAND_STEPS", None)
    code, out = _run(samples_db, *args, "--limit", "1")
    assert code == 0, out  # within the clock budget


def test_a_budget_inside_another_counts_for_both(samples_db, monkeypatch):
    from index.corpus import Corpus
    from index.search import budget
    from index.search.budget import Stopped

    monkeypatch.setattr(budget, "STEPS", 50)

    corpus = Corpus(samples_db)
    with pytest.raises(Stopped, match="kwic stopped after 3 operations"):
        with corpus.time_budget(None, "kwic", steps=3):
            corpus.search("的 营商", limit=0)  # the search's own budget inside: both counted
    assert corpus.search("营商环境").hits  # the connection is usable afterwards
