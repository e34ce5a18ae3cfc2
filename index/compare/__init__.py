"""Comparison: how each zone phrases a theme, and the zone × theme matrix.

Owns finding a theme's passages per zone (exact, in folded text), per-zone figures,
variants and main statements, phrasing statistics (distinctive words, own and shared
phrases, nearest passages), and the comparison's data model and reports.

May import the layers below it (docs/architecture.md; import-linter checks it):
``index.analysis`` (units and keyness for distinctive words), ``index.search``,
``index.store``, ``index.words``, ``index.meta`` (levels, citations), ``index.load``,
``index.text`` and the utilities (``index.model``, ``index.locations``, ``index.throttle``,
``index.helper``).
"""
