"""Metadata detection, precedence and the corpus.toml manifest."""

from __future__ import annotations

import csv
import os
import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.meta import manifest  # noqa: E402
from index.meta.dates import normalize_date  # noqa: E402
from index.meta.detect import (  # noqa: E402
    detect,
    find_date,
    find_doc_number,
    find_source,
    find_title,
    find_zone,
    short_zone,
)
from index.meta.manifest import ManifestError, find_manifest, overrides, write_override  # noqa: E402
from index.meta.resolve import resolve  # noqa: E402
from index.model import RawDoc  # noqa: E402

SAMPLES = ROOT / "index" / "data" / "samples" / "zones"
from conftest import PROVINCES  # noqa: E402

SAMPLE_FILES = {
    "奉化": ("2020_奉化经济开发区_工作思路.txt", "000"),
    "梅山": ("2018_宁波国际海洋生态科技城_六争攻坚实施意见.txt", "001"),
    "北仑": ("2020_北仑区_六争攻坚专题报道.txt", "002"),
    "嵊州": ("2019_嵊州经济开发区_工作总结与计划.txt", "003"),
    "海门": ("海门开发区_工作计划.txt", "004"),
}


def raw_of(path: Path, **kw) -> RawDoc:
    return RawDoc(path=str(path), key=kw.pop("key", ""), text=path.read_text(encoding="utf-8"),
                  fmt="txt", **kw)


def sample(short: str) -> RawDoc:
    return raw_of(SAMPLES / SAMPLE_FILES[short][0])


def province_rows() -> list[dict]:
    csv.field_size_limit(sys.maxsize)
    rows = []
    for f in sorted(PROVINCES.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh), 1):  # keys keep the BOM, as a loader might
                rows.append({"path": f, "key": str(i), **row})
    return rows


def province_raw(row: dict, with_meta: bool = True) -> RawDoc:
    meta = {k: v for k, v in row.items() if k not in ("path", "key", "full_text")}
    return RawDoc(path=str(row["path"]), key=row["key"], text=row["full_text"], fmt="csv",
                  meta=meta if with_meta else {})


# ---------------------------------------------------------------- samples


@pytest.mark.parametrize("base", ["samples", "seeds"])
def test_detect_on_seeds(base, tmp_path):
    """On the samples, and on the same bytes under the seeds' uninformative names."""
    if base == "seeds":
        docs = {}
        for s, (name, seed) in SAMPLE_FILES.items():
            copy = tmp_path / f"{seed}_0123456789abcdef.txt"
            copy.write_bytes((SAMPLES / name).read_bytes())
            docs[s] = raw_of(copy)
    else:
        docs = {s: sample(s) for s in SAMPLE_FILES}

    fh = detect(docs["奉化"])
    assert fh["zone"] == "奉化经济开发区" and fh["short"] == "奉化"  # from "## 奉化经济开发区"
    assert fh["title"] == "打造新能源汽车产业园，建设产城融合示范区"  # the "# " heading
    assert fh["source"].endswith("特别报道")

    ms = detect(docs["梅山"])
    assert ms["doc_number"] == "甬海科党〔2018〕6号"  # not the 甬党办[2018]24号 cited in the body
    assert ms["zone"] == "宁波国际海洋生态科技城"
    assert ms["date"] == "2018-05-07" and ms["year"] == 2018  # signature line
    assert ms["title"].endswith("关于开展“六争攻坚、三年攀高”行动的实施意见")
    assert ms["source"] == "中共宁波市委国际海洋生态科技城工作委员会 宁波国际海洋生态科技城管理委员会"

    bl = detect(docs["北仑"])
    assert bl["zone"] == "北仑区" and bl["short"] == "北仑"
    assert bl["title"] == "北仑 对标“重要窗口”模范生 干出一流强区新样子"  # not the photo caption

    sz = detect(docs["嵊州"])
    assert sz["date"] == "2019-02-21" and sz["year"] == 2019
    assert sz["source"] == "开发区(浦口街道)"
    assert sz["short"] == "嵊州"  # 开发区(浦口街道) prefixed with the place the text names most

    hm = detect(docs["海门"])
    assert hm["short"] == "海门" and hm["date"] == "" and hm["year"] is None
    for d in (fh, ms, bl, sz, hm):
        assert set(d) == {"zone", "short", "title", "date", "year", "doc_number", "source"}


