"""A theme's rules compiled into one regex over folded text, and its matches explained.

A theme (index/words/themes.py) has expressions (terms and family members), gap patterns,
and three lexicon tools (docs/themes.md, "Exclusions, senses and core"):

  exclude  strings inside which an expression does not count: 招商 in 招商局, 科技人才 in
           教育科技人才, 联企 in 关联企业. Compiled as lookarounds after the expression, so the
           match, its span and the mention count stay those of the expression itself.
  near     an expression or pattern that counts only with one of some words in the same
           sentence within NEAR characters before or after it: 项目落地 with 招商/投资/产业,
           节约集约 with 用地/土地, 纾困 with 企业 (a word inside a pattern's match counts).
           Compiled after the match: lookbehinds (one per distance, each of fixed width)
           or a lookahead.
  unless   the reverse of near: an expression that does not count with one of some words
           within UNLESS characters (招引 with 人才: talent, not investment; 营商环境 with
           法治环境/信用环境: one item of a list of environments).
  core     the expressions that are the theme's slogan itself (新质生产力); the others are
           related. Without `core` every expression is core.

Everything stays one `re` pattern, so what index time materialises (index/store/themehits.py)
and what comparison matches are the same regex, keyed by its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.text.normal import fold

NEAR = 30  # characters either side a `near` word may be, within the sentence
UNLESS = 12  # characters either side an `unless` word rules a match out
STOP = "[^。；！？;!?]"  # a gap or a window never crosses a sentence end (folded text)
RAW_STOP = "[^。；！？]"  # the same in text as written
GAP_RE = re.compile(r"…(?:\{(\d+)\})?")
DEFAULT_GAP = 4
MAX_GAP = 50


@dataclass(frozen=True)
class Hit:
    """One match of a theme in a text, explained."""

    form: str          # the text's own form (whitespace removed)
    span: tuple[int, int]
    expression: str    # the lexicon expression or pattern that matched
    kind: str          # "term", "family" (a member of a variant family) or "pattern"
    family: str        # the family name (a term or pattern: itself)
    core: bool         # one of the theme's core expressions

    def as_json(self) -> dict:
        return {"form": self.form, "expression": self.expression, "kind": self.kind,
                "family": self.family, "core": self.core, "span": list(self.span)}

    @property
    def label(self) -> str:
        """expression (kind, core|related) as a reader reads it."""
        what = self.kind if self.kind != "family" else f"family {self.family}"
        return f"{self.expression} ({what}, {'core' if self.core else 'related'})"


def split_pattern(pattern: str) -> tuple[list[str], list[int]]:
    """(literals, gap sizes) of a gap pattern; ValueError when malformed."""
    if not pattern.strip():
        raise ValueError("empty pattern")
    parts = GAP_RE.split(pattern)
    literals, gaps = parts[0::2], parts[1::2]
    if any("…" in lit for lit in literals):
        raise ValueError(f"malformed gap in {pattern!r} (write … or …{{N}})")
    if not literals[0] or not literals[-1]:
        raise ValueError(f"pattern {pattern!r} starts or ends with a gap")
    if any(not lit for lit in literals[1:-1]):
        raise ValueError(f"pattern {pattern!r} has two gaps in a row")
    sizes = []
    for n in gaps:
        size = DEFAULT_GAP if n is None else int(n)
        if not 1 <= size <= MAX_GAP:
            raise ValueError(f"gap size {size} in {pattern!r} is not between 1 and {MAX_GAP}")
        sizes.append(size)
    return literals, sizes


def _exclusions(expr: str, exclude: list[str]) -> str:
    """Lookarounds placed after expr: not when expr sits inside one of the exclude strings."""
    out = []
    for ctx in exclude:
        start = ctx.find(expr)
        while start >= 0:
            before, after = ctx[:start], ctx[start + len(expr):]
            if not before and not after:
                out.append("(?!)")  # the expression itself is excluded
            elif not after:
                out.append(f"(?<!{re.escape(before + expr)})")
            elif not before:
                out.append(f"(?!{re.escape(after)})")
            else:
                out.append(f"(?!(?<={re.escape(before + expr)}){re.escape(after)})")
            start = ctx.find(expr, start + 1)
    return "".join(out)


class Compiler:
    """Regex sources for one theme's expressions and patterns (folded text)."""

    def __init__(self, exclude: list[str], near: dict[str, list[str]], folded: bool = True,
                 unless: dict[str, list[str]] | None = None):
        lit = self.lit = fold if folded else str
        self.stop = STOP if folded else RAW_STOP
        self.exclude = [f for f in dict.fromkeys(lit(x) for x in exclude) if f]
        self.near = {lit(k) if "…" not in k else k: [lit(w) for w in ws if lit(w)]
                     for k, ws in near.items()}
        self.unless = {lit(k) if "…" not in k else k: [lit(w) for w in ws if lit(w)]
                       for k, ws in (unless or {}).items()}

    def _near(self, longest: int, words: list[str]) -> str:
        """Placed at the end of a match at most `longest` characters long: one of words
        ends within it or NEAR characters before it (lookbehinds of fixed width, one per
        distance), or begins within NEAR characters after it; all in the same sentence."""
        stop = self.stop
        behind = "|".join(f"(?<={re.escape(w)}{stop}{{{k}}})"
                          for w in words for k in range(longest + NEAR + 1))
        ahead = "|".join(re.escape(w) for w in words)
        return f"(?:{behind}|(?={stop}{{0,{NEAR}}}?(?:{ahead})))"

    def _unless(self, longest: int, words: list[str]) -> str:
        """Placed at the end of a match: none of words within it or UNLESS characters
        either side, in the same sentence."""
        stop = self.stop
        behind = "".join(f"(?<!{re.escape(w)}{stop}{{{k}}})"
                         for w in words for k in range(longest + UNLESS + 1))
        ahead = "|".join(re.escape(w) for w in words)
        return f"{behind}(?!{stop}{{0,{UNLESS}}}?(?:{ahead}))"

    def expression(self, expr: str) -> str:
        f = self.lit(expr)
        if not f:
            return ""
        src = re.escape(f) + _exclusions(f, self.exclude)
        words = self.near.get(f)
        if words:
            src += self._near(len(f), words)
        if self.unless.get(f):
            src += self._unless(len(f), self.unless[f])
        return src

    def pattern(self, pattern: str) -> str:
        literals, sizes = split_pattern(pattern)
        lits = [self.lit(x) for x in literals]
        out = [re.escape(lits[0]) + _exclusions(lits[0], self.exclude)]
        for size, lit in zip(sizes, lits[1:]):
            out.append(f"{self.stop}{{0,{size}}}?{re.escape(lit)}")
        words = self.near.get(pattern)
        longest = sum(map(len, lits)) + sum(sizes)
        if words:
            out.append(self._near(longest, words))
        if self.unless.get(pattern):
            out.append(self._unless(longest, self.unless[pattern]))
        return "".join(out)


