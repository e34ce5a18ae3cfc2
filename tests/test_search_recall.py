"""Full recall and exact precision: search finds exactly the paragraphs that contain the string.

The reference is plain substring search over every stored paragraph, after the documented
fold (case, full/half width and whitespace ignored).
"""

from __future__ import annotations

import pytest

from index.search.engine import search
from index.store.connection import connect
from index.text.normal import fold

QUERIES = [
    # one and two characters
    "税", "碳", "港", "产", "海", "党", "。", "、", "“", "%", "AI", "5G", "ai", "城融", "引资",
    "融合", "招商", "一是", "亿元", "人才",
    # words and phrases, including strings that cross or split jieba words
    "产城融合", "科产城融合", "站产城融合", "产城深度融合", "营商环境", "放管服", "最多跑一次",
    "亩均", "腾笼换鸟", "高质量发展", "新质生产力", "一带一路", "人工智能", "低空经济",
    "乡村振兴", "数字经济", "招大引强", "以商招商", "招商选资", "项目争速", "签约落户",
    "六争攻坚", "质生产", "展新", "集成电路", "十五五",
    # Latin, digits, brackets, punctuation-mixed
    "PM2.5", "DeepSeek", "deepseek", "2020", "2025年", "100%", "5.5%", "（一）", "(一)",
    "“八八战略”", "1+4",
]


def _reference(conn, needle: str) -> set[int]:
    f = fold(needle)
    return {pid for pid, text in conn.execute("SELECT id, text FROM paras") if f in fold(text)}


def _found(conn, query: str) -> set[int]:
    return {h.para_id for h in search(conn, query, limit=0).hits}


@pytest.mark.parametrize("dbname", ["samples_db", "provinces_db"])
def test_every_paragraph_containing_the_string_is_found_and_nothing_else(dbname, request):
    conn = connect(request.getfixturevalue(dbname))
    assert len(QUERIES) >= 40
    nonempty = 0
    for q in QUERIES:
        expected = _reference(conn, q)
        got = _found(conn, f'"{q}"')
        assert got == expected, (q, len(got), len(expected))
        nonempty += bool(expected)
    assert nonempty >= 30  # the queries really exercise the corpus


def test_boolean_queries_agree_with_substring_logic(provinces_db):
    conn = connect(provinces_db)
    texts = {pid: fold(t) for pid, t in conn.execute("SELECT id, text FROM paras")}
    cases = {
        "营商环境 人才": lambda t: "营商环境" in t and "人才" in t,
        "放管服 OR 最多跑一次": lambda t: "放管服" in t or "最多跑一次" in t,
        "营商环境 -民营": lambda t: "营商环境" in t and "民营" not in t,
        "港 OR 碳 人工智能": lambda t: ("港" in t or "碳" in t) and "人工智能" in t,
        'AND 营商环境 "人 才"': lambda t: "营商环境" in t and "人才" in t,
    }
    for q, pred in cases.items():
        expected = {pid for pid, t in texts.items() if pred(t)}
        assert _found(conn, q) == expected, q
        assert expected, q


def test_every_hit_is_highlighted_where_it_matches(provinces_db):
    conn = connect(provinces_db)
    for q in ["营商环境", "AI", "税", "产城融合"]:
        for hit in search(conn, q, limit=0).hits:
            assert hit.spans, (q, hit.text[:40])
            s, e = hit.spans[0]
            assert fold(hit.text[s:e]) == fold(q)
