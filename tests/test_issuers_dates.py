"""Issue 21, items 2: who said it (issuers checked against a gazetteer, with levels) and
when (the event's date, every date kept with its kind and source)."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.meta import events, gazetteer  # noqa: E402
from index.meta.detect import find_zone, zone_in_line  # noqa: E402
from index.meta.levels import level_source  # noqa: E402
from index.meta.resolve import resolve  # noqa: E402
from index.model import RawDoc  # noqa: E402

PROVINCES = ROOT / "index" / "data" / "samples" / "provinces-2026"


def province_files() -> list[Path]:
    files = sorted(PROVINCES.glob("*.csv"))
    assert len(files) == 16, PROVINCES
    return files
csv.field_size_limit(sys.maxsize)


def test_gazetteer_is_shipped_by_a_package():
    assert gazetteer.available()
    assert gazetteer.place("嵊州市").parent == "绍兴市"
    assert gazetteer.place("北京市").level == "省"
    assert gazetteer.place("海门市").name == "海门区"  # by its stem: a district since 2020


# Titles as State Council and NPC collections write them (generated, not bundled).
NATIONAL_TITLES = [
    ("1954年国务院政府工作报告", "国务院"),
    ("国务院政府工作报告", "国务院"),
    ("2025年国务院政府工作报告", "国务院"),
    ("国务院总理在第十四届全国人民代表大会第三次会议上的政府工作报告", "国务院"),
    ("第十四届全国人民代表大会第三次会议关于政府工作报告的决议", "全国人民代表大会"),
    ("全国人民代表大会关于2024年国民经济和社会发展计划执行情况与2025年计划的决议", "全国人民代表大会"),
    ("第一届全国人民代表大会第一次会议关于政府工作报告的决议", "全国人民代表大会"),
    ("全国人民代表大会常务委员会关于批准2023年中央决算的决议", "全国人民代表大会常务委员会"),
    ("中共中央 国务院关于深化改革的意见", "中共中央"),
    ("国务院关于印发“十四五”数字经济发展规划的通知", "国务院"),
    ("国务院办公厅关于进一步优化营商环境的意见", "国务院办公厅"),
    ("财政部关于2024年中央和地方预算执行情况的报告", "财政部"),
    ("国家发展和改革委员会关于印发某方案的通知", "国家发展和改革委员会"),
]
LOCAL_TITLES = [
    ("浙江省人民政府关于印发某方案的通知", "浙江省", "省"),
    ("宁波市北仑区人民政府办公室关于做好某工作的通知", "宁波市北仑区", "区"),
    ("2026年浙江省政府工作报告", "浙江省", "省"),
    ("陕西省2026年政府工作报告", "陕西省", "省"),
    ("湖南省第十四届人民代表大会第五次会议关于政府工作报告的决议", "湖南省", "省"),
    ("嵊州市人民政府关于某事的批复", "嵊州市", "市"),
    ("苏州工业园区管委会关于招商的通知", "苏州工业园区", "开发区"),
]
# verb + 县/区/市: none of them names a body
NOT_ZONES = ["完善县级医疗卫生体系", "推开县域综合医改", "搞好县乡财政", "建立县级储备", "提升县城承载能力",
             "完善县域商业体系", "推进县域经济", "加强市域治理", "做好区域协调", "港特区政府",
             "提升县级医院能力", "健全市场体系", "深化区域合作"]


@pytest.mark.parametrize(("title", "issuer"), NATIONAL_TITLES)
def test_national_issuer_from_title(title, issuer):
    assert zone_in_line(title) == issuer
    assert level_source(issuer)[0] == "国家"


@pytest.mark.parametrize(("title", "issuer", "level"), LOCAL_TITLES)
def test_local_issuer_from_title(title, issuer, level):
    assert zone_in_line(title) == issuer
    assert level_source(issuer)[0] == level


@pytest.mark.parametrize("phrase", NOT_ZONES)
def test_verb_before_county_is_no_zone(phrase):
    assert zone_in_line(phrase) == ""
    body = f"政府工作报告\n各位代表：\n{phrase}，{phrase}，{phrase}。\n{phrase}。"
    assert find_zone(body) == ""


def test_state_council_report_opening_names_its_issuer():
    text = ("政府工作报告\n——2025年3月5日在第十四届全国人民代表大会第三次会议上\n国务院总理 李强\n"
            "各位代表：\n现在，我代表国务院，向大会报告政府工作。完善县级医院，推开县域医共体，搞好县乡。")
    got = resolve(RawDoc(path="", key="", text=text, fmt="txt"))
    assert (got["zone"], got["level"], got["date"], got["date_kind"]) == (
        "国务院", "国家", "2025-03-05", "delivered")


def test_npc_resolution_opening_names_its_issuer_and_adoption():
    text = ("关于2024年国民经济和社会发展计划执行情况与2025年国民经济和社会发展计划的决议\n"
            "（2025年3月11日第十四届全国人民代表大会第三次会议通过）\n"
            "第十四届全国人民代表大会第三次会议审查了国务院提出的报告。会议同意……\n")
    got = resolve(RawDoc(path="", key="", text=text, fmt="txt"))
    assert (got["zone"], got["level"], got["date"], got["date_kind"]) == (
        "全国人民代表大会", "国家", "2025-03-11", "issued")


OPENINGS = [  # (file name, text, zone, date, kind): bodies as the collections print them
    ("1954_政府工作报告.txt", "政府工作报告\n——一九五四年九月二十三日在第一届全国人民代表大会第一次会议上\n"
     "周恩来\n各位代表：\n完善县级政权，推开县域工作。搞好县乡工作。", "国务院", "1954-09-23", "delivered"),
    ("1978年政府工作报告.txt", "团结起来，为建设社会主义的现代化强国而奋斗\n——一九七八年二月二十六日在第五届"
     "全国人民代表大会第一次会议上的政府工作报告\n华国锋\n各位代表：\n……", "国务院", "1978-02-26",
     "delivered"),
    ("计划报告.txt", "关于2024年国民经济和社会发展计划执行情况与2025年国民经济和社会发展计划草案的报告\n"
     "——2025年3月5日在第十四届全国人民代表大会第三次会议上\n国家发展和改革委员会\n各位代表：\n受国务院委托……",
     "国家发展和改革委员会", "2025-03-05", "delivered"),
    ("决议.txt", "第十四届全国人民代表大会第二次会议关于政府工作报告的决议\n（2024年3月11日第十四届全国人民代表大会"
     "第二次会议通过）\n第十四届全国人民代表大会第二次会议听取和审议了国务院总理李强所作的政府工作报告。",
     "全国人民代表大会", "2024-03-11", "issued"),
]


@pytest.mark.parametrize(("name", "text", "zone", "date", "kind"), OPENINGS)
def test_national_openings(tmp_path, name, text, zone, date, kind):
    got = resolve(RawDoc(path=str(tmp_path / name), key="", text=text, fmt="txt"))
    assert (got["zone"], got["level"], got["date"], got["date_kind"]) == (zone, "国家", date, kind)
    assert not got["title"].startswith("——")  # a subtitle is not the title


def test_real_titles_of_the_bundled_reports():
    for f in province_files():
        with open(f, encoding="utf-8-sig") as fh:
            (row,) = list(csv.DictReader(fh))
        assert zone_in_line(row["title"]) == row["province"], f.name
        assert level_source(row["province"]) == ("省", "gazetteer")
    meishan = "中共宁波市委国际海洋生态科技城工作委员会 宁波国际海洋生态科技城管理委员会关于开展“六争攻坚、三年攀高”行动的实施意见"
    assert zone_in_line(meishan) == "宁波国际海洋生态科技城"


# ---------------------------------------------------------------- dates


def _delivered(text: str) -> str:
    """The subtitle's date, read here independently of the code under test."""
    m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日在[^。\n]{2,40}?人民代表大会", text[:600])
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"


