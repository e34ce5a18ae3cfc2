"""Zones by name: the one resolver behind every zone filter (search's zone:, compare's and
the statistics' --zone, reuse's --zone, the app).

A name picks the zones whose name or short name it equals (folded: case, width and spaces
ignored); failing that, those whose name or short name contains it. A name that picks no
zone is a miss, reported with the zones nearest to it: by rapidfuzz's ratio (shared
characters in order) against the zone's name and its short name, so 上海 suggests 海南.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from index.store.cache import PerGeneration
from index.text.normal import fold

NO_ZONE = "(no zone)"  # what a document without a zone is listed under
NEAREST = 3  # zones suggested for a miss


class UnknownZone(ValueError):
    """A zone name that matches no zone of the corpus; the message names the nearest."""


@dataclass
class Resolved:
    """Zones picked by the names given, and the names that picked none."""

    zones: list[str] = field(default_factory=list)  # in the order named, each once
    unknown: dict[str, list[str]] = field(default_factory=dict)  # name -> nearest zones

    def notes(self) -> list[str]:
        """One line per miss: “no zone matches “上海”; nearest: 海南省”."""
        return [f"no zone matches “{name}”" + (f"; nearest: {'、'.join(near)}" if near else "")
                for name, near in self.unknown.items()]

    def check(self, total: int) -> list[str]:
        """The zones, or UnknownZone for the first miss (a command that cannot go on)."""
        for name, near in self.unknown.items():
            raise UnknownZone(f"no zone called {name!r}"
                              + (f"; nearest: {'、'.join(near)}" if near else "")
                              + f" (zones: {total}; `main.py docs` lists them)")
        return self.zones


def zone_names(conn: sqlite3.Connection) -> dict[str, str]:
    """{zone: its short name} of the corpus's documents (read again after a write)."""
    return dict(_NAMES.get(conn, lambda: _read_names(conn)))


_NAMES: PerGeneration[dict[str, str]] = PerGeneration()


def _read_names(conn: sqlite3.Connection) -> dict[str, str]:
    names: dict[str, str] = {}
    for zone, short in conn.execute("SELECT DISTINCT zone, short FROM docs"):
        key = zone or short or NO_ZONE
        if short or key not in names:
            names[key] = short or names.get(key, "")
    return names


def resolve(names: dict[str, str], wanted: list[str], n: int = NEAREST) -> Resolved:
    """The zones of `names` ({zone: short name}) that `wanted` picks (see the module)."""
    forms = {z: {fold(z), fold(s or "")} - {""} for z, s in names.items()}
    out = Resolved()
    for name in wanted:
        f = fold(name.strip())
        if not f:
            continue
        found = [z for z, fs in forms.items() if f in fs] or \
            [z for z, fs in forms.items() if any(f in x for x in fs)]
        if not found:
            out.unknown[name] = nearest(f, forms, n)
        out.zones += [z for z in sorted(found) if z not in out.zones]
    return out


def nearest(folded: str, forms: dict[str, set[str]], n: int = NEAREST) -> list[str]:
    """The n zones whose name or short name is nearest to a folded name; none when nothing
    is alike."""
    from rapidfuzz import fuzz

    scored = sorted(((-max(fuzz.ratio(folded, x) for x in fs), z)
                     for z, fs in forms.items() if fs))
    return [z for score, z in scored[:n] if score < 0]


def resolve_in(conn: sqlite3.Connection, wanted: list[str]) -> Resolved:
    """resolve() against the corpus's zones."""
    return resolve(zone_names(conn), wanted)


def matches(name: str, zone: str, short: str = "") -> bool:
    """True when `name` would pick this zone among others (folded substring of its name or
    short name): for filters that test one document at a time."""
    f = fold(name.strip())
    return bool(f) and (f in fold(zone or "") or f in fold(short or ""))
