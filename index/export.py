"""Export formats: one table, used by the command line's --format and by the app's export.

Each entry names a format, the file suffix it writes and a writer that turns what a command
produced (a comparison, search hits, the document list, the theme matrix) into text. A new
format is one entry here; a writer that has no rendering for a kind of data raises
ExportError with a message naming what it can write.

    name   suffix   writes
    md     .md      a comparison as a cited Markdown report, or anything with as_markdown()
    json   .json    anything with as_json() (the documented JSON shapes), or a list of such
    csv    .csv     one record per row with a header row, UTF-8 with a BOM (so spreadsheet
                    programs open Chinese correctly): data with as_rows() -> (header, rows),
                    or whose JSON is a list of flat objects (nested values as JSON text);
                    a text cell starting =, +, -, @, tab or CR gets a leading ' (neutral())
    html   .html    a comparison as one self-contained HTML page with inline SVG charts
                    (index/report/html.py), or anything with as_html()
"""

from __future__ import annotations

import inspect
import json
import re
from dataclasses import dataclass
from typing import Callable


class ExportError(ValueError):
    """This format cannot write this kind of data."""


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    label: str  # shown to users: "Markdown", "JSON"
    write: Callable[..., str]  # (data, limit=…) -> text
    only: tuple[str, ...] = ()  # the kinds of data it writes (class names), () for any


def names_for(kind: str) -> list[str]:
    """The formats that can write data of this kind (a class name: "Comparison",
    "Concordance", "Hit", "DocInfo", "ThemeMatrix")."""
    return [f.name for f in FORMATS.values() if not f.only or kind in f.only]


def _json(data, limit: int = 5) -> str:
    if isinstance(data, (list, tuple)):
        value = [d.as_json() if hasattr(d, "as_json") else d for d in data]
    elif hasattr(data, "as_json"):
        takes_limit = "limit" in inspect.signature(data.as_json).parameters
        value = data.as_json(limit) if takes_limit else data.as_json()
    else:
        raise ExportError(f"JSON cannot write {type(data).__name__}")
    text = json.dumps(value, ensure_ascii=False)  # the C encoder: 12 MB in a fraction of a s
    if len(text) <= PRETTY_CHARS:  # small enough to read: one key per line
        text = json.dumps(value, ensure_ascii=False, indent=1)
    return _C1.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n"


# JSON up to this size is indented for reading; larger (a comparison of 1,700 zones: 12 MB)
# is written compact: Python's indenting encoder is pure Python, seconds at that size.
PRETTY_CHARS = 1_000_000


# json.dumps escapes the C0 controls; DEL and the C1 controls (U+009B is a terminal's CSI)
# it writes raw. Escaped, the JSON is the same data and safe to print on a terminal.
_C1 = re.compile("[\x7f-\x9f]")


def rows_of(data, limit: int = 5) -> tuple[list[str], list[list]]:
    """(header, rows) of data: its own as_rows() when it has one, else its JSON as a list of
    objects (keys in first-seen order; a nested value written as JSON text)."""
    if hasattr(data, "as_rows"):
        takes_limit = "limit" in inspect.signature(data.as_rows).parameters
        return data.as_rows(limit) if takes_limit else data.as_rows()
    value = json.loads(_json(data, limit))
    if isinstance(value, dict):
        value = [value]
    if not all(isinstance(v, dict) for v in value):
        raise ExportError(f"CSV cannot write {type(data).__name__}: not a list of records")
    header: list[str] = []
    for v in value:
        header += [k for k in v if k not in header]

    def cell(x):
        return (json.dumps(x, ensure_ascii=False) if isinstance(x, (dict, list)) else
                ("" if x is None else x))
    return header, [[cell(v.get(k)) for k in header] for v in value]


# A spreadsheet takes a cell starting with one of these as a formula (OWASP, "CSV
# Injection"): such a text cell is written with a ' in front, which shows it as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(cell):
    """A CSV cell that no spreadsheet runs as a formula: text starting =, +, -, @, tab or
    CR gets a leading '; numbers and other text are unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _csv(data, limit: int = 5) -> str:
    import csv
    import io

    header, rows = rows_of(data, limit)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([neutral(h) for h in header])
    w.writerows([neutral(c) for c in row] for row in rows)
    return "\ufeff" + out.getvalue()


def _markdown(data, limit: int = 5) -> str:
    from index.compare.model import Comparison
    from index.compare.report import markdown

    if hasattr(data, "as_markdown"):
        return data.as_markdown()
    if not isinstance(data, Comparison):
        raise ExportError(f"Markdown is written for comparisons, not {type(data).__name__}")
    return markdown(data, limit)


def _html(data, limit: int = 5) -> str:
    from index.compare.model import Comparison
    from index.report.html import page

    if hasattr(data, "as_html"):
        return data.as_html()
    if not isinstance(data, Comparison):
        raise ExportError(f"HTML is written for comparisons, not {type(data).__name__}")
    return page(data, limit=limit)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("md", ".md", "Markdown", _markdown, only=("Comparison", "DiffResult")),
    Format("json", ".json", "JSON", _json),
    Format("csv", ".csv", "CSV", _csv),
    Format("html", ".html", "HTML page", _html, only=("Comparison",)),
)}


# Whole-project files the app's export dialog also offers (written by the Corpus, not from
# the data on screen): the REFI-QDA project of index/report/qdpx.py.
PROJECT_FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("qdpx", ".qdpx", "REFI-QDA project: documents, codes, memos, sets",
           lambda data, limit=5: "", only=("Project",)),
)}


def render(data, fmt: str, limit: int = 5) -> str:
    """data written in format fmt (a key of FORMATS)."""
    try:
        f = FORMATS[fmt]
    except KeyError:
        raise ExportError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}") from None
    return f.write(data, limit=limit)


def file_name(stem: str, fmt: str) -> str:
    """A file name for an export: the stem's letters and digits (at most 30), and the
    format's suffix."""
    safe = "".join(c for c in stem if c.isalnum())[:30] or "export"
    return f"duizhao-{safe}{({**FORMATS, **PROJECT_FORMATS})[fmt].suffix}"
