"""The analysis results: plain records, each with as_json() (the documented JSON keys), and
lists of them with the notes that explain what was left out.

JSON contracts (docs/analysis.md; extend, never break):
  keywords    {"term","count","ref_count","per_10k","ref_per_10k","ll","log_ratio","p"}
              (+ "inside", "ref_inside": the string inside longer units)
  collocates  {"term","count","left","right","ll","mi","log_dice"} (+ "zone")
  clusters    {"cluster","count","side"} (+ "zone")
  words       {"word","count","per_10k","dispersion"}
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _r(x: float, nd: int = 2) -> float:
    return round(x, nd)


@dataclass
class Keyword:
    term: str
    count: int
    ref_count: int
    per_10k: float
    ref_per_10k: float
    ll: float
    log_ratio: float
    p: float
    docs: int = 0
    dp_zones: float = 0.0
    inside: int = 0  # the string's occurrences inside longer units of the target
    ref_inside: int = 0  # … and of the reference

    def as_json(self) -> dict:
        return {"term": self.term, "count": self.count, "ref_count": self.ref_count,
                "per_10k": _r(self.per_10k), "ref_per_10k": _r(self.ref_per_10k),
                "ll": _r(self.ll), "log_ratio": _r(self.log_ratio), "p": float(f"{self.p:.3g}"),
                "inside": self.inside, "ref_inside": self.ref_inside}


@dataclass
class Collocate:
    term: str
    count: int
    left: int
    right: int
    ll: float
    mi: float
    log_dice: float
    zone: str | None = None

    def as_json(self) -> dict:
        out = {"term": self.term, "count": self.count, "left": self.left, "right": self.right,
               "ll": _r(self.ll), "mi": _r(self.mi), "log_dice": _r(self.log_dice)}
        if self.zone is not None:
            out["zone"] = self.zone
        return out


@dataclass
class Cluster:
    cluster: str
    count: int
    side: str  # "left" or "right"
    zone: str | None = None

    def as_json(self) -> dict:
        out = {"cluster": self.cluster, "count": self.count, "side": self.side}
        if self.zone is not None:
            out["zone"] = self.zone
        return out


@dataclass
class Word:
    word: str
    count: int
    per_10k: float
    dispersion: float | None  # Gries' DP over documents: 0 even, → 1 concentrated;
    # None (JSON null, "n/a") when there is only one document: nothing to spread over

    def as_json(self) -> dict:
        return {"word": self.word, "count": self.count, "per_10k": _r(self.per_10k),
                "dispersion": None if self.dispersion is None else _r(self.dispersion, 3)}


@dataclass
class Listing:
    """A statistic's rows and what a reader needs to read them: what was compared, sizes,
    the threshold, and notes (left out, too little text …)."""
    kind: str
    items: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    target: str = ""
    reference: str = ""
    target_tokens: int = 0
    ref_tokens: int = 0
    threshold: str = ""

    def as_json(self) -> list:
        return [i.as_json() for i in self.items]
