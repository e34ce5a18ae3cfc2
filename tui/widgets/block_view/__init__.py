"""A virtual list of wrapped text blocks with a cursor: one Line-API widget, no widget per
block. The reader's document view, the search results and each Compare pane are one.

Wrapped Chinese text (kinsoku rules, cells not characters) has a height that is only known
after wrapping, and wrapping tens of thousands of blocks takes about a second, again on every
resize. So the scroll position is *block-anchored*: ``(top block, line offset inside it)``.
Each frame wraps only the blocks that reach the screen (a few dozen), keeps their lines in a
small cache (dropped when the width or the content changes) and composes ``height`` lines
from there; jumps only look at the blocks around the target. The scrollbar in the last
column is positional (block number of the top line) and clicking it jumps there.

Subclasses say how many blocks there are (``block_count``), how a block wraps
(``wrap_block``) and which blocks the cursor can stand on (``first_selectable``).
"""

from tui.widgets.block_view.view import BlockView

__all__ = ["BlockView"]
