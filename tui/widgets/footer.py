"""The footer: the help key first, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

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
        if self._bindings_ready and screen.app.app_focus and self.is_attached \
                and screen is self.screen:
            keys = self._keys(screen)
            if keys == self._shown:
                return
            self._shown = keys
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        first: dict[str, tuple] = {}  # an action's first key, as Footer shows it
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                first.setdefault(binding.action, (binding, enabled, tooltip))
        shown = sorted(first.values(), key=lambda b: b[0].action != HELP_ACTION)
        self.styles.grid_size_columns = len(shown)
        for binding, enabled, tooltip in shown:
            yield FooterKey(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action, disabled=not enabled,
                            tooltip=tooltip).data_bind(compact=Footer.compact)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette:
            _, binding, enabled, tooltip = palette
            yield FooterKey(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action,
                            classes="-command-palette", disabled=not enabled,
                            tooltip=tooltip or binding.description)
