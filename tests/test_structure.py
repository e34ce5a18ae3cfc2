"""index.clean (text repair) and index.structure (document tree) on the real seeds and
provincial reports bundled in index/data/samples/provinces-2026/."""

from __future__ import annotations

import csv
import gc
import re
import time
from functools import lru_cache

import pytest
from conftest import PROVINCES, SEED_FILES  # noqa: E402

from index.text.repair import repair, split_sentences
from index.text.structure import MAX_PARA_CHARS, outline, parse, split_long

PROVINCE_NAMES = ["浙江省", "北京市", "陕西省", "海南省", "湖南省", "新疆维吾尔自治区"]



@lru_cache(None)
def seed(n: int) -> str:
    return SEED_FILES[n].read_text(encoding="utf-8")


@lru_cache(None)
def province(name: str) -> str:
    csv.field_size_limit(10**9)
    with open(next(PROVINCES.glob(f"*_{name}_*.csv")), encoding="utf-8", newline="") as f:
        return next(csv.DictReader(f))["full_text"]


@lru_cache(None)
def parsed(key):
    return parse(seed(key) if isinstance(key, int) else province(key))


def all_texts():
    return [seed(n) for n in range(5)] + [province(p) for p in PROVINCE_NAMES]


def texts(p):
    return [x.text for x in p.paras]


def para_with(p, needle):
    return next(x for x in p.paras if needle in x.text)


# ---------------------------------------------------------------- repair


def test_fenghua_page_breaks_rejoined():
    t = texts(parsed(0))
    assert any("努力缓解疫情影响" in x for x in t)
    assert any("完善基础配套设施建设" in x for x in t)
    assert any("示范带动作用强的非公企业" in x for x in t)  # the repeated 用 is dropped
    assert any("设置中高层" in x for x in t)
    whole = "\n".join(t)
    assert whole.count("完善基础配套设") == 1  # the stray fragment before 强化产城融合 is gone
    assert "设施建设" in whole[whole.index("完善基础配套设"):][:12]


def test_beilun_page_breaks_rejoined():
    t = texts(parsed(2))
    assert any("通过抓进度、重储备、强招引、促开工" in x for x in t)
    assert any("截至10月底" in x for x in t)
    assert any(x.endswith("6个重大产业平台。") for x in t)


def test_repeated_char_kept_when_doubling_is_ordinary():
    p = parse("总的要求是：\n\n我们要坚持以人民为中心，做到人\n\n人参与，共建美好家园。\n\n"
              "工作要持之以恒，常\n\n常抓不懈，久久为功。")
    assert [x.text for x in p.paras][1:] == ["我们要坚持以人民为中心，做到人人参与，共建美好家园。",
                                             "工作要持之以恒，常常抓不懈，久久为功。"]


def test_repeated_fragment_dropped():
    text = ("一、总体要求\n\n坚持稳中求进工作总基调，推动高质量发展，完善基础配\n\n"
            "二、重点任务\n\n坚持稳中求进工作总基调，推动高质量发展，完善基础配\n\n套设施建设。")
    t = [x.text for x in parse(text).paras]
    assert t == ["一、总体要求", "二、重点任务", "坚持稳中求进工作总基调，推动高质量发展，完善基础配套设施建设。"]


def test_hard_wrapped_text_rejoined():
    paras = ["一、总体要求", "为进一步统一思想、凝聚人心、振奋精神，动员全区上下提振精气神、鼓足实干劲，"
             "大力推进项目争速、产业争先、科技争投、城乡争优，现制定如下实施意见。",
             "坚持问题导向、目标导向，以项目招引、企业服务、产城融合、作风改进等重点工作为抓手，"
             "着力推动思想大解放、工作大进步、服务大优化、效率大提升。"] * 3
    wrapped = "\n".join("\u3000\u3000" + "\n".join(p[i:i + 24] for i in range(0, len(p), 24))
                        for p in paras)
    assert [x.text for x in parse(wrapped).paras] == paras


