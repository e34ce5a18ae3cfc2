"""Indexing as a user runs it: incremental reruns, changed and vanished files, bad files."""

from __future__ import annotations

import shutil
import sqlite3

from conftest import SAMPLES

from index.search.engine import search
from index.store.connection import connect, integrity_errors
from index.store.ingest import index_paths
from index.store.library import list_docs, original_text


def _copy_samples(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SAMPLES, folder)
    return folder


def test_rerun_over_unchanged_files_does_nothing(tmp_path):
    folder = _copy_samples(tmp_path)
    db = tmp_path / "x.db"
    first = index_paths(db, [folder])
    assert len(first.indexed) == 5 and first.docs == 5 and not first.errors
    stamp = sqlite3.connect(db).execute("SELECT max(id) FROM paras").fetchone()
    second = index_paths(db, [folder])
    assert second.indexed == [] and len(second.unchanged) == 5
    assert sqlite3.connect(db).execute("SELECT max(id) FROM paras").fetchone() == stamp
    # a touched file with the same content is still unchanged
    f = next(folder.glob("*海门*"))
    f.write_bytes(f.read_bytes())
    assert index_paths(db, [folder]).indexed == []


def test_changed_file_replaces_its_rows_and_prune_drops_vanished_files(tmp_path):
    folder = _copy_samples(tmp_path)
    db = tmp_path / "x.db"
    index_paths(db, [folder])
    f = next(folder.glob("*海门*"))
    f.write_text(f.read_text(encoding="utf-8").replace("以商招商", "以企引企招商"),
                 encoding="utf-8")
    report = index_paths(db, [folder])
    assert report.indexed == [str(f.resolve())]
    conn = connect(db)
    assert search(conn, "以企引企招商").hits
    assert not search(conn, "以商招商").hits
    assert len(list_docs(conn)) == 5
    f.unlink()
    report = index_paths(db, [folder], prune=True)
    assert report.removed == [str(f.resolve())]
    conn = connect(db)
    assert len(list_docs(conn)) == 4 and not search(conn, "以企引企").hits
    assert integrity_errors(sqlite3.connect(db)) == []


def test_bad_files_are_reported_by_name_and_the_rest_indexed(tmp_path):
    folder = _copy_samples(tmp_path)
    (folder / "空文件.txt").write_bytes(b"")
    (folder / "random bytes.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "gbk 编码.txt").write_bytes("一、总体要求\n推进产城融合，优化营商环境。".encode("gbk"))
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    report = index_paths(tmp_path / "x.db", [folder])
    reasons = {p.rsplit("/", 1)[-1]: r for p, r in report.errors}
    assert set(reasons) == {"空文件.txt", "random bytes.txt", "broken.docx"}
    assert "empty" in reasons["空文件.txt"] and "binary" in reasons["random bytes.txt"]
    assert len(report.indexed) == 6 and report.ignored and not report.failed
    conn = connect(tmp_path / "x.db")
    hit = search(conn, "产城融合 营商环境").hits[0]
    assert hit.doc_id == "gbk 编码"
    # a rerun reports the same errors without reading the files again
    again = index_paths(tmp_path / "x.db", [folder])
    assert {p for p, _ in again.errors} == {p for p, _ in report.errors} and not again.indexed


def test_the_original_is_read_again_from_its_file_and_only_if_unchanged(tmp_path):
    folder = _copy_samples(tmp_path)
    db = tmp_path / "x.db"
    index_paths(db, [folder])
    conn = connect(db)
    doc = next(d for d in list_docs(conn) if "海门" in d.zone)
    text, note = original_text(conn, doc.doc_id)
    assert note == "" and "以商招商" in text
    with open(doc.path, "a", encoding="utf-8") as fh:
        fh.write("\n补充一段。")
    text, note = original_text(conn, doc.doc_id)
    assert text is None and "changed since it was indexed" in note


def test_a_good_file_turned_bad_keeps_its_indexed_version(tmp_path):
    folder = _copy_samples(tmp_path)
    db = tmp_path / "x.db"
    index_paths(db, [folder])
    f = next(folder.glob("*海门*"))
    f.write_bytes(b"\x00\x01\x02" * 1000)
    report = index_paths(db, [folder])
    assert report.errors and any("kept" in w for _, w in report.warnings)
    assert search(connect(db), "以商招商").hits


def test_provincial_dataset_maps_columns_and_strips_chrome(provinces_db):
    conn = connect(provinces_db)
    docs = [d for d in list_docs(conn) if d.year == 2026]
    assert len(docs) == 16
    assert {d.zone for d in docs} >= {"浙江省", "北京市", "西藏自治区", "广西壮族自治区"}
    assert all(d.date.startswith("2026-") and d.title for d in docs)
    assert not search(conn, '"【字号"').hits
    # the original stays available, chrome and all
    text, note = original_text(conn, docs[0].doc_id)
    assert "【字号" in text and note == ""


def test_samples_carry_manifest_metadata(samples_db):
    docs = {d.short: d for d in list_docs(connect(samples_db))}
    assert set(docs) == {"奉化", "梅山", "北仑", "嵊州", "海门"}
    assert docs["梅山"].zone == "宁波国际海洋生态科技城 (梅山)"
    assert docs["梅山"].doc_number == "甬海科党〔2018〕6号" and docs["梅山"].date == "2018-05-07"
    assert docs["嵊州"].date == "2019-02-21"


def test_a_default_database_from_another_version_is_rebuilt_from_its_files(tmp_path):
    import sqlite3

    from index.bootstrap import ensure_samples

    db = tmp_path / "duizhao.db"
    ensure_samples(db)
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "我的文件.txt").write_text("一、总体要求\n推进产城融合，做强以港兴城。", encoding="utf-8")
    index_paths(db, [extra])
    raw = sqlite3.connect(db)
    raw.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    raw.commit()
    raw.close()
    assert ensure_samples(db)
    conn = connect(db)
    assert len(list_docs(conn)) == 6  # the five samples and the user's own file
    assert search(conn, "以港兴城").hits[0].doc_id == "我的文件"


