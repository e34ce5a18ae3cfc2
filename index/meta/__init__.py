"""Metadata: zone, title, date, year, document number and source of a document.

Owns detection from the text (portal headers, titles, 文号, dates), issuers checked against
the gazetteer of administrative divisions (issuer.py, gazetteer.py), every date a document
offers and which is the event's (events.py), and the per-folder ``corpus.toml`` manifests
whose values win over anything detected.

May import the layers below it (docs/architecture.md; import-linter checks it):
``index.load``, ``index.text`` and the utilities (``index.model``, ``index.locations``,
``index.throttle``, ``index.helper``). No SQL.
"""
