"""Provenance of an export: what made a file, written beside it as FILE.provenance.json.

A CSV or JSON file read a month later must say which question produced it. Every export
the command line (`--out FILE`) or the app's export dialog writes goes through
write_export(), which writes FILE and, beside it, FILE.provenance.json:

    {"command": ["duizhao", "compare", "营商环境", "--format", "csv", "--out", "x.csv"],
     "format": "csv",
     "theme": {"name", "gloss", "source", "terms", "patterns", "families", "expressions",
               "exclusions" (when the theme has any)}        -- or --
     "query": "营商环境 zone:海门",
     "filters": {"zones": "北仑,梅山", "limit": 5, …},   the options the command was given
     "corpus": {"database", "documents", "chars", "database_id", "generation"},
     "version": "0.1.0", "created": "2026-12-08T01:30:00+00:00"}

The output path is never a dangling symbolic link: a link that points nowhere would make
the write land wherever its target names (issue 25), so write_export refuses it with a
message (OutputRefused) and writes nothing.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

SUFFIX = ".provenance.json"


class OutputRefused(ValueError):
    """The output path cannot be written safely (a dangling link, a folder)."""


def version() -> str:
    """duizhao's version: the installed package's, else pyproject.toml's."""
    from importlib import metadata

    try:
        return metadata.version("duizhao")
    except metadata.PackageNotFoundError:
        import tomllib

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
        except (OSError, KeyError, ValueError):
            return "unknown"


def theme_json(theme) -> dict:
    """A theme as provenance: its name and everything it matches with (and leaves out)."""
    out = {"name": theme.name, "gloss": getattr(theme, "gloss", ""),
           "source": getattr(theme, "source", ""),
           "terms": list(getattr(theme, "terms", [])),
           "patterns": list(getattr(theme, "patterns", [])),
           "families": dict(getattr(theme, "families", {}))}
    if hasattr(theme, "expressions"):
        out["expressions"] = list(theme.expressions())
    for key in ("exclusions", "excluded", "excludes"):  # whichever the theme object carries
        value = getattr(theme, key, None)
        if value:
            out["exclusions"] = value if isinstance(value, (list, dict)) else list(value)
            break
    return out


def corpus_json(conn, path) -> dict:
    """Which corpus: the database file, its documents and characters, and the generation
    (a count that changes with every write, so a later export can tell it read other data)."""
    from index.store.connection import generation
    from index.store.library import totals

    docs, chars = totals(conn)
    _, made, count = generation(conn)
    return {"database": str(Path(path).resolve()), "documents": docs, "chars": chars,
            "database_id": made, "generation": int(count)}


def _plain(value):
    """An option's value as JSON: tuples as lists, anything else unknown as text."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def provenance(corpus, data=None, *, command, fmt: str = "", query: str | None = None,
               theme=None, filters: dict | None = None) -> dict:
    """The provenance record of an export of `data` made by `command` (argv) on `corpus`.
    The theme is data's own (a comparison, trend, first use) unless given; a query is
    recorded when there is no theme."""
    theme = theme if theme is not None else getattr(data, "theme", None)
    if theme is not None and not hasattr(theme, "name"):
        theme = None
    record: dict = {"command": [str(a) for a in command], "format": fmt}
    if theme is not None:
        record["theme"] = theme_json(theme)
    if query is not None:
        record["query"] = query
    terms = getattr(data, "terms", None)
    if theme is None and isinstance(terms, list) and terms:  # first use of a theme: its terms
        record["terms"] = list(terms)
    record["filters"] = {k: _plain(v) for k, v in (filters or {}).items()
                         if v not in (None, False, (), [], "")}
    record["corpus"] = corpus_json(corpus.conn(), corpus.path)
    record["version"] = version()
    record["created"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return record


def check_target(path: str | Path) -> Path:
    """The path to write, or OutputRefused: a dangling link (which would make the write
    land where it points), a folder, a pipe or device."""
    p = Path(path)
    if p.is_symlink() and not p.exists():
        raise OutputRefused(f"{p} is a link to {os.readlink(p)}, which does not exist: not "
                            f"writing through it (remove the link or choose another name)")
    if p.is_dir():
        raise OutputRefused(f"{p} is a folder: give a file name")
    if p.exists() and not p.is_file():  # a FIFO would hang the write, a device take it all
        raise OutputRefused(f"{p} is not a regular file (a pipe or device): give a file name")
    return p


def _write(path: Path, text: str) -> None:
    """text into path, UTF-8; a link swapped in after the check is not followed (the link
    itself, if it still points somewhere, has been checked by check_target)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    if not path.is_symlink():
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        raise OutputRefused(f"cannot write {path}: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def write_export(path: str | Path, text: str, record: dict) -> tuple[Path, Path]:
    """Write text to path and the provenance record beside it; (file, provenance file)."""
    target = check_target(path)
    side = check_target(str(target) + SUFFIX)
    _write(target, text)
    _write(side, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return target, side
