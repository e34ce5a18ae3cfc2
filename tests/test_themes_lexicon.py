"""The shipped theme lexicon against the real corpus, and the theme-file loader."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from conftest import PROVINCES, SEED_FILES  # noqa: E402

from index.words.themes import (  # noqa: E402
    Theme,
    ThemeError,
    adhoc_theme,
    find_theme,
    load_themes,
    user_theme_paths,
)

GENERIC = ["发展", "建设", "推进", "工作", "服务", "加强"]


def _paras(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n+", text) if p.strip()]


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[str]]:
    """Document key ("seed:001", "prov:浙江省") -> its paragraphs."""
    csv.field_size_limit(10**9)
    docs = {}
    for i, p in enumerate(SEED_FILES):
        docs[f"seed:{i:03d}"] = _paras(p.read_text(encoding="utf-8"))
    for p in sorted(PROVINCES.glob("*.csv")):
        with p.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                docs[f"prov:{row['province']}"] = _paras(row["full_text"])
    assert len(docs) == 5 + 16
    return docs


@pytest.fixture(scope="module")
def themes() -> dict[str, Theme]:
    return load_themes()


def _hits(theme: Theme, paras: list[str]) -> list[str]:
    return [p for p in paras if theme.regex().search(p)]


# ------------------------------------------------------------------ lexicon


def test_enough_themes_with_glosses(themes):
    assert len(themes) >= 15
    for t in themes.values():
        assert t.gloss and t.expressions() and t.source.endswith("themes.toml")


def test_every_theme_matches_the_corpus(themes, corpus):
    all_paras = [p for paras in corpus.values() for p in paras]
    dead = [name for name, t in themes.items() if not _hits(t, all_paras)]
    assert dead == []


def test_no_generic_terms(themes):
    for t in themes.values():
        for word in GENERIC:
            assert word not in t.expressions(), f"{t.name} has generic term {word}"


def test_chancheng_variants(themes, corpus):
    t = themes["产城融合"]
    assert t.regex().search("产城深度融合")
    beilun = " ".join(corpus["seed:002"])
    assert "产城深度融合" in beilun and t.regex().search(beilun)
    shengzhou = " ".join(corpus["seed:003"])
    assert any(m.group() == "科产城融合" for m in t.regex().finditer(shengzhou))
    for phrase in ["以产促城", "以城兴产", "产城人融合", "产城一体化"]:
        assert t.regex().search(phrase), phrase
    assert not t.regex().search("产城。融合")  # a gap never crosses a sentence end


def test_zhaoshang_variants(themes):
    t = themes["招商引资"]
    for phrase in ["招商选资", "招大引强", "以商招商", "驻点招商", "基金招商", "精准招商", "项目招引"]:
        assert t.regex().search(phrase), phrase
    assert t.family_of("招商选资") == "招商引资"


def test_meishan_investment_paragraphs(themes, corpus):
    meishan = corpus["seed:001"]
    assert not any("招商" in p for p in meishan)  # 梅山 phrases it differently
    hits = _hits(themes["招商引资"], meishan)
    # caught by its own wording (签约落户, 加快引进…项目), never by the 项目争速 slogan alone
    # nor by 项目落地 as construction progress (狠抓项目落地 … 有效投资攻坚)
    assert hits and all(re.search("签约落户|引进|落户企业", p) for p in hits)
    assert not any(p.startswith("二、项目争速") or "狠抓项目落地" in p for p in hits)


def test_land_family(themes, corpus):
    t = themes["土地集约"]
    assert "亩产论英雄" in t.families["亩均论英雄"]
    assert t.family_of("亩产论英雄") == "亩均论英雄"
    assert t.family_of("腾笼换鸟") == "腾笼换鸟"
    shengzhou = " ".join(corpus["seed:003"])
    found = {t.family_of(m.group()) for m in t.regex().finditer(shengzhou)}
    assert {"亩均论英雄", "腾笼换鸟", "低效用地"} <= found
    # the provincial slogan 做优增量、盘活存量 is not a land expression
    assert not t.regex().search("扩大内需、优化供给，做优增量、盘活存量，因地制宜发展新质生产力")


def test_business_environment_zone_phrasing(themes):
    t = themes["营商环境"]
    for phrase in ["最多跑一次", "放管服", "店小二", "代办帮办", "一窗受理", "不见面审批"]:
        assert t.regex().search(phrase), phrase


# ------------------------------------------------------------------ Theme and loader


def test_regex_gap_and_longest_first():
    t = Theme("x", "", ["亩均", "亩均论英雄"], ["引进…{8}项目", "产城…融合"], {})
    assert t.regex() is t.regex()  # cached
    assert t.regex().search("深化亩均论英雄改革").group() == "亩均论英雄"
    assert t.regex().search("加快引进一批智能制造项目")
    assert not t.regex().search("加快引进一批高端先进的智能制造项目")  # gap of 12 > 8
    assert t.regex().search("产城深度融合")
    assert not t.regex().search("产城。融合")
    assert t.expressions() == ["亩均论英雄", "亩均"]


def test_user_file_overrides_and_adds(tmp_path):
    user = tmp_path / "themes.toml"
    user.write_text(
        '[[theme]]\nname = "产城融合"\ngloss = "mine"\nterms = ["职住平衡"]\n\n'
        '[[theme]]\nname = "海洋经济"\ngloss = "marine economy"\nterms = ["海洋经济", "蓝色经济"]\n'
        'patterns = ["海洋…产业"]\n[theme.families]\n"海洋经济" = ["海洋经济", "海洋强省"]\n',
        encoding="utf-8",
    )
    shipped = load_themes()
    themes = load_themes([user])
    assert len(themes) == len(shipped) + 1
    assert themes["产城融合"].gloss == "mine" and themes["产城融合"].source == str(user)
    assert not themes["产城融合"].regex().search("产城融合")  # replaced, not merged
    sea = themes["海洋经济"]
    assert sea.regex().search("发展海洋生物医药产业") and "海洋强省" in sea.expressions()
    assert find_theme(themes, "Marine Economy") is sea
    assert find_theme(themes, "海洋经济") is sea
    assert find_theme(themes, "no such theme") is None


@pytest.mark.parametrize(
    "body, problem",
    [
        ('[[theme]]\ngloss = "g"\nterms = ["产城融合"]\n', "no name"),
        ('[[theme]]\nname = "空"\nterms = []\n', "terms is empty"),
        ('[[theme]]\nname = "坏"\nterms = ["a"]\npatterns = ["…融合"]\n', "bad pattern"),
        ('[[theme]]\nname = "坏"\nterms = ["a"]\npatterns = ["产城……融合"]\n', "bad pattern"),
        ('[[theme]]\nname = "坏"\nterms = ["a"]\npatterns = ["产城…{0}融合"]\n', "bad pattern"),
        ('[[theme]]\nname = "坏"\nterm = ["a"]\n', "unknown key"),
        ('[[theme]]\nname = "坏"\nterms = ["产城…融合"]\n', "put it in patterns"),
        ('[[theme]]\nname = "a"\nterms = ["x"]\n[[theme]]\nname = "a"\nterms = ["y"]\n', "twice"),
        ('[theme]\nname = "a"\nterms = ["x"]\n', "[[theme]]"),
        ('[[theme]\nname = "a"\n', "not valid TOML"),
    ],
)
def test_malformed_files_raise(tmp_path, body, problem):
    bad = tmp_path / "themes.toml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(ThemeError) as err:
        load_themes([bad])
    assert str(bad) in str(err.value) and problem in str(err.value)


def test_user_theme_paths(tmp_path, monkeypatch):
    import platformdirs

    config = tmp_path / "config"
    monkeypatch.setattr(platformdirs, "user_config_path", lambda app, **kw: config / app)
    corpus_a, corpus_b = tmp_path / "a", tmp_path / "b"
    corpus_a.mkdir()
    corpus_b.mkdir()
    assert user_theme_paths([corpus_a, corpus_b]) == []
    (config / "duizhao").mkdir(parents=True)
    (config / "duizhao" / "themes.toml").write_text("", encoding="utf-8")
    (corpus_b / "themes.toml").write_text("", encoding="utf-8")
    assert user_theme_paths([corpus_a, corpus_b]) == [
        config / "duizhao" / "themes.toml",
        corpus_b / "themes.toml",
    ]


def test_adhoc_theme():
    t = adhoc_theme("招商选资  招大引强 引进…项目")
    assert t.name == "招商选资  招大引强 引进…项目" and t.gloss == "ad-hoc query"
    assert t.terms == ["招商选资", "招大引强"] and t.patterns == ["引进…项目"]
    assert t.regex().search("全力打好招商选资攻坚战")
    assert t.regex().search("加快引进一批项目")
    with pytest.raises(ThemeError):
        adhoc_theme("   ")
