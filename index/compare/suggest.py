"""Grow a theme: the paragraphs most like its passages that no expression catches, each
with the phrase that would catch it.

Every non-caption paragraph of the corpus is a vector of character n-grams (2 to 4
characters, no punctuation or digits inside) weighted by TF-IDF: tf = count / length,
idf = ln(N / df) over the N paragraphs. The theme's profile is the mean of its passages'
unit vectors; a paragraph the theme does not catch is scored by cosine similarity with the
profile. For each, the phrase offered is its n-gram (3 to 6 characters) that is most
typical of the theme: share of the theme's passages containing it × idf² over the corpus
(idf squared: a phrase the whole corpus uses catches everything), among those that at least
two passages contain (a phrase no passage uses says nothing
about the theme). Pure Python, no model: docs/themes.md, "Growing a theme".
"""

from __future__ import annotations

import math
import re
import sqlite3
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from index.compare.passages import doc_ranges, find_passages
from index.store.connection import snapshot
from index.text.normal import fold
from index.words.themes import Theme

_RUN = re.compile(r"[\u4e00-\u9fff]+")  # runs of Chinese characters: n-grams never cross
MIN_CHARS = 20  # shorter paragraphs (headings, sign-offs) are not offered


@dataclass
class Suggestion:
    doc_id: str
    zone: str
    para: int
    text: str
    score: float       # cosine similarity with the theme's profile
    phrase: str        # the n-gram that would catch it, most typical of the theme
    phrase_passages: int  # theme passages containing the phrase

    def as_json(self) -> dict:
        return {"doc_id": self.doc_id, "zone": self.zone, "para": self.para,
                "score": round(self.score, 3), "phrase": self.phrase,
                "phrase_passages": self.phrase_passages, "text": self.text}


def grams(text: str, lo: int = 2, hi: int = 4) -> Counter:
    out: Counter = Counter()
    for run in _RUN.findall(fold(text)):
        for n in range(lo, hi + 1):
            for i in range(len(run) - n + 1):
                out[run[i:i + n]] += 1
    return out


def _unit(vec: dict) -> dict:
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


def suggest(conn: sqlite3.Connection, theme: Theme, limit: int = 10) -> list[Suggestion]:
    """The `limit` uncaught paragraphs most like the theme's passages, best first."""
    with snapshot(conn):
        docs = doc_ranges(conn)
        passages = find_passages(conn, theme, docs)
        rows = conn.execute("SELECT id, seq, text FROM paras WHERE kind != 'caption' "
                            "AND length(text) > 0 ORDER BY id").fetchall()
    if not passages:
        return []
    caught = {p.para_id for p in passages}
    tfs = {pid: grams(text) for pid, _, text in rows}
    df: Counter = Counter()
    for g in tfs.values():
        df.update(g.keys())
    n = len(rows)
    idf = {g: math.log(n / c) for g, c in df.items()}

    def vector(pid):
        tf = tfs[pid]
        total = sum(tf.values()) or 1
        return _unit({g: c / total * idf[g] for g, c in tf.items()})
    profile: Counter = Counter()
    for p in passages:
        profile.update(vector(p.para_id))
    profile = Counter(_unit(profile))
    in_theme: Counter = Counter()
    for p in passages:
        in_theme.update(set(grams(p.text, 3, 6)))
    firsts = [d.first for d in docs]

    scored = []
    for pid, seq, text in rows:
        if pid in caught or len(text) < MIN_CHARS:
            continue
        vec = vector(pid)
        score = sum(w * profile.get(g, 0.0) for g, w in vec.items())
        if score > 0:
            scored.append((score, pid, seq, text))
    scored.sort(reverse=True)
    folded = [fold(text) for _, _, text in rows]
    known = {fold(e) for e in theme.expressions()}
    fenced = [fold(x) for x in theme.exclude]
    df_cache: dict[str, int] = {}

    def phrase_idf(g: str) -> float:
        if g not in df_cache:
            df_cache[g] = sum(1 for t in folded if g in t) or 1
        return math.log(n / df_cache[g])
    out: list[Suggestion] = []
    for score, pid, seq, text in scored:
        if len(out) == limit:
            break
        shared = [g for g in set(grams(text, 3, 6)) if in_theme[g] >= 2
                  and not any(e in g for e in known)  # adding those would change nothing
                  and not any(g in x for x in fenced)]  # a sense the theme excludes
        if not shared:
            continue  # nothing it shares with the theme's passages would catch it
        weight, phrase = max((in_theme[g] / len(passages) * phrase_idf(g) ** 2, g)
                             for g in shared)
        d = docs[bisect_right(firsts, pid) - 1]
        out.append(Suggestion(d.doc_id, d.zone, seq, text, score, phrase, in_theme[phrase]))
    return out
