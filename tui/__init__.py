"""duizhao presentation: the Textual app, and Rich output for the command line (console.py).

Only presents what index/ computes: no SQL and no parsing here. Importing this package stays
cheap; textual is imported by the app modules only.
"""