def test_provinces_dated_by_delivery_everywhere(provinces_db):
    from index.corpus import Corpus

    corpus = Corpus(provinces_db)
    docs = {d.zone: d for d in corpus.docs() if d.level == "省"}
    assert len(docs) == 16
    for f in province_files():
        with open(f, encoding="utf-8-sig") as fh:
            (row,) = list(csv.DictReader(fh))
        d = docs[row["province"]]
        j = d.as_json()
        assert j["date"] == _delivered(row["full_text"]) and j["date_kind"] == "delivered", f.name
        assert j["provenance"]["date"] == "text"
        assert j["dates"][0]["used"] and j["dates"][0]["kind"] == "delivered"
        assert any(e["kind"] == "published" and e["date"] == row["publish_date"]
                   and not e["used"] for e in j["dates"])
    # 河南 (delivered 01-26) before 重庆 (01-28), both published on 02-03; 湖南 (delivered 02-03,
    # published 02-24) before 安徽 (delivered 02-05, published 02-11); 浙江 first (01-14)
    assert docs["河南省"].date < docs["重庆市"].date
    assert docs["湖南省"].date < docs["安徽省"].date
    fu = corpus.first_use("政府工作报告")
    order = [a.zone for a in fu.adoptions]
    assert order[0] == "浙江省"
    assert order.index("河南省") < order.index("重庆市")
    assert order.index("湖南省") < order.index("安徽省")  # published 02-24 vs 02-11


