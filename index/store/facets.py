"""Zone, year and level as full-text tokens, so that FTS5 intersects a filter with the terms.

Each paragraph's row in para_fts carries, in column m, one token for its document's zone and
one for its year, and one for its zone's level (level:开发区). `zone:海门 year:2018-2020 招商`
then becomes 招商 AND m:(zone tokens) AND m:(year tokens): FTS5 walks the posting lists
together instead of producing every match of 招商 in the corpus and checking each against
the documents' id ranges. Column m has weight 0
in ranking (index/search/rank.py), so a filter never changes a score.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from index.text.normal import fold


@lru_cache(maxsize=8192)
def zone_token(zone: str, short: str) -> str:
    """One token per distinct (zone, short name), letters and digits only."""
    key = f"{fold(zone or '')}|{fold(short or '')}".encode()
    return "zn" + hashlib.sha1(key).hexdigest()[:12]


def year_token(year: int) -> str:
    return f"yr{int(year)}"


@lru_cache(maxsize=256)
def level_token(level: str) -> str:
    """One token per level (开发区, 区 …), letters and digits only."""
    return "lv" + hashlib.sha1(fold(level or "").encode()).hexdigest()[:10]


def tokens(zone: str, short: str, year: int | None, level: str = "") -> str:
    """Column m of a paragraph of a document with this metadata."""
    out = [zone_token(zone, short)]
    if year:
        out.append(year_token(year))
    if level:
        out.append(level_token(level))
    return " ".join(out)


def any_token(tokens_: list[str]) -> str:
    """FTS5 expression: column m holds one of the tokens."""
    return "m : (" + " OR ".join(sorted(set(tokens_))) + ")"