@pytest.mark.parametrize("name", PROVINCE_NAMES)
def test_provincial_chrome_removed(name):
    p = parsed(name)
    widgets = {"下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】", "相关报道：",
               "分享:", "首页", ">", "扫一扫在手机打开当前页"}
    for x in p.paras:
        assert x.text not in widgets
        assert not re.match(r"(来源|时间)[:：]", x.text)
        assert not re.fullmatch(r"\S*(省长|市长|主席) \S+", x.text)  # the governor's byline
    assert any(b.kind == "chrome" for b in repair(province(name)))


def test_provincial_title_lines():
    assert "2026年浙江省政府工作报告" in parsed("浙江省").title_lines
    assert parsed("陕西省").title_lines.count("陕西省2026年政府工作报告") == 1
    for name in PROVINCE_NAMES:
        tl = parsed(name).title_lines
        assert tl and "政府工作报告" in tl[0] and "各位代表：" not in tl


def test_seed_title_lines():
    assert parsed(0).title_lines[-1] == "打造新能源汽车产业园，建设产城融合示范区"
    assert "特别报道" in parsed(0).title_lines[0]
    meishan = parsed(1)
    assert len(meishan.title_lines) == 1 and meishan.title_lines[0].endswith("实施意见")
    assert [x.kind for x in meishan.paras[:4]] == ["heading", "body", "body", "body"]
    assert meishan.paras[1].text == "甬海科党〔2018〕6号"
    assert parsed(2).title_lines == ["北仑 对标“重要窗口”模范生 干出一流强区新样子"]
    assert parsed(3).title_lines == [] and parsed(4).title_lines == []


def test_captions_and_subheadings():
    beilun = {x.text: x.kind for x in parsed(2).paras}
    for caption in ["凤凰新城 (陈张坤 摄)", "宁波·北仑南甯青年音乐节", "凤凰城首批重大项目启动暨凤环巢项目开工仪式",
                    "旭升压铸车间", "北仑青年体育公园 (蒋晓东 摄)"]:
        assert beilun[caption] == "caption", caption
    assert beilun["坚持争先进位不松劲 重大项目引领产业升级"] == "heading"
    assert beilun["坚持攻坚克难不退缩 问需问策为基层解难纾困"] == "heading"
    assert beilun["时代潮流浩浩荡荡，唯有弄潮儿能永立潮头。"] == "body"
    assert para_with(parsed(0), "宁波市比亚迪电动汽车零部件项目").kind == "caption"
    assert para_with(parsed("北京市"), "本报记者 戴冰摄").kind == "caption"


# ---------------------------------------------------------------- structure


def test_section_paths():
    shengzhou = parsed(3)
    assert para_with(shengzhou, "招商选资").path[0] == "2018年工作总结"
    assert para_with(shengzhou, "精品招商工程").path[0] == "2019年工作思路"
    lead = para_with(shengzhou, "1.重提质抓转型")
    assert lead.kind == "body" and lead.path == ["2018年工作总结", "重提质抓转型,工业经济稳中有进"]
    fenghua = parsed(0)
    platform = para_with(fenghua, "加快尚桥区块建设")
    assert "强化产城融合，有效提升园区动能" in platform.path and platform.path[-1] == "加快平台建设"
    assert platform.text.startswith("加快平台建设。一方面")  # ** markers removed
    heading = para_with(fenghua, "强化项目招引")
    assert heading.kind == "heading" and heading.text == "强化项目招引，有效激发发展后劲"
    assert heading.path == ["强化项目招引，有效激发发展后劲"]
    meishan = parsed(1)
    item = para_with(meishan, "(一)强化完善重大项目库。")
    assert item.kind == "body" and item.path == ["项目争速", "强化完善重大项目库"]
    assert para_with(meishan, "二、项目争速").kind == "heading"
    for p in [parsed(n) for n in range(5)]:
        for x in p.paras:
            assert x.seq == p.paras.index(x) + 1
            if x.section is not None:
                assert x.path[-1] == p.sections[x.section].title


