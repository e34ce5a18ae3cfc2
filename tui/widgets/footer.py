"""The footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer recomposes (some twenty widgets) whenever focus moves. Moving between
    two Compare panes, or from the search box to the results, shows the same keys: then it
    is left as it is (40–70 ms a move on a large comparison)."""

    _shown: tuple | None = None

    def _keys(self, screen) -> tuple:
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple((key, binding.description, binding.action, enabled, tooltip)
                     for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
                     if binding.show or key == palette)

    def bindings_changed(self, screen) -> None:
        if self._bindings_ready and screen.app.app_focus and self.is_attached \
                and screen is self.screen:
            keys = self._keys(screen)
            if keys == self._shown:
                return
            self._shown = keys
        super().bindings_changed(screen)
