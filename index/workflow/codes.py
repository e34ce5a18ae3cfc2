"""The codebook: a tree of codes, and its import from a TOML file or a REFI-QDA codebook.

A code's name is unique in the codebook (commands name codes by it); a name may also be
given as its path from the top, 供给型/资金投入. Importing merges by name: a code already
there keeps its id and segments and takes the file's description, colour and parent.

TOML (index/data/codebooks/policy-instruments.toml is one):

    [codebook]
    name = "…"
    [[codes]]
    name = "供给型"
    description = "…"
    colour = "#1f77b4"
      [[codes.codes]]
      name = "人才培养"

REFI-QDA codebook (.qdc, namespace urn:QDA-XML:codebook:1.0): <CodeBook><Codes><Code
guid name color><Description/><Code …/></Code></Codes></CodeBook>, read with the standard
library's ElementTree after refusing any DTD (no entities are ever expanded) and anything
over MAX_IMPORT_BYTES.
"""

from __future__ import annotations

import re
import sqlite3
import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from index.workflow import store
from index.workflow.model import Code, WorkflowError

QDC_NS = "urn:QDA-XML:codebook:1.0"
MAX_IMPORT_BYTES = 20 * 2**20
MAX_DEPTH = 20  # levels of sub-codes a codebook file may nest
# Ten distinguishable colours (matplotlib's tab10), given in turn to codes without one.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class CodebookError(WorkflowError):
    """A codebook file or a code name that cannot be used; the message says why."""


@dataclass
class ImportReport:
    path: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set, repr=False)  # names read so far

    def as_json(self) -> dict:
        return {"file": self.path, "added": self.added, "updated": self.updated,
                "notes": self.notes}


@dataclass
class Entry:
    """One code read from a file, with its children."""
    name: str
    description: str = ""
    colour: str = ""
    key: str = ""
    guid: str = ""
    children: list["Entry"] = field(default_factory=list)


# -- reading ------------------------------------------------------------------------------

def tree(conn: sqlite3.Connection) -> list[Code]:
    """Every code, depth first (children after their parent, in position then name order),
    with its number of coded segments."""
    if not store.exists(conn):
        return []
    rows = conn.execute("SELECT id, parent, name, description, colour, key, guid, position "
                        "FROM codes").fetchall()
    counts = dict(conn.execute("SELECT code, count(*) FROM coded GROUP BY code"))
    names = {r[0]: r[2] for r in rows}
    kids: dict[int | None, list] = {}
    for r in rows:
        kids.setdefault(r[1] if r[1] in names else None, []).append(r)
    out: list[Code] = []

    def walk(parent, depth):
        for r in sorted(kids.get(parent, []), key=lambda r: (r[7], r[2])):
            out.append(Code(r[0], r[2], names.get(r[1]), r[3], r[4], r[5], r[6],
                            counts.get(r[0], 0), depth, r[1]))
            walk(r[0], depth + 1)
    walk(None, 0)
    return out


def find(conn: sqlite3.Connection, name: str) -> int | None:
    """The id of the code called name (or given by its path a/b/c), None if there is none."""
    if not store.exists(conn):
        return None
    name = (name or "").strip()
    leaf = name.rsplit("/", 1)[-1].strip()
    row = conn.execute("SELECT id FROM codes WHERE name = ?", (name,)).fetchone() or \
        conn.execute("SELECT id FROM codes WHERE name = ?", (leaf,)).fetchone()
    return row[0] if row else None


def known(conn: sqlite3.Connection, name: str) -> int:
    """The id of code name, or a CodebookError listing the nearest names."""
    code = find(conn, name)
    if code is None:
        from difflib import get_close_matches

        names = [c.name for c in tree(conn)]
        near = get_close_matches(name, names, n=3, cutoff=0.3)
        hint = f" (nearest: {'、'.join(near)})" if near else (
            "" if names else " (the codebook is empty: `main.py codes import FILE`)")
        raise CodebookError(f"no code is called {name!r}{hint}")
    return code


# -- writing (inside store.writing) -------------------------------------------------------

