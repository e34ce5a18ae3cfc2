"""The reader's split view: a second document beside the first, kept at the matching section.

Tab / shift+tab / ctrl+w / w move between the two views. Section-level sync: when the
current paragraph moves in the focused view, the other view jumps to its best-matching
section — the same numbering path (二、(三)) if it has one, else the section title sharing
the most character bigrams — unless it is already inside that section.

Diff mode (d): the two documents collated by content (index/reuse/diff.py, computed in
the helper process by a worker). Changed characters are marked (red on the left, green on
the right), paragraphs only on one side struck through (left) or green (right), unchanged
paragraphs dimmed; sync is then paragraph by paragraph, and . / , go from change to change.
"""

from __future__ import annotations

import bisect

from rich.text import Text
from textual import work

from index.text.normal import fold
from tui.dialogs.doc_picker import DocPicker
from tui.messages import DiffReady

CHANGED_A = "bold white on dark_red"
CHANGED_B = "bold black on green"
ONLY_A = "strike red"
ONLY_B = "green"
SAME = "dim"

UNNUMBERED = ("", "#", "**")


# -- section matching (pure; used by the split view's sync) ------------------------------
def _bigrams(text: str) -> set[str]:
    f = fold(text)
    return {f[i:i + 2] for i in range(len(f) - 1)} or ({f} if f else set())


class SectionIndex:
    """What section sync needs to know about one document's outline."""

    def __init__(self, doc) -> None:
        self.doc_id = doc.info.doc_id
        self.by_id = {s.id: s for s in doc.sections}
        self.paths: dict[int, tuple[str, ...] | None] = {}
        self.by_path: dict[tuple[str, ...], int] = {}
        self.grams: dict[int, set[str]] = {}
        for s in doc.sections:  # parents come before their children
            parent_path = self.paths.get(s.parent, ()) if s.parent is not None else ()
            number = fold(s.number or "")
            if parent_path is None or (s.number or "") in UNNUMBERED or not number:
                path = None
            else:
                path = (*parent_path, number)
            self.paths[s.id] = path
            if path is not None and s.first_seq is not None:
                self.by_path.setdefault(path, s.id)
            self.grams[s.id] = _bigrams(s.title or s.label)
        self._memo: dict[tuple[str, int], int | None] = {}

    def chain(self, section_id: int | None) -> list[int]:
        """The section and its ancestors, innermost first."""
        out = []
        while section_id is not None and section_id in self.by_id and len(out) < 64:
            out.append(section_id)
            section_id = self.by_id[section_id].parent
        return out


def match_section(src: SectionIndex, section_id: int | None,
                  dst: SectionIndex, min_score: float = 0.25) -> int | None:
    """The section of dst that best matches src's section (or its nearest ancestor that
    has a match): same numbering path first, then the most shared title bigrams (Dice)."""
    for sid in src.chain(section_id):
        key = (dst.doc_id, sid)
        if key in src._memo:
            found = src._memo[key]
        else:
            found = None
            path = src.paths.get(sid)
            if path is not None and path in dst.by_path:
                found = dst.by_path[path]
            else:
                grams = src.grams.get(sid) or set()
                best, best_score = None, 0.0
                if grams:
                    for tid, tgrams in dst.grams.items():
                        if not tgrams or dst.by_id[tid].first_seq is None:
                            continue
                        score = 2 * len(grams & tgrams) / (len(grams) + len(tgrams))
                        if score > best_score:
                            best, best_score = tid, score
                if best_score >= min_score:
                    found = best
            src._memo[key] = found
        if found is not None:
            return found
    return None


