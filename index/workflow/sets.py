"""Named document sets, saved searches and the app's state.

A set is kept as its definition — zones, a year range, levels, named documents, a query,
each narrowing the one before (all must hold) — and resolved to doc_ids against the
documents indexed now: a set by zone takes in a document of that zone indexed later. The
doc_ids it resolved to when saved are stored with the generation they were true for.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Callable

from index.store.connection import generation
from index.text.normal import fold
from index.workflow import store
from index.workflow.model import DocSet, SavedSearch, WorkflowError

_YEARS = re.compile(r"^\s*(\d{4})\s*(?:(?:-|–|\.\.|~|至)\s*(\d{4}))?\s*$")
_NAME = re.compile(r"^[^\s:,，、]{1,80}$")
VIEWS = ("search", "kwic", "compare")


class SetError(WorkflowError):
    """A set that cannot be saved or found; the message says why."""


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.match(name):
        raise SetError(f"a set's name is 1-80 characters without spaces, ':' or commas: "
                       f"{name!r}")
    return name


def definition(zones=None, years: str | None = None, levels=None, docs=None,
               query: str | None = None) -> dict:
    """A set's definition from the command line's pieces (years as 2018 or 2018-2020)."""
    from index.meta.levels import normal_level

    out: dict = {}
    if zones:
        out["zones"] = list(zones)
    if years:
        m = _YEARS.match(years)
        if not m:
            raise SetError(f"years are 2018 or 2018-2020, not {years!r}")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        out["years"] = [min(lo, hi), max(lo, hi)]
    if levels:
        out["levels"] = [normal_level(v) for v in levels]
    if docs:
        out["docs"] = list(docs)
    if query and query.strip():
        out["query"] = query.strip()
    return out


def resolve(conn: sqlite3.Connection, d: dict,
            query_docs: Callable[[str], set[str]]) -> tuple[list[str], list[str]]:
    """(the doc_ids the definition holds now, notes on what matched nothing)."""
    rows = conn.execute("SELECT doc_id, zone, short, year, level FROM docs "
                        "ORDER BY first_para").fetchall()
    notes = []
    zones = [fold(z) for z in d.get("zones", [])]
    if zones:
        for z, raw in zip(zones, d["zones"]):
            if not any(z in fold(r[1] or "") or z in fold(r[2] or "") for r in rows):
                notes.append(f"no zone is called {raw!r}")
        rows = [r for r in rows if any(z in fold(r[1] or "") or z in fold(r[2] or "")
                                       for z in zones)]
    if d.get("years"):
        lo, hi = d["years"]
        rows = [r for r in rows if r[3] and lo <= r[3] <= hi]
    if d.get("levels"):
        rows = [r for r in rows if (r[4] or "") in d["levels"]]
    if d.get("docs"):
        known = {r[0] for r in conn.execute("SELECT doc_id FROM docs")}
        notes += [f"no document {x!r}" for x in d["docs"] if x not in known]
        rows = [r for r in rows if r[0] in set(d["docs"])]
    if d.get("query"):
        found = query_docs(d["query"])
        rows = [r for r in rows if r[0] in found]
    return [r[0] for r in rows], notes


def save(conn: sqlite3.Connection, name: str, d: dict, docs: list[str]) -> None:
    name = check_name(name)
    when = store.now()
    conn.execute("INSERT INTO doc_sets (name, definition, resolved, generation, created, "
                 "updated) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                 "definition = excluded.definition, resolved = excluded.resolved, generation = "
                 "excluded.generation, updated = excluded.updated",
                 (name, json.dumps(d, ensure_ascii=False), json.dumps(docs, ensure_ascii=False),
                  _gen(conn), when, when))


def _gen(conn) -> str:
    return "|".join(generation(conn)[1:])


def stored(conn: sqlite3.Connection) -> list[tuple[str, dict, list[str], bool, str, str]]:
    """(name, definition, doc_ids as saved, still current?, created, updated) of every set."""
    if not store.exists(conn):
        return []
    gen = _gen(conn)
    return [(r[0], json.loads(r[1]), json.loads(r[2]), r[3] == gen, r[4], r[5])
            for r in conn.execute("SELECT name, definition, resolved, generation, created, "
                                  "updated FROM doc_sets ORDER BY name")]


def get(conn: sqlite3.Connection, name: str, query_docs) -> DocSet:
    """The set called name, resolved against the documents indexed now."""
    for n, d, docs, current, created, updated in stored(conn):
        if n == (name or "").strip():
            notes: list[str] = []
            if not current:
                docs, notes = resolve(conn, d, query_docs)
            return DocSet(n, d, docs, created, updated, notes)
    names = [s[0] for s in stored(conn)]
    raise SetError(f"no set is called {name!r}" + (f" (sets: {'、'.join(names)})" if names
                                                   else " (save one with `main.py set save`)"))


def delete(conn: sqlite3.Connection, name: str) -> None:
    if conn.execute("DELETE FROM doc_sets WHERE name = ?", (name,)).rowcount == 0:
        raise SetError(f"no set is called {name!r}")


# -- saved searches -----------------------------------------------------------------------

def save_search(conn: sqlite3.Connection, name: str, query: str, view: str = "search",
                options: dict | None = None) -> None:
    name = check_name(name)
    if view not in VIEWS:
        raise SetError(f"a saved search is for one of {', '.join(VIEWS)}, not {view!r}")
    if not (query or "").strip():
        raise SetError("an empty query: nothing to save")
    conn.execute("INSERT OR REPLACE INTO saved_searches VALUES (?, ?, ?, ?, ?)",
                 (name, query.strip(), view, json.dumps(options or {}, ensure_ascii=False),
                  store.now()))


def searches(conn: sqlite3.Connection) -> list[SavedSearch]:
    if not store.exists(conn):
        return []
    return [SavedSearch(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in conn.execute(
        "SELECT name, query, view, options, created FROM saved_searches ORDER BY name")]


def delete_search(conn: sqlite3.Connection, name: str) -> None:
    if conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount == 0:
        raise SetError(f"no saved search is called {name!r}")


# -- the app's state ----------------------------------------------------------------------

def state(conn: sqlite3.Connection) -> dict:
    """{key: value} of everything the app stored (values are JSON data)."""
    if not store.exists(conn):
        return {}
    return {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM app_state")}


def put_state(conn: sqlite3.Connection, values: dict) -> None:
    """Store these keys (a value None removes its key)."""
    for k, v in values.items():
        if v is None:
            conn.execute("DELETE FROM app_state WHERE key = ?", (str(k),))
        else:
            conn.execute("INSERT OR REPLACE INTO app_state VALUES (?, ?)",
                         (str(k), json.dumps(v, ensure_ascii=False)))
