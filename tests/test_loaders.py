"""Behavioural tests for index/load/loaders.py, on real policy text where it is available."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from conftest import PROVINCES, SEED_FILES  # noqa: E402,F401  (PROVINCES: used by test_load_datasets)

from index.load.loaders import decode, load
from index.model import LoadError, RawDoc

SEED = SEED_FILES[1]

# Traditional Chinese policy-style sample (Big5-encodable), written for the Big5 test.
TRADITIONAL = (
    "國務院關於進一步加強經濟發展與社會建設的意見\n"
    "各省、自治區、直轄市人民政府，國務院各部委、各直屬機構：\n"
    "為了貫徹落實黨中央決策部署，推動高質量發展，現提出以下意見。\n"
    "一、總體要求\n堅持以人民為中心的發展思想，統籌發展和安全。\n"
)


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")[:2000]


@pytest.fixture(scope="module")
def gbk_text(seed_text) -> str:
    """Seed text restricted to what GBK can encode (the seed has a few nbsp)."""
    return seed_text.encode("gbk", errors="ignore").decode("gbk")


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def load_one(path: Path, **kw) -> RawDoc:
    docs, warns = load(path, **kw)
    assert len(docs) == 1 and warns == []
    return docs[0]


def reason(path: Path, **kw) -> str:
    with pytest.raises(LoadError) as e:
        load(path, **kw)
    return str(e.value)


# ----------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "codec, expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", None),  # Python writes a BOM in native order
        ("utf-16-le+bom", "utf-16-le"),
        ("utf-16-be+bom", "utf-16-be"),
        ("utf-16-le", "utf-16-le"),  # no BOM: found from the NUL pattern
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_unicode_round_trip(tmp_path, seed_text, codec, expected):
    if codec.endswith("+bom"):
        codec = codec[:-4]
        bom = "\ufeff".encode(codec)
    else:
        bom = b""
    data = bom + seed_text.encode(codec)
    text, enc = decode(data)
    assert text == seed_text
    assert not text.startswith("\ufeff")
    if expected:
        assert enc == expected
    doc = load_one(write(tmp_path, "doc.txt", data))
    assert doc.text == seed_text and doc.fmt == "txt" and doc.key == ""


def test_gbk_round_trip(tmp_path, gbk_text):
    text, enc = decode(gbk_text.encode("gbk"))
    assert (text, enc) == (gbk_text, "gbk")
    assert load_one(write(tmp_path, "gbk.txt", gbk_text.encode("gbk"))).text == gbk_text


def test_gb18030_round_trip(gbk_text):
    text_in = gbk_text + "\n䶮"  # U+4DAE needs a four-byte GB18030 sequence
    text, enc = decode(text_in.encode("gb18030"))
    assert (text, enc) == (text_in, "gb18030")


def test_big5_traditional_round_trip(tmp_path):
    text, enc = decode(TRADITIONAL.encode("big5"))
    assert text == TRADITIONAL and enc == "big5"
    doc = load_one(write(tmp_path, "繁體.txt", TRADITIONAL.encode("big5")))
    assert "國務院" in doc.text and doc.encoding == "big5"


def test_short_gbk_and_big5_are_told_apart():
    for s in ["中文", "测试一下", "資料庫與軟體開發"]:
        assert decode(s.encode("gbk"))[0] == s
    for s in ["中文", "今天天氣很好。", "香港特別行政區政府"]:
        assert decode(s.encode("big5"))[0] == s


def test_damaged_utf8_stays_utf8(seed_text):
    text = seed_text + "态"
    cut, enc = decode(text.encode("utf-8")[:-1])  # last character cut in half
    assert enc == "utf-8" and cut == text[:-1] + "\ufffd"
    data = text.encode("utf-8")
    stray, enc = decode(data[:999] + b"\x00" + data[999:])  # one stray NUL is dropped
    assert (stray, enc) == (text, "utf-8")


def test_line_endings_normalised_and_nothing_else(tmp_path):
    raw = "第一行\r\n　　第二行  尾随空格 \r第三行\r\n\r\n\t第四行"
    text, _ = decode(raw.encode("utf-8"))
    assert text == "第一行\n　　第二行  尾随空格 \n第三行\n\n\t第四行"
    # the same for UTF-16 and GBK
    assert decode(raw.encode("utf-16"))[0] == text
    assert decode(raw.encode("gbk"))[0] == text


def test_binary_and_empty_files(tmp_path):
    rnd = random.Random(7)
    noise = bytes(rnd.getrandbits(8) for _ in range(4096))
    assert reason(write(tmp_path, "noise.txt", noise)) == "binary file, not text"
    # random bytes without any NUL are still not text
    no_nul = bytes(b for b in noise if b)
    assert reason(write(tmp_path, "noise2.txt", no_nul)) == "binary file, not text"
    # a PNG renamed to .txt
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + noise[:200]
    assert reason(write(tmp_path, "image.md", png)) == "binary file, not text"
    with pytest.raises(LoadError, match="binary"):
        decode(b"abc\x00\x01\x02\x03def\x00\xff\xfe\x00")
    assert reason(write(tmp_path, "empty.txt", b"")) == "empty file"
    assert reason(write(tmp_path, "blank.txt", " \n\r\n\t\n")) == "empty file"
    assert reason(write(tmp_path, "bom-only.txt", b"\xef\xbb\xbf")) == "empty file"


def test_file_level_errors(tmp_path):
    assert reason(tmp_path / "missing.txt") == "no such file"
    assert reason(write(tmp_path, "x.XYZ", "hello")) == "unsupported format .xyz"
    assert reason(write(tmp_path, "noext", "hello")).startswith("unsupported format")
    big = write(tmp_path, "big.txt", "政策" * 1000)
    assert reason(big, max_bytes=1000) == "file too large (6 KB > 1000 bytes limit)"
    assert "MB" in reason(write(tmp_path, "b2.txt", b"x" * (3 * 2**20)), max_bytes=2**20)
    assert reason(tmp_path) == "is a folder, not a file"
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    assert reason(link) == "broken symbolic link"


def test_suffix_dispatch_is_case_insensitive(tmp_path, seed_text):
    assert load_one(write(tmp_path, "UPPER.TXT", seed_text)).text == seed_text
    assert load_one(write(tmp_path, "Notes.MarkDown", "# 标题\n正文")).fmt == "md"


def test_large_single_line_and_large_file_are_fast(tmp_path, seed_text):
    line = seed_text.replace("\n", "")
    one_line = (line * (2 * 2**20 // len(line.encode()) + 1)).encode()
    assert len(one_line) > 2 * 2**20
    doc = load_one(write(tmp_path, "line.txt", one_line))
    assert "\n" not in doc.text and len(doc.text.encode()) == len(one_line)
    # ~20 MB, GBK (the slow path: scoring plus a full decode)
    gbk = (line.encode("gbk", errors="ignore") + b"\r\n") * (20 * 2**20 // len(line.encode("gbk", "ignore")))
    doc = load_one(write(tmp_path, "big.txt", gbk))
    assert doc.encoding == "gbk" and "\r" not in doc.text


# ----------------------------------------------------------------------------- txt / md front matter


def test_yaml_front_matter(tmp_path, seed_text):
    fm = "---\nTitle: 关于开展行动的实施意见\ndate: 2018-03-01\nyear: 2018\ndoc_number: '甬海科党〔2018〕6号'\nzone: 宁波\n---\n"
    doc = load_one(write(tmp_path, "a.md", fm + seed_text))
    assert doc.text == seed_text
    assert doc.meta == {
        "title": "关于开展行动的实施意见",
        "date": "2018-03-01",
        "year": 2018,
        "doc_number": "甬海科党〔2018〕6号",
        "zone": "宁波",
    }


def test_toml_front_matter(tmp_path, seed_text):
    fm = '+++\ntitle = "实施意见"\nyear = 2018\ndate = 2018-03-01\ntags = ["科技", "海洋"]\n+++\n'
    doc = load_one(write(tmp_path, "a.txt", fm + seed_text))
    assert doc.text == seed_text
    assert doc.meta == {"title": "实施意见", "year": 2018, "date": "2018-03-01", "tags": "科技, 海洋"}


def test_not_front_matter_is_left_alone(tmp_path):
    # a horizontal rule followed by prose is not front matter
    text = "---\n管委会各部门,各有关单位:\n为进一步统一思想。\n---\n正文"
    doc = load_one(write(tmp_path, "a.md", text))
    assert doc.text == text and doc.meta == {}
    bad = '+++\ntitle = "unclosed\n+++\n正文'
    docs, warns = load(write(tmp_path, "b.md", bad))
    assert docs[0].text == bad and "TOML" in warns[0]


# ----------------------------------------------------------------------------- html

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>关于开展行动的实施意见_宁波市人民政府</title>
<meta name="PubDate" content="2018-03-01"><meta name="ContentSource" content="宁波市人民政府">
<script>var tracker = "不应出现";</script><style>.x{color:red}</style></head>
<body><div id="top-nav"><a>首页</a><a>政务公开</a></div>
<header class="site"><h1>宁波市人民政府门户网站</h1></header>
<div class="breadcrumb">首页 &gt; 政策文件</div>
<aside>相关链接</aside>
<div class="article"><h1>关于开展“六争攻坚、三年攀高”行动的实施意见</h1>
<div class="TRS_Editor"><p>甬海科党〔2018〕6号</p><p>管委会各部门，各有关单位：</p>
<p>　　为进一步统一思想，<b>凝聚</b>人心，
振奋精神，动员全委上下提振精气神。</p>
<h2>一、总体要求</h2><p>第一句。<br>第二句。</p>
<h3>（一）主要目标</h3>
<table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>项目争速</td></tr></table>
<div style="display:none">隐藏内容</div>
</div><div class="share-bar">分享到：微信 微博</div><button>打印</button></div>
<div class="footer">版权所有 宁波市人民政府</div><footer>联系我们</footer>
<noscript>请启用脚本</noscript></body></html>"""


