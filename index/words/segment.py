"""Words: segmentation with jieba (loaded lazily, lexicon as user dictionary), stop words.

jieba takes about a second to load its dictionary, so nothing here imports it until a
segmentation is asked for (or warm_up() is called, e.g. from a worker thread of the app).
Policy terms from the lexicon feed jieba's user dictionary so that segmentation keeps them
whole: 产城融合, 招商选资 and 最多跑一次 come out as one token each, not 产城 / 融合.

Only the distinctive-word lists of a comparison need jieba; passages, figures, variants,
shared phrases and the theme matrix are computed without it. The stop words
(index/data/stopwords.txt) are read without jieba too.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from index.locations import data_path

STOPWORDS_PATH = data_path("stopwords.txt")
CACHE_SIZE = 20_000  # segmented paragraphs kept in memory (LRU)
_JIEBA_CHARS = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")  # what jieba keeps in a word
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_ASCII_DIGIT = re.compile(r"[0-9０-９]")

_lock = threading.RLock()
_jieba = None
_added: set[str] = set()
_cache: OrderedDict[str, tuple[str, ...]] = OrderedDict()


def warm_up(extra_words: Iterable[str] = ()) -> None:
    """Load jieba, its dictionary and the lexicon words now (safe to call from any thread)."""
    _load()
    add_words(extra_words)


def _load():
    global _jieba
    if _jieba is not None:
        return _jieba
    with _lock:
        if _jieba is None:
            import warnings

            with warnings.catch_warnings():  # jieba's regexes have invalid escapes
                warnings.simplefilter("ignore", DeprecationWarning)
                warnings.simplefilter("ignore", SyntaxWarning)
                import jieba  # lazy: ~1 s with the dictionary
            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _add(jieba, _lexicon_words())
            _jieba = jieba
    return _jieba


def _lexicon_words() -> list[str]:
    """Every expression of every theme (shipped and user files)."""
    from index.words.themes import all_themes

    return [e for t in all_themes().values() for e in t.expressions()]


def _add(jieba, words: Iterable[str]) -> bool:
    changed = False
    for w in words:
        # Quotes and other characters jieba splits on never reach the dictionary lookup:
        # “两重” is added as 两重.
        for part in _JIEBA_CHARS.findall(w):
            if len(part) >= 2 and part not in _added:
                jieba.add_word(part, freq=_freq(jieba, part))
                _added.add(part)
                changed = True
    return changed


def _freq(jieba, word: str) -> int:
    """A frequency that makes jieba keep the word whole (what suggest_freq would give)."""
    return max(jieba.get_FREQ(word) or 0, jieba.suggest_freq(word, tune=False), 10)


def add_words(words: Iterable[str]) -> None:
    """Add words (e.g. an ad-hoc theme's terms) to the user dictionary."""
    words = [w for w in words if w]
    if not words:
        return
    jieba = _load()
    with _lock:
        if _add(jieba, words):
            _cache.clear()  # earlier segmentations may have split the new words


def segment(text: str) -> list[str]:
    """The words of text as jieba cuts it (precise mode, no HMM for unknown words).

    Results are cached per paragraph text (LRU of CACHE_SIZE entries).
    """
    hit = _cache.get(text)
    if hit is not None:
        with _lock:
            if text in _cache:
                _cache.move_to_end(text)
        return list(hit)
    jieba = _load()
    words = tuple(jieba.lcut(text, HMM=False))
    with _lock:
        _cache[text] = words
        if len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return list(words)


# ------------------------------------------------------------------ stop words


# Single characters that are grammar, not part of a word, at the start / end of a phrase.
_START_CHARS = frozenset("的了与及等是并而或也都又还就才再已把被将")
_END_CHARS = frozenset("的了和与及等是在对把将被并而或之也都又还就才再已")


@dataclass(frozen=True)
class Stopwords:
    all: frozenset[str]
    edge: frozenset[str]  # function words and generic verbs that cannot start or end a phrase
    _first: frozenset[str] = frozenset()  # characters that can start / end an edge word
    _last: frozenset[str] = frozenset()
    function: frozenset[str] = frozenset()  # the [function] group alone (的, 及其, 以及 …)

    def __contains__(self, word: str) -> bool:
        return word in self.all

    def trim(self, phrase: str) -> str:
        """phrase without function words or generic verbs at its ends: 推进产城融合 -> 产城融合."""
        if phrase and phrase[0] not in self._first and phrase[-1] not in self._last:
            return phrase  # the common case, without slicing
        while phrase:
            k = next((k for k in (4, 3, 2) if len(phrase) > k and phrase[:k] in self.edge), 0)
            if not k and phrase[0] in _START_CHARS:
                k = 1
            if not k:
                break
            phrase = phrase[k:]
        while phrase:
            k = next((k for k in (4, 3, 2) if len(phrase) > k and phrase[-k:] in self.edge), 0)
            if not k and phrase[-1] in _END_CHARS:
                k = 1
            if not k:
                break
            phrase = phrase[:-k]
        return phrase

    def edged(self, phrase: str) -> bool:
        return self.trim(phrase) != phrase


@lru_cache(maxsize=1)
def stopwords() -> Stopwords:
    """The shipped list (index/data/stopwords.txt), with its groups."""
    groups: dict[str, set[str]] = defaultdict(set)
    group = "function"
    for line in STOPWORDS_PATH.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1].strip()
        elif line:
            groups[group].update(line.split())
    everything = frozenset().union(*groups.values())
    edge = {w for w in groups["function"] | groups["generic"] if len(w) >= 2}
    return Stopwords(everything, frozenset(edge), frozenset({w[0] for w in edge} | _START_CHARS),
                     frozenset({w[-1] for w in edge} | _END_CHARS),
                     frozenset(groups["function"]))


def is_content_word(word: str, exclude: Iterable[str] = ()) -> bool:
    """A token worth listing: two or more characters with a CJK character or Latin letters,
    no digits, not a stop word, not one of (or part of) the excluded expressions."""
    if len(word) < 2 or word in stopwords():
        return False
    if _ASCII_DIGIT.search(word) or not (_HAS_CJK.search(word) or word.isalpha()):
        return False
    return not any(word in e for e in exclude)
