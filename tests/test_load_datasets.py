"""Loading datasets (.csv, .jsonl) and walking folders."""

from __future__ import annotations

import io
import json
import random

from test_loaders import PROVINCES, SEED, gbk_text, load_one, reason, seed_text, write  # noqa: F401, F811

from index.load.loaders import COLUMN_NAMES, SUPPORTED, decode, load, walk  # noqa: F401
from index.model import LoadError, RawDoc  # noqa: F401

# ----------------------------------------------------------------------------- csv / jsonl


def csv_bytes(rows: list[list[str]], delimiter: str = ",", bom: bool = True) -> bytes:
    import csv

    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(rows)
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


def test_csv_provincial_columns(tmp_path, seed_text):  # noqa: F811 - pytest fixtures
    rows = [
        ["province", "year", "title", "source_url", "publish_date", "full_text"],
        ["北京市", "2026", "2026年北京市政府工作报告", "https://example.gov.cn/1", "2026-02-02", seed_text],
        ["吉林省", "2026", "空行", "", "", "  "],
        ["浙江省", "", "", "", "", "短文本\n第二行"],
    ]
    docs, warns = load(write(tmp_path, "省份 报告.csv", csv_bytes(rows)))
    assert warns == ["row 2: empty text, skipped"]
    assert [d.key for d in docs] == ["1", "3"]
    assert docs[0].text == seed_text and docs[0].fmt == "csv" and docs[0].encoding == "utf-8-sig"
    assert docs[0].meta == {
        "zone": "北京市",
        "year": 2026,
        "title": "2026年北京市政府工作报告",
        "source": "https://example.gov.cn/1",
        "date": "2026-02-02",
        "date_column": "publish_date",  # what the date is: a publication (meta/events.py)
    }
    assert docs[1].meta == {"zone": "浙江省"} and docs[1].text == "短文本\n第二行"


def test_csv_real_provincial_file():
    path = next(f for f in sorted(PROVINCES.glob("*.csv")) if "北京" in f.name)
    docs, warns = load(path)
    assert docs and not warns
    d = docs[0]
    assert d.key == "1" and d.meta["year"] == 2026 and d.meta["zone"] in path.name
    assert d.meta["title"].endswith("政府工作报告") and d.meta["source"].startswith("http")
    assert len(d.text) > 5000 and "\r" not in d.text


def test_csv_explicit_columns_and_errors(tmp_path, gbk_text):  # noqa: F811 - pytest fixtures
    rows = [[" Body_Text ", "地区", "标题"], [gbk_text, "宁波", "实施意见"]]
    data = csv_bytes(rows, delimiter="\t", bom=False).decode("utf-8").encode("gbk")
    p = write(tmp_path, "tab.csv", data)
    assert "no text column among: Body_Text, 地区, 标题 (name one with --text-column)" == reason(p)
    doc = load_one(p, columns={"text": "body_text"})
    assert doc.text == gbk_text and doc.encoding == "gbk"
    assert doc.meta == {"zone": "宁波", "title": "实施意见"}
    # explicit beats automatic: take the title from 地区
    assert load_one(p, columns={"text": "Body_Text", "title": "地区"}).meta["title"] == "宁波"
    r = reason(p, columns={"text": "正文"})
    assert "正文" in r and "Body_Text, 地区, 标题" in r
    semi = write(tmp_path, "semi.csv", "标题;内容\n甲;第一篇\n乙;第二篇\n")
    assert [d.text for d in load(semi)[0]] == ["第一篇", "第二篇"]


def test_column_names_export():
    assert "full_text" in COLUMN_NAMES["text"] and "province" in COLUMN_NAMES["zone"]
    assert "source_url" in COLUMN_NAMES["source"] and "publish_date" in COLUMN_NAMES["date"]
    assert SUPPORTED == {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".csv", ".jsonl"}


