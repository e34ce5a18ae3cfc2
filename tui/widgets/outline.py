"""A document's outline: its sections (一、 (一) 1. 一是…) as a tree, nested by parent."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree

from index.text.normal import visible
from tui import actions

EXPAND_ALL_UP_TO = 400  # bigger outlines open with only their top level expanded


class Outline(Tree):
    """Node data is the corpus SectionRow; labels are Text (never markup)."""

    BINDINGS = actions.list_bindings({"top": "scroll_home", "bottom": "scroll_end"})

    DEFAULT_CSS = """
    Outline { width: 28; height: 1fr; border-right: vkey $panel-lighten-2;
              background: $surface; padding: 0; overflow-x: hidden; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(Text("outline"), **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = False
        self.nodes_by_section: dict[int, object] = {}
        self.doc_id: str | None = None

    def build(self, doc) -> None:
        """Fill the tree from a corpus Document (cheap: one node per section)."""
        self.clear()
        self.doc_id = doc.info.doc_id
        self.nodes_by_section = {}
        parents = {s.parent for s in doc.sections if s.parent is not None}
        expand = len(doc.sections) <= EXPAND_ALL_UP_TO
        for s in doc.sections:
            parent = self.nodes_by_section.get(s.parent, self.root)
            label = Text(visible(s.label or s.number or "§"))
            if s.first_seq is None:
                label.stylize("dim")
            if s.id in parents:
                node = parent.add(label, data=s, expand=expand)
            else:
                node = parent.add_leaf(label, data=s)
            self.nodes_by_section[s.id] = node
        if not doc.sections:
            self.root.add_leaf(Text("(no sections)", style="dim"), data=None)
        self.root.expand()

    def follow(self, section_id: int | None) -> None:
        """Put the cursor on a section's node (expanding its ancestors), without selecting."""
        node = self.nodes_by_section.get(section_id) if section_id is not None else None
        if node is None:
            return
        parent = node.parent
        while parent is not None and parent is not self.root:
            if not parent.is_expanded:
                parent.expand()
            parent = parent.parent
        _ = self.last_line  # rebuild the line cache so node.line is known
        if node.line >= 0 and self.cursor_node is not node:
            self.move_cursor(node)
