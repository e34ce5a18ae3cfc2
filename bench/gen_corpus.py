"""Deterministic benchmark corpora built from the real report text in the repository.

    uv run bench/gen_corpus.py --mb 50 --out bench/out/corpus-50

The only real text we have is about 1 MB (16 provincial government work reports in
index/data/samples/provinces-2026/ and the zone documents in index/data/samples/zones/). A
benchmark that copied those files a hundred times would measure a corpus with a fixed
vocabulary and 21 zones, which flatters an index. So documents are rebuilt from the real material:

* the real text is cut into body paragraphs, then into sentences (at 。！？；), and its
  headings are collected by level (一、 / （一） / 1.);
* each generated document picks a zone, a year and a kind, gets a portal-style header
  (title, 发布机构, 公开日期) and an official heading tree, and its paragraphs take their
  lengths from the real paragraph-length distribution; a paragraph is filled with real
  sentences, mostly consecutive ones of one source paragraph (so that words that go
  together stay together) with random jumps;
* the real place names in the sentences are replaced by the document's own zone or by other
  generated names, and figures (not years, not 5G / PM2.5) by random figures of the same
  shape, years are shifted to the document's year;
* zones are generated names (two or three characters of real place names, plus 开发区 /
  高新区 / 新区 / 县 / 市 …), about one zone per six documents, so the number of zones and
  the vocabulary (names, figures) grow with the corpus instead of repeating one file.

Layout: OUT/<zone>/<year>_<zone>_<kind>.txt (20–80 KB each) plus, for about a tenth of the
bytes, OUT/datasets/reports_NN.csv in the provincial dataset format (province, year, title,
source_url, publish_date, full_text). Sizes are in MB of UTF-8 text (10^6 bytes).

The output is a pure function of (--mb, --seed, generator version, source text): a rerun
with the same parameters finds OUT/.gen.json and does nothing.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

VERSION = 2
DEFAULT_SEED = 20260122
ROOT = Path(__file__).resolve().parent.parent
PROVINCES_DIR = Path(os.environ.get("DUIZHAO_BENCH_SOURCES",
                                    ROOT / "index" / "data" / "samples" / "provinces-2026"))
SAMPLES_DIR = ROOT / "index" / "data" / "samples" / "zones"
MB = 10**6
CSV_SHARE = 0.10  # part of the bytes written as CSV datasets
CSV_FILE_BYTES = 4 * MB  # a dataset file holds rows up to about this size
DOCS_PER_ZONE = 6
YEARS = range(2015, 2027)
SOURCE_YEAR = 2026  # the provincial reports are the 2026 reports (on 2025)
MARKER = ".gen.json"

csv.field_size_limit(10**9)

# Real place names; only those that occur in the source text are used (their characters
# make the generated names, and their occurrences are replaced in the sentences).
PLACE_NAMES = """
北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东
海南 四川 贵州 云南 陕西 甘肃 青海 广西 西藏 新疆 宁夏 内蒙古 宁波 北仑 奉化 嵊州 海门 梅山 杭州
温州 绍兴 金华 衢州 台州 丽水 嘉兴 湖州 舟山 义乌 萧山 余姚 永嘉 苍南 德清 浦江 仙居 云和 长春
通化 白山 四平 松原 白城 辽源 珲春 太原 大同 吕梁 晋中 长治 临汾 阳泉 郑州 洛阳 开封 信阳 南阳
新乡 安阳 周口 商丘 驻马店 南宁 柳州 桂林 梧州 北海 钦州 防城港 百色 崇左 来宾 荔浦 东兰 福州
厦门 泉州 漳州 莆田 三明 南平 龙岩 宁德 平潭 拉萨 林芝 日喀则 昌都 山南 那曲 阿里 涪陵 黔江
西安 咸阳 宝鸡 延安 榆林 汉中 安康 商洛 渭南 铜川 杨凌 哈尔滨 大庆 牡丹江 黑河 鹤岗 绥化 武汉
荆州 宜昌 襄阳 十堰 黄石 孝感 黄冈 咸宁 恩施 随州 鄂州 荆门 长沙 株洲 湘潭 岳阳 常德 衡阳 邵阳
益阳 郴州 永州 怀化 娄底 湘西 张家界 海口 三亚 儋州 琼海 文昌 万宁 五指山 洋浦 合肥 芜湖 蚌埠
亳州 马鞍山 安庆 黄山 滁州 阜阳 宿州 六安 宣城 池州 乌鲁木齐 喀什 伊犁 吐鲁番 哈密 和田 阿克苏
昌吉 石河子
""".split()
# Characters that make a generated name look like a word rather than a place.
NAME_AVOID = set("山江河海湖")  # allowed, but never both characters of a two-character name

ZONE_SUFFIXES = [("经济开发区", 5), ("高新区", 4), ("新区", 2), ("县", 4), ("市", 4),
                 ("开发区", 3), ("经济技术开发区", 2), ("工业园区", 1), ("高新技术产业开发区", 1),
                 ("区", 2)]
CITY_LIKE = ("县", "市", "区")

KINDS = ["工作总结", "工作计划", "实施意见", "工作要点", "行动方案", "政府工作报告", "专题报道"]
TOPICS = ["加快推进产城融合发展", "进一步优化营商环境", "推动制造业高质量发展", "加快建设现代化产业体系",
          "深入实施创新驱动发展战略", "全面推进乡村振兴", "推进招商引资提质增效", "加快数字经济发展",
          "培育发展新质生产力", "推动绿色低碳转型", "扩大高水平对外开放", "加强基础设施建设",
          "促进民营经济发展壮大", "深化“放管服”改革", "开展“六争攻坚、三年攀高”行动"]
SENT_END = "。！？；"
_SENT = re.compile(r"[^。！？；]*[。！？；]+[”’）」』]?|[^。！？；]+$")
_L1 = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.+)$")
_L2 = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]\s*(.+)$")
_L3 = re.compile(r"^(\d{1,2})[.．、](?!\d)\s*(.+)$")
_NUM = re.compile(r"(?<![A-Za-z0-9.])\d+(?:\.\d+)?(?![A-Za-z0-9])")
CN_NUM = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals, as used in headings: 一, 十, 十二, 二十三."""
    if n <= 10:
        return "零一二三四五六七八九十"[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_NUM[tens - 1]) + "十" + ("" if ones == 0 else CN_NUM[ones - 1])