def test_html_drops_chrome_and_keeps_headings(tmp_path):
    doc = load_one(write(tmp_path, "page.html", HTML))
    assert doc.fmt == "html" and doc.encoding == "utf-8"
    lines = doc.text.split("\n")
    assert lines[0] == "# 关于开展“六争攻坚、三年攀高”行动的实施意见"
    assert "## 一、总体要求" in lines and "### （一）主要目标" in lines
    assert "　　为进一步统一思想，凝聚人心，振奋精神，动员全委上下提振精气神。" in lines
    assert "第一句。" in lines and "第二句。" in lines  # <br> is a line break
    assert "序号  任务" in lines and "1  项目争速" in lines
    for chrome in ["首页", "政务公开", "门户网站", "相关链接", "分享到", "打印", "版权所有",
                   "联系我们", "不应出现", "color", "隐藏内容", "请启用脚本"]:
        assert chrome not in doc.text, chrome
    assert "\n\n\n" not in doc.text
    assert doc.meta["title"] == "关于开展行动的实施意见_宁波市人民政府"
    assert doc.meta["date"] == "2018-03-01" and doc.meta["source"] == "宁波市人民政府"


def test_html_declared_gb2312_and_title_from_h1(tmp_path):
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
            "<body><main><h1>实施意见</h1><p>　　为进一步统一思想。</p></main></body></html>")
    doc = load_one(write(tmp_path, "gb.HTM", html.encode("gbk")))
    assert doc.encoding == "gbk"
    assert doc.text == "# 实施意见\n　　为进一步统一思想。"
    assert doc.meta["title"] == "实施意见"


