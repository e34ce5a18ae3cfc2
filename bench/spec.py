"""What the benchmark measures and must reach: the query set, the targets, and small
helpers shared by the bench modules (bench/run.py puts this folder on sys.path)."""

from __future__ import annotations

from pathlib import Path

import gen_corpus

ROOT = Path(__file__).resolve().parent.parent
MB = gen_corpus.MB
DOC = ROOT / "docs" / "performance.md"

# ---------------------------------------------------------------- the query set

# (category, query). {Z0} and {Z1} are the short names of the first two generated zones,
# which are the same at every size (bench/gen_corpus.py: one seed, one order).
QUERIES: list[tuple[str, str]] = [
    ("1 char", "园"), ("1 char", "税"), ("1 char", "港"), ("1 char", "的"),
    ("2 chars", "发展"), ("2 chars", "招商"), ("2 chars", "人才"), ("2 chars", "港口"),
    ("2 chars", "营商"), ("2 chars", "产业"),
    ("word", "营商环境"), ("word", "高质量发展"), ("word", "产城融合"), ("word", "乡村振兴"),
    ("word", "新质生产力"), ("word", "专精特新"), ("word", "招商引资"), ("word", "科技创新"),
    ("word", "共同富裕"), ("word", "低空经济"),
    ("phrase", '"优化营商环境"'), ("phrase", '"推动高质量发展"'), ("phrase", '"一般公共预算收入"'),
    ("phrase", '"战略性新兴产业"'), ("phrase", '"人工智能+"'),
    ("cross-word", "质量发"), ("cross-word", "展新动能"), ("cross-word", "城融合示"),
    ("cross-word", "商引资项"),
    ("latin/digits", "AI"), ("latin/digits", "5G"), ("latin/digits", "PM2.5"),
    ("latin/digits", "GDP"), ("latin/digits", "LNG"),
    ("AND", "产城融合 招商"), ("AND", "人工智能 AND 制造业"), ("AND", "营商环境 数字"),
    ("AND", "绿色低碳 城市更新"),
    ("OR", "营商环境 OR 放管服"), ("OR", "碳达峰 OR 碳中和"), ("OR", "跨境电商 OR 自贸试验区"),
    ("exclude", "疫情 -复工"), ("exclude", "招商 -引资"), ("exclude", "发展 -经济"),
    ("filter", "zone:{Z0} 招商"), ("filter", "zone:{Z1} year:2019-2022 创新"),
    ("filter", "year:2020 营商环境"), ("filter", "year:2018-2020 产城融合"),
    ("filter", "zone:{Z0}"), ("filter", "year:2021"),
]
QUICK = ["园", "的", "发展", "招商", "营商环境", "产城融合", '"优化营商环境"', "质量发", "AI",
         "5G", "产城融合 招商", "营商环境 OR 放管服", "疫情 -复工", "zone:{Z0} 招商",
         "year:2020 营商环境", "zone:{Z0}"]
# single literal strings: what rg -F and grep -F can be asked too
LITERAL = ("1 char", "2 chars", "word", "phrase", "cross-word", "latin/digits")
E2E = ["产城融合", "营商环境", "发展", "的", '"优化营商环境"', "AI", "产城融合 招商",
       "营商环境 OR 放管服", "招商 -引资", "zone:{Z0} 招商"]
E2E_QUICK = ["产城融合", "发展", "zone:{Z0} 招商"]
# The "frequent" set (issue #16, item 2), found from each index at bench time
# (measure.bench_frequent): its commonest characters and two-character strings and the
# lexicon's commonest expressions of 3+ characters, counted on an evenly spaced sample.
FREQUENT = {"chars": 20, "bigrams": 10, "words": 10}

# ---------------------------------------------------------------- targets

TARGETS = {
    50: {"index_mbps": 2.0, "p50_ms": 5.0, "p99_ms": 25.0, "e2e_s": 0.4, "rg_ratio": 3.0,
         "db_ratio": 3.0, "index_rss_mb": 250.0},
    500: {"index_mbps": 2.0, "p50_ms": 5.0, "p99_ms": 100.0, "e2e_s": 0.4, "rg_ratio": 10.0,
          "db_ratio": 3.0, "index_rss_mb": 500.0, "frequent_p99_ms": 30.0},
}
TARGET_TEXT = {
    "index_mbps": ("indexing speed (`main.py index`, end to end)", "≥ {} MB/s"),
    "p50_ms": ("ranked top-20 search with snippets, in-process, p50", "≤ {} ms"),
    "p99_ms": ("ranked top-20 search with snippets, in-process, p99", "≤ {} ms"),
    "e2e_s": ("`main.py search` end to end, p50", "≤ {} s"),
    "rg_ratio": ("in-process ranked search vs `rg -F`, p50 (speed-up)", "≥ {}×"),
    "db_ratio": ("database size / text size", "≤ {}×"),
    "index_rss_mb": ("peak memory while indexing", "≤ {} MB"),
    "frequent_p99_ms": ("top-20 with snippets of the commonest terms (the frequent set), "
                        "in-process, p99", "≤ {} ms"),
}
HIGHER_IS_BETTER = {"index_mbps", "rg_ratio"}

# The comparison (issue 16, item 1), checked at 500 MB on wall seconds (CPU seconds beside).
CMP_TARGETS = {500: {"cmp_one_s": 0.5, "cmp_cli_s": 1.0, "cmp_matrix_s": 1.0,
                     "cmp_switch_s": 0.5}}
CMP_TARGET_TEXT = {
    "cmp_one_s": ("one theme compared in-process (产城融合, all zones, distinctive words)",
                  "≤ {} s"),
    "cmp_cli_s": ("`main.py compare 产城融合 --json` end to end", "≤ {} s"),
    "cmp_matrix_s": ("theme matrix (every theme × every zone), in-process", "≤ {} s"),
    "cmp_switch_s": ("theme switch: the first screen of the slowest lexicon theme", "≤ {} s"),
}
TARGET_TEXT |= CMP_TARGET_TEXT
# Past the sizes (the 2 GB point) the 500 MB targets are checked, for reference.
BIG = 2000


def targets_for(mb: int) -> dict:
    key = 500 if mb >= 500 else mb
    return TARGETS.get(key, {}) | CMP_TARGETS.get(key, {})


def say(*a) -> None:
    print(*a, flush=True)


def pct(values: list[float], p: float) -> float:
    """Percentile with linear interpolation between closest ranks."""
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def f_ms(v) -> str:
    if v is None:
        return "—"
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"


def fmt_value(key: str, v) -> str:
    if v is None:
        return "not measured"
    return {"index_mbps": f"{v:.2f} MB/s", "p50_ms": f"{v:.2f} ms", "p99_ms": f"{v:.1f} ms",
            "e2e_s": f"{v:.3f} s", "rg_ratio": f"{v:.1f}×", "db_ratio": f"{v:.2f}×",
            "index_rss_mb": f"{v:.0f} MB", "frequent_p99_ms": f"{v:.1f} ms"}.get(key) or f"{v:.2f} s"