# ---------------------------------------------------------------- the source material


@dataclass
class Pool:
    sentences: list[str] = field(default_factory=list)
    para_of: list[int] = field(default_factory=list)  # sentence -> source paragraph
    para_start: list[int] = field(default_factory=list)  # paragraph -> first sentence
    para_lengths: list[int] = field(default_factory=list)  # real body paragraph lengths
    h1: list[str] = field(default_factory=list)
    h2: list[str] = field(default_factory=list)
    h3: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    digest: str = ""


def source_texts() -> list[tuple[str, str]]:
    """(name, text) of every real document, in a fixed order."""
    out = []
    for p in sorted(PROVINCES_DIR.glob("*.csv")):
        with open(p, encoding="utf-8-sig", newline="") as f:
            for n, row in enumerate(csv.DictReader(f)):
                out.append((f"{p.name}#{n}", row.get("full_text") or ""))
    for p in sorted(SAMPLES_DIR.glob("*.txt")):
        out.append((p.name, p.read_text(encoding="utf-8")))
    if not out:
        sys.exit(f"no source text found in {PROVINCES_DIR} or {SAMPLES_DIR}")
    return out


def _lead(rest: str) -> tuple[str, str]:
    """A numbered line's heading (up to the first 。 when short) and the body after it."""
    m = re.match(r"([^。！？；]{2,40})[。！？；]", rest)
    if m and len(rest) > m.end() + 10:
        return m.group(1), rest[m.end():]
    if len(rest) <= 40 and not re.search(r"[。；]", rest):
        return rest.rstrip("：:"), ""
    return "", rest


