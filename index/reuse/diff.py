"""Collation of two documents: paragraphs aligned by content, not by position.

1. Every paragraph's folded text is cut into character 3-gram shingles; an inverted index
   over document A's shingles gives, for each paragraph of B, the paragraphs of A sharing any
   (shingles found in more than COMMON paragraphs of A are skipped: they pair everything).
   Similarity is the Dice coefficient of the two shingle sets.
2. Greedy matching: candidate pairs from the most similar down (ties: the nearer in
   position), each paragraph matched at most once, down to MATCH_MIN.
3. Order: the longest chain of matches increasing in both documents (longest increasing
   subsequence over B's positions, matches sorted by A's) is kept as the alignment; a match
   off the chain is a moved paragraph and is reported as only_a + only_b with "moved".
4. Output in document order: between two kept matches, A's unmatched paragraphs (only_a),
   then B's (only_b), then the match: "same" when the folded texts are equal (width, case,
   whitespace do not count), else "changed" with character-level changes (difflib opcodes
   on the original texts: replace / delete / insert with offsets in a and b).

The `similarity` reported for a changed pair is not that Dice coefficient: it is difflib's
ratio, SequenceMatcher(None, a, b).ratio() = 2·M / T over the folded texts, M the
characters in the matching blocks difflib finds (Ratcliff & Obershelp's gestalt matching),
T the two texts' lengths summed. RATIO_NAME is what the outputs call it.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from index.text.normal import fold, visible

K = 3
MATCH_MIN = 0.4
COMMON = 50


@dataclass
class DiffEntry:
    op: str  # same | changed | only_a | only_b
    a: tuple[int, str] | None  # (para, text)
    b: tuple[int, str] | None
    similarity: float | None
    changes: list[list] = field(default_factory=list)  # [tag, a0, a1, b0, b1]
    moved: bool = False

    def as_json(self) -> dict:
        def side(s):
            return None if s is None else {"para": s[0], "text": s[1]}
        out = {"op": self.op, "a": side(self.a), "b": side(self.b),
               "similarity": self.similarity}
        if self.op == "changed":
            out["changes"] = self.changes
        if self.moved:
            out["moved"] = True
        return out


@dataclass
class DiffResult:
    a_id: str
    b_id: str
    entries: list[DiffEntry]

    @property
    def similarity_about(self) -> str:
        """What a changed pair's similarity is (difflib's ratio), for a legend."""
        return RATIO_ABOUT

    def counts(self) -> dict[str, int]:
        out = {"same": 0, "changed": 0, "only_a": 0, "only_b": 0}
        for e in self.entries:
            out[e.op] += 1
        return out

    def as_json(self) -> list:
        return [e.as_json() for e in self.entries]

    def as_rows(self) -> tuple[list[str], list[list]]:
        header = ["op", "a_para", "a_text", "b_para", "b_text", "similarity", "moved",
                  "changes"]
        return header, [[e.op, e.a[0] if e.a else "", e.a[1] if e.a else "",
                         e.b[0] if e.b else "", e.b[1] if e.b else "",
                         "" if e.similarity is None else e.similarity, e.moved,
                         ";".join(f"{t}:{a0}-{a1}:{b0}-{b1}" for t, a0, a1, b0, b1 in e.changes)]
                        for e in self.entries]

    def as_markdown(self) -> str:
        c = self.counts()
        lines = [f"# Diff: {self.a_id} → {self.b_id}", "",
                 f"{c['same']} same, {c['changed']} changed, {c['only_a']} only in A, "
                 f"{c['only_b']} only in B. Deleted text is ~~struck~~, inserted text "
                 f"**bold**. Similarity of a changed pair: {RATIO_ABOUT}.", ""]
        for e in self.entries:
            a, b = e.a or (0, ""), e.b or (0, "")  # set for the ops that show them
            if e.op == "same":
                lines += [f"- ¶{a[0]} = ¶{b[0]} same", ""]
            elif e.op == "only_a":
                lines += [f"- ¶{a[0]} only in A" + (" (moved)" if e.moved else ""), "",
                          f"  > ~~{_md(a[1])}~~", ""]
            elif e.op == "only_b":
                lines += [f"- ¶{b[0]} only in B" + (" (moved)" if e.moved else ""), "",
                          f"  > **{_md(b[1])}**", ""]
            else:
                lines += [f"- ¶{a[0]} → ¶{b[0]} changed ({RATIO_NAME} {e.similarity:.2f})", "",
                          "  > " + _md_changes(e), ""]
        return "\n".join(lines)


RATIO_NAME = "difflib ratio"
RATIO_ABOUT = ("difflib ratio: 2·M/T, M the characters in the blocks difflib matches, "
               "T the two folded paragraphs' lengths summed")


def _md(text: str) -> str:
    text = visible(text).replace("\n", " ")
    for ch in "\\*_~`[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def _md_changes(e: DiffEntry) -> str:
    a, b = (e.a or (0, ""))[1], (e.b or (0, ""))[1]
    out, pos = [], 0
    for _tag, a0, a1, b0, b1 in e.changes:
        out.append(_md(a[pos:a0]))
        if a1 > a0:
            out.append(f"~~{_md(a[a0:a1])}~~")
        if b1 > b0:
            out.append(f"**{_md(b[b0:b1])}**")
        pos = a1
    out.append(_md(a[pos:]))
    return "".join(out)


def shingles(folded: str) -> set[str]:
    if len(folded) <= K:
        return {folded} if folded else set()
    return {folded[i:i + K] for i in range(len(folded) - K + 1)}


def changes(a: str, b: str) -> list[list]:
    sm = SequenceMatcher(None, a, b, autojunk=False)
    return [[tag, i0, i1, j0, j1] for tag, i0, i1, j0, j1 in sm.get_opcodes() if tag != "equal"]


def match(fa: list[str], fb: list[str]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matches (i, j, Dice) between two lists of folded paragraphs."""
    sa, sb = [shingles(x) for x in fa], [shingles(x) for x in fb]
    postings: dict[str, list[int]] = {}
    for i, s in enumerate(sa):
        for g in s:
            postings.setdefault(g, []).append(i)
    cands = []
    for j, s in enumerate(sb):
        shared: dict[int, int] = {}
        for g in s:
            where = postings.get(g, ())
            if len(where) > COMMON:
                continue
            for i in where:
                shared[i] = shared.get(i, 0) + 1
        exact = [i for i, x in enumerate(fa) if x == fb[j]] if len(fb[j]) <= K else []
        for i in exact:
            shared[i] = max(shared.get(i, 0), len(s))
        for i, n in shared.items():
            dice = 2 * n / (len(sa[i]) + len(s)) if sa[i] or s else 0
            if dice >= MATCH_MIN:
                cands.append((-dice, abs(i / max(len(fa), 1) - j / max(len(fb), 1)), i, j))
    cands.sort()
    used_a, used_b, out = set(), set(), []
    for neg, _, i, j in cands:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j, -neg))
    return out


