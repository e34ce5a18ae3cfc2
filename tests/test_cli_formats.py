"""--format across commands: every CSV reads back with Python's csv module; kwic; messages."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

import main


def run(db, *args, code=0):
    result = CliRunner().invoke(main.cli, [*args, "--db", str(db)], env={"COLUMNS": "120"})
    assert result.exit_code == code, (result.output, result.exception)
    return result


def read_csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # spreadsheet programs then read it as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


@pytest.mark.parametrize("args, columns", [
    (["search", "营商环境", "--limit", "0"], ["doc_id", "zone", "para", "text", "score"]),
    (["kwic", "营商环境", "--limit", "0"], ["doc_id", "zone", "date", "para", "left", "hit",
                                            "right"]),
    (["docs"], ["doc_id", "zone", "title", "date", "chars", "paragraphs"]),
    (["themes"], ["theme", "zone", "passages", "mentions", "per_10k"]),
    (["compare", "营商环境", "--no-words", "--limit", "0"],
     ["theme", "zone", "doc_id", "para", "terms", "text"]),
])
def test_every_csv_reads_back(provinces_db, args, columns):
    rows = read_csv(run(provinces_db, *args, "--format", "csv").stdout)
    assert rows and set(columns) <= set(rows[0])
    as_json = json.loads(run(provinces_db, *args, "--format", "json").stdout)
    if args[0] == "themes":  # the matrix in long form: one row per theme × zone
        assert len(rows) == len(as_json) * len(as_json[0]["zones"])
        cell = as_json[0]["zones"][rows[0]["zone"]]
        assert int(rows[0]["passages"]) == cell["passages"]
    elif args[0] == "compare":  # one row per passage
        assert len(rows) == sum(len(z["passages"]) or 1 for z in as_json["zones"])
        assert {r["text"] for r in rows} >= {p["text"] for z in as_json["zones"]
                                             for p in z["passages"]}
    else:
        assert len(rows) == len(as_json)
        assert [r["doc_id"] for r in rows] == [r["doc_id"] for r in as_json]


def test_json_flag_is_format_json(provinces_db):
    for cmd in (["search", "招商"], ["docs"], ["kwic", "招商"]):
        assert run(provinces_db, *cmd, "--json").stdout == run(
            provinces_db, *cmd, "--format", "json").stdout


def test_markdown_only_where_it_can_be_written(provinces_db):
    assert "Invalid value for '--format'" in run(provinces_db, "search", "招商", "--format",
                                                 "md", code=2).output
    assert run(provinces_db, "compare", "营商环境", "--no-words", "--format",
               "md").stdout.startswith("# 营商环境")


def test_kwic_one_line_per_occurrence_sorted(provinces_db):
    rows = json.loads(run(provinces_db, "kwic", "营商环境", "--sort", "zone", "--limit", "0",
                          "--json").stdout)
    paras = json.loads(run(provinces_db, "search", "营商环境", "--limit", "0", "--json").stdout)
    assert len(rows) == sum(p["text"].count("营商环境") for p in paras) > len(paras)
    assert [r["zone"] for r in rows] == sorted(r["zone"] for r in rows)
    out = run(provinces_db, "kwic", "营商环境", "--sort", "L1", "--limit", "5").stdout
    assert "5 of" in out and "sorted by L1" in out and out.count("营商环境") >= 6


def test_unknown_zone_is_named_with_the_nearest(provinces_db):
    for cmd in ("search", "kwic"):
        out = run(provinces_db, cmd, "营商环境", "zone:上海", code=2).output
        assert "no zone is called '上海'" in out and "nearest: 海南" in out
        assert "No paragraph" not in out
    # a known zone beside an unknown one: results, and a note about the unknown one
    ok = run(provinces_db, "search", "营商环境", "zone:浙江,上海")
    assert "浙江" in ok.stdout and "no zone is called '上海'" in ok.output


def test_pinyin_search_names_the_terms_it_searched(provinces_db):
    out = run(provinces_db, "search", "yshj", "--pinyin").stdout
    assert "paragraphs containing 营商环境" in out and "(typed 'yshj')" in out