def build_pool() -> Pool:
    pool = Pool()
    h = hashlib.sha1(f"v{VERSION}".encode())
    texts = source_texts()
    for name, text in texts:
        h.update(name.encode())
        h.update(text.encode())
    pool.digest = h.hexdigest()
    joined = "\n".join(t for _, t in texts)
    pool.places = sorted({p for p in PLACE_NAMES if p in joined}, key=lambda s: (-len(s), s))
    seen_h: set[str] = set()

    def heading(bucket: list[str], s: str) -> None:
        s = s.strip().rstrip("。；：:")
        if 2 <= len(s) <= 40 and s not in seen_h and "|" not in s:
            seen_h.add(s)
            bucket.append(s)

    for _, text in texts:
        for line in text.splitlines():
            line = line.strip()
            if not line or "|" in line or line.startswith(("来源", "时间", "索 引 号", "发布机构")):
                continue
            body = line
            if m := _L1.match(line):
                lead, body = _lead(m.group(2))
                heading(pool.h1, lead)
            elif m := _L2.match(line):
                lead, body = _lead(m.group(2))
                heading(pool.h2, lead)
            elif m := _L3.match(line):
                lead, body = _lead(m.group(2))
                heading(pool.h3, lead)
            if len(body) < 15 or not re.search(r"[。；！？]", body):
                continue
            sents = [s for s in _SENT.findall(body) if s.strip()]
            if not sents:
                continue
            for s in sents:  # a short lead sentence (提升科技创新质效。) heads a numbered item
                if 4 <= len(s) <= 17 and s.endswith("。") and not re.search(r"[，、：\d]", s):
                    heading(pool.h3, s)
            pool.para_lengths.append(len(body))
            pool.para_start.append(len(pool.sentences))
            for s in sents:
                pool.para_of.append(len(pool.para_start) - 1)
                pool.sentences.append(s)
    pool.para_lengths.sort()
    return pool


# ---------------------------------------------------------------- zones


def zone_names(seed: int, places: list[str], n: int) -> list[str]:
    """n distinct zone names; the first k are the same for every n (one seed, one order)."""
    rng = random.Random(seed * 7 + 1)
    chars = sorted({c for p in places for c in p})
    weights = [w for _, w in ZONE_SUFFIXES]
    real = set(places)
    out: list[str] = []
    stems: set[str] = set()
    while len(out) < n:
        if rng.random() < 0.8:
            a, b = rng.choice(places), rng.choice(places)
            stem = a[0] + b[-1] if rng.random() < 0.5 else a[0] + rng.choice(chars)
        else:
            stem = "".join(rng.choice(chars) for _ in range(3))
        if (len(set(stem)) < len(stem) or stem in real or stem in stems
                or (len(stem) == 2 and set(stem) <= NAME_AVOID)):
            continue
        stems.add(stem)
        suffix = rng.choices([s for s, _ in ZONE_SUFFIXES], weights)[0]
        out.append(stem + suffix)
    return out


def short(zone: str) -> str:
    for s, _ in sorted(ZONE_SUFFIXES, key=lambda x: -len(x[0])):
        if zone.endswith(s) and len(zone) - len(s) >= 2:
            return zone[: -len(s)]
    return zone


# ---------------------------------------------------------------- documents