def test_shipped_manifest_resolves_exactly():
    entries = tomllib.loads((SAMPLES / "corpus.toml").read_text(encoding="utf-8"))
    assert set(entries) == {name for name, _ in SAMPLE_FILES.values()}
    zones = {"奉化": "奉化经济开发区", "梅山": "宁波国际海洋生态科技城 (梅山)", "北仑": "北仑区",
             "嵊州": "嵊州经济开发区 (浦口街道)", "海门": "海门"}
    for short, (name, _) in SAMPLE_FILES.items():
        got = resolve(sample(short))
        entry = entries[name]
        for field, value in entry.items():
            assert got[field] == value, (name, field)
        assert got["zone"] == zones[short] and got["short"] == short
        assert got["year"] == entry.get("year")  # Haimen: no year
    assert resolve(sample("梅山"))["doc_number"] == "甬海科党〔2018〕6号"
    assert resolve(sample("嵊州"))["date"] == "2019-02-21"


# ---------------------------------------------------------------- provincial reports


def test_provincial_detection_and_resolve():
    rows = province_rows()
    assert len(rows) >= 10
    for row in rows:
        province = row["\ufeffprovince"]
        found = detect(province_raw(row, with_meta=False))
        if row["full_text"].lstrip().startswith("政府工作报告"):  # Hainan: bare title in the text
            assert found["title"] == "政府工作报告"
        else:
            assert found["title"] == row["title"]
            assert found["date"] == row["publish_date"]  # 时间：2026-01-22 header
        assert found["zone"] == province, row["path"].name
        assert found["year"] == 2026
        got = resolve(province_raw(row))
        assert got["zone"] == province and got["title"] == row["title"]
        # issue 21: the date is the event's (the subtitle ——2026年1月25日在…会议上), read here
        # independently; the dataset's publication date is kept among the dates, unused
        m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日在[^。\n]{2,40}?人民代表大会", row["full_text"][:600])
        delivered = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
        assert got["date"] == delivered and got["date_kind"] == "delivered", province
        assert got["year"] == 2026 and delivered < row["publish_date"]
        assert {"date": row["publish_date"].replace("/", "-"), "kind": "published",
                "source": "dataset column", "how": "publish_date", "used": False} in got["dates"]
        assert got["short"] == short_zone(province)
    by_zone = {r["\ufeffprovince"]: r for r in rows}
    assert detect(province_raw(by_zone["浙江省"], False))["source"] == "浙江日报"
    assert detect(province_raw(by_zone["陕西省"], False))["source"] == "陕西省人民政府"


def test_zone_from_meta_title_when_no_province_column():
    raw = RawDoc(path="", key="1", text="各位代表：\n现在……", fmt="jsonl",
                 meta={"title": "2026年浙江省政府工作报告", "publish_date": "2026/01/22"})
    got = resolve(raw)
    assert (got["zone"], got["short"], got["date"], got["year"]) == ("浙江省", "浙江", "2026-01-22", 2026)


# ---------------------------------------------------------------- small detectors


@pytest.mark.parametrize("text,expected", [
    ("2019-02-21 10:00:03", "2019-02-21"),
    ("2018年5月7日", "2018-05-07"),
    ("2026/01/22", "2026-01-22"),
    ("二〇一八年五月七日", "2018-05-07"),
    ("二〇一九年十二月二十一日", "2019-12-21"),
    ("2020年3月", "2020-03"),
    ("2020-03", "2020-03"),
    ("2020", "2020"),
    (2020, "2020"),
    ("2020年", "2020"),
    ("", ""),
    ("undated", "undated"),
])
def test_normalize_date(text, expected):
    assert normalize_date(text) == expected


def test_normalize_toml_date():
    import datetime
    assert normalize_date(datetime.date(2018, 5, 7)) == "2018-05-07"


@pytest.mark.parametrize("line", ["甬海科党〔2018〕6号", "甬海科党[2018]6号", "甬海科党（2018）6号",
                                  "国办发〔2019〕第12号"])
def test_doc_number_brackets_as_written(line):
    assert find_doc_number(f"某某关于某事的通知\n{line}\n\n正文……") == line


def test_doc_number_ignores_body_citations():
    assert find_doc_number("标题\n\n根据《通知》(甬党办[2018]24号)精神，……") == ""
    assert find_doc_number("文号：浙政发〔2020〕3号\n标题") == "浙政发〔2020〕3号"


def test_find_date_sources():
    assert find_date("索 引 号: | x |\n发布机构: | 开发区 | 公开日期: | 2019-02-21 10:00:03 |\n正文") == "2019-02-21"
    assert find_date("标题\n时间：2026-01-22\n正文") == "2026-01-22"
    assert find_date("时间：\n2026-02-02 09:20\n来源：") == "2026-02-02"
    assert find_date("标题\n正文。\n\n某某管理委员会\n  二〇一八年五月七日  \n") == "2018-05-07"
    assert find_date("标题\n——2026年1月27日在某省会议上\n正文") == "2026-01-27"
    assert find_date("2020年，开发区将……") == ""  # a year alone is not a date


