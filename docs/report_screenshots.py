"""Regenerate docs/report.md's pictures: `uv run python docs/report_screenshots.py`.

- img/report-page.png and img/report-charts.png: the HTML report of 营商环境 over the bundled
  samples and the 16 provincial reports, as Debian's Chromium draws it (Playwright with the
  system browser, as tests/test_report_browser.py; a font with Chinese glyphs must be
  installed, e.g. fonts-wqy-microhei or fonts-noto-cjk);
- img/trend-chart.svg: the app's trend of 产城融合 switched to its line chart (c), 120×36.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import PROVINCES, SAMPLES  # noqa: E402
from index.corpus import Corpus  # noqa: E402
from index.store.ingest import index_paths  # noqa: E402
from pilotkit import settle  # noqa: E402
from tui.app import DuizhaoApp  # noqa: E402
from tui.screens.compare import CompareScreen  # noqa: E402

OUT = ROOT / "docs" / "img"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def shoot_page(db: Path, folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    page = folder / "营商环境.html"
    page.write_text(Corpus(db).report_html("营商环境", distinctive=False, limit=3),
                    encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        tab.goto(page.as_uri())
        tab.evaluate("document.getElementById('zones').scrollIntoView()")
        tab.screenshot(path=str(OUT / "report-page.png"))  # the zones side by side
        tab.locator(".charts").screenshot(path=str(OUT / "report-charts.png"))
        browser.close()


async def shoot_app(db: Path) -> None:
    CompareScreen.SYNC_DEFAULT = False
    app = DuizhaoApp(db=db, keymap_file=Path("/dev/null"), cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        app.save_screenshot("trend-chart.svg", str(OUT))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        both = folder / "both.db"
        index_paths(both, [SAMPLES, PROVINCES])
        shoot_page(both, folder)
        samples = folder / "samples.db"
        index_paths(samples, [SAMPLES])
        asyncio.run(shoot_app(samples))
    print(f"wrote {OUT}/report-page.png, report-charts.png, trend-chart.svg")


if __name__ == "__main__":
    main()