class Writer:
    def __init__(self, pool: Pool, zones: list[str], seed: int):
        self.pool = pool
        self.zones = zones
        self.shorts = [short(z) for z in zones]
        self.rng = random.Random(seed)
        self.place_re = re.compile("|".join(map(re.escape, pool.places)))

    # -- text pieces

    def para_length(self) -> int:
        lengths = self.pool.para_lengths
        n = lengths[self.rng.randrange(len(lengths))]
        return max(40, min(n, 1500))

    def sentences(self, target: int) -> str:
        """Real sentences, mostly consecutive, about target characters."""
        rng, sents = self.rng, self.pool.sentences
        i = rng.randrange(len(sents))
        out, size = [], 0
        while size < target:
            s = sents[i]
            out.append(s)
            size += len(s)
            if rng.random() < 0.75 and i + 1 < len(sents):
                i += 1
            else:
                i = rng.randrange(len(sents))
        return "".join(out)

    def localise(self, text: str, own: str, year: int) -> str:
        rng, shorts = self.rng, self.shorts

        def place(m: re.Match) -> str:
            return own if rng.random() < 0.6 else shorts[rng.randrange(len(shorts))]

        def number(m: re.Match) -> str:
            s = m.group(0)
            if len(s) == 4 and s[:2] in ("19", "20") and "." not in s:
                y = int(s) + year - SOURCE_YEAR
                return str(min(max(y, 1990), 2035))
            whole, _, frac = s.partition(".")
            lead = str(rng.randint(1, 9)) if len(whole) > 1 or whole != "0" else "0"
            digits = lead + "".join(str(rng.randrange(10)) for _ in range(len(whole) - 1))
            if frac:
                digits += "." + "".join(str(rng.randrange(10)) for _ in range(len(frac)))
            return digits

        return _NUM.sub(number, self.place_re.sub(place, text))

    # -- one document

    def title(self, zone: str, year: int, kind: str) -> str:
        rng = self.rng
        if kind == "工作总结":
            return f"{zone}{year - 1}年工作总结和{year}年工作思路"
        if kind == "工作计划":
            return f"{zone}{year}年工作计划"
        if kind == "实施意见":
            return f"{zone}管委会关于{rng.choice(TOPICS)}的实施意见"
        if kind == "工作要点":
            return f"{zone}{year}年{rng.choice(['经济工作', '招商引资工作', '营商环境建设'])}要点"
        if kind == "行动方案":
            return f"{zone}{rng.choice(TOPICS)}三年行动方案（{year}—{year + 2}年）"
        if kind == "政府工作报告":
            return f"{year}年{zone}政府工作报告"
        return f"{short(zone)}：{rng.choice(TOPICS)}纪实"

    def document(self, zone: str, year: int, kind: str, target_bytes: int) -> tuple[str, str, str]:
        """(title, date, text) of one document of about target_bytes UTF-8 bytes."""
        rng = self.rng
        own = short(zone)
        title = self.title(zone, year, kind)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines = [title, f"发布机构：{zone}", f"公开日期：{date}"]
        size = sum(len(x.encode()) + 1 for x in lines)

        def add(line: str) -> None:
            nonlocal size
            lines.append(line)
            size += len(line.encode()) + 1

        add(self.localise(self.sentences(self.para_length()), own, year))
        n1 = 0
        while size < target_bytes:
            n1 += 1
            add(f"{cn_number(n1)}、{self.localise(rng.choice(self.pool.h1), own, year)}")
            for n2 in range(1, rng.randint(2, 6) + 1):
                if size >= target_bytes:
                    break
                head = self.localise(rng.choice(self.pool.h2), own, year)
                inline = rng.random() < 0.4
                if not inline:
                    add(f"（{cn_number(n2)}）{head}")
                items = rng.random() < 0.35
                for n3 in range(1, rng.randint(1, 5) + 1):
                    body = self.localise(self.sentences(self.para_length()), own, year)
                    if items:
                        lead = self.localise(rng.choice(self.pool.h3), own, year)
                        body = f"{n3}.{lead}。{body}"
                    if inline and n3 == 1:
                        body = f"（{cn_number(n2)}）{head}。{body}"
                    add(body)
                    if size >= target_bytes:
                        break
        return title, date, "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the corpus


def plan(mb: float, seed: int, arrangement: str = "sentences") -> dict:
    out = {"version": VERSION, "mb": mb, "seed": seed}
    if arrangement != "sentences":  # the default's marker stays as it was
        out["arrangement"] = arrangement
    return out


def real_paragraphs() -> list[str]:
    """Every line of the real documents (paragraphs and headings), exactly as written."""
    return [ln.strip() for _, text in source_texts() for ln in text.splitlines()
            if len(ln.strip()) >= 2]


def real_document(rng: random.Random, paras: list[str], zone: str, year: int, kind: str,
                  target_bytes: int) -> str:
    """A document of whole real paragraphs in random order under a portal-style header: text
    as hard as the real reports (their vocabulary, lengths and punctuation, unchanged)."""
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    lines = [f"{year}年{zone}{kind}", f"发布机构：{zone}", f"公开日期：{date}"]
    size = sum(len(x.encode()) + 1 for x in lines)
    while size < target_bytes:
        line = paras[rng.randrange(len(paras))]
        lines.append(line)
        size += len(line.encode()) + 1
    return "\n".join(lines) + "\n"


