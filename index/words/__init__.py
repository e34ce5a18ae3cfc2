"""Words: the theme lexicon and segmentation into words.

Owns the themes (``index/data/themes.toml`` and the user's ``themes.toml``), jieba loaded
lazily with the lexicon as its user dictionary, and the stop words. Everything that counts
words (distinctive words, phrasing statistics) segments through here.

May import the layers below it (docs/architecture.md; import-linter checks it):
``index.meta``, ``index.load``, ``index.text`` and the utilities (``index.model``,
``index.locations``, ``index.throttle``, ``index.helper``). Never ``index.store`` (beside
it). No SQL.
"""
