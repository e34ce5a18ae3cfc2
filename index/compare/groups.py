"""Grouping documents for a comparison: by zone (the default), year, zone and year, or level.

group_docs() gives each document its group: a key (unique; what a ZoneResult's `zone` and a
matrix column are called) and a label to show (梅山 · 2018). Groups sort the way a reader
expects: zones by name, years in time order, levels broadest first; what has no year or no
level comes last.
"""

from __future__ import annotations

from dataclasses import dataclass

BY = ("zone", "year", "zone-year", "level")
NO_YEAR = "(no year)"
NO_LEVEL = "(no level)"
SEP = " · "


class GroupingError(ValueError):
    """An unknown grouping; the message lists the known ones."""


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    order: tuple


def check_by(by: str) -> str:
    by = (by or "zone").strip().lower().replace("_", "-")
    if by in ("zone-year", "zoneyear", "zone+year"):
        return "zone-year"
    if by not in BY:
        raise GroupingError(f"unknown grouping {by!r}: one of {', '.join(BY)}")
    return by


def _group(d, by: str) -> Group:
    from index.meta.levels import level_rank

    short = d.short or d.zone
    year = getattr(d, "year", None)
    ytxt = str(year) if year else NO_YEAR
    yorder = year or 10_000
    if by == "year":
        return Group(ytxt, ytxt, (yorder,))
    if by == "zone-year":
        return Group(f"{d.zone}{SEP}{ytxt}", f"{short}{SEP}{ytxt}", (d.zone, yorder))
    if by == "level":
        level = getattr(d, "level", "") or ""
        return Group(level or NO_LEVEL, level or NO_LEVEL, (level_rank(level), level))
    return Group(d.zone, short, (d.zone,))


_LAST: dict[str, tuple[list, dict]] = {}  # by -> (the docs list grouped, its groups)


def group_docs(docs, by: str = "zone") -> dict[str, Group]:
    """{doc_id: its Group}. Outside by=zone the key is the label (梅山 · 2018) unless two
    groups would share a label; then their full keys are used. The groups of the last list
    grouped are kept: passages.doc_ranges() hands every comparison on unchanged contents the
    same list (11,000 documents at 500 MB: 30 ms a theme switch). Callers must not change
    the result."""
    by = check_by(by)
    last = _LAST.get(by)
    if last is not None and last[0] is docs:
        return last[1]
    out = _grouped(docs, by)
    _LAST[by] = (docs, out)
    return out


def _grouped(docs, by: str) -> dict[str, Group]:
    out = {d.doc_id: _group(d, by) for d in docs}
    if by == "zone":
        return out
    labels: dict[str, set[str]] = {}
    for g in out.values():
        labels.setdefault(g.label, set()).add(g.key)
    return {doc: (Group(g.label, g.label, g.order) if len(labels[g.label]) == 1 else g)
            for doc, g in out.items()}
