"""A comparison's words per zone: its distinctive words (keyness of its theme passages
against the other zones', with p) and the collocates of the theme in that zone, for the app's
Words view. Plain data, computed off the UI thread (Corpus.theme_words)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ZoneWords:
    zone: str
    short: str
    passages: int
    keywords: list = field(default_factory=list)    # compare.distinctive.Scored
    collocates: list = field(default_factory=list)  # analysis.model.Collocate


@dataclass
class ThemeWords:
    theme: str
    node: str  # the form whose collocates are listed (the theme's most used form)
    zones: list[ZoneWords] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def theme_words(conn, comp, limit: int = 8) -> ThemeWords:
    """Each zone with passages: distinctive words (computed if not yet) and collocates of the
    form of the theme the comparison's passages use most (window ±5 units)."""
    from index.analysis.collocates import collocates
    from index.compare.distinctive import add_distinctive

    if not comp.distinctive_done:
        add_distinctive(comp)
    forms = Counter(f for z in comp.zones for p in z.passages for f in p.forms)
    node = forms.most_common(1)[0][0] if forms else comp.theme.name
    active = [z for z in comp.zones if z.passages]
    found = collocates(conn, node, by_zone=True, zones=[z.zone for z in active] or None,
                       limit=limit) if active else None
    by_zone: dict[str, list] = {}
    for c in (found.items if found else []):
        by_zone.setdefault(c.zone, []).append(c)
    out = ThemeWords(comp.theme.name, node, notes=list(comp.notes))
    for z in active:
        out.zones.append(ZoneWords(z.zone, z.short, len(z.passages),
                                   list(z.distinctive or [])[:limit], by_zone.get(z.zone, [])))
    return out
