"""Dialogs: one modal screen per file.

Each is a ModalScreen that returns its value with dismiss() (None when Escape cancels).
Document text and file names always go into rich Text, never markup. base.py holds the
look they share.
"""
