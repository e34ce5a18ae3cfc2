"""--out FILE on the report commands: FILE in its format and FILE.provenance.json beside it
(issue 21 item 5); one output decorator for every table or report command (issue 23)."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from click.testing import CliRunner

import main


def run(db, *args, code=0):
    result = CliRunner().invoke(main.cli, [*args, "--db", str(db)], env={"COLUMNS": "120"})
    assert result.exit_code == code, (result.output, result.exception)
    return result


def test_compare_csv_out_writes_the_file_and_its_provenance(samples_db, tmp_path):
    target = tmp_path / "x.csv"
    res = run(samples_db, "compare", "营商环境", "--format", "csv", "--out", str(target),
              "--no-words")
    assert not res.stdout.strip("\ufeff\n")  # the CSV went to the file, not stdout
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"), newline="")))
    assert rows and {"year", "date", "level"} <= set(rows[0])
    assert any(r["year"] == "2018" for r in rows)
    side = json.loads((tmp_path / "x.csv.provenance.json").read_text("utf-8"))
    assert side["command"][1:3] == ["compare", "营商环境"] and "--out" in side["command"]
    assert side["format"] == "csv"
    assert side["theme"]["name"] == "营商环境" and "最多跑一次" in side["theme"]["expressions"]
    assert side["filters"]["limit"] == 5 and side["filters"]["no_words"] is True
    corpus = side["corpus"]
    assert corpus["database"] == str(samples_db.resolve())
    assert corpus["documents"] == 5 and corpus["generation"] >= 1
    assert side["version"] and side["created"][:4].isdigit()


def test_format_from_the_extension_and_the_query_recorded(samples_db, tmp_path):
    target = tmp_path / "hits.json"
    run(samples_db, "search", "营商环境", "zone:北仑", "--out", str(target))
    hits = json.loads(target.read_text("utf-8"))
    assert hits and all("北仑" in h["zone"] for h in hits)
    side = json.loads((tmp_path / "hits.json.provenance.json").read_text("utf-8"))
    assert side["query"] == "营商环境 zone:北仑" and "theme" not in side


@pytest.mark.parametrize("args", [
    ["docs"], ["themes"], ["kwic", "营商环境"], ["trend", "营商环境"],
    ["first-use", "最多跑一次"], ["words"], ["collocates", "营商环境"], ["clusters", "营商环境"],
])
def test_every_report_command_takes_out(provinces_db, tmp_path, args):
    # provinces_db: the word statistics build their tables in it (samples_db is kept
    # without them for tests that build them)
    target = tmp_path / "out.json"
    run(provinces_db, *args, "--out", str(target))
    assert json.loads(target.read_text("utf-8")) is not None
    side = json.loads((tmp_path / "out.json.provenance.json").read_text("utf-8"))
    assert side["command"][1] == args[0] and side["corpus"]["documents"] == 21


def test_an_out_name_without_a_format_is_refused(samples_db, tmp_path):
    res = run(samples_db, "docs", "--out", str(tmp_path / "list.txt"), code=2)
    assert "say which format" in res.output and not (tmp_path / "list.txt").exists()


def test_a_dangling_link_is_not_followed(samples_db, tmp_path):
    """Issue 25 item 4: a link at the output name pointing nowhere would put the export
    wherever it names: refused, nothing written."""
    link = tmp_path / "x.csv"
    elsewhere = tmp_path / "elsewhere.csv"
    os.symlink(elsewhere, link)
    res = run(samples_db, "docs", "--format", "csv", "--out", str(link), code=2)
    assert "does not exist: not writing through it" in res.output
    assert not elsewhere.exists() and not (tmp_path / "x.csv.provenance.json").exists()


def test_a_pipe_is_not_an_output(samples_db, tmp_path):
    pipe = tmp_path / "x.json"
    os.mkfifo(pipe)
    res = run(samples_db, "docs", "--out", str(pipe), code=2)
    assert "not a regular file" in res.output


def test_first_use_of_a_theme_records_its_terms(samples_db, tmp_path):
    target = tmp_path / "fu.csv"
    run(samples_db, "first-use", "营商环境", "--theme", "--out", str(target))
    side = json.loads((tmp_path / "fu.csv.provenance.json").read_text("utf-8"))
    assert side["query"] == "营商环境" and side["filters"]["as_theme"] is True
    assert "最多跑一次" in side["terms"]


def test_a_known_failure_is_one_line_with_status_2(samples_db):
    res = run(samples_db, "keywords", "--zone", "火星", code=2)
    errors = [line for line in res.output.splitlines() if "火星" in line]
    assert len(errors) == 1 and errors[0].startswith("error: ")  # one line, no traceback
    assert "Traceback" not in res.output
    assert main._known_failure(KeyError("x")) is False


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    """Issue 25 item 5: a paragraph starting =HYPERLINK(…) is text in the CSV, not a formula."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "hostile.txt").write_text(
        "一、营商环境\n\n=HYPERLINK(\"http://example.com\",\"营商环境\")。\n\n"
        "@SUM(1+1) 营商环境持续优化。\n\n-2+3 营商环境评价。\n\n营商环境不断改善。\n", "utf-8")
    db = tmp_path / "h.db"
    CliRunner().invoke(main.cli, ["--db", str(db), "index", str(folder)])
    text = run(db, "search", "营商环境", "--limit", "0", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    texts = {r["text"] for r in rows}
    assert "'=HYPERLINK(\"http://example.com\",\"营商环境\")。" in texts
    assert "'@SUM(1+1) 营商环境持续优化。" in texts and "'-2+3 营商环境评价。" in texts
    assert "营商环境不断改善。" in texts  # ordinary text unchanged
    assert all(r["para"].isdigit() for r in rows)  # numbers stay numbers
    as_json = json.loads(run(db, "search", "营商环境", "--limit", "0", "--json").stdout)
    assert any(h["text"].startswith("=HYPERLINK") for h in as_json)  # JSON is unchanged
