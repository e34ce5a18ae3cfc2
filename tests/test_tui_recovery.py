"""The app under hostile input and a changing database: a pathological query pasted into
Search is answered with its limit, a new keystroke cancels a running search, Ctrl-Q quits at
once; a start on a locked database recovers once the lock goes; another process's indexing
shows up in every view."""

from __future__ import annotations

import sqlite3
import time

from conftest import PROVINCES
from pilotkit import settle
from textual.widgets import DataTable, Input, Select, Static

import index.store.connection as connection
from index.store.ingest import index_paths
from tui.app import DuizhaoApp

COMMON = ["发展", "经济", "建设", "企业", "服务", "创新", "改革", "开放", "城市", "产业"]


def status(app) -> str:
    return str(app.screen.query_one("#status", Static).render())


def copy_db(src, dst):
    """A private copy of a fixture database (through SQLite's backup: WAL and all)."""
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return dst


async def test_pathological_queries_get_their_limit_then_a_normal_one_works_and_quit_is_prompt(
        provinces_db):
    app = DuizhaoApp(db=provinces_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        q = app.screen.query_one("#q", Input)
        q.value = " ".join(["营商"] * 5000)  # pasted
        await settle(app, pilot)
        assert "query too long" in status(app) and "the limit is 1,000" in status(app)
        q.value = " OR ".join(a + b for a in COMMON for b in COMMON if a != b)[:990]
        await settle(app, pilot)
        assert "different terms, the limit is 64" in status(app)
        # a slow legal query, overtaken at once by the next keystrokes
        q.value = " OR ".join("的发展业化展产创新经济建设企服务城市区高质量推进动改革开放")
        slow = [w for w in app.workers if w.group == "search" and not w.is_finished]
        q.value = ""
        await pilot.press(*"营商环境")
        await settle(app, pilot)
        assert all(w.is_cancelled or w.is_finished for w in slow)
        assert status(app).split()[1] == "paragraphs" and "⚠" not in status(app)
        started = time.monotonic()
        q.value = " OR ".join("的发展业化展产创新经济建设企服务城市区高质量推进动改革开放")
        await pilot.press("ctrl+q")
    quit_seconds = time.monotonic() - started
    assert all(w.is_cancelled or w.is_finished for w in app.workers)
    assert quit_seconds < 5, quit_seconds  # loose: minutes before the fix


async def test_a_start_on_a_locked_database_recovers_on_ctrl_l(samples_db, tmp_path,
                                                               monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)  # fail fast while locked
    db = copy_db(samples_db, tmp_path / "locked.db")
    lock = sqlite3.connect(db, isolation_level=None)
    lock.execute("PRAGMA locking_mode=EXCLUSIVE")
    lock.execute("BEGIN EXCLUSIVE")
    lock.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('probe', 'locked')")
    app = DuizhaoApp(db=db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert app.corpus is None and "locked" in app.corpus_error
        assert "no database" in app.sub_title
        await pilot.press("f5")
        await settle(app, pilot)
        assert app.screen.query_one("#lib-docs", DataTable).row_count == 0
        lock.execute("ROLLBACK")
        lock.close()
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert app.corpus is not None and not app.corpus_error
        assert app.sub_title.startswith("5 documents")
        assert app.screen.query_one("#lib-docs", DataTable).row_count == 5
        await pilot.press("f3")
        await settle(app, pilot)
        await pilot.press(*"产城融合")
        await settle(app, pilot)
        assert "paragraphs" in status(app)
        await pilot.press("f2")
        await settle(app, pilot)
        from tui.widgets.zone_pane import ZonePane

        assert {p.zone.short for p in app.screen.query(ZonePane)} >= {"奉化", "海门"}


async def test_views_refresh_after_another_process_indexes(samples_db, tmp_path):
    db = copy_db(samples_db, tmp_path / "shared.db")
    app = DuizhaoApp(db=db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        zones = app.screen.query_one("#zone", Select)
        assert not any("北京" in str(label) for label, _ in zones._options)
        await pilot.press("f5")
        await settle(app, pilot)
        assert app.sub_title.startswith("5 documents")
        report = index_paths(db, [PROVINCES / "2026_北京市_政府工作报告.csv"])  # "another process"
        assert report.docs == 1
        app.watch_corpus()  # the periodic look (every WATCH_SECONDS): notes the change,
        await settle(app, pilot)
        app.watch_corpus()  # and applies it once it holds
        await settle(app, pilot)
        assert app.sub_title.startswith("6 documents")
        assert app.screen.query_one("#lib-docs", DataTable).row_count == 6
        await pilot.press("f3")
        await settle(app, pilot)
        assert any("北京" in str(label) for label, _ in zones._options)