def test_documents_are_listed_in_character_order(provinces_db):
    """The database keeps text as UTF-16; the list is still in the characters' order."""
    zones = [d.zone for d in list_docs(connect(provinces_db))]
    assert zones == sorted(zones) and len(set(zones)) >= 16


def test_a_second_clone_of_the_project_does_not_add_a_second_copy_of_the_samples(
        tmp_path, monkeypatch):
    import shutil

    import index.bootstrap as bootstrap

    db = tmp_path / "duizhao.db"
    assert bootstrap.ensure_samples(db)
    ids = sorted(d.doc_id for d in list_docs(connect(db)))
    clone = tmp_path / "clone2" / "samples" / "zones"
    shutil.copytree(bootstrap.SAMPLES_DIR, clone)  # same content, new paths and times
    monkeypatch.setattr(bootstrap, "SAMPLES_DIR", clone.resolve())
    assert not bootstrap.ensure_samples(db)  # the same samples: nothing to do
    assert sorted(d.doc_id for d in list_docs(connect(db))) == ids
    # A database that already got a second copy (before this fix) is mended.
    index_paths(db, [clone])
    assert len(list_docs(connect(db))) == 2 * len(ids)
    assert bootstrap.ensure_samples(db)
    docs = list_docs(connect(db))
    assert sorted(d.doc_id for d in docs) == ids
    assert all(str(clone.resolve()) in d.path for d in docs)


def test_an_index_run_gives_free_pages_back(tmp_path):
    """Full-text segment merges leave free pages (about a tenth of a new database); the run
    gives them back at its end, so the file is the size of what it holds."""
    import sqlite3

    from index.store.ingest import index_paths
    from tests.conftest import PROVINCES, SAMPLES

    db = tmp_path / "d.db"
    index_paths(db, [SAMPLES, PROVINCES])
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental
    pages, free = (conn.execute(f"PRAGMA {p}").fetchone()[0]
                   for p in ("page_count", "freelist_count"))
    assert free <= 0.02 * pages, (free, pages)


def test_a_dataset_that_fails_midway_leaves_no_rows_or_keeps_its_old_version(tmp_path,
                                                                          monkeypatch):
    """A parser failure on a later row of a dataset: a new file leaves none of its rows
    (its first rows are written before the failure), a file indexed before keeps its old
    version; the full-text index stays whole either way."""
    import csv
    import io

    from conftest import PROVINCES

    from index.text import structure

    reports = []
    for f in sorted(PROVINCES.glob("*.csv"))[:5]:
        with open(f, encoding="utf-8-sig", newline="") as fh:
            reports += list(csv.reader(fh))[1:]
    header = ["province", "year", "title", "source_url", "publish_date", "full_text"]

    def dataset(path, rows):
        buf = io.StringIO()
        csv.writer(buf).writerows([header] + rows)
        path.write_text(buf.getvalue(), encoding="utf-8")

    folder = tmp_path / "corpus"
    folder.mkdir()
    dataset(folder / "old.csv", reports[:2])
    db = tmp_path / "x.db"
    assert not index_paths(db, [folder]).errors
    conn = connect(db)
    before = conn.execute("SELECT count(*) FROM paras").fetchone()[0]
    old_docs = sorted(d.doc_id for d in list_docs(conn))
    def words_of(text):  # twelve characters from the middle of its longest line
        return max(text.split("\n"), key=len)[10:22]
    first_words = words_of(reports[0][5])
    assert search(conn, first_words).hits

    bad = reports[4][5]
    real_parse = structure.parse

    def parse(text, *a, **k):
        if text.strip() == bad.strip():
            raise RuntimeError("a parser bug")
        return real_parse(text, *a, **k)
    monkeypatch.setattr(structure, "parse", parse)
    dataset(folder / "old.csv", reports[:2] + [reports[4]])  # changed: its new row fails
    dataset(folder / "new.csv", [reports[2], reports[3], reports[4]])
    report = index_paths(db, [folder])
    failed = {p.rsplit("/", 1)[-1] for p, _ in report.errors}
    assert failed == {"old.csv", "new.csv"}
    assert any("kept" in w for _, w in report.warnings)
    conn = connect(db)
    assert sorted(d.doc_id for d in list_docs(conn)) == old_docs  # nothing of new.csv
    assert conn.execute("SELECT count(*) FROM paras").fetchone()[0] == before
    assert not integrity_errors(connect(db, write=True))
    assert search(conn, first_words).hits
    third = words_of(reports[2][5])
    assert not any(h.doc_id.startswith("new") for h in search(conn, third).hits)
