"""The benchmark runs end to end on a small corpus (a smoke test: it must finish, not be fast)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_bench_quick_runs_and_writes_its_page(tmp_path):
    """3 MB, both arrangements: every measurement and the page (the sizes are figures of
    the same code; 3 MB holds 8 zones and more than 50 documents)."""
    page = tmp_path / "performance.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "3", "--quick",
         "--work", str(tmp_path / "work"), "--out", str(page)],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "MB/s" in proc.stdout and "p50" in proc.stdout

    text = page.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Summary", "## Theme comparison", "## Per query",
                    "## Reference tools"):
        assert heading in text
    assert "| 3 MB | 3 MB real |" in text  # both arrangements, side by side
    saved = tmp_path / "work" / "results.json"
    results = json.loads(saved.read_text(encoding="utf-8"))
    res, real = results["results"]
    an = res["analysis"]  # the word statistics, on the default arrangement only
    assert an["status"] == "ok" and real["analysis"]["status"] == "skipped"
    assert an["build"]["cpu"] > 0 and all("s" in v for v in an["runs"].values()), an
    assert res["kwic"]["runs"] and all(x["total"] > x["lines"] > 0
                                       for x in res["kwic"]["runs"])
    assert (res["arrangement"], real["arrangement"]) == ("sentences", "paragraphs")
    for r in (res, real):
        assert r["index"]["docs"] > 50 and r["index"]["zones"] >= 8
        assert r["index"]["cpu_seconds"] > 0 and r["search"]["p50_ms"] > 0
        c = r["compare"]
        assert c["status"] == "ok", c
        for key in ("first_s", "nowords_s", "one_s", "matrix_s", "cli_s", "cli_nowords_s",
                    "themes_cli_s", "switch_p50_s", "switch_max_s"):
            assert c[key] > 0 and c[key.replace("_s", "_cpu")] >= 0, key
        assert len(c["switch"]) == c["themes"] > 1
    # every query of the set occurs in the generated text
    assert all(q["hits"] > 0 for q in res["search"]["queries"]), res["search"]["queries"]

    # one page from several runs' results: a second run's size becomes a column
    other = json.loads(saved.read_text(encoding="utf-8"))
    for r in other["results"]:
        r["mb"] = 2000
    (tmp_path / "other.json").write_text(json.dumps(other), encoding="utf-8")
    merged = tmp_path / "merged.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--render", str(saved),
         str(tmp_path / "other.json"), "--out", str(merged)],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "| 3 MB | 3 MB real | 2 GB | 2 GB real |" in merged.read_text(encoding="utf-8")


def test_generated_corpus_is_deterministic_and_idempotent(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    import gen_corpus

    a = gen_corpus.generate(1, tmp_path / "a", quiet=True)
    b = gen_corpus.generate(1, tmp_path / "b", quiet=True)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    assert files_a == files_b
    for rel in files_a:
        if (tmp_path / "a" / rel).is_file() and rel.name != gen_corpus.MARKER:
            assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    assert abs(a["bytes"] - 1_000_000) < 100_000 and a["zones"] == b["zones"]

    mtime = (tmp_path / "a" / gen_corpus.MARKER).stat().st_mtime_ns
    again = gen_corpus.generate(1, tmp_path / "a", quiet=True)  # same parameters: skipped
    assert again == a and (tmp_path / "a" / gen_corpus.MARKER).stat().st_mtime_ns == mtime

    # the layout: <zone>/<year>_<zone>_<kind>.txt and datasets/*.csv in the provincial format
    txt = [p for p in (tmp_path / "a").rglob("*.txt")]
    assert txt and all(p.name.split("_")[1] == p.parent.name for p in txt)
    csvs = list((tmp_path / "a" / "datasets").glob("*.csv"))
    assert csvs
    header = csvs[0].read_text(encoding="utf-8").split("\n", 1)[0]
    assert header.strip() == "province,year,title,source_url,publish_date,full_text"