def test_html_page_wrapped_in_a_form(tmp_path):
    # ASP.NET pages put everything in one <form>; a search box form is still chrome
    html = ('<body><form id="form1"><div class="nav">首页</div><form><input>搜索</form><h1>实施意见</h1>'
            "<p>第一段。</p><p>第二段。</p></form></body>")
    assert load_one(write(tmp_path, "aspx.html", html)).text == "# 实施意见\n第一段。\n第二段。"


def test_html_deep_nesting_and_chrome_only(tmp_path):
    bare = "<title>标题_网站</title><h2>一、总则</h2><p>正文。</p>"  # no <body>: the title is not body text
    assert load_one(write(tmp_path, "bare.html", bare)).text == "## 一、总则\n正文。"
    deep = "<div>" * 5000 + "深层正文" + "</div>" * 5000
    assert load_one(write(tmp_path, "deep.html", deep)).text == "深层正文"
    assert "no text" in reason(write(tmp_path, "nav.html", "<nav>首页</nav><script>x</script>"))


# ----------------------------------------------------------------------------- docx


def make_docx(path: Path, seed_text: str) -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = "六争攻坚实施意见"
    d.add_heading("关于开展行动的实施意见", level=1)
    d.add_paragraph("管委会各部门，各有关单位：")
    d.add_heading("一、总体要求", level=2)
    for para in seed_text.split("\n")[4:8]:
        d.add_paragraph(para)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "序号", "任务"
    t.cell(1, 0).text, t.cell(1, 1).text = "1", "项目争速"
    d.add_paragraph("宁波国际海洋生态科技城管理委员会")
    d.save(path)


