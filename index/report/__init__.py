"""Hand-over: what a researcher gives colleagues who do not use a terminal.

Owns the self-contained HTML report of a theme (html.py: the zones side by side, figures,
variants, citations, expressions, coded segments and memos, with charts as inline SVG drawn
by svg.py), the dispersion of a query's hits along each document (dispersion.py, AntConc's
Plot), and the REFI-QDA project exchange (qdpx.py: QDA-XML 1.0 export and the import of a
codebook and its codings). Nothing here reads the network or writes SQL.

May import: ``index.compare``, ``index.time``, ``index.search``, ``index.store``,
``index.meta``, ``index.text``, ``index.words``, ``index.workflow``. No textual.
"""