def test_body_date_contradicting_title_and_file_year_is_not_used(tmp_path):
    from index.meta.resolve import resolve as res

    p = tmp_path / "2018_梧桐经济开发区_工作总结.txt"
    text = ("梧桐经济开发区2018年工作总结\n"
            "2018年，开发区认真贯彻落实各项部署。\n"
            "2026年2月4日在区委全会上，书记回顾了2018年的工作。\n"
            "一、主要工作\n招商引资取得新进展。\n"
            "2026年2月4日\n")
    p.write_text(text, encoding="utf-8")
    got = res(RawDoc(path=str(p), key="", text=text, fmt="txt"))
    assert got["zone"] == "梧桐经济开发区" and got["year"] == 2018
    assert not got["date"].startswith("2026")
    refused = [e for e in got["dates"] if e["date"] == "2026-02-04"]
    assert refused and all(not e["used"] and "contradicts" in e["note"] for e in refused)


def test_a_mentioned_date_is_not_the_documents():
    text = "关于某事的报告\n2024年3月1日，省委召开会议，部署全年工作。\n一、总体要求\n"
    assert events.text_dates(text) == []
    got = resolve(RawDoc(path="", key="", text=text, fmt="txt"))
    assert got["date"] == "" and got["dates"] == []


def test_kinds_from_columns_and_text():
    got = resolve(RawDoc(path="", key="1", fmt="csv", text="某市政府工作报告\n各位代表：\n……\n",
                         meta={"issued": "2024-01-20", "publish_date": "2024-02-01"}))
    assert (got["date"], got["date_kind"], got["provenance"]["date"]) == (
        "2024-01-20", "issued", "dataset column")
    labelled = "索引号：1\n成文日期：2023-12-28\n发布日期：2024-01-03\n关于某事的通知\n正文。\n"
    got = resolve(RawDoc(path="", key="", text=labelled, fmt="txt"))
    assert (got["date"], got["date_kind"]) == ("2023-12-28", "issued")
    assert [e["kind"] for e in got["dates"]] == ["issued", "published"]


def test_a_database_without_the_date_columns_still_opens(tmp_path):
    """Additive migration: a database of the same schema made before date_kind and dates
    reads (read-only) with no dates, and gains the columns when opened for writing."""
    import sqlite3

    from index.store.connection import connect
    from index.store.ingest import index_paths
    from index.store.library import list_docs

    db = tmp_path / "old.db"
    src = tmp_path / "docs"
    src.mkdir()
    (src / "2019_嵊州经济开发区_工作思路.txt").write_text(
        "嵊州经济开发区2019年工作思路\n2019年2月21日\n一、总体要求\n招商引资。\n", encoding="utf-8")
    index_paths(db, [src])
    raw = sqlite3.connect(db)
    raw.execute("ALTER TABLE docs DROP COLUMN dates")
    raw.execute("ALTER TABLE docs DROP COLUMN date_kind")
    raw.commit()
    raw.close()
    conn = connect(db)
    (d,) = list_docs(conn)
    conn.close()
    assert d.date == "2019-02-21" and d.dates == [] and d.as_json()["date_kind"] == ""
    conn = connect(db, write=True)
    cols = {r[1] for r in conn.execute("PRAGMA table_info(docs)")}
    conn.close()
    assert {"date_kind", "dates"} <= cols
