"""Text reuse: which passages of one document repeat a passage of another, and document diff.

Owns the whole pipeline behind ``main.py reuse`` and ``main.py diff`` (method and thresholds
in docs/reuse.md):

  shingle.py   folded character shingles and their MinHash signatures, computed in bulk with
               numpy by datasketch's own scheme (affine32), and the LSH band keys
  align.py     local alignment of two paragraphs (shared spans in original offsets, shared
               characters, similarity)
  store.py     the reuse tables (signatures, band keys, verified pairs, per-document state),
               created lazily under a write transaction; a missing table means "not computed"
  engine.py    the incremental update (only new paragraphs are queried against the LSH)
  query.py     reading stored pairs and families, filtered and oriented earlier -> later
  model.py     ReusePair, Family and their JSON / rows
  families.py  pairs grouped into families, the earliest member as likely source, boilerplate
  formula.py   shared formulas: a passage many peers of one level hold within weeks is no
               peer's copy; a higher-level member is its source
  diff.py      two documents collated paragraph by paragraph, aligned by content

May import the layers below it (docs/architecture.md; import-linter checks it):
``index.compare``, ``index.analysis``, ``index.search``, ``index.store``, ``index.words``,
``index.meta``, ``index.load``, ``index.text`` and the utilities (``index.model``,
``index.locations``, ``index.throttle``, ``index.helper``); today it uses the store, text
and meta only. Never ``index.time`` (beside it), never textual.
"""
