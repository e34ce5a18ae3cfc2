"""Per-folder metadata manifests: ``corpus.toml``.

A ``corpus.toml`` sits next to the documents and corrects or supplies their
metadata. Its values win over everything else (dataset columns, front matter,
detection from the text)::

    [defaults]                  # optional: applies to every file this manifest covers
    source = "宁波日报"

    ["2020_奉化经济开发区_工作思路.txt"]   # one table per file, named relative to this folder
    zone = "奉化经济开发区"
    short = "奉化"               # optional; derived from zone when missing
    title = "打造新能源汽车产业园，建设产城融合示范区"
    date = "2020"               # "YYYY-MM-DD", "YYYY-MM" or "YYYY" (other forms are normalised)
    year = 2020                 # optional; derived from date or title when missing
    doc_number = ""
    source = "宁波市奉化区两会特别报道"
    level = "开发区"            # optional: 省 市 区 县 开发区 街道 镇 乡 (or province, city …);
                                # derived from the zone's name when missing
    parent = "奉化区"           # optional: the place the zone belongs to
    note = "free text: what is uncertain"

    ["sub/report.md"]           # a file in a subfolder: "/"-separated path
    zone = "浙江省"

    ["data.csv".rows."3"]       # one row of a dataset (.csv/.jsonl), 1-based row key
    zone = "浙江省"

Lookup: the manifest for a file is the nearest ``corpus.toml`` in the file's
folder or in up to three parent folders; only that nearest manifest is used.
A key that is present wins even when empty (``doc_number = ""`` means "none",
not "unknown"); leave a key out to fall back to the file's own metadata.
Merging order: ``[defaults]``, then the file's table, then its row table.

``write_override`` rewrites the whole file with tomli-w: entries and values
are kept, comments and layout are not.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
import unicodedata
from pathlib import Path

import tomli_w

MANIFEST_NAME = "corpus.toml"
MAX_UP = 3  # parent folders searched above the file's own folder
DEFAULTS = "defaults"
ROWS = "rows"


class ManifestError(Exception):
    """A corpus.toml that cannot be read; str(error) names the file and the problem."""


# manifest path -> (mtime_ns, size, parsed data with NFC keys)
_cache: dict[str, tuple[int, int, dict]] = {}


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _read(manifest: Path) -> dict:
    """Parse and check a manifest (uncached)."""
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ManifestError(f"{manifest}: {e}") from e
    except (OSError, UnicodeDecodeError) as e:
        raise ManifestError(f"{manifest}: {e}") from e
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise ManifestError(
                f"{manifest}: {name!r} must be a table such as [\"file.txt\"] or [defaults], "
                f"not a bare value"
            )
        rows = entry.get(ROWS)
        if rows is not None and not (
            isinstance(rows, dict) and all(isinstance(r, dict) for r in rows.values())
        ):
            raise ManifestError(f"{manifest}: {name!r}.rows must hold one table per row key")
    # file names may arrive NFD (macOS); compare them in NFC
    return {_nfc(k): v for k, v in data.items()}


def load(manifest: Path) -> dict:
    """The parsed manifest, cached by (path, mtime, size)."""
    key = str(manifest)
    try:
        st = os.stat(manifest)
    except OSError as e:
        raise ManifestError(f"{manifest}: {e}") from e
    hit = _cache.get(key)
    if hit and hit[0] == st.st_mtime_ns and hit[1] == st.st_size:
        return hit[2]
    data = _read(manifest)
    _cache[key] = (st.st_mtime_ns, st.st_size, data)
    return data


def find_manifest(path: Path) -> Path | None:
    """The nearest corpus.toml in path's folder or up to MAX_UP folders above it."""
    folder = Path(path).absolute().parent
    for _ in range(MAX_UP + 1):
        candidate = folder / MANIFEST_NAME
        if candidate.is_file():
            return candidate
        if folder.parent == folder:
            break
        folder = folder.parent
    return None


def entry_name(path: Path, manifest: Path) -> str:
    """The table name for path in manifest: its path relative to the manifest's folder."""
    rel = Path(path).absolute().relative_to(manifest.parent)
    return _nfc(rel.as_posix())


def overrides(path: Path, key: str = "") -> dict:
    """Manifest values for one file (or one dataset row): defaults + file entry + row entry."""
    manifest = find_manifest(path)
    if manifest is None:
        return {}
    data = load(manifest)
    entry = data.get(entry_name(path, manifest), {})
    out = dict(data.get(DEFAULTS, {}))
    out.update({k: v for k, v in entry.items() if k != ROWS})
    if key:
        out.update(entry.get(ROWS, {}).get(str(key), {}))
    return out


def write_override(path: Path, key: str, fields: dict) -> Path:
    """Set fields for path (and row key, if any) in its manifest; return the manifest path.

    Creates corpus.toml in the file's folder when no manifest covers it. Other
    entries are kept. A value of None removes that field from the entry.
    """
    manifest = find_manifest(path) or Path(path).absolute().parent / MANIFEST_NAME
    data = _read(manifest) if manifest.exists() else {}
    entry = data.setdefault(entry_name(path, manifest), {})
    if key:
        entry = entry.setdefault(ROWS, {}).setdefault(str(key), {})
    for name, value in fields.items():
        if value is None:
            entry.pop(name, None)
        else:
            entry[name] = value
    # write atomically so a reader never sees half a file
    fd, tmp = tempfile.mkstemp(prefix=".corpus.", suffix=".toml", dir=manifest.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            tomli_w.dump(data, f)
        mode = manifest.stat().st_mode & 0o777 if manifest.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, manifest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _cache.pop(str(manifest), None)
    return manifest
