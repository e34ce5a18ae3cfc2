"""Find in the open document (`/`, then n/N from hit to hit): a ReaderScreen mixin."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.message import Message
from textual.widgets import Input

from tui.widgets.doc_blocks import hit_indices


@dataclass
class HitsReady(Message):
    slot: str
    doc_id: str
    terms: tuple[str, ...]
    hits: list[int]


class FindInDocument:
    """The find box and hit stepping (a mixin: uses the screen's view(), active slot,
    notify() and _update_status(); the box's Input.Submitted handler stays on the screen,
    since @on handlers only register on Textual classes)."""

    def action_next_hit(self) -> None:
        self._hit(1)

    def action_prev_hit(self) -> None:
        self._hit(-1)

    def _hit(self, step: int) -> None:
        view = self._need_doc()
        if view is None:
            return
        if not view.terms:
            self.notify("No search terms: press / to find words in this document",
                        severity="warning")
            return
        result = view.next_hit(step)
        terms = " ".join(view.terms)
        if result is None:
            self.notify(f"No hits for {terms} in this document", severity="warning",
                        markup=False)
        elif result[1]:
            where = "first" if step > 0 else "last"
            self.notify(f"Wrapped around to the {where} hit of {terms}", timeout=3,
                        markup=False)
        if view.has_focus is False and not isinstance(self.focused, Input):
            view.focus()

    def action_find(self) -> None:
        if self._need_doc() is None:
            return
        box = self.query_one("#reader-find", Input)
        box.display = True
        box.value = " ".join(self.view().terms)
        box.focus()

    def _find(self, terms: tuple[str, ...]) -> None:
        """Find terms in the active view (the find box was submitted)."""
        self._close_find()
        view = self.view()
        if view.doc is None:
            return
        self.run_worker(partial(self._hits_worker, self.active, view.doc.info.doc_id,
                                view.paras, terms),
                        thread=True, exclusive=True, group=f"reader-find-{self.active}")

    def _hits_worker(self, slot, doc_id, paras, terms) -> None:
        self.post_message(HitsReady(slot, doc_id, terms, hit_indices(paras, terms)))

    def on_hits_ready(self, message: HitsReady) -> None:
        view = self.view(message.slot)
        if view.doc is None or view.doc.info.doc_id != message.doc_id:
            return
        view.set_terms(message.terms, message.hits)
        if message.terms and message.hits:
            view.go_to(message.hits[0], "jump")
        elif message.terms:
            self.notify(f"No hits for {' '.join(message.terms)} in this document",
                        severity="warning", markup=False)
        self._update_status()

    def _close_find(self) -> None:
        box = self.query_one("#reader-find", Input)
        box.display = False
        view = self.view()
        if view.doc is not None:
            view.focus()



class ReaderPlace:
    """What the workbench (tui/workbench.py) and the session (tui/session.py) ask of the
    Reader: the selected paragraph, and the document and paragraph to come back to."""

    def current_place(self):
        from tui.workbench import Place

        view = self.view()
        para = view.current_para if view.doc is not None else None
        if para is None:
            return None
        info = view.doc.info
        return Place(info.doc_id, para.seq, info.zone, para.text, info.title)

    def session_state(self) -> dict | None:
        view = self.view("left")
        if view.doc is None or view.current_para is None:
            return None
        return {"doc_id": view.doc.info.doc_id, "seq": view.current_para.seq}
