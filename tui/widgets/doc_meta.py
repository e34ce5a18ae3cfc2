"""How a document's metadata is shown: where each field came from, the zone's level and
parents, the dates it offers (which one orders it, and why the others do not), and years
that are only a file's creation year (marked, never passed off as the document's own)."""

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
            if (f in ("zone", "year", "date", "title") and src not in ("text", "manifest"))
            or (f in ("level", "parent") and src == "gazetteer")]
    if told:
        out.append("  (" + ", ".join(told) + ")", style="dim")
    out.append_text(dates_line(d))
    return out


def dates_line(d) -> Text:
    """Which date orders the document (delivered, issued …, and from where), then the other
    dates it offers and why they were not used."""
    dates = list(getattr(d, "dates", []) or [])
    if not dates:
        return Text()
    out = Text("\n")
    for n, e in enumerate(dates):
        if n:
            out.append("; ", style="dim")
        label = f"{e.get('date', '')} {e.get('kind', '')} ({e.get('source', '')}"
        label += f": {e['how']})" if e.get("how") and e.get("how") != e.get("kind") else ")"
        if e.get("used"):
            out.append("date used: ", style="dim")
            out.append(visible(label), style="green")
        else:
            out.append(visible(label) + (f" — {e['note']}" if e.get("note") else ""),
                       style="dim")
    return out
