"""Search: the query language, exact-recall full-text search, ranking, snippets, pinyin.

Owns parsing a query without ever failing, turning it into FTS5 over bigrams and frequent
characters with a substring check that guarantees exact recall, BM25 ranking with the
heading boost, snippets on the original text, and reading pinyin as corpus terms.

May import the layers below it (docs/architecture.md; import-linter checks it):
``index.store``, ``index.words``, ``index.meta`` (level names), ``index.load``,
``index.text`` and the utilities (``index.model``, ``index.locations``, ``index.throttle``,
``index.helper``).
"""