def test_item_runs_become_subsections():
    for p, parent_title in [(parsed(4), "高层次推进开发开放,全面打造园区发展新优势"),
                            (parsed(3), "重能级抓项目,招商选资卓有成效")]:
        parent = next(s for s in p.sections if s.title == parent_title)
        subs = [s for s in p.sections if s.parent == parent.idx]
        assert [s.number for s in subs][:3] == ["一是", "二是", "三是"]
        assert all(s.level == parent.level + 1 for s in subs)
        first = next(x for x in p.paras if x.section == subs[0].idx)
        assert first.text.startswith("一是") and first.kind == "body"
        assert first.path[-2:] == [parent_title, subs[0].title]
    assert [s.title for s in parsed(4).sections[1:4]] == ["优化招商模式", "突出招大引强", "强化项目推进"]
    lead = para_with(parsed(3), "3.重能级抓项目")
    assert lead.text == "3.重能级抓项目,招商选资卓有成效。"  # the text before 一是 stays in the section


def test_item_marker_needs_punctuation_before_it():
    p = parse("一、总则\n坚持全国统一是关键，唯一是目标不变，二是次要。")
    assert [s.number for s in p.sections] == ["一、"] and len(p.paras) == 2
    p = parse("一、总则\n主要做法有：一是抓项目；二是抓服务；三是抓作风。")
    assert [(s.number, s.title) for s in p.sections[1:]] == [("一是", "抓项目"), ("二是", "抓服务"),
                                                              ("三是", "抓作风")]
    assert [x.text for x in p.paras[1:]] == ["主要做法有：", "一是抓项目；", "二是抓服务；", "三是抓作风。"]


def test_item_runs_across_paragraphs():
    beijing = parsed("北京市")
    first = para_with(beijing, "一是首都功能持续优化提升")
    second = para_with(beijing, "二是科技创新加快引领")
    s1, s2 = beijing.sections[first.section], beijing.sections[second.section]
    assert (s1.number, s2.number) == ("一是", "二是") and s1.parent == s2.parent
    assert beijing.sections[s1.parent].title == "2025年工作回顾"


def test_levels_follow_numbering_nesting():
    zj = parsed("浙江省")
    by_title = {s.title: s for s in zj.sections}
    top = by_title["2026年重点工作"]
    mid = by_title["着力促进高质量发展和高水平安全良性互动"]
    low = by_title["医疗卫生方面"]
    assert (top.number, top.level) == ("三、", 1)
    assert (mid.number, mid.level, mid.parent) == ("（九）", 2, top.idx)
    assert (low.number, low.level, low.parent) == ("1.", 3, mid.idx)
    p = parse("1.总体要求\n总的要求是这样。\n（1）细则\n细则是这样。\n2.保障措施\n保障是这样。")
    assert [(s.number, s.level) for s in p.sections] == [("1.", 1), ("（1）", 2), ("2.", 1)]
    md = parse("说明。\n\n# 甲\n\n正文。\n\n## 乙\n\n正文。\n\n### 丙\n\n正文。\n\n## 丁\n\n正文。")
    assert [(s.title, s.level, s.parent) for s in md.sections] == [
        ("甲", 1, None), ("乙", 2, 0), ("丙", 3, 1), ("丁", 2, 0)]
    ch = parse("第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于全区。\n第二章 附则\n第三条 本办法自发布之日起施行。")
    assert [(s.number, s.level) for s in ch.sections] == [
        ("第一章", 1), ("第一条", 2), ("第二条", 2), ("第二章", 1), ("第三条", 2)]


@pytest.mark.parametrize("key", [0, 1, 2, 3, 4, "浙江省", "湖南省", "海南省"])
def test_outline(key):
    p = parsed(key)
    ol = outline(p)
    assert len(ol) == len(p.sections) > 0
    seqs = [seq for _, _, seq in ol]
    assert seqs == sorted(seqs) and all(seq >= 1 for seq in seqs)
    for (level, label, seq), s in zip(ol, p.sections):
        assert level == s.level and s.title in label and p.paras[seq - 1].section == s.idx


def test_outline_labels():
    ol = outline(parsed(3))
    assert ol[0] == (1, "一、2018年工作总结", 1)
    assert (1, "2019年工作思路") in [(lv, lab) for lv, lab, _ in ol]
    assert any(lab == "一是引进重点项目" and lv == 3 for lv, lab, _ in ol)
    assert outline(parsed(0))[0][:2] == (1, "强化项目招引，有效激发发展后劲")


