"""Time: how a theme's weight changes over the years, and when a phrase first appears where.

Owns trend() (mentions per 10,000 characters by year, per zone and for the whole corpus) and
first_use() (each zone's earliest document using a phrase or theme, and the diffusion curve:
how many zones had used it by each date). Both match in the folded text that search and
compare match in (index.compare.passages.find_passages), so what they count is what search
finds.

May import: ``index.compare``, ``index.store``, ``index.text``, ``index.words``, ``index.meta``.
No textual.
"""
