"""Official PDF documents of a case: rendered once with WeasyPrint, stored with
their SHA-256, never changed afterwards (a correction is a new revision), and
verifiable by anyone through a short code. Only rendering.py imports weasyprint."""
