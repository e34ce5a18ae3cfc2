"""File loading: find files, decode bytes, turn each supported format into RawDocs.

Every failure on bad input is a LoadError whose message is shown to the user as is.
Formats live in index/load/*.py and decoding in index/load/decode.py; this module finds
the files and dispatches on the extension (and reads .txt/.md itself).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

from index.load.common import brief, meta_value, single
from index.load.dataset import COLUMN_NAMES, load_csv, load_jsonl, resolve_columns
from index.load.decode import decode
from index.load.guard import open_regular
from index.load.html import load_html
from index.load.office import load_docx, load_pdf
from index.model import LoadError, RawDoc

__all__ = ["COLUMN_NAMES", "SUPPORTED", "count_files", "decode", "load", "resolve_columns", "split_front_matter",
           "walk"]

SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".csv", ".jsonl"}
MANIFEST = "corpus.toml"


# --------------------------------------------------------------------------- walk


# Folders never crawled into (named on the command line they are walked as asked): the
# operating system's, and caches of tools. Hidden folders (.git, .cache …) are skipped too.
SYSTEM_FOLDERS = frozenset({
    "/proc", "/sys", "/dev", "/run", "/boot", "/etc", "/usr", "/bin", "/sbin", "/lib",
    "/lib32", "/lib64", "/libx32", "/var", "/snap", "/lost+found", "/System", "/Library",
    "/private", "/cores"})
SYSTEM_NAMES = frozenset({"node_modules", "__pycache__", "site-packages", "lost+found",
                          "$RECYCLE.BIN", "System Volume Information"})


def walk(paths: Iterable[str | Path], *, follow_links: bool = False,
         skipped: list[tuple[str, str]] | None = None) -> Iterator[Path]:
    """Yield the files under `paths` (depth first, sorted by name within each folder).

    Skips hidden names, system folders and corpus.toml manifests inside folders. A symbolic
    link met inside a folder is not followed: its target, when inside the folders given, is
    walked under its own name; when outside, the link is skipped and noted in `skipped`
    (path, reason). follow_links=True follows links wherever they lead, visiting each real
    folder once (no loops). A path given by name is used as is (a missing one yielded too).
    """
    seen: set[str] = set()
    given = [Path(p) for p in paths]
    roots = [os.path.realpath(p) for p in given if p.is_dir()]
    for p in given:
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
            if entry.name.startswith(".") or entry.name in SYSTEM_NAMES:
                continue
            if entry.is_symlink() and not follow_links:
                target = os.path.realpath(entry.path)
                if skipped is not None and not any(_inside(target, r) for r in roots):
                    skipped.append((entry.path, f"a link to {target}, outside the folders "
                                    f"given: not followed (--follow-links follows links)"))
                continue
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                real = os.path.realpath(entry.path)
                if real in SYSTEM_FOLDERS:
                    if skipped is not None:
                        skipped.append((entry.path, "a system folder: not indexed unless "
                                        "named on its own"))
                elif real not in seen:
                    seen.add(real)
                    stack.append(_sorted_entries(Path(entry.path)))
            elif entry.name != MANIFEST:
                yield Path(entry.path)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def count_files(paths: Iterable[str | Path], *, follow_links: bool = False,
                stop_at: int = 5000) -> tuple[int, bool]:
    """(number of supported files under paths, True if there are more than stop_at): what
    an indexing run would read, counted without reading; stops early on a huge tree (also
    after 20 x stop_at files of other kinds)."""
    n = seen = 0
    for p in walk(paths, follow_links=follow_links):
        seen += 1
        if p.suffix.lower() in SUPPORTED:
            n += 1
        if n > stop_at or seen > 20 * stop_at:
            return n, True
    return n, False


def _sorted_entries(d: Path) -> Iterator[os.DirEntry]:
    try:
        with os.scandir(d) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return iter(())  # unreadable folder: nothing to yield
    return iter(entries)


# --------------------------------------------------------------------------- load


def load(
    path: Path, columns: dict[str, str] | None = None, max_bytes: int = 200 * 2**20, *,
    follow: bool = True, expect: os.stat_result | None = None
) -> tuple[list[RawDoc], list[str]]:
    """Read one file into RawDocs plus warnings. Raises LoadError when it cannot be read.

    Only a regular file is read; follow=False refuses a symbolic link, and `expect` (the
    stat the walk saw) refuses a file swapped in since (index/load/guard.py)."""
    path = Path(path)
    suffix = path.suffix.lower()
    with open_regular(path, follow=follow, expect=expect) as f:
        st = os.fstat(f.fileno())
        if suffix not in SUPPORTED:
            raise LoadError(f"unsupported format {suffix}" if suffix
                            else "unsupported format (no file extension)")
        if st.st_size == 0:
            raise LoadError("empty file")
        if st.st_size > max_bytes:
            raise LoadError(f"file too large ({_size(st.st_size)} > {_size(max_bytes)} limit)")
        try:
            # the size it has, not the limit: read(n) allocates n bytes first
            data = f.read(st.st_size + 1)
            if len(data) > st.st_size:  # grew since stat
                data += f.read(max_bytes + 1 - len(data))
        except OSError as e:
            raise LoadError(f"cannot read file ({e.strerror or e})") from None
    if not data:
        raise LoadError("empty file")
    if len(data) > max_bytes:  # grew since stat
        raise LoadError(f"file too large (> {_size(max_bytes)} limit)")

    loader = _LOADERS[suffix]
    held = [data]
    del data  # the loader's argument is then the only reference: it can free the bytes
    try:
        return loader(path, held.pop(), columns)
    except LoadError:
        raise
    except MemoryError:
        raise LoadError("out of memory while reading file") from None
    except Exception as e:  # noqa: BLE001 — safety net: a library choked on bad input
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
    del data
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
