"""Small helpers shared by the format loaders (loaders.py, html.py, office.py, dataset.py)."""

from __future__ import annotations

import re
from pathlib import Path

from index.model import LoadError, RawDoc

_INT = re.compile(r"-?(?:0|[1-9]\d{0,17})")


def brief(e: BaseException) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    msg = msg[:120]
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__


def single(path: Path, text: str, fmt: str, meta: dict, enc: str | None) -> RawDoc:
    if not text.strip():
        raise LoadError("empty file" if fmt in ("txt", "md") else f"no text in .{fmt} file")
    return RawDoc(path=str(path), key="", text=text, fmt=fmt, meta=meta, encoding=enc)


def meta_value(v):
    """Keep ints (not bools) and strings; digits become ints; other values become strings."""
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, str):
        return int(v) if _INT.fullmatch(v) else v
    if isinstance(v, list):
        return ", ".join(str(meta_value(x)) for x in v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def collapse_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line if line.strip() else "")
    while out and not out[-1].strip():
        out.pop()
    return out
