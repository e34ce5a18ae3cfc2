"""Hostile file trees and names (issue 12): links out of the folder and to /, huge trees,
newlines in names, an empty --db. Every fixture is generated here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES

from index.load.loaders import count_files, walk
from index.store.ingest import index_paths

GOOD = SAMPLES / "海门开发区_工作计划.txt"


def _cli(*args, **kw):
    out = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, **kw)
    return out


@pytest.fixture
def linked(tmp_path):
    """A folder with a document, a link to a file outside it, a link to /, a loop and a
    link to a document inside it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "passwd.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n秘密的内容不应被索引。\n", encoding="utf-8")
    folder = tmp_path / "corpus"
    (folder / "a").mkdir(parents=True)
    (folder / "doc.txt").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "a" / "root").symlink_to("/", target_is_directory=True)
    (folder / "a" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "a" / "same.txt").symlink_to(folder / "doc.txt")
    return folder


def test_links_out_of_the_folder_and_to_root_are_not_followed(linked, tmp_path):
    report = index_paths(tmp_path / "l.db", [linked])
    assert [Path(p).name for p in report.indexed] == ["doc.txt"]
    notes = dict(report.skipped)
    assert "outside the folders" in notes[str(linked / "passwd.txt")]
    assert "a link to /," in notes[str(linked / "a" / "root")]
    assert str(linked / "a" / "loop") not in notes  # inside: its target is walked anyway


def test_follow_links_follows_deliberately_and_never_loops(linked, tmp_path):
    (linked / "a" / "root").unlink()  # the whole file system is too much for a test
    (linked / "a" / "up").symlink_to(tmp_path, target_is_directory=True)  # loops back in
    got = sorted(p.name for p in walk([linked], follow_links=True))
    assert got == ["doc.txt", "passwd.txt", "passwd.txt", "same.txt"]  # each folder once


def test_system_and_hidden_folders_are_skipped(tmp_path):
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x.txt").write_text("缓存", encoding="utf-8")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "y.txt").write_text("依赖", encoding="utf-8")
    (tmp_path / "etc").symlink_to("/etc", target_is_directory=True)
    (tmp_path / "z.txt").write_text("正文", encoding="utf-8")
    skipped: list = []
    assert [p.name for p in walk([tmp_path], follow_links=True, skipped=skipped)] == ["z.txt"]
    assert skipped == [(str(tmp_path / "etc"), "a system folder: not indexed unless named "
                                               "on its own")]


def test_counting_a_huge_tree_stops_early():
    n, more = count_files(["/"], stop_at=50)
    assert more and n <= 51


def test_index_asks_before_more_files_than_the_threshold(tmp_path, monkeypatch):
    import main

    folder = tmp_path / "many"
    folder.mkdir()
    for k in range(6):
        (folder / f"{k}.txt").write_text(f"第{k}号文件的正文。", encoding="utf-8")
    monkeypatch.setattr(main, "CONFIRM_FILES", 5)
    db = str(tmp_path / "m.db")
    runner = CliRunner()
    refused = runner.invoke(main.cli, ["--db", db, "index", str(folder)])  # stdin: no terminal
    assert refused.exit_code == 1 and "more than 5 files" in refused.output
    assert "--yes" in refused.output and not Path(db).exists()
    done = runner.invoke(main.cli, ["--db", db, "index", str(folder), "--yes"])
    assert done.exit_code == 0, done.output
    assert "Indexed 6 files" in " ".join(done.output.split())


def test_a_newline_in_a_file_name_cannot_forge_a_message_line(tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "evil\nIndexed 99 files.txt").write_bytes(b"")
    (folder / "ok.txt").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    out = _cli("--db", str(tmp_path / "n.db"), "index", str(folder))
    lines = (out.stdout + out.stderr).splitlines()
    assert not any(line.startswith("Indexed 99") for line in lines)
    assert any("evil␊Indexed 99 files.txt" in line and "empty" in line for line in lines)


def test_an_empty_db_option_is_an_error(tmp_path):
    env = {**os.environ, "DUIZHAO_DB": str(tmp_path / "user.db")}
    for args in (("--db", "", "docs"), ("docs", "--db", "")):
        out = _cli(*args, env=env)
        assert out.returncode != 0 and "--db is empty" in " ".join(out.stderr.split())
    assert not (tmp_path / "user.db").exists()


# -- archive bombs -----------------------------------------------------------------------

