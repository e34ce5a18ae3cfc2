"""The unit test for phrases found by other means (compare's shared and own phrases, which
come from character n-grams): a phrase is kept when it passes the boundary test over the
corpus (units.py: not nearly always extended by the same character) and, where the
paragraphs' units are cached, starts and ends on unit boundaries in at least half of its
occurrences — so 性服务业 (生产性|服务业), 重大项目建 (重大项目|建设) and 企业账款
(← 拖欠企业账款) are not listed."""

from __future__ import annotations

from typing import Callable

from index.analysis import store
from index.analysis.common import fragment_checker


def boundaries(units: list[str]) -> set[int]:
    out, pos = {0}, 0
    for u in units:
        pos += len(u)
        out.add(pos)
    return out


def phrase_filter(conn, passages: dict[int, str]) -> Callable[[str], bool]:
    """keep(phrase) for phrases of the passages {para_id: text}."""
    frag = fragment_checker(conn)
    cached: dict[int, tuple[str, set[int]]] = {}
    if store.has_units(conn):
        for pid, us in store.units_of_paras(conn, list(passages)).items():
            squeezed = "".join(passages[pid].split())
            if "".join(us) == squeezed:
                cached[pid] = (squeezed, boundaries(us))

    def keep(phrase: str) -> bool:
        if frag(phrase):
            return False
        aligned = total = 0
        for text, bounds in cached.values():
            i = text.find(phrase)
            while i != -1:
                total += 1
                aligned += i in bounds and i + len(phrase) in bounds
                i = text.find(phrase, i + 1)
        return not total or aligned * 2 >= total
    return keep
