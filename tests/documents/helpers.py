import io
import re
import subprocess

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """All page text with whitespace removed (layout puts spaces and breaks anywhere)."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def page_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def pdffonts(path) -> list[dict]:
    """Rows of poppler's `pdffonts` (Debian poppler-utils) as dicts."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        # name, type (may hold spaces), encoding, emb, sub, uni, object ID
        match = re.match(r"(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line)
        assert match, f"unexpected pdffonts line: {line!r}"
        name, ftype, encoding, emb, sub, uni = match.groups()
        rows.append({"name": name, "type": ftype, "encoding": encoding, "emb": emb == "yes"})
    return rows


def committed(call, *args, **kwargs):
    """Call a document service as a transition would, then run what it left
    for after commit (the render, with DOCUMENTS_RENDER_AFTER_COMMIT as in the
    test settings) and give back the document as stored."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        document = call(*args, **kwargs)
    document.refresh_from_db()
    return document
