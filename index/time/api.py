"""The time part of the façade (mixed into index.corpus.Corpus): a theme's trend by year
and a phrase's first use and spread."""

from __future__ import annotations

from index.compare.api import CompareAPI


class TimeAPI(CompareAPI):
    """A theme over the years; who said it first."""

    def trend(self, theme, zones=None, only_docs=None, core: bool = False):
        """The theme's mentions per 10,000 characters by year, per zone and overall
        (index.time.trend); only_docs: only these doc_ids (a saved set's)."""
        from index.time.trend import trend

        return trend(self.conn(), theme, zones, themes=self.themes(),
                     only_docs=None if only_docs is None else set(only_docs), core=core)

    def first_use(self, phrase, zones=None, theme: bool = False, core: bool = False):
        """Each zone's first use of a phrase (or theme), earliest first, and the diffusion
        curve (index.time.first_use)."""
        from index.time.first_use import first_use

        return first_use(self.conn(), phrase, zones, theme=theme, core=core,
                         themes=self.themes())
