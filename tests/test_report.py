"""The hand-over report (index/report/): HTML, inline SVG charts, dispersion, on real text.

The page is opened in a real browser in tests/test_report_browser.py; here its content and
escaping are checked as text, fast.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from index.corpus import Corpus
from index.report import svg
from index.report.dispersion import from_comparison, position
from index.report.html import page


@pytest.fixture(scope="module")
def prov_comparison(provinces_db):
    return Corpus(provinces_db).compare("营商环境")


def _svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", html, flags=re.S)]


def test_report_has_every_zone_passage_expression_and_citation(prov_comparison):
    comp = prov_comparison
    html = page(comp, generated="2026-01-01 00:00")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert len(comp.zones) >= 16
    for z in comp.zones:
        assert f"<h3>{z.group or z.zone}" in html
    # every passage is there (limit 0), its matched expressions marked and named
    passages = comp.passages()
    assert html.count('<div class="passage"') == len(passages)
    assert html.count("<mark>") == sum(len(p.spans) for p in passages)
    assert "matched: " in html and "营商环境" in html
    for x in comp.theme.expressions():
        assert f"<span class=\"x\">{x}</span>" in html
    # GB/T 7714 citations, no network reference at all
    assert "[Z]" in html or "[EB/OL]" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script" not in html and "@import" not in html and "url(" not in html


def test_charts_are_well_formed_svg_from_zero_with_years(samples_db):
    comp = Corpus(samples_db).compare("产城融合")
    charts = _svgs(page(comp))
    assert [c.get("class") for c in charts] == ["chart trend", "chart dispersion"]
    trend, disp = charts
    ns = "{http://www.w3.org/2000/svg}"
    labels = [t.text for t in trend.iter(f"{ns}text")]
    assert "0" in labels and {"2019", "2020"} <= set(labels)  # 嵊州 2019, 奉化 2020
    assert any("one axis from 0" in (t or "") for t in labels)
    # one strip per compared document, one tick per matched expression occurrence
    d = from_comparison(comp)
    assert len(d.docs) == sum(len(z.doc_ids) for z in comp.zones)
    ticks = [e for e in disp.iter(f"{ns}line") if e.get("class") == "hit"]
    assert len(ticks) == d.total == sum(len(p.spans) for p in comp.passages())
    for c in charts:
        assert int(c.get("width")) > 300 and int(c.get("height")) > 80


def test_document_text_cannot_become_markup(samples_db):
    comp = Corpus(samples_db).compare("产城融合")
    p = comp.passages()[0]
    hostile = '<script>alert(1)</script><img src="http://x/y.png">&amp;'
    p.text = hostile + p.text
    p.spans = [(s + len(hostile), e + len(hostile)) for s, e in p.spans]
    comp.zones[0].zone = comp.zones[0].group = "<b>zone</b>"
    html = page(comp)
    assert "<script>" not in html and "<img" not in html and "<b>zone" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp;amp;" in html
    assert "&lt;b&gt;zone&lt;/b&gt;" in html


def test_hit_positions_follow_paragraph_order():
    assert position(1, 0, 10, 4) == 0.0
    assert position(3, 5, 10, 4) == pytest.approx(0.625)
    assert position(4, 10, 10, 4) == 1.0
    assert svg.nice_max(0) == 1 and svg.nice_max(45) == 50 and svg.nice_max(7.4) == 10


def test_heat_map_shades_by_count_and_writes_every_number():
    out = svg.heatmap(["供给型", "需求型"], ["梅山", "海门"], [[3, 0], [1, 5]], "code × zone")
    root = ET.fromstring(out)
    ns = "{http://www.w3.org/2000/svg}"
    cells = [r for r in root.iter(f"{ns}rect") if r.get("class") == "cell"]
    assert len(cells) == 4 and cells[1].get("fill") == "rgb(255,255,255)"
    assert {"3", "0", "1", "5"} <= {t.text for t in root.iter(f"{ns}text")}


def test_report_command_writes_the_page(samples_db, tmp_path):
    import main

    out = tmp_path / "营商环境.html"
    res = CliRunner().invoke(main.cli, ["report", "营商环境", "--out", str(out), "--db",
                                        str(samples_db), "--no-words", "--limit", "2"])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "<h1>营商环境" in html and "more passages" in html
    assert html.count('<svg ') == 2


def test_compare_format_html_and_the_app_export_table(samples_db):
    """The export table offers HTML for comparisons: `compare --format html`, and the app's
    export dialog, which lists names_for("Comparison")."""
    import main
    from index.export import names_for

    assert "html" in names_for("Comparison") and "html" not in names_for("Hit")
    res = CliRunner().invoke(main.cli, ["compare", "产城融合", "--format", "html", "--db",
                                        str(samples_db), "--no-words"])
    assert res.exit_code == 0 and "<svg " in res.output


def test_plot_json_lists_every_document_and_hit(samples_db):
    import main

    res = CliRunner().invoke(main.cli, ["plot", "产城融合", "--json", "--db", str(samples_db)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    kwic = Corpus(samples_db).kwic("产城融合", limit=0)
    assert data["total"] == len(kwic.lines) > 0
    assert len(data["docs"]) == 5
    assert all(0 <= p <= 1 for d in data["docs"] for p in d["positions"])


def test_compare_out_html_writes_the_page_and_its_provenance(samples_db, tmp_path):
    import main

    out = tmp_path / "产城融合.html"
    res = CliRunner().invoke(main.cli, ["compare", "产城融合", "--out", str(out), "--db",
                                        str(samples_db), "--no-words"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "产城融合.html.provenance.json").is_file()