def test_docx(tmp_path, seed_text):
    p = tmp_path / "意见 终稿.docx"
    make_docx(p, seed_text)
    doc = load_one(p)
    lines = doc.text.split("\n")
    assert doc.fmt == "docx" and doc.encoding is None
    assert lines[0] == "# 关于开展行动的实施意见"
    assert lines[1] == "管委会各部门，各有关单位："
    assert lines[2] == "## 一、总体要求"
    assert lines[-3:] == ["序号  任务", "1  项目争速", "宁波国际海洋生态科技城管理委员会"]  # tables in place
    assert "\n\n\n" not in doc.text
    assert doc.meta == {"title": "六争攻坚实施意见"}  # python-docx's template date is not kept


def test_docx_damaged(tmp_path, seed_text):
    p = tmp_path / "good.docx"
    make_docx(p, seed_text)
    data = p.read_bytes()
    for cut in (len(data) // 3, len(data) - 100):
        r = reason(write(tmp_path, "cut.docx", data[:cut]))
        assert r.startswith("damaged or truncated .docx (")
    r = reason(write(tmp_path, "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600))
    assert r.startswith("damaged or truncated .docx") and ".doc" in r
    assert reason(write(tmp_path, "text.docx", seed_text)).startswith("damaged or truncated .docx")


# ----------------------------------------------------------------------------- pdf


def make_pdf(pages: list[list[str]], title: str | None = None, **kw) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kw)
    if title:
        c.setTitle(title)
    for lines in pages:
        c.setFont("STSong-Light", 12)
        for i, line in enumerate(lines):
            c.drawString(72, 760 - 18 * i, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_pdf(tmp_path, seed_text):
    page1 = [ln.strip() for ln in seed_text.split("\n") if ln.strip()][:2]
    data = make_pdf([page1, ["一、总体要求", "项目争速、产业争先。"]], title="实施意见")
    doc = load_one(write(tmp_path, "文件.PDF", data))
    assert doc.fmt == "pdf" and doc.meta["title"] == "实施意见"
    assert page1[0] in doc.text and "甬海科党〔2018〕6号" in doc.text
    first, second = doc.text.split("\n\n", 1)  # pages joined by a blank line
    assert "一、总体要求" not in first and "一、总体要求" in second


def test_pdf_failures(tmp_path):
    data = make_pdf([["关于开展行动的实施意见"]])
    for cut in (len(data) // 10, len(data) // 2, len(data) - 20):
        assert reason(write(tmp_path, "cut.pdf", data[:cut])).startswith("damaged or truncated .pdf")
    assert reason(write(tmp_path, "fake.pdf", "不是PDF")) == "not a PDF file (no %PDF header)"

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(72, 72, 200, 200, fill=1)  # drawing only, like a scanned page
    c.showPage()
    c.save()
    assert reason(write(tmp_path, "scan.pdf", buf.getvalue())) == "PDF has no text layer (scanned image?)"
    locked = make_pdf([["机密"]], encrypt="secret")
    assert reason(write(tmp_path, "locked.pdf", locked)) == "encrypted PDF"
