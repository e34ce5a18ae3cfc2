"""Hand-over: what a researcher gives colleagues who do not use a terminal.

Owns the self-contained HTML report of a theme (html.py: the zones side by side, figures,
variants, citations, expressions, coded segments and memos, with charts as inline SVG drawn
by svg.py), the dispersion of a query's hits along each document (dispersion.py, AntConc's
Plot), and the REFI-QDA project exchange (qdpx.py: QDA-XML 1.0 export and the import of a
codebook and its codings). Nothing here reads the network or writes SQL.

May import (layer 3 of docs/architecture.md, between the export table above and workflow,
time and reuse below): ``index.workflow``, ``index.time``, ``index.reuse``,
``index.compare``, ``index.analysis``, ``index.search``, ``index.store``, ``index.words``,
``index.meta``, ``index.load``, ``index.text`` and the utilities. No textual.
"""