def check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or "/" in name or len(name) > 200:
        raise CodebookError(f"a code name must be 1-200 characters without '/': {name!r}")
    return name


def create(conn: sqlite3.Connection, name: str, parent: str | None = None,
           description: str = "", colour: str = "", key: str = "", guid: str = "") -> int:
    """Make a code (at the top, or under parent) and return its id; an existing name is
    an error (see merge for imports)."""
    name = check_name(name)
    if find(conn, name) is not None:
        raise CodebookError(f"there is already a code called {name!r}")
    parent_id = known(conn, parent) if parent else None
    if colour and not _COLOUR.match(colour):
        raise CodebookError(f"a colour is #rrggbb, not {colour!r}")
    n = conn.execute("SELECT count(*) FROM codes").fetchone()[0]
    cur = conn.execute(
        "INSERT INTO codes (parent, name, description, colour, key, guid, position, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (parent_id, name, description or "", colour or PALETTE[n % len(PALETTE)], key or "",
         guid or str(uuid.uuid4()), n, store.now()))
    assert cur.lastrowid is not None  # set by every INSERT
    return cur.lastrowid


def update(conn: sqlite3.Connection, name: str, *, new_name: str | None = None,
           parent: str | None = None, description: str | None = None,
           colour: str | None = None, key: str | None = None) -> None:
    """Change a code's fields (parent "" moves it to the top)."""
    code = known(conn, name)
    if new_name is not None and check_name(new_name) != name:
        if find(conn, new_name) is not None:
            raise CodebookError(f"there is already a code called {new_name!r}")
        conn.execute("UPDATE codes SET name = ? WHERE id = ?", (check_name(new_name), code))
    if parent is not None:
        pid = known(conn, parent) if parent else None
        ancestor = pid
        while ancestor is not None:  # never under itself
            if ancestor == code:
                raise CodebookError(f"{name!r} cannot go under its own descendant {parent!r}")
            ancestor = conn.execute("SELECT parent FROM codes WHERE id = ?",
                                    (ancestor,)).fetchone()[0]
        conn.execute("UPDATE codes SET parent = ? WHERE id = ?", (pid, code))
    if colour is not None and colour and not _COLOUR.match(colour):
        raise CodebookError(f"a colour is #rrggbb, not {colour!r}")
    for column, value in (("description", description), ("colour", colour), ("key", key)):
        if value is not None:
            conn.execute(f"UPDATE codes SET {column} = ? WHERE id = ?", (value, code))


def delete(conn: sqlite3.Connection, name: str, force: bool = False) -> int:
    """Remove a code; one with segments or sub-codes only with force (its segments go, its
    sub-codes move up to its parent). Returns the segments removed."""
    code = known(conn, name)
    segments = conn.execute("SELECT count(*) FROM coded WHERE code = ?", (code,)).fetchone()[0]
    kids = conn.execute("SELECT count(*) FROM codes WHERE parent = ?", (code,)).fetchone()[0]
    if (segments or kids) and not force:
        raise CodebookError(f"{name!r} has {segments:,} coded segment(s) and {kids} sub-code(s); "
                            f"delete it with --force to remove them")
    parent = conn.execute("SELECT parent FROM codes WHERE id = ?", (code,)).fetchone()[0]
    conn.execute("UPDATE codes SET parent = ? WHERE parent = ?", (parent, code))
    conn.execute("DELETE FROM coded WHERE code = ?", (code,))
    conn.execute("DELETE FROM codes WHERE id = ?", (code,))
    return segments


