"""Text: the matching normal form and a document's structure, computed from its lines.

Owns ``fold`` (the one normal form that search, comparison and highlighting share), the
line recognisers for headings and numbering (一、 /（一）/ 1. / 一是…), scraped web chrome,
page-break and wrap repair, and the section tree of a document.

May import: ``index.model`` (and the other utilities, ``index.locations``,
``index.throttle``, ``index.helper``); never ``index.load`` (beside it). Pure functions of
text: no SQL, no files, no jieba.
"""
