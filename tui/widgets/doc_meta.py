"""How a document's metadata is shown: where each field came from, the zone's level and
parents, and years that are only a file's creation year (marked, never passed off as the
document's own)."""

from __future__ import annotations

from rich.text import Text

from index.text.normal import visible


def year_style(d) -> str:
    """Dim when unknown; yellow when the year is only the file's creation year."""
    if not d.year:
        return "dim"
    return "yellow" if d.provenance.get("year") == "file date" else ""


def where_from(d) -> Text:
    """The zone's level and parents, and the fields not read from the text or a manifest
    (zone from the file name, year from the folder …)."""
    from index.corpus import level_chain as chain

    out = Text()
    if d.level or d.parent:
        ups = chain(d.zone, d.parent)
        out.append("\n" + visible(d.level or "?") + (" in " + " › ".join(map(visible, ups))
                                                       if ups else ""), style="cyan")
    told = [f"{f} from {src}" for f, src in d.provenance.items()
            if f in ("zone", "year", "date", "title") and src not in ("text", "manifest")]
    if told:
        out.append("  (" + ", ".join(told) + ")", style="dim")
    return out
