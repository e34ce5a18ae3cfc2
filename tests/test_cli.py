"""The command line as a new user runs it: `uv run main.py …` with the default database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import PROVINCES, ROOT


def run(*args, env=None, check=True):
    out = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True,
                         text=True, env={**os.environ, "COLUMNS": "120", **(env or {})})
    if check:
        assert out.returncode == 0, out.stderr
    return out


def test_first_search_builds_the_sample_corpus_and_finds_three_zones(tmp_path):
    env = {"DUIZHAO_DB": str(tmp_path / "user.db")}
    out = run("search", "产城融合", env=env)
    for zone in ("奉化", "嵊州", "海门"):
        assert zone in out.stdout
    hits = json.loads(run("search", "产城融合", "--json", env=env).stdout)
    assert {h["zone"].split()[0][:2] for h in hits} == {"奉化", "嵊州", "海门"}
    assert any("科产城融合" in h["text"] for h in hits)
    assert list(hits[0])[:8] == ["doc_id", "zone", "title", "date", "section", "para", "text",
                                 "score"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_index_provinces_then_every_province_has_营商环境(tmp_path):
    env = {"DUIZHAO_DB": str(tmp_path / "user.db")}
    out = run("index", str(PROVINCES), env=env)
    assert "Indexed 16 files" in out.stdout
    hits = json.loads(run("search", "营商环境", "--json", "--limit", "0", env=env).stdout)
    provinces = {h["zone"] for h in hits if h["year"] == 2026}
    assert len(provinces) == 16
    assert all("营商环境" in h["text"] for h in hits)
    docs = json.loads(run("docs", "--json", env=env).stdout)
    assert len(docs) == 21
    assert list(docs[0])[:7] == ["doc_id", "zone", "title", "date", "source", "chars",
                                 "paragraphs"]


def test_limit_zero_and_filters(tmp_path):
    env = {"DUIZHAO_DB": str(tmp_path / "user.db")}
    all_hits = json.loads(run("search", "招商", "--json", "--limit", "0", env=env).stdout)
    assert len(all_hits) > len(json.loads(run("search", "招商", "--json", "--limit", "5",
                                              env=env).stdout)) == 5
    haimen = json.loads(run("search", "招商", "zone:海门", "--json", "--limit", "0",
                            env=env).stdout)
    assert haimen and all(h["zone"] == "海门" for h in haimen)
    assert json.loads(run("search", "招商", "year:1999", "--json", env=env).stdout) == []


def test_pinyin_on_request(tmp_path):
    """--pinyin reads ccrh as the corpus terms it spells; without it ccrh is just letters."""
    env = {"DUIZHAO_DB": str(tmp_path / "user.db")}
    assert json.loads(run("search", "ccrh", "--json", env=env).stdout) == []
    out = run("search", "ccrh", "--pinyin", "--json", "--limit", "0", env=env)
    plain = json.loads(run("search", "产城融合", "--json", "--limit", "0", env=env).stdout)
    assert [h["text"] for h in json.loads(out.stdout)] == [h["text"] for h in plain]
    assert "note: pinyin ccrh → 产城融合" in out.stderr
    comp = run("compare", "ccrh", "--pinyin", "--json", "--no-words", env=env)
    assert json.loads(comp.stdout)["theme"]["name"] == "产城融合"
    literal = json.loads(run("compare", "ccrh", "--json", "--no-words", env=env).stdout)
    assert literal["zones"] == []


def test_nothing_indexable_exits_nonzero_with_reasons(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.txt").write_bytes(b"")
    out = run("--db", str(tmp_path / "x.db"), "index", str(bad), check=False)
    assert out.returncode == 1
    assert "a.txt" in out.stderr and "empty" in out.stderr


def test_damaged_database_gives_a_message_not_a_traceback(tmp_path):
    db = tmp_path / "broken.db"
    db.write_bytes(b"this is not sqlite" * 100)
    out = run("--db", str(db), "search", "产城融合", check=False)
    assert out.returncode == 2
    # a text file is not ours: never "damaged … delete it" (issue 25; test_hostile_names.py)
    assert "broken.db" in out.stderr and "not a duizhao database" in out.stderr
    assert "Traceback" not in out.stderr


def test_markup_and_escapes_in_documents_print_literally(tmp_path):
    doc = tmp_path / "markup.txt"
    doc.write_text("一、测试\n[bold]产城融合[/] [link=http://x]链接[/link] \x1b[31m红色\x1b[0m 文字。\n",
                   encoding="utf-8")
    db = str(tmp_path / "m.db")
    run("--db", db, "index", str(doc))
    out = run("--db", db, "search", "产城融合")
    assert "[bold]产城融合[/]" in out.stdout and "[link=http://x]" in out.stdout
    assert "\x1b[31m" not in out.stdout and "␛[31m" in out.stdout
    hits = json.loads(run("--db", db, "search", "产城融合", "--json").stdout)
    assert hits[0]["text"].startswith("[bold]产城融合[/]")


def test_db_works_before_or_after_the_command(samples_db, tmp_path):
    """`main.py --db F search …` and `main.py search … --db F` read the same database; the
    per-user one is not made."""
    env = {"DUIZHAO_DB": str(tmp_path / "never-made.db")}
    before = json.loads(run("--db", str(samples_db), "search", "营商环境", "--json",
                            env=env).stdout)
    after = json.loads(run("search", "营商环境", "--json", "--db", str(samples_db),
                           env=env).stdout)
    assert before == after and before
    docs = json.loads(run("docs", "--json", "--db", str(samples_db), env=env).stdout)
    assert len(docs) == 5
    themes = json.loads(run("themes", "--db", str(samples_db), "--json", env=env).stdout)
    assert any(t["theme"] == "产城融合" for t in themes)
    assert not (tmp_path / "never-made.db").exists()


def test_every_export_format_of_compare(samples_db):
    import csv
    import io

    md = run("compare", "产城融合", "--format", "md", "--no-words", "--db", str(samples_db)).stdout
    assert md.startswith("# ") and "奉化" in md
    js = json.loads(run("compare", "产城融合", "--format", "json", "--no-words",
                        "--db", str(samples_db)).stdout)
    assert list(js)[:3] == ["theme", "zones", "shared"]
    text = run("compare", "产城融合", "--format", "csv", "--no-words",
               "--db", str(samples_db)).stdout
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) >= 2


def test_search_prints_context_and_the_whole_paragraph_on_request(samples_db):
    hits = json.loads(run("--db", str(samples_db), "search", "产城融合", "--json").stdout)
    longest = max(hits, key=lambda h: len(h["text"]))
    assert len(longest["text"]) > 200
    short = run("--db", str(samples_db), "search", "产城融合").stdout
    full = run("--db", str(samples_db), "search", "产城融合", "--full").stdout
    flat = lambda s: "".join(s.split())  # noqa: E731  (lines are wrapped at 120 cells)
    tail = "".join(longest["text"].split())[-30:]
    assert tail in flat(full) and "--full" in short
    assert len(flat(full)) > len(flat(short))
    assert f"¶{longest['para']}" in short