def merge(conn: sqlite3.Connection, entries: list[Entry], report: ImportReport,
          parent: int | None = None) -> None:
    """Write imported codes under parent: new names are made, known ones updated. A '/' in
    a name (a path separator here) becomes '／'; a name twice in the file is one code, kept
    under its last parent (noted)."""
    for e in entries:
        raw = " ".join(e.name.split())
        name = check_name(raw.replace("/", "／"))
        if name != raw:
            report.notes.append(f"{raw}: '/' in a code name became '／'")
        if name in report.seen:
            report.notes.append(f"{name} appears twice in the file: one code, under its "
                                f"last parent")
        report.seen.add(name)
        colour = e.colour if _COLOUR.match(e.colour or "") else ""
        if e.colour and not colour:
            report.notes.append(f"{name}: colour {e.colour!r} is not #rrggbb; left out")
        code = find(conn, name)
        if code is None:
            code = create(conn, name, None, e.description, colour, e.key, e.guid)
            report.added.append(name)
        elif name not in report.added:
            conn.execute("UPDATE codes SET description = CASE WHEN ? = '' THEN description "
                         "ELSE ? END, colour = CASE WHEN ? = '' THEN colour ELSE ? END "
                         "WHERE id = ?", (e.description, e.description, colour, colour, code))
            if name not in report.updated:
                report.updated.append(name)
        conn.execute("UPDATE codes SET parent = ? WHERE id = ?", (parent, code))
        merge(conn, e.children, report, code)


# -- files --------------------------------------------------------------------------------

def read_file(path: str | Path) -> list[Entry]:
    """The codes of a .toml or .qdc file, or a CodebookError naming the file and the
    problem."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CodebookError(f"cannot read {path}: {exc.strerror or exc}") from None
    if size > MAX_IMPORT_BYTES:
        raise CodebookError(f"{path} is {size / 2**20:.0f} MB; a codebook over "
                            f"{MAX_IMPORT_BYTES // 2**20} MB is not read")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".toml":
        entries = _from_toml(path, data)
    elif suffix in (".qdc", ".xml"):
        entries = _from_qdc(path, data)
    else:
        raise CodebookError(f"{path}: a codebook is a .toml or a REFI-QDA .qdc file")
    if not entries:
        raise CodebookError(f"{path} has no codes in it")
    return entries


def _from_toml(path: Path, data: bytes) -> list[Entry]:
    try:
        doc = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CodebookError(f"{path} is not valid TOML: {exc}") from None

    def entries(items, where, depth=0) -> list[Entry]:
        if depth > MAX_DEPTH:
            raise CodebookError(f"{path}: codes nest deeper than {MAX_DEPTH} levels")
        if not isinstance(items, list):
            raise CodebookError(f"{path}: {where} must be an array of tables ([[codes]])")
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise CodebookError(f"{path}: {where}[{i}] needs a name")
            out.append(Entry(item["name"], str(item.get("description", "")),
                             str(item.get("colour", item.get("color", ""))),
                             str(item.get("key", "")), str(item.get("guid", "")),
                             entries(item.get("codes", []), f"{where}[{i}].codes",
                                     depth + 1)))
        return out
    return entries(doc.get("codes", []), "codes")


def _from_qdc(path: Path, data: bytes) -> list[Entry]:
    import xml.etree.ElementTree as ET

    head = data[:4096].decode("utf-8", "replace").upper()
    if "<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise CodebookError(f"{path}: a document type declaration or entities are not "
                            f"accepted in a codebook (REFI-QDA files have none)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise CodebookError(f"{path} is not well-formed XML: {exc}") from None
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if ns not in (QDC_NS, "urn:QDA-XML:project:1.0"):
        raise CodebookError(f"{path} is not a REFI-QDA codebook (namespace {ns or 'none'}, "
                            f"expected {QDC_NS})")
    q = f"{{{ns}}}"
    codes = root.find(f"{q}Codes") if root.tag == f"{q}CodeBook" else \
        root.find(f"{q}CodeBook/{q}Codes")
    if codes is None:
        raise CodebookError(f"{path} has no <Codes> element")

    def entries(parent, depth=0) -> list[Entry]:
        if depth > MAX_DEPTH:
            raise CodebookError(f"{path}: codes nest deeper than {MAX_DEPTH} levels")
        out = []
        for el in parent.findall(f"{q}Code"):
            desc = el.find(f"{q}Description")
            out.append(Entry(el.get("name", "").strip(),
                             (desc.text or "").strip() if desc is not None else "",
                             el.get("color", ""), "", el.get("guid", ""),
                             entries(el, depth + 1)))
        return [e for e in out if e.name]
    return entries(codes)
