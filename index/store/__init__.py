"""The SQLite store: schema, connections, writes and library reads.

Owns every SQL statement that is not a query of search or comparison: the schema and its
version, opening a database with clear errors, indexing files into it in crash-safe batches
(``ingest``), the facet tokens and rowid layout the full-text tables carry, and the reads
behind the library (document list, one document, section paths, the original text).

May import: ``index.model``, ``index.load``, ``index.text``, ``index.meta``.
"""
