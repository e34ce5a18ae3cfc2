"""The comparison part of the façade (mixed into index.corpus.Corpus): the lexicon, one
theme compared across zones (or years, levels), its distinctive words, nearest passages and
the theme matrix; heavy work in the helper process when asked."""

from __future__ import annotations

from index.analysis.api import AnalysisAPI
from index.store.connection import store_errors


class CompareAPI(AnalysisAPI):
    """Themes compared across zones."""

    # a comparison builds the word-unit tables itself only up to this corpus size (the
    # value of index.compare.distinctive, which is not imported here: jieba's wrapper and
    # the lexicon would load with every command, `search` too; tests/test_compare checks)
    UNITS_FOR_COMPARISON_CHARS = 1_000_000
    # up to this corpus size a comparison asked with separate_process runs here all the
    # same: it takes tens of milliseconds (70 ms for the 21 bundled documents, 330,000
    # characters), less than the helper process takes to start and answer
    INLINE_CHARS = 1_000_000

    def small(self) -> bool:
        """True when the corpus holds at most INLINE_CHARS characters (one small read)."""
        from index.store.library import total_chars

        return total_chars(self.conn()) <= self.INLINE_CHARS

    @staticmethod
    def themes() -> dict:
        """The lexicon: shipped themes and the user's themes.toml."""
        from index.words.themes import all_themes

        return all_themes()

    @staticmethod
    def lexicon_warning() -> str | None:
        """Why a user themes.toml is not used (one line: path, line, problem), or None; the
        shipped themes are used meanwhile (index/words/themes.py)."""
        from index.words.themes import lexicon_warning

        return lexicon_warning()

    @store_errors
    def compare(self, theme, zones=None, distinctive: bool = False,
                separate_process: bool = False, pinyin: bool = True, by: str = "zone",
                top: int | None = None, background: bool = False, only_docs=None):
        """Comparison of one theme (name, Theme or ad-hoc query) across zones; without
        jieba unless distinctive=True (then add_distinctive later, e.g. in a worker). An
        ad-hoc query typed in pinyin compares the corpus terms it spells (pinyin=False: as
        typed). top: only the zones with most passages, when the theme's counts are
        materialised (index.compare.engine.compare), for a first screen. background: in
        a second helper process, returning None if stop_background() ends it.

        separate_process: compute it in the helper process (see add_distinctive), so that
        a caller's other threads, such as an app's drawing, never wait for the interpreter
        lock while it runs; the result is the same plain data. A small corpus (small())
        is compared here all the same, without waiting for the helper to start (an app's
        first screen; background too), unless typed in pinyin (the pinyin table takes a
        second to build). by: what a pane holds,
        zone (default), year, zone-year or level (index/compare/groups.py). only_docs:
        only these doc_ids (a saved set's)."""
        from index.compare.engine import compare
        from index.words.themes import find_theme

        elsewhere = (separate_process or background) and not (
            self.small() and not (pinyin and isinstance(theme, str) and _pinyin(theme)))
        if background and elsewhere:  # long: the second helper; None if it was stopped
            return self.in_background("compare", theme, zones, distinctive=distinctive,
                                      pinyin=pinyin, by=by, top=top, only_docs=only_docs)
        if elsewhere:
            done = self.in_helper("compare", theme, zones, distinctive=distinctive,
                                  pinyin=pinyin, by=by, top=top, only_docs=only_docs)
            if done is not None:
                return done
        if distinctive:  # phrases are checked against the units when they are cached
            self.units(optional=True, most_chars=self.UNITS_FOR_COMPARISON_CHARS)
        conn = self.conn()
        note = ""
        if pinyin and isinstance(theme, str) and find_theme(self.themes(), theme.strip()) is None:
            from index.search.pinyin import rewrite_query

            parsed, note = rewrite_query(conn, theme)
            if note:  # typed in pinyin: compare the corpus terms it stands for
                theme = " ".join(parsed.groups[0])
        result = compare(conn, theme, zones, distinctive=distinctive, by=by, top=top,
                         only_docs=None if only_docs is None else set(only_docs))
        if note:
            result.notes.insert(0, note)
        return result

    def lexicon_matchers(self) -> dict:
        """The lexicon's themes, for indexing to materialise their matches."""
        return lexicon_matchers()

    def add_distinctive(self, comparison, separate_process: bool = False,
                        background: bool = False):
        """Fill in the comparison's distinctive words (in place; also returned).

        separate_process: segment in the helper process, so that loading jieba (a second of
        pure Python holding the interpreter lock) never stalls the caller's other threads,
        such as an app's drawing. Falls back to this process if the helper cannot run.
        background: in the second helper instead (a large corpus, where segmenting a
        theme's passages the first time takes seconds to a minute and must not hold up the
        next theme's first screen); stop_background() ends it, and the comparison is then
        returned without words (distinctive_done stays False), with no fallback."""
        from index.compare.distinctive import add_distinctive

        if separate_process or background:
            done = self.run_job(distinctive_job, comparison, background=background)
            if done is None and background:
                return comparison
            if done is not None:
                for zone, new in zip(comparison.zones, done.zones):
                    zone.distinctive = new.distinctive
                comparison.notes = done.notes
                comparison.distinctive_done = done.distinctive_done
                return comparison
        return add_distinctive(comparison)

    def theme_words(self, comparison, separate_process: bool = False):
        """Per zone of a comparison: distinctive words with p and collocates of the theme
        (index/compare/words.py); separate_process as in compare()."""
        from index.compare.words import theme_words

        if separate_process:
            done = self.in_helper("theme_words", comparison)
            if done is not None:
                return done
        self.units()
        return theme_words(self.conn(), comparison)

    @staticmethod
    def nearest(comparison, passage, zones=None) -> dict:
        """{zone: its passage most like `passage`} for every other zone of the comparison
        (or of those in `zones`)."""
        from index.compare.engine import nearest

        return nearest(None, comparison, passage, zones=zones)

    @store_errors
    def matrix(self, separate_process: bool = False, by: str = "zone", only_docs=None):
        """Every theme × every zone, or year, zone-year, level (index.compare.matrix.
        theme_matrix); separate_process as in compare(); only_docs: only these doc_ids."""
        from index.compare.matrix import theme_matrix

        if separate_process:
            done = self.in_helper("matrix", by=by, only_docs=only_docs)
            if done is not None:
                return done
        return theme_matrix(self.conn(), self.themes(), by=by,
                            only_docs=None if only_docs is None else set(only_docs))


def lexicon_matchers() -> dict:
    """name -> (folded-text regex, full-text candidate expression) of every theme of the
    lexicon: the themes whose matches indexing materialises (index/store/themehits.py)."""
    from index.compare.passages import match_expression
    from index.words.themes import all_themes

    return {t.name: (t.matcher(), match_expression(t)) for t in all_themes().values()}


def _pinyin(text: str) -> bool:
    from index.search.pinyin import looks_like_pinyin

    return looks_like_pinyin(text)


def distinctive_job(comparison):
    """In the helper process: a comparison's distinctive words (a top-level function, so
    that it pickles by name)."""
    from index.compare.distinctive import add_distinctive

    return add_distinctive(comparison)
