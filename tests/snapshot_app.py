"""The app as the snapshot tests run it: a fixed database, dark theme, no keymap file,
no cursor blink, no animation."""

import os
from pathlib import Path

from tui.app import DuizhaoApp
from tui.screens.compare import CompareScreen
from tui.screens.search import SearchScreen

# Sync scrolls the other panes to their nearest passage as the first one gets focus; where
# each lands depends on layout timing, so the pinned layout is the unsynced one (the Pilot
# tests cover sync).
CompareScreen.SYNC_DEFAULT = False
SearchScreen.SHOW_TIMING = False  # milliseconds differ from run to run

app = DuizhaoApp(db=os.environ.get("DUIZHAO_SNAPSHOT_DB"), keymap_file=Path(os.devnull),
                 cursor_blink=False)
app.theme = "textual-dark"
app.animation_level = "none"  # scrolling lands at once: no frame caught mid-animation
