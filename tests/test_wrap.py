from rich.cells import cell_len
from rich.text import Text

from tui.wrap import NO_START, break_offsets, wrap

PARA = ("一方面是加快公安、城管融合管理。将城管、公安等社会管理职能向属地转移，实行片区化管理。"
        "另一方面是致力社区管理转型，将滨海社区转型创建成为一个新型工业社区，配备相应的基础行政管理职能和社区干部。")


def test_lines_fit_and_never_start_with_closing_punctuation():
    for width in range(6, 61):
        lines = wrap(Text(PARA), width).plain.split("\n")
        assert "".join(lines) == PARA
        assert all(cell_len(line) <= width for line in lines)
        assert not any(line[0] in NO_START for line in lines[1:]), width


def test_styles_survive_wrapping():
    t = Text(PARA)
    t.stylize("bold", 4, 8)
    wrapped = wrap(t, 20)
    assert any(span.style == "bold" for span in wrapped.spans)


def test_explicit_newlines_are_kept():
    assert break_offsets("一二\n三四", 10) == [3]


def test_double_closing_marks_move_down_together():
    text = "甲乙丙丁戊己庚辛壬癸。”子丑寅卯"
    for width in range(8, 24):  # narrower lines cannot always avoid it
        lines = wrap(Text(text), width).plain.split("\n")
        assert not any(line[0] in NO_START for line in lines[1:]), (width, lines)


def test_latin_words_stay_whole():
    text = "5 passages · 7.4/万字 · 10% of sections · spread 40%"
    lines = wrap(Text(text), 31).plain.split("\n")
    assert lines[0].rstrip().endswith("of") or lines[0].rstrip().endswith("10%")
    assert all(cell_len(line) <= 31 for line in lines)


def test_numbers_in_chinese_text_are_not_split():
    text = "全面落实“3550”工程，力争完成投资120.5亿元，同比增长15.3%以上。"
    for width in range(10, 40):
        lines = wrap(Text(text), width).plain.split("\n")
        assert "".join(lines) == text
        for a, b in zip(lines, lines[1:]):
            assert not (a[-1].isdigit() and b[0].isdigit()), (width, lines)
