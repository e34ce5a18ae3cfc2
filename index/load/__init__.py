"""Loading: files in, ``RawDoc``s out.

Owns finding files under the roots a user names, decoding bytes of unknown encoding, and one
loader per format (plain text and Markdown, HTML, .docx, .pdf, .csv and .jsonl datasets).
A loader returns the document's lines and whatever metadata the file itself carries; it does
not repair text, detect structure or guess metadata.

May import: ``index.model`` (and the other utilities) and the standard library / format
libraries. Nothing else of the core (it is the bottom layer, beside ``index.text``).
"""
