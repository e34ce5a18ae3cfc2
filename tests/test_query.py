"""The query language: any string is a valid query, filters and operators are understood."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.search.engine import search
from index.search.query import parse
from index.store.connection import connect
from index.text.normal import fold


def test_terms_phrases_or_and_exclusions():
    q = parse('产城融合 "招大 引强" 营商环境 OR 放管服 -疫情 zone:海门 year:2018-2020 doc:x')
    assert q.groups == [["产城融合"], ["招大 引强"], ["营商环境", "放管服"]]
    assert q.exclude == ["疫情"]
    assert q.zones == ["海门"] and q.years == (2018, 2020) and q.docs == ["x"]


def test_operators_and_syntax_are_literal_text():
    q = parse('a AND b NEAR(c) * "unclosed')
    assert q.groups == [["a"], ["b"], ["NEAR(c)"], ["*"], ["unclosed"]]
    assert parse("year:abc").groups == [["year:abc"]]
    assert parse("OR OR").groups == []


def test_fold_ignores_width_case_and_space():
    assert fold("ＰＭ２．５ Ai\u3000（一）") == "pm2.5ai(一)"


def test_fold_skips_only_characters_that_fold_to_themselves():
    """fold() leaves the CJK ideograph blocks as they are; every one of them must fold to
    itself, character by character, or the index and the queries would disagree."""
    from index.text.normal import IDENTITY_RANGES, fold_char

    for lo, hi in IDENTITY_RANGES:
        assert all(fold_char(chr(c)) == chr(c) for c in range(lo, hi + 1))


@given(st.text(max_size=60))
def test_fold_is_the_characters_folds_joined(text):
    from index.text.normal import fold_char

    assert fold(text) == "".join(fold_char(c) for c in text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=0, max_size=40))
def test_any_string_is_a_valid_query_and_hits_contain_its_terms(samples_db, text):
    conn = connect(samples_db)
    result = search(conn, text, limit=10)
    q = result.query
    for hit in result.hits:
        body = fold(hit.text)
        for group in q.groups:
            assert any(fold(t) in body for t in group)
        for t in q.exclude:
            assert fold(t) not in body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(['"', "'", "(", ")", "*", "^", ":", "-", "NEAR", "AND", "OR", "NOT",
                        "; DROP TABLE paras; --", "\x1b[31m", "\x00", "产城", "融合", " "]),
       st.lists(st.sampled_from(['"', "(", "*", "产", "OR", "-", "zone:", "year:", "税"]),
                max_size=8))
def test_operator_soup_never_raises(samples_db, head, tail):
    conn = connect(samples_db)
    search(conn, head + "".join(tail), limit=5)
    search(conn, " ".join([head, *tail]), limit=5)


def test_quotes_keep_dashes_and_the_other_kind_of_quote():
    q = parse('"-5%" -"新冠 疫情" “招大引强” "“八八战略”"')
    assert q.groups == [["-5%"], ["招大引强"], ["“八八战略”"]]
    assert q.exclude == ["新冠 疫情"]


def test_filter_only_and_exclusion_only_queries_list_in_reading_order(samples_db):
    conn = connect(samples_db)
    haimen = search(conn, "zone:海门", limit=0).hits
    assert haimen and {h.short for h in haimen} == {"海门"}
    assert [h.para for h in haimen] == sorted(h.para for h in haimen)
    without = search(conn, "zone:海门 -招商", limit=0).hits
    assert without and all("招商" not in h.text for h in without)
    assert len(without) == len([h for h in haimen if "招商" not in h.text])
    assert len(search(conn, "zone:海门", limit=5, offset=5).hits) == 5


def test_spans_map_back_to_the_original_text():
    from index.text.normal import find_spans

    text = "推进 5Ｇ 与ＡＩ\u200b融合，建设（一）号工程；ＰＭ２．５ 下降"
    for needle, shown in [("5g", "5Ｇ"), ("ai", "ＡＩ"), ("(一)", "（一）"), ("pm2.5", "ＰＭ２．５")]:
        (s, e), = find_spans(text, [needle])
        assert text[s:e] == shown
    assert find_spans("产城融合与产城融合", ["产城融合"]) == [(0, 4), (5, 9)]
