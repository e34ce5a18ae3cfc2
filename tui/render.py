"""Rich Text builders for document text: always Text, never markup; widths in cells."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from index.text.normal import visible

HIT = "bold reverse"
SHARED_STYLES = ["bold magenta", "bold green", "bold blue", "bold red", "bold cyan"]


def counted(n: int, noun: str, nouns: str | None = None) -> str:
    """"1 paragraph", "2 paragraphs", "1,024 families": a count with its noun in the right
    number (nouns: the plural when it is not noun + "s")."""
    return f"{n:,} {noun if n == 1 else nouns or noun + 's'}"


def highlighted(text: str, spans, style: str = HIT) -> Text:
    t = Text(visible(text))
    for s, e in spans:
        t.stylize(style, s, e)
    return t


def clip_left(text: str, cells: int) -> str:
    """The end of text that fits in `cells`, with … where it was cut."""
    if cell_len(text) <= cells:
        return text
    out, used = [], 1
    for ch in reversed(text):
        w = cell_len(ch)
        if used + w > cells:
            break
        out.append(ch)
        used += w
    return "…" + "".join(reversed(out))


def clip_right(text: str, cells: int) -> str:
    if cell_len(text) <= cells:
        return text
    out, used = [], 1
    for ch in text:
        w = cell_len(ch)
        if used + w > cells:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad_left(text: str, cells: int) -> str:
    return " " * max(0, cells - cell_len(text)) + text


def hit_header(zone: str, title: str, section: str, para: int) -> Text:
    head = Text(visible(zone or "?"), style="bold cyan")
    if title:
        head.append(" · " + visible(title), style="dim")
    if section:
        head.append(" › " + visible(section), style="green")
    head.append(f"  ¶{para}", style="dim")
    return head


def kwic_line(text: str, span: tuple[int, int], left_cells: int, right_cells: int) -> Text:
    """A concordance line: left context right-aligned, the hit, right context."""
    s, e = span
    left = visible(text[max(0, s - left_cells):s]).replace("\n", " ")
    right = visible(text[e:e + right_cells]).replace("\n", " ")
    line = Text(pad_left(clip_left(left, left_cells), left_cells), style="dim")
    line.append(visible(text[s:e]), style=HIT)
    line.append(clip_right(right, right_cells))
    return line