def pattern_regex(pattern: str, folded: bool = False) -> str:
    """Regex source for a bare gap pattern (no rules): "…" = up to 4 characters, "…{N}" =
    up to N; folded: for folded text. Raises ValueError when the pattern is malformed."""
    literals, sizes = split_pattern(pattern)
    lit = fold if folded else str
    gap = STOP if folded else RAW_STOP
    out = [re.escape(lit(literals[0]))]
    for size, literal in zip(sizes, literals[1:]):
        out.append(f"{gap}{{0,{size}}}?{re.escape(lit(literal))}")
    return "".join(out)


class Explainer:
    """folded match -> (expression, kind, family, core) for one theme."""

    def __init__(self, theme):
        self.theme = theme
        self.exprs = {fold(e): e for e in reversed(theme.expressions())}
        self.pats = [(p, re.compile(pattern_regex(p, folded=True))) for p in theme.patterns]
        core = theme.core_set()
        self.core = core
        self.members = {m for ms in theme.families.values() for m in ms}

    def explain(self, folded: str) -> tuple[str, str, str, bool]:
        expr = self.exprs.get(folded) or self.exprs.get(re.sub(r"[^\w]+", "", folded))
        if expr is not None:
            kind = "term" if expr in self.theme.terms or expr not in self.members else "family"
            fam = self.theme.family_of(expr)
            return expr, kind, fam, not self.core or expr in self.core or fam in self.core
        for p, rx in self.pats:
            if rx.fullmatch(folded):
                return p, "pattern", p, not self.core or p in self.core
        return folded, "term", folded, not self.core
