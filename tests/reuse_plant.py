"""Planted reuse for tests: real provincial paragraphs copied, with 5-15 % of their characters
changed, into later documents of new zones, between unrelated paragraphs.

The unrelated paragraphs are drawn from a character Markov chain (order 2) trained on the
corpus itself: they share its vocabulary and common trigrams, so they are hard negatives,
but copy nothing. Everything is seeded: the same plant every run.
"""

from __future__ import annotations

import csv
import random
import sqlite3
from pathlib import Path

ZONES = ["青山县", "白水市", "东湖新区", "南岭开发区", "西峡县", "北塘区", "中和市", "临川县"]
PER_DOC = 6
SHARED_SOURCES = 3  # sources copied into three planted documents each (families of four)


def markov(texts: list[str], rng: random.Random):
    table: dict[str, list[str]] = {}
    for t in texts:
        for i in range(len(t) - 2):
            table.setdefault(t[i:i + 2], []).append(t[i + 2])
    starts = [t[:2] for t in texts if len(t) > 2]

    def make(n: int) -> str:
        out = rng.choice(starts)
        while len(out) < n:
            nxt = table.get(out[-2:])
            out += rng.choice(nxt) if nxt else rng.choice(starts)
        return out.rstrip("。") + "。"
    return make


def edit(text: str, frac: float, alphabet: str, rng: random.Random) -> str:
    """text with round(frac * len) single-character substitutions, insertions, deletions."""
    chars = list(text)
    for _ in range(max(1, round(len(text) * frac))):
        i = rng.randrange(len(chars))
        r = rng.random()
        if r < 0.6:
            chars[i] = rng.choice(alphabet)
        elif r < 0.8:
            chars.insert(i, rng.choice(alphabet))
        elif len(chars) > 10:
            del chars[i]
    return "".join(chars)


def plant(conn: sqlite3.Connection, out_dir: Path, exclude: set[int], seed: int = 15):
    """Write OUT/planted.csv; return [(source para id, edited text, zone)] planted."""
    rng = random.Random(seed)
    rows = conn.execute("SELECT p.id, p.text FROM paras p JOIN docs d ON d.doc_id = p.doc_id "
                        "WHERE d.fmt = 'csv' ORDER BY p.id").fetchall()
    texts = [t for _, t in rows]
    alphabet = "".join(sorted(set("".join(texts)) - set("\n \t")))
    pool = [(pid, t.strip()) for pid, t in rows
            if 60 <= len(t.strip()) <= 400 and pid not in exclude]
    chosen = rng.sample(pool, len(ZONES) * PER_DOC - 2 * SHARED_SOURCES)
    make = markov(texts, rng)
    slots: list[list[tuple[int, str]]] = [[] for _ in ZONES]
    for src in chosen[:SHARED_SOURCES]:  # each into three different documents
        for i in rng.sample([i for i in range(len(ZONES)) if len(slots[i]) < PER_DOC], 3):
            slots[i].append(src)
    for src in chosen[SHARED_SOURCES:]:
        slots[rng.choice([i for i in range(len(ZONES)) if len(slots[i]) < PER_DOC])].append(src)
    for s in slots:
        rng.shuffle(s)
    planted = []
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "planted.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["province", "year", "title", "source_url", "publish_date", "full_text"])
        for i, zone in enumerate(ZONES):
            paras = []
            for pid, text in slots[i]:
                paras += [make(rng.randint(80, 240)) for _ in range(rng.randint(1, 2))]
                copy = edit(text, rng.uniform(0.05, 0.15), alphabet, rng)
                paras.append(copy)
                planted.append((pid, copy, zone))
            paras.append(make(150))
            w.writerow([zone, 2027, f"2027年{zone}工作报告", "", f"2027-03-{10 + i:02d}",
                        "\n".join(paras)])
    return planted
