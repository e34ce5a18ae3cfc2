"""The researcher's own work in the app: codes, memos and sets on the passages every view shows.

The app owns one Workbench (app.work). Screens say which passage is selected (their
`current_place()`, a Place); the workbench opens the dialogs (tui/dialogs/code_picker.py,
code_review.py, memo_editor.py, memo_list.py, codes_view.py, set_picker.py), does the work
through Corpus in thread workers, and keeps the marks every view draws after a passage: a
coloured ■ per code on it and ✎ when it has a memo (`mark(doc_id, para)`), read again after
every write of user work. Nothing here touches the database but through Corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from index.text.normal import visible

MEMO_MARK = "✎"


@dataclass
class Place:
    """A passage a view shows: its document and paragraph (seq), and what else is in view
    that a memo could be about."""
    doc_id: str
    para: int
    zone: str = ""
    text: str = ""
    title: str = ""
    theme: str = ""  # the theme compared, on Compare
    span: tuple[int, int] | None = None  # a view's selected span of it (KWIC: the hit)


def mark_of(widget, doc_id: str, para: int) -> Text:
    """The marks of a passage for a widget of the app (empty outside the duizhao app)."""
    work = getattr(widget.app, "work", None)
    return work.mark(doc_id, para) if work is not None else Text("")


class Workbench:
    def __init__(self, app):
        self.app = app
        self.codes: dict[str, str] = {}  # code name -> colour
        self.on: dict[tuple[str, int], list[str]] = {}  # (doc_id, para) -> code names
        self.memo_places: set[tuple[str, int]] = set()
        self.memo_targets: dict[str, set[str]] = {}  # kind -> targets with a memo (doc, zone…)
        self.active_set = ""  # the set views are narrowed to ("" = every document)

    @property
    def corpus(self):
        return self.app.corpus

    # -- marks ------------------------------------------------------------------------------
    def mark(self, doc_id: str, para: int) -> Text:
        t = Text("")
        for name in self.on.get((doc_id, para), ()):
            t.append(" ■", style=self.codes.get(name) or "bold")
            t.append(visible(name), style="italic")
        if (doc_id, para) in self.memo_places:
            t.append(" " + MEMO_MARK, style="bold yellow")
        return t

    def refresh(self) -> None:
        """Read the codes on passages and the passage memos again (after a write)."""
        if self.corpus is not None:
            self.app.run_worker(self._load, thread=True, exclusive=True, group="work-marks")

    def _load(self) -> None:
        from index.corpus import StoreError

        try:
            codes = {c.name: c.colour for c in self.corpus.codes()}
            on: dict[tuple[str, int], list[str]] = {}
            for s in self.corpus.coded():
                if s.status != "orphaned" and s.code not in on.get((s.doc_id, s.para), []):
                    on.setdefault((s.doc_id, s.para), []).append(s.code)
            memos = self.corpus.memos()
        except StoreError:
            return  # marks are an extra: the views' own work reports database trouble
        places, targets = set(), {}
        for m in memos:
            if m.kind == "passage" and m.status != "orphaned" and "#" in m.target:
                d, _, p = m.target.partition("#")
                if p.isdigit():
                    places.add((d, int(p)))
            elif m.kind != "passage":
                targets.setdefault(m.kind, set()).add(m.target)
        self.app.call_from_thread(self._loaded, codes, on, places, targets)

    def has_memo(self, kind: str, *names: str) -> bool:
        """Whether a memo is on this document, zone (its name or short name), code or theme."""
        return any(n and n in self.memo_targets.get(kind, ()) for n in names)

    def _loaded(self, codes, on, places, targets) -> None:
        self.codes, self.on, self.memo_places = codes, on, places
        self.memo_targets = targets
        from tui.widgets.block_view import BlockView

        for screen in list(self.app.mode_screens):
            if screen.is_mounted:
                for view in screen.query(BlockView):
                    view.restyle()
                for pane in screen.query("ZonePane"):
                    if pane.query(".pane-head"):  # composed (a pane mounting now is not)
                        pane.refresh_header()  # a zone's memo mark

    # -- the selected passage -----------------------------------------------------------------
    def place(self) -> Place | None:
        screen = self.app.screen
        find = getattr(screen, "current_place", None)
        place = find() if find is not None else None
        if place is None:
            self.app.notify("Select a passage first (in Compare, Search or the Reader)",
                            timeout=4)
        return place

    def run(self, fn, done=None, write: bool = True) -> None:
        """fn() in a thread worker; done(result) back on the app's thread; a WorkflowError
        or StoreError becomes a one-line notice."""
        def job():
            from index.corpus import StoreError, WorkflowError

            try:
                result = fn()
            except (WorkflowError, StoreError) as exc:
                self.app.call_from_thread(self.app.notify, str(exc), severity="error",
                                          timeout=8, markup=False)
                return
            if done is not None:
                self.app.call_from_thread(done, result)
            if write:
                self.refresh()
        self.app.run_worker(job, thread=True, group="work")

    # -- codes ------------------------------------------------------------------------------
    def code_passage(self) -> None:
        """The code picker on the selected passage: applies or removes the chosen code."""
        from tui.dialogs.code_picker import CodePicker

        place = self.place()
        if place is None:
            return

        def picked(answer) -> None:
            if answer is None:
                return
            name, apply, only_span = answer
            span = place.span if only_span else None
            if apply:
                start, end = span or (None, None)
                what = f"“{place.text[start:end]}” in ¶{place.para}" if span else f"¶{place.para}"
                self.run(lambda: self.corpus.code_passage(name, place.doc_id, place.para,
                                                           start, end),
                          lambda n: self.app.notify(f"Coded {what} {name}", timeout=4))
            else:
                self.run(lambda: self.corpus.uncode_passage(name, place.doc_id, place.para),
                          lambda n: self.app.notify(f"Took {name} off ¶{place.para}",
                                                    timeout=4))

        self._with_codes(lambda codes: self.app.push_screen(
            CodePicker(codes, self.on.get((place.doc_id, place.para), []),
                       about=f"{place.zone} ¶{place.para} {place.text[:30]}",
                       span=place.text[slice(*place.span)] if place.span else ""), picked))

    def _with_codes(self, show) -> None:
        self.run(lambda: self.corpus.codes(), show, write=False)

    def code_hits(self, query: str) -> None:
        """Code every paragraph a query finds: pick the code, review the list, apply."""
        from tui.dialogs.code_picker import CodePicker
        from tui.dialogs.code_review import CodeReview

        query = query.strip()
        if not query:
            self.app.notify("Type a query first: its hits are what gets coded", timeout=4)
            return

        def reviewed(answer) -> None:
            if answer:
                name, places = answer
                self.run(lambda: self.corpus.code_paragraphs(name, places),
                          lambda r: self.app.notify(
                              f"Coded {r.added} paragraph(s) with {r.code}"
                              + (f" ({r.already} had it already)" if r.already else "")
                              + (" — a new code, at the top of the codebook" if r.created
                                 else ""), timeout=6))

        def picked(answer) -> None:
            if answer is not None:
                name = answer[0]
                self.run(lambda: self.corpus.coding_preview(name, query),
                          lambda rows: self.app.push_screen(
                              CodeReview(name, query, rows), reviewed), write=False)

        self._with_codes(lambda codes: self.app.push_screen(
            CodePicker(codes, [], about=f"every hit of {query}", choose=True), picked))

    def codes_view(self) -> None:
        from tui.dialogs.codes_view import CodesView

        if self.corpus is not None:
            self.app.push_screen(CodesView(self))

    # -- memos ------------------------------------------------------------------------------
    def memo(self) -> None:
        """A memo on the passage, document, zone or theme in view."""
        from tui.dialogs.memo_editor import MemoEditor

        place = self.place()
        if place is None:
            return
        targets = [("passage", place.doc_id, place.para,
                    f"this passage ({place.zone} ¶{place.para})"),
                   ("document", place.doc_id, None, f"the document {place.title or place.doc_id}")]
        if place.zone:
            targets.append(("zone", place.zone, None, f"the zone {place.zone}"))
        if place.theme:
            targets.append(("theme", place.theme, None, f"the theme {place.theme}"))
        self.app.push_screen(MemoEditor(targets), self.save_memo)

    def memo_on(self, kind: str, target: str, label: str, after=None) -> None:
        """A memo on one target (a code, from the codes view); after() once it is saved."""
        from tui.dialogs.memo_editor import MemoEditor

        self.app.push_screen(MemoEditor([(kind, target, None, label)]),
                             lambda answer: self.save_memo(answer, after))

    def save_memo(self, answer, after=None) -> None:
        if not answer:
            return
        kind, target, para, text, memo_id = answer

        def done(message: str) -> None:
            self.app.notify(message, timeout=4)
            if after is not None:
                after()

        if memo_id is not None:
            self.run(lambda: self.corpus.memo_edit(memo_id, text),
                      lambda _: done("Memo saved"))
        else:
            self.run(lambda: self.corpus.memo_add(kind, target, text, para),
                      lambda _: done(f"Memo written on {kind} {target}"
                                     + (f" ¶{para}" if para else "")))

    def memos_view(self) -> None:
        from tui.dialogs.memo_list import MemoList

        if self.corpus is not None:
            self.app.push_screen(MemoList(self))

    # -- sets -------------------------------------------------------------------------------
    def pick_set(self) -> None:
        from tui.dialogs.set_picker import SetPicker

        def picked(name) -> None:
            if name is None or name == self.active_set:
                return
            self.active_set = name
            self.app.notify(f"Narrowed to the set {name}" if name else
                            "Every document again", timeout=4)
            for screen in list(self.app.mode_screens):
                if screen.is_mounted and hasattr(screen, "set_changed"):
                    screen.set_changed()

        if self.corpus is not None:
            self.run(lambda: self.corpus.sets(),
                      lambda sets: self.app.push_screen(SetPicker(sets, self.active_set),
                                                        picked), write=False)

    def set_docs(self):
        """The active set's documents (a worker calls this), or None for every document."""
        from index.corpus import WorkflowError

        if not self.active_set:
            return None
        try:
            return list(self.corpus.doc_set(self.active_set).docs)
        except WorkflowError:  # the set was deleted meanwhile: every document
            return None
