"""Hostile names, races and devices (issue 25 items 1, 2, 6 and 12's --db): names that are
not UTF-8, a file swapped for a link after the walk, FIFOs and devices where a file or a
database is expected, text files given as --db. Every fixture is generated here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

from index.store.ingest import index_paths

GOOD = SAMPLES / "海门开发区_工作计划.txt"


def _cli(*args, timeout=60):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_a_gbk_file_name_is_named_and_the_valid_files_indexed_on_every_run(tmp_path):
    folder = _folder(tmp_path)
    gbk = os.fsencode(folder) + b"/" + "营商环境.txt".encode("gbk")  # a Windows zip's name
    with open(gbk, "wb") as f:
        f.write("营商环境的正文。".encode())
    with open(os.fsencode(folder) + b"/\xff\xfe.md", "wb") as f:  # not GBK either
        f.write("正文。".encode())
    db = tmp_path / "g.db"
    for run in range(2):  # a rerun works the same way
        out = _cli("--db", str(db), "index", str(folder))
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
        lines = out.stderr.splitlines()
        named = [line for line in lines if "not valid UTF-8" in line]
        assert len(named) == 2, lines
        assert any("read as GB18030: 营商环境.txt" in line and "rename" in line for line in named)
        assert any("\\xff\\xfe.md" in line for line in named)
        assert ("Indexed 1 file " if run == 0 else "1 unchanged") in " ".join(out.stdout.split())
    from index.corpus import Corpus

    assert [d.path for d in Corpus(db).docs()] == [str(folder / "good.txt")]


def test_a_file_swapped_for_a_link_after_the_walk_is_not_followed(tmp_path):
    folder = _folder(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("机密：不应被索引的内容。\n", encoding="utf-8")
    (folder / "z.txt").write_text("普通文件的正文。\n", encoding="utf-8")

    def swap(progress):  # called before each file is read: the race, made certain
        if progress.path.endswith("z.txt") and not os.path.islink(progress.path):
            os.unlink(progress.path)
            os.symlink(secret, progress.path)

    db = tmp_path / "s.db"
    report = index_paths(db, [folder], progress=swap)
    assert [Path(p).name for p in report.indexed] == ["good.txt"]
    reasons = dict(report.errors)
    assert "symbolic link" in reasons[str(folder / "z.txt")]
    from index.corpus import Corpus

    corpus = Corpus(db)
    assert not corpus.search("机密").hits and corpus.search("产城融合").hits


def test_a_file_replaced_between_stat_and_open_is_not_read(tmp_path):
    from index.load.guard import open_regular, sha1_of
    from index.model import LoadError

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("一", encoding="utf-8")
    b.write_text("二", encoding="utf-8")
    walked = os.stat(a)
    os.replace(b, a)  # same name, another file
    with pytest.raises(LoadError, match="replaced"):
        open_regular(a, follow=False, expect=walked)
    with pytest.raises(LoadError, match="replaced"):
        sha1_of(a, expect=walked)
    os.symlink(a, tmp_path / "l.txt")
    with pytest.raises(LoadError, match="symbolic link"):
        open_regular(tmp_path / "l.txt", follow=False)
    with open_regular(tmp_path / "l.txt") as f:  # named by the user: followed
        assert f.read() == "二".encode()


def test_fifos_and_devices_are_skipped_and_never_hang(tmp_path):
    folder = _folder(tmp_path)
    os.mkfifo(folder / "pipe.txt")  # nobody writes to it: an open for reading would block
    db = tmp_path / "f.db"
    out = _cli("--db", str(db), "index", str(folder), "/dev/zero", timeout=60)
    assert out.returncode == 0, out.stderr
    err = " ".join(out.stderr.split())
    assert f"{folder / 'pipe.txt'}: a FIFO (named pipe), not a regular file" in err
    assert "/dev/zero: a device, not a regular file" in err
    assert "Indexed 1 file " in " ".join(out.stdout.split())
    alone = _cli("--db", str(db), "index", "/dev/zero")
    assert alone.returncode == 1 and "a device, not a regular file" in alone.stderr


def test_a_fifo_as_db_is_refused_at_once(tmp_path):
    fifo = tmp_path / "f.db"
    os.mkfifo(fifo)
    for args in (("search", "营商"), ("docs",), ("index", str(GOOD))):
        out = _cli("--db", str(fifo), *args, timeout=60)  # a hang would time out
        err = " ".join(out.stderr.split())
        assert out.returncode == 2 and "is a FIFO (named pipe), not a database file" in err, err


def test_text_files_as_db_are_not_ours_and_never_called_damaged(tmp_path):
    csv = tmp_path / "hits.csv"
    csv.write_text("title,text\n一,营商环境\n", encoding="utf-8")
    before = csv.read_bytes()
    for db in (str(csv), "/etc/passwd"):
        for args in (("search", "营商"), ("index", str(GOOD))):
            out = _cli("--db", db, *args)
            err = " ".join(out.stderr.split())
            assert out.returncode == 2 and "is a text file, not a duizhao database" in err, err
            assert "damaged" not in err and "delete" not in err.lower()
    assert csv.read_bytes() == before
