"""The reader's split view: a second document beside the first, kept at the matching section.

Tab / shift+tab / ctrl+w / w move between the two views. Section-level sync: when the
current paragraph moves in the focused view, the other view jumps to its best-matching
section — the same numbering path (二、(三)) if it has one, else the section title sharing
the most character bigrams — unless it is already inside that section.
"""

from __future__ import annotations

from index.text.normal import fold
from tui.dialogs.doc_picker import DocPicker

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

    def number_path(self, section_id: int) -> str:
        path = self.paths.get(section_id)
        return "".join(path) if path else ""


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
        """Move the other view to the section matching slot's current paragraph."""
        if not self.split_open:
            return
        other = "right" if slot == "left" else "left"
        src_view, dst_view = self.view(slot), self.view(other)
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
        self.split_open = True
        self.query_one("#pane-right").display = True
        left = self.view("left")
        self.load("right", doc_id, 1, left.terms, focus=False)

    def _close_split(self) -> None:
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

