"""Comparison: how each zone phrases a theme, and the zone × theme matrix.

Owns finding a theme's passages per zone (exact, in folded text), per-zone figures,
variants and main statements, phrasing statistics (distinctive words, own and shared
phrases, nearest passages), and the comparison's data model and reports.

May import: ``index.store``, ``index.search``, ``index.text``, ``index.words``.
"""
