"""Keeping the garbage collector off the keystrokes."""

from __future__ import annotations

import gc


def settle_memory() -> None:
    """What start-up built (the pinyin table, the document list, the first comparison, the
    widgets) lives as long as the app: move it out of the garbage collector's sight
    (gc.freeze). Otherwise each full collection walks a couple of hundred thousand objects,
    a pause of 90–110 ms at 50 MB that lands on some keystroke. Frozen objects are still
    freed by reference counting; only cycles among them (a comparison's panes, once a new
    theme replaces them) are kept, a one-off few kilobytes. Collections go on (see
    hold_collections)."""
    gc.freeze()
    gc.enable()


def hold_collections() -> None:
    """No garbage collection until settle_memory(): start-up builds a few hundred thousand
    objects that live as long as the app (modules, styles, widgets, the document list), and
    the collector's passes over them as they pile up cost a tenth of a second or more
    before the first frame while freeing next to nothing. The app calls settle_memory()
    once Compare's first comparison is drawn, and at the latest after a few seconds."""
    gc.disable()


def settle_if_held() -> None:
    """settle_memory() if collections are still held (the first comparison never came)."""
    if not gc.isenabled():
        settle_memory()