def test_find_title():
    assert find_title("下载\n打印\n【字号：\n2026年浙江省政府工作报告\n来源：浙江日报") == "2026年浙江省政府工作报告"
    assert find_title("# 某某区规划\n正文") == "某某区规划"
    assert find_title("一、2018年工作总结\n正文很长很长。", stem="doc") == "doc"  # numbered heading
    assert find_title("正文很长很长，没有标题。", ["凤凰新城 (陈张坤 摄)", "真正的标题"]) == "真正的标题"


@pytest.mark.parametrize("text,zone", [
    ("发布机构: | 某某高新区 | 公开日期: | 2020-01-01 |", "某某高新区"),
    ("## 奉化经济开发区\n# 标题", "奉化经济开发区"),
    ("杭州湾新区管委会关于某事的通知\n正文", "杭州湾新区"),
    ("2026年广西壮族自治区政府工作报告\n正文", "广西壮族自治区"),
    ("政府工作报告\n——2026年1月27日在海南省第七届人民代表大会第五次会议上\n海南省省长 某某", "海南省"),
])
def test_find_zone(text, zone):
    assert find_zone(text) == zone


def test_find_zone_uses_title_lines():
    assert find_zone("正文很长很长，没有标题。", ["嘉兴经济技术开发区2020年工作要点"]) == "嘉兴经济技术开发区"


def test_find_source():
    assert find_source("标题\n来源：浙江日报\n时间：2026-01-22") == "浙江日报"
    assert find_source("标题\n来源：\n陕西省人民政府\n分享:") == "陕西省人民政府"
    assert find_source("标题\n正文。") == ""


@pytest.mark.parametrize("zone,short", [
    ("浙江省", "浙江"), ("广西壮族自治区", "广西"), ("新疆维吾尔自治区", "新疆"), ("西藏自治区", "西藏"),
    ("北京市", "北京"), ("黑龙江省", "黑龙江"), ("宁波国际海洋生态科技城 (梅山)", "梅山"),
    ("嵊州经济开发区 (浦口街道)", "嵊州"), ("奉化经济开发区", "奉化"), ("北仑区", "北仑"),
    ("宁波市奉化区", "奉化"), ("延边朝鲜族自治州", "延边"), ("浦东新区", "浦东"), ("海门", "海门"), ("", ""),
    ("开发区(浦口街道)", "开发区"),
])
def test_short_zone(zone, short):
    assert short_zone(zone) == short


# ---------------------------------------------------------------- manifest


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_manifest_precedence_over_meta_and_detection(tmp_path):
    doc = tmp_path / "a.txt"
    shutil.copy(SAMPLES / SAMPLE_FILES["梅山"][0], doc)
    raw = raw_of(doc, meta={"zone": "元数据区", "title": "元数据标题", "date": "2017年1月2日"})
    # meta beats detection; but a bare `date` says not what it dates, and the text's dated
    # signature (the issue date) is the event (issue 21): the meta date stays among the dates
    got = resolve(raw)
    assert (got["zone"], got["short"], got["title"], got["date"], got["year"]) == (
        "元数据区", "元数据", "元数据标题", "2018-05-07", 2018)
    assert got["date_kind"] == "issued" and {"date": "2017-01-02", "kind": "dated", "used": False,
                                             "source": "file metadata", "how": "date"} in got["dates"]
    assert got["doc_number"] == "甬海科党〔2018〕6号"  # detected: no meta, no manifest
    # manifest beats meta; an empty manifest value still wins
    write(tmp_path / "corpus.toml", '["a.txt"]\nzone = "清单区 (别名)"\ndate = "2016-3-4"\ndoc_number = ""\n')
    got = resolve(raw)
    assert (got["zone"], got["short"], got["date"], got["year"], got["doc_number"]) == (
        "清单区 (别名)", "别名", "2016-03-04", 2016, "")
    assert got["title"] == "元数据标题"  # not in the manifest: meta


def test_defaults_table_and_subfolders(tmp_path):
    write(tmp_path / "corpus.toml",
          '[defaults]\nzone = "默认区"\nsource = "默认来源"\n\n["sub/deep/b.txt"]\nsource = "专门来源"\n')
    b = write(tmp_path / "sub" / "deep" / "b.txt", "正文")
    c = write(tmp_path / "sub" / "c.txt", "正文")
    assert find_manifest(b) == tmp_path / "corpus.toml"
    assert overrides(b) == {"zone": "默认区", "source": "专门来源"}
    assert overrides(c) == {"zone": "默认区", "source": "默认来源"}
    too_deep = write(tmp_path / "1" / "2" / "3" / "4" / "d.txt", "正文")
    assert find_manifest(too_deep) is None and overrides(too_deep) == {}
    # the nearest manifest is the one used
    write(tmp_path / "sub" / "corpus.toml", '["c.txt"]\nzone = "近处"\n')
    assert overrides(c) == {"zone": "近处"}


