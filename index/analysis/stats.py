"""The published formulas, on plain numbers (no scipy).

    G²   log-likelihood of a 2×2 table (Dunning 1993; the keyness form of Rayson & Garside
         2000): 2 Σ O ln(O/E), E from the margins; p from chi-square with 1 df,
         p = erfc(sqrt(G²/2)).
    log ratio  log2 of the ratio of relative frequencies (Hardie 2014), a zero count taken
         as 0.5 so that the ratio stays finite.
    MI   pointwise mutual information log2(O/E) (Church & Hanks 1990).
    logDice  14 + log2(2·f(x,y) / (f(x) + f(y))) (Rychlý 2008).
    DP   Gries' deviation of proportions (2008): ½ Σ |v_i − s_i| over the parts of a corpus,
         v_i the share of the word's occurrences in part i, s_i the part's share of the
         corpus; 0 = spread exactly as the text is, → 1 = all in one small part. DP_norm
         divides by 1 − min(s) (Lijffijt & Gries 2012) so that it reaches 1.
"""

from __future__ import annotations

import math
from typing import Mapping


def _xlnx(o: float, e: float) -> float:
    return o * math.log(o / e) if o > 0 and e > 0 else 0.0


def g2_table(o11: float, o12: float, o21: float, o22: float) -> float:
    """G² of a 2×2 contingency table (rows: in / not in the first sample)."""
    n = o11 + o12 + o21 + o22
    if n <= 0:
        return 0.0
    r1, r2, c1, c2 = o11 + o12, o21 + o22, o11 + o21, o12 + o22
    return 2.0 * (_xlnx(o11, r1 * c1 / n) + _xlnx(o12, r1 * c2 / n)
                  + _xlnx(o21, r2 * c1 / n) + _xlnx(o22, r2 * c2 / n))


def keyness_g2(a: int, b: int, n1: int, n2: int) -> float:
    """G² for a word seen a times in a corpus of n1 words and b times in one of n2
    (Rayson & Garside 2000): E1 = n1 (a+b)/(n1+n2), E2 = n2 (a+b)/(n1+n2)."""
    if n1 <= 0 or n2 <= 0:
        return 0.0
    e1 = n1 * (a + b) / (n1 + n2)
    e2 = n2 * (a + b) / (n1 + n2)
    return 2.0 * (_xlnx(a, e1) + _xlnx(b, e2))


def p_chi2_1df(g2: float) -> float:
    """Upper tail of chi-square with one degree of freedom: erfc(sqrt(G²/2))."""
    return math.erfc(math.sqrt(max(g2, 0.0) / 2.0))


def log_ratio(a: int, b: int, n1: int, n2: int) -> float:
    """Hardie's (2014) log ratio, log2((a/n1) / (b/n2)); a zero count counts as 0.5."""
    if n1 <= 0 or n2 <= 0:
        return 0.0
    return math.log2((max(a, 0.5) / n1) / (max(b, 0.5) / n2))


def per_10k(count: int, total: int) -> float:
    return count * 10_000 / total if total else 0.0


def mutual_information(o: float, e: float) -> float:
    return math.log2(o / e) if o > 0 and e > 0 else float("-inf")


def log_dice(f_xy: int, f_x: int, f_y: int) -> float:
    return 14 + math.log2(2 * f_xy / (f_x + f_y)) if f_xy > 0 and f_x + f_y > 0 else float("-inf")


def dp(counts: Mapping[str, int], sizes: Mapping[str, int], total: int | None = None,
       normalise: bool = False) -> float:
    """Gries' DP of a word over corpus parts: counts = part -> occurrences (parts without
    the word may be left out), sizes = part -> words in the part (every part)."""
    f = sum(counts.values())
    n = sum(sizes.values()) if total is None else total
    if f <= 0 or n <= 0:
        return 1.0
    # Σ|v−s| over all parts = Σ_present(|v−s| − s) + Σ_all s, and Σ_all s = 1
    acc = 1.0
    for part, c in counts.items():
        s = sizes.get(part, 0) / n
        acc += abs(c / f - s) - s
    value = 0.5 * acc
    if normalise:
        smallest = min(sizes.values()) / n if sizes else 0.0
        value = value / (1 - smallest) if smallest < 1 else 0.0
    return max(0.0, min(1.0, value))
