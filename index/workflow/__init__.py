"""The researcher's own work: codes, coded segments, memos, sets, saved searches, app state.

Owns the user tables of the corpus database (store.py: created on first use, kept when the
database is rebuilt) and everything done with them:

  store.py     the tables, their version, carrying them over a rebuild
  codes.py     the codebook (a tree of codes) and its import from TOML or REFI-QDA .qdc
  segments.py  coded segments: coding and uncoding paragraphs or spans, listing them, the
               code × zone / year / level matrix and code co-occurrence within passages
  anchor.py    keeping segments on their text when a file is indexed again (exact, then
               fuzzy with rapidfuzz; what is not found is orphaned, never dropped)
  memos.py     memos on a passage, document, zone, code or theme
  sets.py      named document sets (by zone, year, level, documents or a query), saved
               searches, and the app's key/value state
  model.py     the rows these return, with their JSON and CSV shapes (docs/workflow.md)
  api.py       WorkflowAPI, the mixin of index.corpus.Corpus

Unlike the rest of the database, these tables hold what cannot be read again from the
files: they are never dropped by indexing, and a rebuild copies them over.

May import the layers below it (docs/architecture.md; import-linter checks it):
``index.compare``, ``index.analysis``, ``index.search``, ``index.store``, ``index.words``,
``index.meta``, ``index.load``, ``index.text`` and the utilities. Never ``index.time`` or
``index.reuse`` (beside it), never textual. Its tables' DDL is in index/store/schema.py
(USER_WORK).
"""