class SplitView:
    """ReaderScreen's split-view actions and sync (a mixin: uses the screen's view(),
    outline(), indexes, load() and friends)."""

    def _sync_from(self, slot: str) -> None:
        """Move the other view to the section matching slot's current paragraph (in diff
        mode: to the paragraph aligned with it)."""
        if not self.split_open:
            return
        other = "right" if slot == "left" else "left"
        src_view, dst_view = self.view(slot), self.view(other)
        collation = self._live_collation()
        if collation is not None:
            target = collation["align"][slot].get(src_view.current)
            if target is not None and target != dst_view.current:
                dst_view.go_to(target, "sync")
            return
        src, dst = self.indexes.get(slot), self.indexes.get(other)
        para = src_view.current_para
        if not (src and dst and para and dst_view.paras):
            return
        if src.doc_id != getattr(src_view.doc.info, "doc_id", None):
            return
        target = match_section(src, para.section, dst)
        if target is None:
            return
        dst_para = dst_view.current_para
        if dst_para is not None and target in dst.chain(dst_para.section):
            return  # already there
        first = dst.by_id[target].first_seq
        if first is not None:
            dst_view.go_to(first - 1, "sync")

    def action_other_view(self) -> None:
        if not self.split_open:
            return
        other = "right" if self.active == "left" else "left"
        self.view(other).focus()

    def action_split(self) -> None:
        if self.split_open:
            self._close_split()
            return
        view = self._need_doc()
        if view is None:
            return
        self.app.push_screen(
            DocPicker(title="Open a second document beside this one",
                      exclude=view.doc.info.doc_id),
            self._split_chosen)

    def _split_chosen(self, doc_id: str | None) -> None:
        if not doc_id:
            return
        self._diff_off()
        self.split_open = True
        self.query_one("#pane-right").display = True
        left = self.view("left")
        self.load("right", doc_id, 1, left.terms, focus=False)

    def _close_split(self) -> None:
        self._diff_off()
        self.split_open = False
        self.workers.cancel_group(self, "load-right")
        self.query_one("#pane-right").display = False
        self.view("right").clear()
        self.outline("right").clear()
        self.indexes.pop("right", None)
        self.active = "left"
        self.view("left").focus()
        self._mark_active()
        self._update_outline_display()
        self._update_status()


    # -- diff mode -------------------------------------------------------------------------
    collation: dict | None = None  # {"ids", "changes": {slot: [index]}, "align": {slot: {i: j}}}

    def action_diff_mode(self) -> None:
        if self.collation is not None:
            self._diff_off()
            self.notify("Diff mode off", timeout=2)
            return
        left, right = self.view("left"), self.view("right")
        if not self.split_open or left.doc is None or right.doc is None:
            self.notify("Diff compares the two documents of a split: open one with v first",
                        timeout=4)
            return
        self.notify("Collating the two documents…", timeout=2)
        self.collate_docs(left.doc, right.doc)

    @work(thread=True, exclusive=True, group="reader-diff")
    def collate_docs(self, doc_a, doc_b) -> None:
        result = self.corpus.collate(doc_a, doc_b, separate_process=True)
        self.post_message(DiffReady(doc_a.info.doc_id, doc_b.info.doc_id, result))

    def on_diff_ready(self, message: DiffReady) -> None:
        left, right = self.view("left"), self.view("right")
        if (not self.split_open or left.doc is None or right.doc is None
                or (left.doc.info.doc_id, right.doc.info.doc_id) != (message.a_id, message.b_id)):
            return  # the split changed meanwhile
        marks = {"left": {}, "right": {}}
        changes = {"left": [], "right": []}
        align = {"left": {}, "right": {}}
        pending = {"left": [], "right": []}  # unmatched, aligned with the next match
        for e in message.result.entries:
            ia = e.a[0] - 1 if e.a else None
            ib = e.b[0] - 1 if e.b else None
            if e.op in ("same", "changed"):
                for i in pending["left"]:
                    align["left"][i] = ib
                for j in pending["right"]:
                    align["right"][j] = ia
                pending = {"left": [], "right": []}
                align["left"][ia], align["right"][ib] = ib, ia
            if e.op == "same":
                marks["left"][ia] = [(0, len(e.a[1]), SAME)]
                marks["right"][ib] = [(0, len(e.b[1]), SAME)]
            elif e.op == "changed":
                marks["left"][ia] = [(a0, a1, CHANGED_A) for _, a0, a1, _, _ in e.changes
                                     if a1 > a0]
                marks["right"][ib] = [(b0, b1, CHANGED_B) for _, _, _, b0, b1 in e.changes
                                      if b1 > b0]
                changes["left"].append(ia)
                changes["right"].append(ib)
            elif e.op == "only_a":
                marks["left"][ia] = [(0, len(e.a[1]), ONLY_A)]
                changes["left"].append(ia)
                pending["left"].append(ia)
            else:
                marks["right"][ib] = [(0, len(e.b[1]), ONLY_B)]
                changes["right"].append(ib)
                pending["right"].append(ib)
        for i in pending["left"]:
            align["left"][i] = len(right.paras) - 1
        for j in pending["right"]:
            align["right"][j] = len(left.paras) - 1
        self.collation = {"ids": (message.a_id, message.b_id), "align": align,
                          "changes": {k: sorted(v) for k, v in changes.items()},
                          "counts": message.result.counts()}
        left.set_marks(marks["left"])
        right.set_marks(marks["right"])
        c = message.result.counts()
        self.notify(f"{c['same']} same · {c['changed']} changed · {c['only_a']} only left · "
                    f"{c['only_b']} only right  (. and , go from change to change)",
                    timeout=5)
        self._update_status()

    def _diff_off(self) -> None:
        self.workers.cancel_group(self, "reader-diff")
        if self.collation is not None:
            self.collation = None
            for slot in ("left", "right"):
                self.view(slot).set_marks({})

    def _live_collation(self) -> dict | None:
        """The collation, if both views still show the documents it was made for."""
        if self.collation is None:
            return None
        left, right = self.view("left").doc, self.view("right").doc
        if left is None or right is None or (left.info.doc_id, right.info.doc_id) != \
                self.collation["ids"]:
            self._diff_off()  # a view opened another document
            return None
        return self.collation

    def _change(self, step: int) -> None:
        if self._live_collation() is None:
            self.notify("No diff: in a split, d collates the two documents", timeout=3)
            return
        view = self.view()
        changes = self.collation["changes"][self.active]
        if not changes:
            self.notify("No changes on this side", timeout=2)
            return
        if step > 0:
            k = bisect.bisect_right(changes, view.current)
            target = changes[k % len(changes)]
        else:
            k = bisect.bisect_left(changes, view.current) - 1
            target = changes[k]  # -1 wraps to the last
        view.go_to(target, "key")
        self._sync_from(self.active)
        self._update_status()

    def action_next_change(self) -> None:
        self._change(1)

    def action_prev_change(self) -> None:
        self._change(-1)

    def diff_status(self) -> Text:
        """" · diff: change 2 of 7" for the reader's status line ("" outside diff mode)."""
        if self._live_collation() is None:
            return Text("")
        changes = self.collation["changes"][self.active]
        current = self.view().current
        k = bisect.bisect_left(changes, current)
        at = f"change {k + 1} of {len(changes)}" if k < len(changes) and changes[k] == current \
            else f"{len(changes)} changes"
        return Text(f" · diff: {at}", style="bold magenta")