def test_row_override(tmp_path):
    data = write(tmp_path / "data.csv", "title,full_text\nx,y\n")
    write(tmp_path / "corpus.toml",
          '["data.csv"]\nsource = "整表"\n\n["data.csv".rows."3"]\nzone = "浙江省"\nyear = 2025\n')
    assert overrides(data, "3") == {"source": "整表", "zone": "浙江省", "year": 2025}
    assert overrides(data, "1") == {"source": "整表"}
    got = resolve(RawDoc(path=str(data), key="3", text="正文", fmt="csv", meta={"province": "江苏省"}))
    assert (got["zone"], got["short"], got["year"], got["source"]) == ("浙江省", "浙江", 2025, "整表")


def test_write_override_round_trip(tmp_path):
    write(tmp_path / "corpus.toml", '[defaults]\nsource = "S"\n\n["other.txt"]\nzone = "其他"\n')
    doc = write(tmp_path / "mine.txt", "正文")
    assert write_override(doc, "", {"zone": "新区", "year": 2021}) == tmp_path / "corpus.toml"
    assert overrides(doc) == {"source": "S", "zone": "新区", "year": 2021}
    write_override(doc, "", {"title": "标题", "year": None})  # None removes a field
    assert overrides(doc) == {"source": "S", "zone": "新区", "title": "标题"}
    write_override(doc, "2", {"zone": "行区"})
    data = tomllib.loads((tmp_path / "corpus.toml").read_text(encoding="utf-8"))
    assert data["other.txt"] == {"zone": "其他"} and data["defaults"] == {"source": "S"}
    assert data["mine.txt"] == {"zone": "新区", "title": "标题", "rows": {"2": {"zone": "行区"}}}
    assert list(tmp_path.glob(".corpus.*")) == []  # no temp files left


def test_write_override_creates_manifest(tmp_path):
    doc = write(tmp_path / "x" / "new.txt", "正文")
    manifest_path = write_override(doc, "", {"zone": "海门"})
    assert manifest_path == tmp_path / "x" / "corpus.toml"
    assert overrides(doc) == {"zone": "海门"}


def test_malformed_manifest_names_file(tmp_path):
    bad = write(tmp_path / "corpus.toml", '["a.txt"]\nzone = "unterminated\n')
    doc = write(tmp_path / "a.txt", "正文")
    with pytest.raises(ManifestError) as e:
        overrides(doc)
    assert str(bad) in str(e.value) and "line 2" in str(e.value)
    with pytest.raises(ManifestError):
        resolve(raw_of(doc))
    with pytest.raises(ManifestError):  # never overwrite a file the user must fix
        write_override(doc, "", {"zone": "z"})
    write(tmp_path / "corpus.toml", 'zone = "not a table"\n')
    with pytest.raises(ManifestError, match="corpus.toml"):
        overrides(doc)


def test_manifest_cache_follows_edits(tmp_path):
    m = write(tmp_path / "corpus.toml", '["a.txt"]\nzone = "一"\n')
    doc = write(tmp_path / "a.txt", "正文")
    assert overrides(doc) == {"zone": "一"}
    assert manifest.load(m) is manifest.load(m)  # cached
    m.write_text('["a.txt"]\nzone = "二号"\n', encoding="utf-8")
    st = m.stat()
    os.utime(m, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert overrides(doc) == {"zone": "二号"}


def test_edited_zone_and_year_are_what_the_filters_see(tmp_path):
    """A metadata edit re-indexes the document: zone:/year: filters (full-text tokens) follow
    the new values and forget the old ones."""
    import shutil

    from index.corpus import Corpus
    from index.search.engine import search

    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    corpus = Corpus(tmp_path / "x.db")
    corpus.index([folder])
    before = search(corpus.conn(), "招商 zone:海门", limit=0).hits
    assert before
    doc_id = before[0].doc_id
    corpus.set_metadata(doc_id, {"zone": "测试新区", "year": 2015})
    conn = corpus.conn()
    after = search(conn, "招商 zone:测试新区 year:2015", limit=0).hits
    assert [h.text for h in after] == [h.text for h in before]
    assert search(conn, "招商 zone:测试新区 year:2016", limit=0).hits == []
    # the short name follows the new zone (the samples' manifest had short = "海门")
    assert search(conn, "招商 zone:海门", limit=0).hits == []
    assert corpus.docs_by_id()[doc_id].short == "测试"
