"""What a start imports: the command line and the app's first screen load no more than
they use (jieba, sqlite-utils, pypinyin are loaded where they are needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _loaded(modules: str) -> set[str]:
    code = f"import json, sys\nimport {modules}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return set(json.loads(out))


def test_the_command_line_loads_neither_textual_nor_jieba_nor_the_lexicon():
    loaded = _loaded("main")
    for heavy in ("textual", "jieba", "sqlite_utils", "pypinyin", "rich.table",
                  "index.words.segment", "index.compare.distinctive"):
        assert heavy not in loaded, heavy


def test_the_app_s_first_screen_loads_no_jieba_sqlite_utils_or_pypinyin():
    loaded = _loaded("main, tui.app, tui.screens.compare")
    for heavy in ("jieba", "sqlite_utils", "pypinyin"):
        assert heavy not in loaded, heavy


def test_the_facade_s_unit_table_limit_is_the_comparison_s():
    from index.compare import distinctive
    from index.compare.api import CompareAPI

    assert CompareAPI.UNITS_FOR_COMPARISON_CHARS == distinctive.UNITS_FOR_COMPARISON_CHARS