def test_jsonl(tmp_path, seed_text):  # noqa: F811 - pytest fixtures
    lines = [
        json.dumps({"Title": "实施意见", "content": seed_text, "province": "浙江", "year": 2018}, ensure_ascii=False),
        "",
        '{"title": "坏行", "content": "缺右括号"',
        json.dumps({"title": "空", "content": ""}, ensure_ascii=False),
        json.dumps(["不是对象"], ensure_ascii=False),
        json.dumps({"content": "第二篇\u2028同一行"}, ensure_ascii=False),
    ]
    docs, warns = load(write(tmp_path, "data.jsonl", "\r\n".join(lines)))
    assert [d.key for d in docs] == ["1", "6"]  # keys are line numbers
    assert docs[0].text == seed_text
    assert docs[0].meta == {"title": "实施意见", "zone": "浙江", "year": 2018}
    assert docs[1].text == "第二篇\u2028同一行"
    assert warns == [
        "line 3: not valid JSON, skipped",
        "line 4: empty text, skipped",
        "line 5: not a JSON object, skipped",
    ]
    assert reason(write(tmp_path, "bad.jsonl", "not json\n{oops\n")) == "not valid JSON lines"
    assert reason(write(tmp_path, "notext.jsonl", '{"a": 1, "b": 2}\n')).startswith("no text column among: a, b")


def test_only_load_errors_on_garbage(tmp_path, seed_text):  # noqa: F811 - pytest fixtures
    """Whatever the bytes, load() either works or raises LoadError."""
    rnd = random.Random(1)
    samples = [rnd.randbytes(300), b"\x00" * 50, b"PK\x03\x04" + rnd.randbytes(100), b"%PDF-1.4\n" + rnd.randbytes(200),
               b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
               "<html><".encode(), b'{"text": ', b'"a,b\n"x', seed_text.encode("utf-8")[:-1]]
    samples += [bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 400))) for _ in range(20)]
    for i, data in enumerate(samples):
        for suffix in SUPPORTED:
            p = write(tmp_path, f"g{i}{suffix}", data)
            try:
                docs, warns = load(p)
            except LoadError as e:
                assert str(e)
            else:
                assert all(isinstance(d, RawDoc) for d in docs)


# ----------------------------------------------------------------------------- walk


def test_walk(tmp_path):
    root = tmp_path / "语料 库"
    files = ["b.txt", "a 文件.md", "sub/z.csv", "sub/深 层/x.html", "其他.pdf"]
    for f in files:
        write(root, f, "x")
    write(root, ".hidden.txt", "x")
    write(root, ".git/config", "x")
    write(root, "corpus.toml", "[corpus]")
    write(root, "sub/corpus.toml", "[corpus]")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)  # a cycle
    (root / "sub" / "深 层" / "up").symlink_to(root / "sub", target_is_directory=True)
    (root / "alias.txt").symlink_to(root / "b.txt")

    got = [p.relative_to(root).as_posix() for p in walk([root], follow_links=True)]
    assert got == ["a 文件.md", "alias.txt", "b.txt", "sub/z.csv", "sub/深 层/x.html", "其他.pdf"]
    # by default links are not followed: what they point to is walked under its own name
    default = [p.relative_to(root).as_posix() for p in walk([root])]
    assert default == ["a 文件.md", "b.txt", "sub/z.csv", "sub/深 层/x.html", "其他.pdf"]
    # again: deterministic; a missing path is passed through; a folder given twice is walked once
    missing = tmp_path / "nope.txt"
    again = list(walk([str(root), missing, root / "sub"], follow_links=True))
    assert [p.relative_to(root).as_posix() for p in again[:6]] == got and again[6:] == [missing]
    assert list(walk([root / "b.txt"])) == [root / "b.txt"]


def test_walk_symlink_loop_only(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "to_b").symlink_to(b, target_is_directory=True)
    (b / "to_a").symlink_to(a, target_is_directory=True)
    (b / "正文.txt").write_text("内容", encoding="utf-8")
    assert [p.name for p in walk([a], follow_links=True)] == ["正文.txt"]
    assert load_one(next(walk([a], follow_links=True))).text == "内容"
    assert list(walk([a])) == []  # b is outside a: not followed by default
