"""The look every dialog shares: a centred bordered box with a title, hints and errors."""

from __future__ import annotations

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 90%; max-width: 100; height: auto; max-height: 90%;
                    border: round $accent; background: $surface; padding: 0 1; }}
{name} .dlg-title {{ text-style: bold; color: $accent; }}
{name} .dlg-hint {{ color: $text-muted; }}
{name} .dlg-error {{ color: $error; }}
{name} Input {{ margin: 0; }}
"""
