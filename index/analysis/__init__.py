"""Corpus statistics on whole units: keyness, collocates, clusters, word lists.

Owns: the unit segmentation every statistic shares (units.py: jieba with the lexicon, plus
a dictionary built from the corpus itself — quoted slogans and repeated strings that pass a
boundary test), its tables in the database (store.py; segcache.py keeps passages' words
for comparisons, verdicts.py the boundary test's verdicts: the only modules here with SQL), the
published formulas (stats.py) and the statistics (keyness.py, collocates.py, clusters.py,
wordlist.py), whose results are plain records (model.py) with as_json() for export.

May import the layers below it (docs/architecture.md; import-linter checks it):
``index.search``, ``index.store``, ``index.words``, ``index.meta``, ``index.load``,
``index.text`` and the utilities (``index.model``, ``index.locations``, ``index.throttle``,
``index.helper``). Never index.compare (compare imports this package). Never textual, never
tui. docs/analysis.md gives every formula with its source.
"""