def generate(mb: float, out: str | Path, seed: int = DEFAULT_SEED, quiet: bool = False,
             arrangement: str = "sentences") -> dict:
    """Build the corpus in out (skipped when already built with the same parameters).

    arrangement "sentences" (default): documents rebuilt from real sentences as described
    above; "paragraphs": whole real paragraphs, unchanged, reshuffled into .txt documents of
    the generated zones (no CSV): the harder, real-text arrangement.

    Returns the marker: parameters, source digest, zones, files, documents, bytes.
    """
    out = Path(out)
    pool = build_pool()
    want = plan(mb, seed, arrangement) | {"sources": pool.digest}
    real = real_paragraphs() if arrangement == "paragraphs" else None
    marker = out / MARKER
    if marker.exists():
        try:
            have = json.loads(marker.read_text(encoding="utf-8"))
        except ValueError:
            have = {}
        if {k: have.get(k) for k in want} == want:
            if not quiet:
                print(f"{out}: already generated ({have['bytes'] / MB:.1f} MB, "
                      f"{have['docs']} documents, {len(have['zones'])} zones)")
            return have
    started = time.perf_counter()
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)

    total = int(mb * MB)
    rng = random.Random(seed)
    # sizes first, so that the zone count follows the document count
    txt_budget = int(total * (1 - CSV_SHARE)) if real is None else total
    sizes: list[int] = []
    acc = 0
    while acc < txt_budget:
        s = int(math.exp(rng.uniform(math.log(20_000), math.log(80_000))))
        s = min(s, max(txt_budget - acc, 20_000))
        sizes.append(s)
        acc += s
    n_zones = max(8, round(len(sizes) / DOCS_PER_ZONE))
    zones = zone_names(seed, pool.places, n_zones)
    writer = Writer(pool, zones, seed + 2)
    taken: set[tuple[str, int, str]] = set()
    written = 0
    docs = 0
    for i, target in enumerate(sizes):
        zone = zones[i] if i < n_zones else zones[rng.randrange(n_zones)]
        for attempt in range(100):
            # a zone's first document has a fixed year (zones[1]: 2020), so that the
            # benchmark's zone:+year: queries find something at every size
            year = YEARS[(i * 5) % len(YEARS)] if i < n_zones and not attempt else rng.choice(YEARS)
            kind = rng.choice(KINDS if zone.endswith(CITY_LIKE) else KINDS[:-2] + KINDS[-1:])
            if (zone, year, kind) not in taken:
                break
        else:
            kind = f"{kind}{i}"
        taken.add((zone, year, kind))
        if real is None:
            _, _, text = writer.document(zone, year, kind, target)
        else:
            text = real_document(rng, real, zone, year, kind, target)
        path = tmp / zone / f"{year}_{zone}_{kind}.txt"
        path.parent.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        written += len(data)
        docs += 1
        if not quiet and docs % 500 == 0:
            print(f"  {docs} documents, {written / MB:.0f} MB", flush=True)

    # datasets in the provincial format: reports of the county/city-like zones
    cities = [z for z in zones if z.endswith(CITY_LIKE)] or zones
    ds = tmp / "datasets"
    ds.mkdir()
    n_file = 0
    while written < total:
        n_file += 1
        path = ds / f"reports_{n_file:02d}.csv"
        file_bytes = 0
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["province", "year", "title", "source_url", "publish_date", "full_text"])
            while written + file_bytes < total and file_bytes < CSV_FILE_BYTES:
                zone = cities[rng.randrange(len(cities))]
                year = rng.choice(YEARS)
                target = int(math.exp(rng.uniform(math.log(20_000), math.log(80_000))))
                title, date, text = writer.document(zone, year, "政府工作报告", target)
                body = text.split("\n", 3)[3]  # the row's columns carry title and date
                url = f"https://www.example.gov.cn/zwgk/gzbg/{year}/{hashlib.sha1(title.encode()).hexdigest()[:16]}.html"
                row = [zone, str(year), title, url, date, title + "\n" + body]
                w.writerow(row)
                file_bytes += sum(len(c.encode()) for c in row) + 10
                docs += 1
        written += path.stat().st_size

    nbytes = sum(p.stat().st_size for p in tmp.rglob("*") if p.is_file())
    nfiles = sum(1 for p in tmp.rglob("*") if p.is_file())
    have = want | {"bytes": nbytes, "files": nfiles, "docs": docs, "zones": zones,
                   "seconds": round(time.perf_counter() - started, 1)}
    (tmp / MARKER).write_text(json.dumps(have, ensure_ascii=False, indent=0), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    if not quiet:
        print(f"{out}: {nbytes / MB:.1f} MB, {nfiles} files, {docs} documents, "
              f"{len(zones)} zones in {have['seconds']} s")
    return have


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, required=True, help="corpus size in MB (10^6 bytes)")
    ap.add_argument("--out", required=True, help="output folder (replaced if its parameters differ)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--arrangement", choices=["sentences", "paragraphs"], default="sentences",
                    help="sentences: documents rebuilt from real sentences (default); "
                         "paragraphs: whole real paragraphs reshuffled (harder, real text)")
    a = ap.parse_args(argv)
    generate(a.mb, a.out, a.seed, a.quiet, a.arrangement)


if __name__ == "__main__":
    main()
