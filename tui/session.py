"""Where the app was left: saved in the corpus database on quit (Corpus.save_app_state) and
applied when it opens again (Corpus.app_state): the screen, the light/dark theme, Compare's
theme, grouping and selected pane and passage, Search's query, filters and view, the
Reader's document and paragraph, and the set the views were narrowed to."""

from __future__ import annotations


def snapshot(app) -> dict:
    """The app's state now, as JSON values (a key whose screen was never shown keeps its
    stored value: it is left out here)."""
    from tui.screens.compare import CompareScreen

    state: dict = {"screen": app.current_mode, "ui_theme": app.theme,
                   "set": app.work.active_set or None}
    for screen in app.mode_screens:
        if not screen.is_mounted:
            continue
        if isinstance(screen, CompareScreen):
            state["theme"] = screen.key or None
            state["by"] = screen.by
            p, pane = screen.current_passage(), screen.current_pane()
            state["compare_at"] = None if p is None or pane is None else {
                "zone": pane.zone.zone, "doc_id": p.doc_id, "para": p.para}
        elif screen.SCOPE == "search":
            state["search"] = screen.session_state()
        elif screen.SCOPE == "reader":
            state["reader"] = screen.session_state()
    return state


def save(app) -> None:
    """Store the state (a quick write; a failure costs only the next start's place)."""
    from index.corpus import StoreError

    if app.corpus is None:
        return
    try:
        app.corpus.save_app_state(snapshot(app))
    except (StoreError, ValueError, OSError):
        pass


def before_screens(app, state: dict) -> None:
    """What must be known before the screens show the corpus: the set, Compare's theme and
    grouping, the colours."""
    if state.get("set"):
        app.work.active_set = str(state["set"])
    if state.get("ui_theme") in app.available_themes:
        app.theme = state["ui_theme"]
    if app.theme_given is None and isinstance(state.get("theme"), str) and state["theme"]:
        app.start_theme = state["theme"]
    compare = next((s for s in app.mode_screens if s.SCOPE == "compare"), None)
    if compare is not None and state.get("by") in ("zone", "year", "zone-year", "level"):
        compare.by = state["by"]
    if compare is not None and isinstance(state.get("compare_at"), dict) \
            and app.start_theme == state.get("theme"):
        compare.resume = state["compare_at"]


async def after_screens(app, state: dict) -> None:
    """Back to the screen the user left, with its query or document."""
    screen = state.get("screen")
    if screen not in app.SCREENS_BY_MODE or screen == app.current_mode:
        return
    reader = state.get("reader") or {}
    if screen == "reader" and reader.get("doc_id"):
        app.open_reader(str(reader["doc_id"]), int(reader.get("seq") or 1))
        return
    await app.switch_mode(screen)
    if screen == "search" and isinstance(state.get("search"), dict):
        app.screen.restore_session(state["search"])
