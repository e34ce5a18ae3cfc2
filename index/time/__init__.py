"""Time: how a theme's weight changes over the years, and when a phrase first appears where.

Owns trend() (mentions per 10,000 characters by year, per zone and for the whole corpus) and
first_use() (each zone's earliest document using a phrase or theme, and the diffusion curve:
how many zones had used it by each date). Both match in the folded text that search and
compare match in (index.compare.passages.find_passages), so what they count is what search
finds.

May import the layers below it (docs/architecture.md; import-linter checks it):
``index.compare``, ``index.analysis``, ``index.search``, ``index.store``, ``index.words``,
``index.meta``, ``index.load``, ``index.text`` and the utilities (``index.model``,
``index.locations``, ``index.throttle``, ``index.helper``). Never ``index.reuse`` (beside
it). No textual.
"""
