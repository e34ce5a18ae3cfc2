"""The database in hostile or damaged surroundings: a foreign file, racing indexers, damaged
pages, read-only media, a full disk (issue 12). Every fixture is generated here."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

from index.corpus import Corpus
from index.store import connection as store
from index.store.connection import APPLICATION_ID, DamagedError, StoreError, connect, integrity_errors
from index.store.ingest import index_paths

GOOD = SAMPLES / "海门开发区_工作计划.txt"


def _cli(*args, env=None):
    """Run main.py; stderr with Rich's line wrapping undone."""
    out = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, env={**os.environ, **(env or {})})
    out.stderr = " ".join(out.stderr.split())
    return out


def _digest(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


# -- a database duizhao did not make ---------------------------------------------------


def test_a_foreign_database_is_refused_and_left_untouched(tmp_path):
    db = tmp_path / "f.db"
    raw = sqlite3.connect(db)
    raw.execute("create table files(x)")
    raw.execute("insert into files values('precious')")
    raw.commit()
    raw.close()
    before = _digest(db)
    with pytest.raises(StoreError, match="not a duizhao database.*nothing was changed"):
        index_paths(db, [GOOD])
    with pytest.raises(StoreError, match="not a duizhao database"):
        connect(db)
    assert _digest(db) == before
    assert sqlite3.connect(db).execute("select x from files").fetchall() == [("precious",)]


@pytest.mark.parametrize("setup", [
    "create table meta(key text primary key, value text)",  # our table names, not our rows
    "create table docs(a); create table paras(b); create table sections(c); "
    "create table meta(key, value); insert into meta values ('note', 'mine')",
    "pragma application_id = 1234; create table notes(t)",
    "create view v as select 1",  # no table at all, but not empty either
])
def test_files_with_our_table_names_or_another_marker_are_not_ours(tmp_path, setup):
    db = tmp_path / "other.db"
    raw = sqlite3.connect(db)
    raw.executescript(setup)
    raw.close()
    before = _digest(db)
    with pytest.raises(StoreError, match="not a duizhao database"):
        index_paths(db, [GOOD])
    assert _digest(db) == before


def test_the_cli_refuses_a_foreign_database_with_a_message(tmp_path):
    db = tmp_path / "f.db"
    raw = sqlite3.connect(db)
    raw.execute("create table files(x)")
    raw.commit()
    raw.close()
    out = _cli("--db", str(db), "index", str(GOOD))
    assert out.returncode != 0 and "not a duizhao database" in out.stderr
    assert "Traceback" not in out.stderr


def test_our_database_carries_the_marker_and_an_unmarked_one_of_ours_keeps_working(tmp_path):
    db = tmp_path / "ours.db"
    index_paths(db, [GOOD])
    assert sqlite3.connect(db).execute("pragma application_id").fetchone()[0] == APPLICATION_ID
    # As built before the marker existed: same schema, application_id 0.
    raw = sqlite3.connect(db)
    raw.execute("pragma application_id = 0")
    raw.commit()
    raw.close()
    assert Corpus(db).search("海门").hits  # read as it is
    report = index_paths(db, [GOOD])
    assert report.unchanged and not report.errors
    assert sqlite3.connect(db).execute("pragma application_id").fetchone()[0] == APPLICATION_ID


# -- two indexers on a new database ------------------------------------------------------

_RACE = """
import os, sys, time
from pathlib import Path
from index.store.ingest import index_paths
from index.store.connection import StoreError
flags = Path(sys.argv[3])
(flags / str(os.getpid())).touch()
deadline = time.time() + 30
while len(list(flags.iterdir())) < 2 and time.time() < deadline:
    pass  # both start together, past their imports
try:
    r = index_paths(sys.argv[1], [sys.argv[2]])
    print("ok", len(r.indexed), len(r.unchanged))
except StoreError as exc:
    print("error", exc)
"""


def test_two_indexers_racing_on_a_new_database_both_succeed(tmp_path):
    db = tmp_path / "race.db"
    flags = tmp_path / "flags"
    flags.mkdir()
    procs = [subprocess.Popen([sys.executable, "-c", _RACE, str(db), str(GOOD), str(flags)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    for (stdout, stderr), p in zip(outs, procs):
        assert p.returncode == 0 and "Traceback" not in stderr, stderr
        assert stdout.startswith("ok"), stdout  # neither "already exists" nor "locked"
    assert connect(db).execute("select count(*) from files").fetchone()[0] == 1


# -- damaged pages -----------------------------------------------------------------------


def _damage(src: Path, dest: Path) -> None:
    """A copy of src with a third of its pages (past the schema page) overwritten."""
    data = bytearray(src.read_bytes())
    page = 4096
    pages = len(data) // page
    rnd = random.Random(12)
    for n in rnd.sample(range(2, pages), max(1, pages // 3)):
        data[n * page:(n + 1) * page] = rnd.randbytes(page)
    dest.write_bytes(bytes(data))


def test_damaged_pages_are_refused_for_writing_and_reported_on_reading(samples_db, tmp_path):
    db = tmp_path / "damaged.db"
    _damage(samples_db, db)
    before = _digest(db)
    with pytest.raises(DamagedError, match="damaged.*nothing was written.*rebuild with"):
        index_paths(db, [GOOD])
    assert _digest(db) == before
    corpus = Corpus(db)
    failures = 0
    for ask in (lambda: corpus.search("产城融合", limit=0), corpus.docs,
                lambda: corpus.compare("产城融合"), corpus.matrix):
        try:
            ask()
        except StoreError as exc:
            assert "damaged" in str(exc) and "rebuild" in str(exc)
            failures += 1
    assert failures  # the damage surfaces as a StoreError, never a bare sqlite3 error
    assert _digest(db) == before


def test_the_cli_says_damaged_without_a_traceback(samples_db, tmp_path):
    db = tmp_path / "damaged.db"
    _damage(samples_db, db)
    before = _digest(db)
    for args in (("search", "产城融合"), ("themes",), ("index", str(GOOD))):
        out = _cli("--db", str(db), *args)
        assert "Traceback" not in out.stderr, out.stderr[-1500:]
        if out.returncode:
            assert "damaged" in out.stderr and "rebuild" in out.stderr
    assert out.returncode != 0  # index never writes into it
    assert _digest(db) == before


# -- read-only media -------------------------------------------------------------------

_UNSHARE = shutil.which("unshare")


def _in_read_only_mount(tmp_path: Path, db: Path, script: str) -> subprocess.CompletedProcess:
    """Run `script` (python) with tmp_path/ro a read-only tmpfs holding a copy of db, in a
    user and mount namespace of its own (root cannot write there either)."""
    mnt = tmp_path / "ro"
    mnt.mkdir()
    shell = (f"mount -t tmpfs -o size=64m none {mnt} && cp {db} {mnt}/c.db && "
             f"mount -o remount,ro {mnt} && {sys.executable} -c \"$SCRIPT\"")
    return subprocess.run([_UNSHARE, "-r", "-m", "sh", "-c", shell], cwd=ROOT,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "SCRIPT": script})


def _can_mount(tmp_path) -> bool:
    if not _UNSHARE:
        return False
    probe = tmp_path / "probe"
    probe.mkdir()
    return subprocess.run([_UNSHARE, "-r", "-m", "mount", "-t", "tmpfs", "none", str(probe)],
                          capture_output=True).returncode == 0


def test_a_database_on_a_read_only_mount_is_searched_and_not_indexed(samples_db, tmp_path):
    if not _can_mount(tmp_path):
        pytest.skip("no user namespaces here to mount a read-only file system")
    script = (
        "import sys\n"
        "from index.corpus import Corpus\n"
        "from index.store.connection import StoreError\n"
        f"c = Corpus('{tmp_path}/ro/c.db')\n"
        "print('hits', len(c.search('产城融合').hits))\n"
        "try:\n"
        f"    c.index(['{GOOD}'])\n"
        "except StoreError as e:\n"
        "    print('index:', e)\n"
        "try:\n"
        f"    Corpus('{tmp_path}/ro/new.db').index(['{GOOD}'])\n"
        "except StoreError as e:\n"
        "    print('new:', e)\n")
    out = _in_read_only_mount(tmp_path, samples_db, script)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.splitlines()
    assert lines[0].startswith("hits ") and int(lines[0].split()[1]) > 0
    assert lines[1].startswith("index:") and "read-only" in lines[1]
    assert lines[2].startswith("new:") and "not writable" in lines[2]


def test_a_read_only_wal_database_whose_shm_cannot_be_made_is_still_searched(samples_db,
                                                                             tmp_path):
    # Same situation as read-only media, reproducible as root: the -shm file a WAL reader
    # needs cannot be created (its name is taken by a folder).
    db = tmp_path / "wal.db"
    db.write_bytes(samples_db.read_bytes())
    conn = sqlite3.connect(db)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    conn.close()
    (tmp_path / "wal.db-shm").mkdir()
    assert Corpus(db).search("产城融合").hits


# -- a full disk -------------------------------------------------------------------------


def test_disk_full_says_so_and_what_was_committed_and_a_rerun_resumes(tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    text = GOOD.read_text(encoding="utf-8")
    for n in range(12):
        (folder / f"d{n:02}.txt").write_text(text.replace("海门", f"海门{n}"), encoding="utf-8")
    import index.store.ingest as ingest

    monkeypatch.setattr(ingest, "BATCH_FILES", 2)
    real_connect = store.connect

    def small(path, write=False):  # SQLite's own size limit stands for a full disk
        conn = real_connect(path, write=write)
        if write:
            pages = conn.execute("pragma page_count").fetchone()[0]
            conn.execute(f"pragma max_page_count = {pages + 40}")
        return conn

    db = tmp_path / "full.db"
    monkeypatch.setattr(store, "connect", small)
    with pytest.raises(StoreError, match="disk full") as caught:
        index_paths(db, [folder])
    msg = str(caught.value)
    committed = caught.value.report.indexed
    assert 0 < len(committed) < 12 and len(committed) % 2 == 0  # whole batches only
    assert f"{len(committed)} file(s)" in msg and "run the same command again" in msg
    assert "no transaction is active" not in msg
    monkeypatch.setattr(store, "connect", real_connect)
    conn = connect(db, write=True)
    assert conn.execute("select count(*) from files").fetchone()[0] == len(committed)
    assert not integrity_errors(conn)
    conn.close()
    report = index_paths(db, [folder])  # room again: the rerun does the rest
    assert len(report.unchanged) == len(committed) and len(report.indexed) == 12 - len(committed)


# -- three indexers on one database: they take turns -------------------------------------

_TURNS = """
import os, sys, time
from pathlib import Path
import index.store.connection as store
import index.store.ingest as ingest
store.BUSY_TIMEOUT_MS = 20  # a lock wait shorter than a batch: without turns, "locked"
ingest.BATCH_FILES = 1      # many batches, so the three runs' writes interleave
flags = Path(sys.argv[3])
(flags / str(os.getpid())).touch()
deadline = time.time() + 30
while len(list(flags.iterdir())) < 3 and time.time() < deadline:
    pass  # all start together, past their imports
waits = []
try:
    r = ingest.index_paths(sys.argv[1], [sys.argv[2]], progress=lambda p: p.waiting and waits.append(p.waiting))
    print("ok", len(r.indexed), len(waits))
except store.StoreError as exc:
    print("error", exc)
"""


def test_three_indexers_on_one_database_take_turns(tmp_path):
    import shutil

    from conftest import PROVINCES

    db = tmp_path / "turns.db"
    index_paths(db, [GOOD])  # the schema made; now three runs write into it at once
    flags = tmp_path / "flags"
    flags.mkdir()
    folders = []
    for k in range(3):
        folders.append(tmp_path / f"c{k}")
        shutil.copytree(PROVINCES, folders[-1])
    procs = [subprocess.Popen([sys.executable, "-c", _TURNS, str(db), str(f), str(flags)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for f in folders]
    outs = [p.communicate(timeout=120) for p in procs]
    files = len(list(PROVINCES.glob("*.csv")))
    for (stdout, stderr), p in zip(outs, procs):
        assert p.returncode == 0 and "Traceback" not in stderr, stderr
        assert stdout.split()[:2] == ["ok", str(files)], stdout  # none gave up "locked"
    assert sum(int(out.split()[2]) for out, _ in outs) > 0  # they did wait for each other
    conn = connect(db, write=True)
    assert conn.execute("select count(*) from files").fetchone()[0] == 3 * files + 1
    assert not integrity_errors(conn)
    conn.close()


# -- damage SQLite's quick_check does not see (issue 25 item 11) ----------------------------


def _fresh(tmp_path) -> Path:
    db = tmp_path / "d.db"
    index_paths(db, sorted(SAMPLES.glob("*.txt")))
    return db


def test_damage_inside_the_full_text_index_is_refused_for_writing(tmp_path):
    db = _fresh(tmp_path)
    raw = sqlite3.connect(db)  # a segment of the index overwritten; the file stays valid SQLite
    (seg,) = raw.execute("SELECT id FROM para_fts_data WHERE id > 10 ORDER BY length(block) "
                         "DESC LIMIT 1").fetchone()
    raw.execute("UPDATE para_fts_data SET block = zeroblob(length(block)) WHERE id = ?", (seg,))
    raw.commit()
    assert raw.execute("PRAGMA quick_check").fetchone()[0] == "ok"  # what it missed
    raw.close()
    before = _digest(db)
    with pytest.raises(DamagedError, match="full-text index.*nothing was written"):
        index_paths(db, [GOOD.with_name("2020_北仑区_六争攻坚专题报道.txt")])
    assert _digest(db) == before
    out = subprocess.run([sys.executable, "main.py", "--db", str(db), "check"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "full-text index" in out.stderr and "rebuild" in out.stderr
    assert _digest(db) == before  # checked, not changed


def test_a_flipped_page_of_paragraph_text_is_reported_not_served(tmp_path):
    db = _fresh(tmp_path)
    corpus = Corpus(db)
    hit = corpus.search("营商环境", limit=1).hits[0]
    corpus.close()
    data = bytearray(db.read_bytes())
    old = hit.text[:12].encode("utf-16-le")
    at = data.find(old)
    assert at > 0
    data[at: at + 2] = "假".encode("utf-16-le")  # one character changed in place
    db.write_bytes(bytes(data))
    with pytest.raises(DamagedError, match="does not match its checksum"):
        Corpus(db).search("营商环境", limit=0)
    with pytest.raises(DamagedError, match="does not match its checksum"):
        Corpus(db).kwic("营商环境")
    out = subprocess.run([sys.executable, "main.py", "--db", str(db), "check"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and f"paragraph {hit.para_id}: its text does not match" in out.stderr
    search = subprocess.run([sys.executable, "main.py", "--db", str(db), "search", "营商环境"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert search.returncode == 2 and "damaged" in search.stderr and "Traceback" not in search.stderr


def test_check_passes_a_healthy_database(samples_db):
    assert Corpus(samples_db).check() == []
