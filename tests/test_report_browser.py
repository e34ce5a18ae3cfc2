"""The HTML report in a real browser: Debian's Chromium driven by Playwright's Python package.

One browser for the module. Every request that is not file:// is routed and failed (and
recorded): the page must need no network. The screenshot is saved in the test's tmp folder
(report.png) for a person to look at. Skipped only when no Chromium is installed
(.ci/run installs it: `apt-get install -y chromium`).
"""

from __future__ import annotations

import shutil

import pytest

from index.corpus import Corpus
from index.report.html import page

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "",
                             shutil.which("chromium-browser") or "") if p and
                 shutil.os.path.exists(p)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium installed "
                                "(apt-get install -y chromium)")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _open(browser, path):
    """A page showing path, with every non-file request failed and recorded."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(path.as_uri())
    return ctx, pg, blocked, errors


def test_report_opens_offline_with_zones_passages_and_sized_charts(browser, provinces_db,
                                                                   tmp_path):
    comp = Corpus(provinces_db).compare("营商环境")
    html_file = tmp_path / "营商环境.html"
    html_file.write_text(page(comp), encoding="utf-8")
    ctx, pg, blocked, errors = _open(browser, html_file)
    try:
        assert pg.title().startswith("营商环境")
        assert pg.inner_text("h1").startswith("营商环境")
        zones = pg.locator(".zones > section.zone")
        assert zones.count() == len(comp.zones) >= 16
        headings = pg.locator(".zones > section.zone > h3").all_inner_texts()
        assert any("海南" in h for h in headings) and any("浙江" in h for h in headings)
        assert pg.locator(".passage").count() == len(comp.passages())
        assert pg.locator(".passage mark").count() > len(comp.passages()) // 2
        assert "matched:" in pg.locator(".passage").first.inner_text()
        charts = pg.locator("svg.chart")
        assert charts.count() == 2
        for i in range(2):
            box = charts.nth(i).bounding_box()
            assert box and box["width"] > 300 and box["height"] > 80
        assert pg.locator("svg.trend rect.bar").count() >= 16
        assert pg.locator("svg.dispersion line.hit").count() == sum(
            len(p.spans) for p in comp.passages())
        # the trend's axis starts at zero and names its years
        axis = pg.locator("svg.trend text").all_text_contents()
        assert "0" in axis and "2026" in axis
        shot = tmp_path / "report.png"
        pg.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
        pg.locator(".charts").screenshot(path=str(tmp_path / "charts.png"))
        assert blocked == [] and errors == []
    finally:
        ctx.close()


def test_hostile_text_stays_text_in_the_browser(browser, samples_db, tmp_path):
    comp = Corpus(samples_db).compare("产城融合")
    p = comp.passages()[0]
    hostile = '<script>document.title="owned"</script><img src="https://example.org/x.png">'
    p.text = hostile + p.text
    p.spans = [(s + len(hostile), e + len(hostile)) for s, e in p.spans]
    html_file = tmp_path / "hostile.html"
    html_file.write_text(page(comp), encoding="utf-8")
    ctx, pg, blocked, errors = _open(browser, html_file)
    try:
        assert pg.locator("script").count() == 0 and pg.locator("img").count() == 0
        assert pg.title() != "owned"
        assert hostile in pg.locator(".passage").first.inner_text()
        assert blocked == [] and errors == []
    finally:
        ctx.close()


def test_codes_and_memos_show_with_the_heat_map(browser, samples_db, tmp_path):
    import sqlite3

    db = tmp_path / "coded.db"
    with sqlite3.connect(samples_db) as a, sqlite3.connect(db) as b:
        a.backup(b)
    c = Corpus(db)
    c.codes_import("policy-instruments")
    c.code_query("资金投入", "产城融合")
    c.code_query("公共服务", "营商环境")
    c.memo_add("zone", "海门", "海门的文件没有年份")
    html_file = tmp_path / "coded.html"
    html_file.write_text(c.report_html("营商环境", codes=True, memos=True, distinctive=False),
                         encoding="utf-8")
    ctx, pg, blocked, errors = _open(browser, html_file)
    try:
        heat = pg.locator("svg.heatmap")
        assert heat.count() == 1
        box = heat.bounding_box()
        assert box and box["width"] > 150 and box["height"] > 60
        assert pg.locator("svg.heatmap rect.cell").count() >= 2
        assert "资金投入" in pg.locator("svg.heatmap").text_content()
        assert pg.locator("#codes").count() == 1 and "海门的文件没有年份" in pg.locator(
            ".memo").first.inner_text()
        heat.screenshot(path=str(tmp_path / "heatmap.png"))
        assert blocked == [] and errors == []
    finally:
        ctx.close()
