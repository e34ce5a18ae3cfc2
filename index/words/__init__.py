"""Words: the theme lexicon and segmentation into words.

Owns the themes (``index/data/themes.toml`` and the user's ``themes.toml``), jieba loaded
lazily with the lexicon as its user dictionary, and the stop words. Everything that counts
words (distinctive words, phrasing statistics) segments through here.

May import: ``index.text``, ``index.locations``. No SQL.
"""
