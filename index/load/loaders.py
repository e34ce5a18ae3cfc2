"""File loading: find files, decode bytes, turn each supported format into RawDocs.

Every failure on bad input is a LoadError whose message is shown to the user as is.
Formats live in index/load/*.py and decoding in index/load/decode.py; this module finds
the files and dispatches on the extension (and reads .txt/.md itself).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

from index.load.decode import decode
from index.load.common import brief, meta_value, single
from index.load.dataset import COLUMN_NAMES, load_csv, load_jsonl, resolve_columns
from index.load.html import load_html
from index.load.office import load_docx, load_pdf
from index.model import LoadError, RawDoc

__all__ = ["COLUMN_NAMES", "SUPPORTED", "decode", "load", "resolve_columns", "split_front_matter",
           "walk"]

SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".csv", ".jsonl"}
MANIFEST = "corpus.toml"


# --------------------------------------------------------------------------- walk


def walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the files under `paths` (depth first, sorted by name within each folder).

    Follows symlinks but visits each real folder once, skips hidden names inside
    folders and corpus.toml manifests; a missing path is yielded as is.
    """
    seen: set[str] = set()
    for p in paths:
        p = Path(p)
        if not p.is_dir():
            if p.name != MANIFEST:
                yield p
            continue
        real = os.path.realpath(p)
        if real in seen:
            continue
        seen.add(real)
        stack = [_sorted_entries(p)]
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                real = os.path.realpath(entry.path)
                if real not in seen:
                    seen.add(real)
                    stack.append(_sorted_entries(Path(entry.path)))
            elif entry.name != MANIFEST:
                yield Path(entry.path)


def _sorted_entries(d: Path) -> Iterator[os.DirEntry]:
    try:
        with os.scandir(d) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return iter(())  # unreadable folder: nothing to yield
    return iter(entries)


# --------------------------------------------------------------------------- load


def load(
    path: Path, columns: dict[str, str] | None = None, max_bytes: int = 200 * 2**20
) -> tuple[list[RawDoc], list[str]]:
    """Read one file into RawDocs plus warnings. Raises LoadError when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        st = path.stat()
    except FileNotFoundError:
        raise LoadError("broken symbolic link" if path.is_symlink() else "no such file") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except OSError as e:
        raise LoadError(f"cannot read file ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError("is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise LoadError("not a regular file")
    if suffix not in SUPPORTED:
        raise LoadError(f"unsupported format {suffix}" if suffix else "unsupported format (no file extension)")
    if st.st_size == 0:
        raise LoadError("empty file")
    if st.st_size > max_bytes:
        raise LoadError(f"file too large ({_size(st.st_size)} > {_size(max_bytes)} limit)")
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except PermissionError:
        raise LoadError("permission denied") from None
    except OSError as e:
        raise LoadError(f"cannot read file ({e.strerror or e})") from None
    if not data:
        raise LoadError("empty file")
    if len(data) > max_bytes:  # grew since stat
        raise LoadError(f"file too large (> {_size(max_bytes)} limit)")

    loader = _LOADERS[suffix]
    try:
        return loader(path, data, columns)
    except LoadError:
        raise
    except MemoryError:
        raise LoadError("out of memory while reading file") from None
    except Exception as e:  # safety net: a library choked on bad input
        raise LoadError(f"could not read {suffix} file ({brief(e)})") from None


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


# --------------------------------------------------------------------------- txt / md


def _load_text(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    text, enc = decode(data)
    text, meta, warning = split_front_matter(text)
    fmt = "txt" if path.suffix.lower() == ".txt" else "md"
    return [single(path, text, fmt, meta, enc)], [warning] if warning else []


_YAML_KV = re.compile(r"^(\w[\w .-]{0,40}?)\s*[:：]\s*(.*)$")


def split_front_matter(text: str) -> tuple[str, dict, str | None]:
    """Split `---` (simple key: value) or `+++` (TOML) front matter off the top.

    Returns (text without it, meta, warning or None). Text without front matter is
    returned unchanged.
    """
    delim = text[:3]
    if delim not in ("---", "+++"):
        return text, {}, None
    nl = text.find("\n", 0, 200)
    if nl == -1 or text[:nl].rstrip(" \t") != delim:
        return text, {}, None
    closing = re.compile(rf"^{re.escape(delim)}[ \t]*$", re.M).search(text, nl + 1, nl + 1 + 65536)
    if not closing:
        return text, {}, None
    block = text[nl + 1 : closing.start()]
    rest = text[closing.end() :]
    rest = rest[1:] if rest.startswith("\n") else rest
    if delim == "+++":
        try:
            raw = tomllib.loads(block)
        except tomllib.TOMLDecodeError as e:
            return text, {}, f"front matter is not valid TOML ({e}), left in text"
        return rest, {str(k).lower(): meta_value(v) for k, v in raw.items()}, None
    meta: dict = {}
    for line in block.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t-" and meta:
            continue  # nested value or list item: not kept
        m = _YAML_KV.match(line)
        if not m:
            return text, {}, None  # not key: value lines, so not front matter
        value = m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[m.group(1).strip().lower()] = meta_value(value)
    return rest, meta, None


_LOADERS = {
    ".txt": _load_text,
    ".md": _load_text,
    ".markdown": _load_text,
    ".html": load_html,
    ".htm": load_html,
    ".docx": load_docx,
    ".pdf": load_pdf,
    ".csv": load_csv,
    ".jsonl": load_jsonl,
}
