"""The SQLite store: schema, connections, writes and library reads.

Owns every SQL statement that is not a query of search or comparison: the schema of every
table and its version (``schema``: documents, derived data, user work), opening a database
with clear errors, every write's transaction, indexing files into it in crash-safe batches
(``ingest``), the facet tokens and rowid layout the full-text tables carry, the reads
behind the library (document list, one document, section paths, the original text), the
façade's base (``pool``: a connection per thread, the helper processes), the one zone
resolver (``zones``) and the one per-generation cache (``cache``).

May import the layers below it (docs/architecture.md; import-linter checks it):
``index.meta``, ``index.load``, ``index.text`` and the utilities (``index.model``,
``index.locations``, ``index.throttle``, ``index.helper``). Never ``index.words`` (beside it
in one layer) nor anything above: the lexicon's matchers reach indexing as an argument.
"""
