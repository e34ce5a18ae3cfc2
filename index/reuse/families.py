"""Families of reused passages, direction by date, and the boilerplate class.

A family is a connected component of the graph whose nodes are paragraphs and whose edges
are reuse pairs above the thresholds (union-find over the pairs). Its members are ordered by
date; the earliest is the likely source when its date is known and earlier than every other
member's. A family spread over more than `boilerplate_zones` zones is boilerplate: wording
so common in the genre (以习近平新时代中国特色社会主义思想为指导 …, 现在，我代表省人民政府…)
that its repetition says nothing about who copied whom. Its pairs are flagged, and `reuse`
leaves them out unless asked (--boilerplate). The default K is max(5, a quarter of the
corpus's zones): a passage shared by most zones is a formula, one shared by a few is reuse.
"""

from __future__ import annotations

import math


def date_key(date: str, year) -> tuple:
    """(year, month, day) with unknown parts as None; () when undated."""
    parts = [p for p in (date or "").replace("/", "-").split("-") if p.isdigit()]
    if not parts and year:
        parts = [str(year)]
    if not parts:
        return ()
    nums = [int(p) for p in parts[:3]]
    return tuple(nums + [None] * (3 - len(nums)))


def sortable(date: str) -> tuple:
    """A key that sorts dates of any precision (unknown parts first); undated last."""
    k = date_key(date, None)
    return (0, *(x or 0 for x in k)) if k else (1,)


def order(ka: tuple, kb: tuple) -> tuple[int, str]:
    """(-1 if a is earlier, 1 if b is, 0 if unknown) and the direction label."""
    if not ka or not kb:
        return 0, "undated"
    for x, y in zip(ka, kb):
        if x is None or y is None:
            return 0, "same_date"
        if x != y:
            return (-1 if x < y else 1), "dated"
    return 0, "same_date"


def default_boilerplate_zones(zones: int) -> int:
    return max(5, math.ceil(zones / 4))


class UnionFind:
    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def components(edges) -> dict[int, list[int]]:
    """{root: sorted members} of the graph given as (a, b) edges."""
    uf = UnionFind()
    for a, b in edges:
        uf.union(a, b)
    groups: dict[int, set[int]] = {}
    for a, b in edges:
        for n in (a, b):
            groups.setdefault(uf.find(n), set()).add(n)
    return {r: sorted(m) for r, m in groups.items()}
