"""The app as the snapshot tests run it: a fixed database, dark theme, no keymap file,
no cursor blink."""

import os
from pathlib import Path

from tui.app import DuizhaoApp

app = DuizhaoApp(db=os.environ.get("DUIZHAO_SNAPSHOT_DB"), keymap_file=Path(os.devnull),
                 cursor_blink=False)
app.theme = "textual-dark"
