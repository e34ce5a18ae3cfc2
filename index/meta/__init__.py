"""Metadata: zone, title, date, year, document number and source of a document.

Owns detection from the text (portal headers, titles, 文号, dates) and the per-folder
``corpus.toml`` manifests whose values win over anything detected.

May import: ``index.model``, ``index.text``. No SQL.
"""
