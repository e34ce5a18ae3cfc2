"""The footer: the help key first, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

HELP_ACTION = "app.help"


class KeyFooter(Footer):
    """Textual's Footer, with two changes.

    - F1 Help comes first: a screen's own keys come before the app's, and on an 80-column
      terminal the footer is cut off after the Compare screen's seven.
    - It recomposes (some twenty widgets) only when the keys shown change, not whenever
      focus moves: moving between two Compare panes, or from the search box to the results,
      shows the same keys (40–70 ms a move on a large comparison).
    """

    _shown: tuple | None = None

    def _keys(self, screen) -> tuple:
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple((key, binding.description, binding.action, enabled, tooltip)
                     for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
                     if binding.show or key == palette)

    def bindings_changed(self, screen) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            keys = self._keys(screen)
            if keys == self._shown:
                return
            self._shown = keys
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        # Footer's own keys (one per action, the command palette's last), help first
        keys = list(super().compose())
        keys.sort(key=lambda key: getattr(key, "action", None) != HELP_ACTION)
        yield from keys