def in_order(matches: list[tuple[int, int, float]]) -> set[tuple[int, int]]:
    """The longest chain of matches increasing in both i and j."""
    ms = sorted(matches)
    tails: list[int] = []  # tails[k]: index into ms of the smallest j ending a chain of k+1
    tail_j: list[int] = []  # and that j
    prev = [-1] * len(ms)
    for n, (_, j, _) in enumerate(ms):
        k = bisect_left(tail_j, j)
        prev[n] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(n)
            tail_j.append(j)
        else:
            tails[k], tail_j[k] = n, j
    chain, n = set(), tails[-1] if tails else -1
    while n != -1:
        chain.add(ms[n][:2])
        n = prev[n]
    return chain


def diff(a_id: str, a_paras: list[tuple[int, str]], b_id: str,
         b_paras: list[tuple[int, str]]) -> DiffResult:
    """Collate the paragraphs (para number, text) of document A with those of B."""
    fa = [fold(t) for _, t in a_paras]
    fb = [fold(t) for _, t in b_paras]
    matches = match(fa, fb)
    chain = in_order(matches)
    moved_a = {i for i, j, _ in matches if (i, j) not in chain}
    moved_b = {j for i, j, _ in matches if (i, j) not in chain}
    kept = sorted((i, j, s) for i, j, s in matches if (i, j) in chain)
    entries: list[DiffEntry] = []
    ia = ib = 0
    for i, j, _sim in kept + [(len(a_paras), len(b_paras), 0.0)]:
        entries += [DiffEntry("only_a", a_paras[x], None, None, moved=x in moved_a)
                    for x in range(ia, i)]
        entries += [DiffEntry("only_b", None, b_paras[y], None, moved=y in moved_b)
                    for y in range(ib, j)]
        if i < len(a_paras):
            if fa[i] == fb[j]:
                entries.append(DiffEntry("same", a_paras[i], b_paras[j], 1.0))
            else:
                ratio = SequenceMatcher(None, fa[i], fb[j], autojunk=False).ratio()
                entries.append(DiffEntry("changed", a_paras[i], b_paras[j], round(ratio, 4),
                                         changes(a_paras[i][1], b_paras[j][1])))
        ia, ib = i + 1, j + 1
    return DiffResult(a_id, b_id, entries)
