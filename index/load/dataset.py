"""Datasets: one document per .csv row or .jsonl line, fields found by column name."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from index.load.common import meta_value
from index.load.decode import decode
from index.model import LoadError, RawDoc

# Dataset field -> accepted column names (matched case-insensitively, first match wins).
COLUMN_NAMES: dict[str, list[str]] = {
    "text": ["text", "full_text", "content", "body", "正文", "内容", "全文"],
    "title": ["title", "标题", "name", "题目"],
    "zone": ["zone", "province", "city", "region", "county", "district", "地区", "省份", "城市", "发布机构", "issuer"],
    "date": ["date", "publish_date", "published", "pubdate", "日期", "发布日期", "成文日期"],
    "year": ["year", "年份"],
    "source": ["source", "url", "source_url", "link", "来源", "链接"],
    "doc_number": ["doc_number", "文号", "发文字号"],
}


def _norm_col(name: str) -> str:
    return str(name).replace("\ufeff", "").strip().lower()


def resolve_columns(names: list[str], columns: dict[str, str] | None) -> dict[str, str]:
    """Map each field to a (normalised) column name; explicit `columns` win over COLUMN_NAMES."""
    available = [_norm_col(n) for n in names]
    present = set(available)
    shown = ", ".join(str(n).replace("\ufeff", "").strip() for n in names) or "(none)"
    mapping: dict[str, str] = {}
    for field, col in (columns or {}).items():
        if not col:
            continue
        c = _norm_col(col)
        if c not in present:
            raise LoadError(f"no column named '{col}' for {field} (columns: {shown})")
        mapping[field] = c
    used = set(mapping.values())
    for field, candidates in COLUMN_NAMES.items():
        if field in mapping:
            continue
        for cand in candidates:
            c = _norm_col(cand)
            if c in present and c not in used:
                mapping[field] = c
                used.add(c)
                break
    if "text" not in mapping:
        raise LoadError(f"no text column among: {shown} (name one with --text-column)")
    return mapping


def _row_doc(path: Path, key: str, row: dict, mapping: dict[str, str], fmt: str, enc: str) -> RawDoc | None:
    """Build one dataset RawDoc from a normalised-name row; None when its text is empty."""
    text = row.get(mapping["text"])
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str) or not text.strip():
        return None
    meta: dict = {}
    for field, col in mapping.items():
        if field == "text":
            continue
        v = row.get(col)
        if v is None or isinstance(v, (dict, list)):
            continue
        v = v.strip() if isinstance(v, str) else v
        if v == "" or isinstance(v, bool):
            continue
        meta[field] = meta_value(v) if field == "year" else (v if isinstance(v, (str, int)) else str(v))
        if field == "date":  # which column: a publish_date is not an issue date (meta/events.py)
            meta["date_column"] = col
    return RawDoc(path=str(path), key=key, text=text, fmt=fmt, meta=meta, encoding=enc)


def _lines(text: str, most: int | None = None):
    """text line by line (ends kept), without a second whole copy; a line longer than
    `most` characters is None (not copied)."""
    pos, n = 0, len(text)
    while pos < n:
        end = text.find("\n", pos)
        end = n if end == -1 else end + 1
        yield None if most is not None and end - pos > most + 1 else text[pos:end]
        pos = end


# One CSV field holds at most this many characters (a long book is a tenth of it): a
# longer one would need several times its size in memory to read; its row is skipped.
MAX_FIELD_CHARS = 2**24
# A header line (column names) longer than this is not one (csv's own default field limit).
MAX_HEADER_CHARS = 2**17


class _Feed:
    """A CSV text's lines for csv.reader, keeping the quote parity of the record being
    read, so that after an over-long field the rest of its record can be skipped."""

    def __init__(self, text: str):
        self.lines = _lines(text)
        self.open = False  # inside a quoted field at the end of the last line

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        if line.count('"') % 2:
            self.open = not self.open
        return line

    def skip_record(self) -> None:
        while self.open and next(self, None) is not None:
            pass


def load_csv(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    text, enc = decode(data)
    del data  # the only reference (loaders.load hands it over): free the bytes now
    header_line, pos = "", 0
    while pos < len(text) and not header_line.strip():
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        header_line, pos = text[pos:end], end + 1
    if not header_line.strip():
        raise LoadError("empty file")
    if len(header_line) > MAX_HEADER_CHARS:
        raise LoadError(f"the CSV header line has {len(header_line):,} characters (the limit "
                        f"is {MAX_HEADER_CHARS:,}): not a table's column names")
    csv.field_size_limit(MAX_FIELD_CHARS)  # process-wide: set again for every file
    # Sniff the delimiter: the one that splits the header into the most columns.
    delim = max(",\t;", key=lambda d: len(next(csv.reader([header_line], delimiter=d))))
    feed = _Feed(text)
    reader = csv.reader(feed, delimiter=delim)
    docs: list[RawDoc] = []
    warns: list[str] = []
    header = None
    n = 0
    while True:
        feed.open = False
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            if "field limit" not in str(e) or header is None:
                raise LoadError(f"malformed CSV near line {reader.line_num} ({e})") from None
            feed.skip_record()
            n += 1
            warns.append(f"row {n}: a field longer than {MAX_FIELD_CHARS:,} characters, "
                         f"skipped (near line {reader.line_num})")
            continue
        if not any(f.strip() for f in record):
            continue  # blank line
        if header is None:
            header = record
            mapping = resolve_columns(header, columns)
            index: dict[str, int] = {}
            for i, name in enumerate(header):
                index.setdefault(_norm_col(name), i)
            continue
        n += 1
        row = {col: record[index[col]] if index[col] < len(record) else "" for col in mapping.values()}
        doc = _row_doc(path, str(n), row, mapping, "csv", enc)
        if doc is None:
            warns.append(f"row {n}: empty text, skipped")
        else:
            docs.append(doc)
    if header is None:
        raise LoadError("empty file")
    if not docs and n == 0:
        raise LoadError("CSV has a header but no rows")
    return docs, warns


def load_jsonl(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    text, enc = decode(data)
    del data
    rows: list[tuple[int, dict]] = []
    warns: list[str] = []
    names: dict[str, None] = {}  # column names in order of first appearance
    for lineno, line in enumerate(_lines(text, MAX_FIELD_CHARS), 1):
        if line is None:  # as a CSV field: parsing takes several times its size; not copied
            warns.append(f"line {lineno}: longer than {MAX_FIELD_CHARS:,} characters, skipped")
            continue
        line = line.rstrip("\n")
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError):
            warns.append(f"line {lineno}: not valid JSON, skipped")
            continue
        if not isinstance(obj, dict):
            warns.append(f"line {lineno}: not a JSON object, skipped")
            continue
        row: dict[str, str] = {}
        for k, v in obj.items():
            c = _norm_col(k)
            names.setdefault(k, None)
            row.setdefault(c, v)
        rows.append((lineno, row))
    if not rows:
        raise LoadError("not valid JSON lines")
    mapping = resolve_columns(list(names), columns)
    docs = []
    for lineno, row in rows:
        doc = _row_doc(path, str(lineno), row, mapping, "jsonl", enc)
        if doc is None:
            warns.append(f"line {lineno}: empty text, skipped")
        else:
            docs.append(doc)
    warns.sort(key=lambda w: int(w.split(":", 1)[0].split()[1]))  # line order
    return docs, warns