# ---------------------------------------------------------------- invariants


def test_split_sentences():
    s = "他说：“好。”然后走了！真的吗？是的；等等……还有（见附件。）尾巴"
    assert split_sentences(s) == ["他说：“好。”", "然后走了！", "真的吗？", "是的；", "等等……",
                                  "还有（见附件。）", "尾巴"]
    assert split_sentences("") == []


def test_sentences_round_trip():
    for t in all_texts():
        for x in parse(t).paras:
            assert "".join(split_sentences(x.text)) == x.text


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"^#+\s", "", s.strip()).replace("**", ""))


def test_no_body_text_lost():
    for t in all_texts():
        chrome = {b.line for b in repair(t) if b.kind == "chrome"}
        whole = "".join(_norm(x.text) for x in parse(t).paras)
        for i, line in enumerate(t.split("\n")):
            if i in chrome:
                continue
            for sentence in split_sentences(_norm(line)):
                assert len(sentence) <= 15 or sentence in whole, sentence


def test_reparse_is_stable():
    """Writing the paragraphs out (headings as markdown) and parsing again gives the same
    texts; captions stay captions (a lead line whose body went to 一是 items may come back
    as a heading, a caption among scraped header lines as a title line)."""
    for n, t in enumerate(all_texts()):
        p = parse(t)
        out = "\n\n".join("#" * (p.sections[x.section].level if x.section is not None else 1)
                          + " " + x.text if x.kind == "heading" else x.text for x in p.paras)
        q = parse(out)
        assert texts(q) == texts(p)
        if n < 5:
            assert [x.seq for x in q.paras if x.kind == "caption"] == [
                x.seq for x in p.paras if x.kind == "caption"]


def test_empty_and_blank():
    assert parse("").paras == [] and parse("\n \n\u3000\n").paras == []


def _best_time(fn, text: str, runs: int = 3) -> float:
    """The least CPU time of this thread over `runs` calls, collections held: other
    processes and threads on the machine do not count (a wall-clock ratio of the same
    calls went to 13.6 under load)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.thread_time()
            fn(text)
            best = min(best, time.thread_time() - start)
    finally:
        gc.enable()
    return best


def test_parsing_time_grows_linearly_with_input():
    """Four times the text takes about four times as long (a quadratic step would take
    sixteen): a check of complexity against a baseline of the same run, in CPU time, not
    of this machine's speed (timings are in bench/)."""
    para = ("一、总体要求\n\n坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，一是抓项目，二是抓服务。\n\n"
            "（一）强化创新驱动。推动科技创新和产业创新深度融合，加快\n\n发展新质生产力。\n\n")
    small = para * (100_000 // len(para.encode()))
    assert len(parse(small * 4).paras) > 5_000
    ratio = _best_time(parse, small * 4) / _best_time(parse, small)
    assert ratio < 8, f"4x the paragraphs took {ratio:.1f}x as long"
    line = "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念" * (100_000 // 75)
    # one line of 133,000 characters: stored whole, in pieces of at most MAX_PARA_CHARS
    p = parse(line * 4)
    assert "".join(x.text for x in p.paras) == line * 4
    assert max(len(x.text) for x in p.paras) <= MAX_PARA_CHARS < len(line)
    ratio = _best_time(parse, line * 4) / _best_time(parse, line)
    assert ratio < 8, f"a line 4x as long took {ratio:.1f}x as long"


def test_a_very_long_paragraph_is_cut_after_sentence_ends():
    sentence = "推动科技创新和产业创新深度融合，加快发展新质生产力。"
    text = sentence * (3 * MAX_PARA_CHARS // len(sentence))
    pieces = split_long(text)
    assert "".join(pieces) == text and len(pieces) >= 3
    assert all(len(p) <= MAX_PARA_CHARS and p.endswith("。") for p in pieces[:-1])
    assert split_long("短段落。") == ["短段落。"]
