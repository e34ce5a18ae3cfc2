"""Corpus statistics on whole units: keyness, collocates, clusters, word lists.

Owns: the unit segmentation every statistic shares (units.py: jieba with the lexicon, plus
a dictionary built from the corpus itself — quoted slogans and repeated strings that pass a
boundary test), its tables in the database (store.py; segcache.py keeps passages' words
for comparisons, verdicts.py the boundary test's verdicts: the only modules here with SQL), the
published formulas (stats.py) and the statistics (keyness.py, collocates.py, clusters.py,
wordlist.py), whose results are plain records (model.py) with as_json() for export.

May import: index.store (connection, library), index.text, index.words, index.search.query, index.throttle.
Never index.compare (compare imports this package). Never textual, never tui.
docs/analysis.md gives every formula with its source.
"""
