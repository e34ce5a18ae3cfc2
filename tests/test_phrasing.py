"""Phrasing statistics on small hand-computed cases: Fightin' Words, phrases, similarity."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from index.compare.distinctive import distinctive, log_odds
from index.compare.phrasing import (
    clauses,
    cosine,
    intervals,
    quoted,
    shared_and_unique,
    shingles,
)
from index.words.segment import is_content_word, stopwords

# ------------------------------------------------------------------ Fightin' Words


def test_log_odds_with_pooled_prior_by_hand():
    # y_i = {x: 3, y: 1}, y_j = {x: 1, y: 3}; prior = pooled = {x: 4, y: 4}, α0 = 8.
    # ω_i(x) = (3+4)/(4+8-3-4) = 7/5, ω_j(x) = (1+4)/(4+8-1-4) = 5/7
    # δ = ln(7/5) - ln(5/7) = 2 ln 1.4; σ² = 1/7 + 1/5
    s = log_odds(Counter(x=3, y=1), Counter(x=1, y=3))
    delta = 2 * math.log(1.4)
    var = 1 / 7 + 1 / 5
    assert s["x"].delta == pytest.approx(delta)
    assert s["x"].var == pytest.approx(var)
    assert s["x"].z == pytest.approx(delta / math.sqrt(var))  # 1.1493
    assert s["x"].z == pytest.approx(1.14935, abs=1e-4)
    assert s["y"].z == pytest.approx(-s["x"].z)
    assert (s["x"].count, s["x"].other) == (3, 1)


def test_log_odds_with_explicit_prior_and_alpha0():
    # prior {x: 1, y: 1} scaled to α0 = 2: α = 1 each. y_i = {x: 2}, y_j = {y: 2}.
    # ω_i(x) = (2+1)/(2+2-2-1) = 3, ω_j(x) = (0+1)/(2+2-0-1) = 1/3 → δ = ln 9
    # σ² = 1/3 + 1/1 → z = ln 9 / sqrt(4/3) = 1.9029
    s = log_odds(Counter(x=2), Counter(y=2), prior=Counter(x=10, y=10), alpha0=2)
    assert s["x"].delta == pytest.approx(math.log(9))
    assert s["x"].z == pytest.approx(math.log(9) / math.sqrt(4 / 3))
    assert s["x"].z == pytest.approx(1.90290, abs=1e-4)
    assert s["y"].z == pytest.approx(-s["x"].z)


def test_log_odds_floor_for_words_missing_from_the_prior():
    s = log_odds(Counter(新词=2), Counter(旧词=2), prior=Counter(旧词=4), alpha0=4)
    assert math.isfinite(s["新词"].z) and s["新词"].z > 0


def test_distinctive_keeps_frequent_content_words_of_each_zone():
    a = Counter({"园区": 6, "飞地": 3, "的": 9, "区": 5, "2019": 4, "孤词": 1, "招商": 2})
    b = Counter({"乡村": 6, "园区": 1, "的": 9, "区": 5, "2019": 4, "招商": 2})
    c = Counter({"乡村": 1, "园区": 1, "的": 8, "招商": 2})
    out = distinctive({"A": a, "B": b, "C": c}, min_count=2, z_min=1.0)
    words_a = [s.term for s in out["A"]]
    assert words_a[0] == "园区"            # most over-represented first
    assert "飞地" in words_a
    assert "的" not in words_a             # stop word
    assert "区" not in words_a             # single character
    assert "2019" not in words_a           # number
    assert "孤词" not in words_a           # below the minimum count
    assert "招商" not in words_a           # used evenly: z ≈ 0
    assert [s.term for s in out["B"]] == ["乡村"]
    assert all(s.z > 1.0 for z in out.values() for s in z)
    assert distinctive({"A": a, "B": b}, top=1)["A"][0].term == "园区"
    assert distinctive({"A": a}) == {"A": []}  # nothing to compare against


def test_distinctive_respects_a_custom_filter():
    a, b = Counter({"产城融合": 5, "路网": 4}), Counter({"乡村": 5})
    out = distinctive({"A": a, "B": b}, keep=lambda w: is_content_word(w, ["产城融合"]))
    assert [s.term for s in out["A"]] == ["路网"]


# ------------------------------------------------------------------ stop words


def test_stopword_groups_and_content_words():
    stop = stopwords()
    for w in ("的", "和", "加强", "推进", "进一步", "工作", "发展", "建设", "一是"):
        assert w in stop
    assert "加强" in stop.edge and "的" not in stop.edge  # single characters are handled apart
    assert "发展" not in stop.edge                       # a phrase may end in a noun
    assert not is_content_word("的") and not is_content_word("发展")
    assert not is_content_word("2019") and not is_content_word("园")
    assert is_content_word("园区") and is_content_word("AI")
    assert not is_content_word("城融", ["产城融合"])       # part of a theme expression


def test_trim_removes_edge_words_only():
    stop = stopwords()
    assert stop.trim("推进产城融合") == "产城融合"
    assert stop.trim("全面优化营商环境") == "优化营商环境"
    assert stop.trim("产城融合的") == "产城融合"
    assert stop.trim("进一步加快招大引强") == "招大引强"
    assert stop.trim("营商环境建设") == "营商环境建设"  # 建设 is a noun: it may end a phrase
    assert stop.trim("和谐园区") == "和谐园区"          # 和 only drops at the end
    assert not stop.edged("腾笼换鸟") and stop.edged("推进腾笼换鸟")


# ------------------------------------------------------------------ phrases


def test_clauses_and_quotations():
    assert clauses("坚持“腾笼换鸟”，推进5G建设。") == ["坚持", "腾笼换鸟", "推进5G建设"]
    assert quoted("实施“最多跑一次”改革和“六争”行动") == ["最多跑一次"]


def test_intervals_are_maximal_runs_with_the_same_key():
    # zone bitmasks of consecutive 4-grams; AND must keep two zones
    keys = [0b011, 0b111, 0b011, 0b001, 0b110, 0b110]

    def two(m):
        return m & (m - 1) != 0
    got = list(intervals(keys, lambda a, b: a & b, two))
    # [0..2] AND = 011 (maximal: 3 has one zone); [1..1] = 111 is left/right extensible
    # only with a loss, so it is maximal too; [4..5] = 110.
    assert (0, 2, 0b011) in got and (1, 1, 0b111) in got and (4, 5, 0b110) in got
    assert all(two(k) for _, _, k in got)
    assert (2, 2, 0b011) not in got  # extends left without losing a zone


SHARED_TEXTS = {
    "A": ["坚持腾笼换鸟，深化最多跑一次改革。",
          "腾笼换鸟成效明显，园区平台建设提速，园区平台建设见效。"],
    "B": ["深化最多跑一次改革，全面实施腾笼换鸟。", "大湾区大花园建设持续推进。"],
    "C": ["全面推进最多跑一次改革，深化“亩均论英雄”改革。"],
}


def test_shared_phrases_are_maximal_and_exact():
    shared, unique = shared_and_unique(SHARED_TEXTS, lexicon=["腾笼换鸟", "最多跑一次"])
    by = {p.phrase: p for p in shared}
    assert by["最多跑一次改革"].counts == {"A": 1, "B": 1, "C": 1}
    assert by["最多跑一次"].counts == {"A": 1, "B": 1, "C": 1}  # lexicon: kept too
    assert by["腾笼换鸟"].counts == {"A": 2, "B": 1}
    assert by["腾笼换鸟"].kind == "lexicon" and by["最多跑一次改革"].kind == "ngram"
    # fragments of a longer phrase with the same zones, and stop-word edged ones, go
    for fragment in ("多跑一次改", "最多跑一次改", "跑一次改革", "进最多跑一次改革",
                     "深化最多跑一次改革", "推进最多跑一次改革"):
        assert fragment not in by
    assert {p.phrase for p in shared[:2]} == {"最多跑一次", "最多跑一次改革"}  # most zones first
    # each phrase really is in every zone listed, with the right count
    for p in shared:
        for z, n in p.counts.items():
            assert "\n".join(SHARED_TEXTS[z]).count(p.phrase) == n


def test_a_character_past_a_slogan_is_not_a_phrase():
    texts = {"A": ["腾笼换鸟成效明显"], "B": ["腾笼换鸟成果丰硕"]}
    shared, _ = shared_and_unique(texts, lexicon=["腾笼换鸟"])
    assert [p.phrase for p in shared] == ["腾笼换鸟"]


def test_unique_phrases_are_used_by_one_zone_only():
    shared, unique = shared_and_unique(SHARED_TEXTS, lexicon=["腾笼换鸟", "最多跑一次"])
    assert [p.phrase for p in unique["A"]] == ["园区平台建设"]  # repeated twice, only in A
    assert unique["A"][0].total == 2
    assert [(p.phrase, p.kind) for p in unique["C"]] == [("亩均论英雄", "quoted")]
    assert unique["B"] == []  # 大湾区大花园 appears once: not repeated


# ------------------------------------------------------------------ similarity


def test_shingles_and_cosine_by_hand():
    a = shingles("产城融合")          # 产城 城融 融合
    b = shingles("城融合作")          # 城融 融合 合作
    assert a == Counter({"产城": 1, "城融": 1, "融合": 1})
    assert cosine(a, b) == pytest.approx(2 / 3)
    assert cosine(a, a) == pytest.approx(1.0)
    assert cosine(a, shingles("乡村振兴")) == 0.0
    assert cosine(a, Counter()) == 0.0
    # punctuation splits clauses, ignored spans are blanked out
    assert shingles("产城，融合") == Counter({"产城": 1, "融合": 1})
    assert shingles("推进产城融合工作", [(2, 6)]) == Counter({"推进": 1, "工作": 1})
