"""duizhao core: ingestion, structure, metadata, the SQLite store, search and comparison.

Nothing in this package imports textual; tui/ presents what this package computes.
"""
