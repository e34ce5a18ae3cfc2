"""Regenerate the guide's screenshots from the app: `uv run python docs/screenshots.py`.

Runs the app on the bundled samples at 120×36 and saves SVGs into docs/img/.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pilotkit import settle  # noqa: E402

from index.store.ingest import index_paths  # noqa: E402
from tui.app import DuizhaoApp  # noqa: E402

OUT = ROOT / "docs" / "img"


async def shoot(db: Path) -> None:
    app = DuizhaoApp(db=db, keymap_file=Path("/dev/null"), cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("l", "j")
        await settle(app, pilot)
        app.save_screenshot("compare.svg", str(OUT))
        await pilot.press("f3", *"营商环境")
        await settle(app, pilot)
        app.save_screenshot("search.svg", str(OUT))
        await pilot.press("ctrl+g", "ctrl+s")  # KWIC, sorted by the word left of the hit
        await settle(app, pilot)
        app.save_screenshot("kwic.svg", str(OUT))
        app.open_reader("海门开发区_工作计划", 9, ("产城融合",))
        await settle(app, pilot)
        app.save_screenshot("reader.svg", str(OUT))
        await pilot.press("f5")
        await settle(app, pilot)
        app.save_screenshot("library.svg", str(OUT))
        await pilot.press("f2", "f1")
        await settle(app, pilot)
        app.save_screenshot("help.svg", str(OUT))


async def shoot_workflow(db: Path) -> None:
    """The guide's walk-through of a study: codes, memos, the matrix (docs/guide.md)."""
    app = DuizhaoApp(db=db, keymap_file=Path("/dev/null"), cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6", "i")  # the codes view; load the policy-instrument codebook
        await settle(app, pilot)
        await pilot.press("escape", "f3", *"营商环境")
        await settle(app, pilot)
        await pilot.press("enter", "A")  # code every hit: pick the code…
        await settle(app, pilot)
        await pilot.press(*"策略")
        await settle(app, pilot)
        app.save_screenshot("code-picker.svg", str(OUT))
        await pilot.press("enter")  # …review the list
        await settle(app, pilot)
        app.save_screenshot("code-review.svg", str(OUT))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("f2", "l", "j", "number_sign", *"人才培养", "enter")
        await settle(app, pilot)
        await pilot.press("m", *"这一段把人才与产城融合连在一起")
        await settle(app, pilot)
        app.save_screenshot("memo-editor.svg", str(OUT))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        app.save_screenshot("compare-coded.svg", str(OUT))
        await pilot.press("f6", "x")
        await settle(app, pilot)
        app.save_screenshot("codes-matrix.svg", str(OUT))
        await pilot.press("c")
        view = app.screen
        view.query_one("#codebook").highlighted = [c.name for c in view.codes].index("策略性措施")
        await pilot.press("enter")
        await settle(app, pilot)
        app.save_screenshot("codes-segments.svg", str(OUT))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "samples.db"
        index_paths(db, [ROOT / "index" / "data" / "samples" / "zones"])
        OUT.mkdir(parents=True, exist_ok=True)
        asyncio.run(shoot(db))
        asyncio.run(shoot_workflow(db))  # codes and memos written into this temporary copy
    print("wrote", ", ".join(sorted(p.name for p in OUT.glob("*.svg"))))
