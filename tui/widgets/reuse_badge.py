"""The reuse badge shown after a passage's paragraph number: " ≈ 85 % 浙江 ¶55 +2"."""

from __future__ import annotations

from rich.text import Text

from index.text.normal import visible

BADGE = "bold magenta"


def badge(pairs, para_id: int) -> Text:
    """The best pair's other passage (similarity, zone, paragraph) and how many more pairs;
    empty when the passage has none."""
    if not pairs:
        return Text("")
    other = pairs[0].other(para_id)
    t = Text(f" ≈ {pairs[0].similarity:.0%} ", style=BADGE)
    t.append(visible(other.short or other.zone), style=BADGE)
    t.append(f" ¶{other.para}", style=BADGE)
    if len(pairs) > 1:
        t.append(f" +{len(pairs) - 1}", style="magenta")
    return t