_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
          'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
          '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
         'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
         'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/'
         'document.xml"/></Relationships>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(path: Path, text: str, padding_mb: int = 0) -> None:
    """A minimal .docx: one paragraph of text, then `padding_mb` MB of spaces."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r>'
                    f'</w:p>'.encode())
            for _ in range(padding_mb):
                f.write(b" " * 2**20)
            f.write(b"</w:body></w:document>")


def test_docx_zip_bombs_are_refused_and_the_rest_indexed(tmp_path):
    folder = tmp_path / "docx"
    folder.mkdir()
    _docx(folder / "good.docx", "产城融合是开发区的重要方向。")
    _docx(folder / "huge.docx", "炸弹", padding_mb=60)      # over the XML limit
    _docx(folder / "padded.docx", "炸弹", padding_mb=3)     # small, but 1000-fold
    report = index_paths(tmp_path / "z.db", [folder])
    assert [Path(p).name for p in report.indexed] == ["good.docx"]
    reasons = {Path(p).name: r for p, r in report.errors}
    assert "expand to 60 MB" in reasons["huge.docx"] and "zip bomb" in reasons["huge.docx"]
    assert "-fold" in reasons["padded.docx"] and "zip bomb" in reasons["padded.docx"]


def test_a_docx_part_lying_about_its_size_is_caught_by_the_streaming_read(tmp_path):
    import zipfile

    from index.load.office import check_archive
    from index.model import LoadError

    path = tmp_path / "liar.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", f'<w:document xmlns:w="{_W}"><w:body>' + " " * 2**20
                   + "</w:body></w:document>")
        info = z.getinfo("word/document.xml")
    data = bytearray(path.read_bytes())
    tiny = (1000).to_bytes(4, "little")
    data[info.header_offset + 22: info.header_offset + 26] = tiny  # local header
    at = data.find(b"PK\x01\x02")
    while at != -1:  # central directory entries
        length = int.from_bytes(data[at + 28: at + 30], "little")
        if data[at + 46: at + 46 + length] == b"word/document.xml":
            data[at + 24: at + 28] = tiny
        at = data.find(b"PK\x01\x02", at + 4)
    assert zipfile.ZipFile(__import__("io").BytesIO(bytes(data))).getinfo(
        "word/document.xml").file_size == 1000  # it now declares 1,000 bytes
    with pytest.raises(LoadError, match="damaged|declared"):
        check_archive(bytes(data))


def test_a_csv_field_over_the_limit_skips_its_row_and_keeps_the_rest(tmp_path, monkeypatch):
    import csv

    from index.load import dataset
    from index.load.loaders import load

    monkeypatch.setattr(dataset, "MAX_FIELD_CHARS", 1000)
    # the csv module's limit is process-wide: the next test in this process gets it back
    old_limit = csv.field_size_limit()
    try:
        _csv_over_the_limit(tmp_path, load)
    finally:
        csv.field_size_limit(old_limit)


def _csv_over_the_limit(tmp_path, load):
    path = tmp_path / "rows.csv"
    huge = "巨" * 600
    path.write_text('title,text\n一,"第一行。"\n二,"' + huge + '\n' + huge + '\n""引号"" 尾"\n'
                    '三,"第三行。"\n四,' + huge * 2 + '\n五,"第五行。"\n', encoding="utf-8")
    raws, warnings = load(path)
    assert [(r.key, r.text) for r in raws] == [("1", "第一行。"), ("3", "第三行。"),
                                               ("5", "第五行。")]
    assert [w.split(":")[0] for w in warnings] == ["row 2", "row 4"]
    assert all("longer than 1,000 characters" in w for w in warnings)


def test_a_file_mixing_gbk_and_utf8_keeps_both_parts(tmp_path):
    from index.corpus import Corpus

    text = GOOD.read_text(encoding="utf-8").split("\n")
    half = len(text) // 2
    path = tmp_path / "mixed.txt"  # two files concatenated: UTF-8, then GBK, then UTF-8
    path.write_bytes("\n".join(text[:half]).encode("utf-8") + b"\n"
                     + "附录：营商环境专项行动。\n".encode("gbk")
                     + "\n".join(text[half:]).encode("utf-8"))
    db = tmp_path / "mixed.db"
    report = index_paths(db, [path])
    assert report.indexed and not report.errors, report.errors
    corpus = Corpus(db)
    assert corpus.conn().execute("select encoding from docs").fetchone()[0] == "utf-8+gbk"
    assert corpus.search("营商环境专项行动").hits
    assert corpus.search(text[1].strip()[:6]).hits and corpus.search(text[-2].strip()[:6]).hits


# -- a broken themes.toml ----------------------------------------------------------------


@pytest.fixture
def broken_themes(tmp_path, monkeypatch):
    config = tmp_path / "config"
    (config / "duizhao").mkdir(parents=True)
    bad = config / "duizhao" / "themes.toml"
    bad.write_text('[[theme]]\nname = "坏的"\nterm = ["拼错的键"]\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return bad


def test_a_broken_user_themes_file_is_named_and_the_shipped_lexicon_used(broken_themes,
                                                                       samples_db, tmp_path):
    from index.words.themes import SHIPPED_PATH, all_themes, lexicon_warning, read_theme_file

    assert set(all_themes()) == {t.name for t in read_theme_file(SHIPPED_PATH)}
    assert lexicon_warning() == (f"{broken_themes}, line 3: theme '坏的': unknown key(s) term "
                                 f"— not used: fix it; the shipped themes are used meanwhile")
    db = tmp_path / "t.db"
    env = {**os.environ}
    for args in (("--db", str(samples_db), "themes"),
                 ("--db", str(samples_db), "compare", "产城融合", "--no-words"),
                 ("--db", str(db), "index", str(GOOD), str(SAMPLES / "2020_北仑区_六争攻坚专题报道.txt")),
                 ("--db", str(db), "keywords", "--zone", "海门", "--limit", "3")):  # builds
        out = _cli(*args, env=env)
        err = [line for line in out.stderr.splitlines() if "themes.toml" in line]
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
        assert len(err) == 1 and f"{broken_themes}, line 3" in err[0] and "term" in err[0]
        assert out.stdout.strip() or "Indexed 2" in out.stderr  # answered, shipped themes


def test_a_theme_file_that_is_not_toml_names_its_line(broken_themes):
    from index.words.themes import lexicon_warning

    broken_themes.write_text('[[theme]]\nname = "坏的\nterms = ["x"]\n', encoding="utf-8")
    assert "line 2" in lexicon_warning() and str(broken_themes) in lexicon_warning()


async def test_the_app_reports_a_broken_themes_file(broken_themes, samples_db, monkeypatch):
    from pilotkit import settle

    from index import helper
    from tui.app import DuizhaoApp

    # A helper process spawned here would keep the broken config for later tests.
    monkeypatch.setattr(helper, "start", lambda: None)

    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        shown = [n.message for n in app._notifications]
        assert any("themes.toml" in m and "line 3" in m for m in shown), shown
        assert "no database" not in (app.sub_title or "") and app.corpus is not None
