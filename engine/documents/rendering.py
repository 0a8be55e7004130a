"""HTML -> PDF with WeasyPrint. The only module that imports weasyprint.

Chinese must render on a machine with no CJK font installed, so the bundled
Noto Sans SC faces (fonts/, GBK subset, SIL OFL) are declared with @font-face
in a stylesheet added to every document, and named explicitly: fontconfig's
fallback would otherwise pick whatever the machine has, or nothing (boxes).

Every document also gets the shared stylesheet styles/document.css (page,
tables, signature lines, seal, verification box), so a template carries only
its own `page_style` rules.

One FontConfiguration and one compiled copy of each stylesheet per worker
process: building them loads fontconfig, reads the @font-face files and
parses the CSS; a warm render does none of that. They are rebuilt after a
fork (gunicorn/celery prefork) because fontconfig state is not fork-safe."""

import os
import threading
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .rendering_paths import FONT_FAMILY, FONT_FILES, FONTS_DIR, STYLESHEET

PDF_VARIANT = "pdf/a-3b"  # archival: fonts embedded, XMP metadata, sRGB intent

_lock = threading.Lock()
_state: dict = {}
# What the worker state cost so far in this process: the stylesheets are
# parsed and the font files read once per process, not per render (tests
# assert on these).
stats = {"stylesheets_built": 0, "font_files_fetched": 0}


class RenderError(RuntimeError):
    """Rendering failed; the message is shown to staff."""


class LocalOnlyFetcher(URLFetcher):
    """Templates are data written by process authors: let them reach only
    inline data: URIs and the bundled fonts, never the network or other files."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://") and Path(url[len("file://") :]).resolve().parent == FONTS_DIR:
            stats["font_files_fetched"] += 1
            return super().fetch(url, headers)
        raise ValueError(f"resource not allowed in documents: {url[:80]}")


def font_face_css() -> str:
    faces = [
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: normal;'
        f' src: url("{(FONTS_DIR / name).as_uri()}"); }}'
        for weight, name in FONT_FILES.items()
    ]
    # Every element inherits the bundled face unless a template names another
    # family; the base layouts name it too.
    return "\n".join(faces) + f'\nhtml {{ font-family: "{FONT_FAMILY}"; }}\n'


def document_css() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def _worker_state() -> dict:
    """The per-process FontConfiguration, fetcher and compiled stylesheets."""
    pid = os.getpid()
    with _lock:
        if _state.get("pid") != pid:
            missing = [name for name in FONT_FILES.values() if not (FONTS_DIR / name).exists()]
            if missing:
                raise RenderError(f"bundled fonts missing in {FONTS_DIR}: run scripts/build_fonts.py")
            font_config = FontConfiguration()
            fetcher = LocalOnlyFetcher()
            stylesheets = [
                CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher),
                CSS(string=document_css(), font_config=font_config, url_fetcher=fetcher),
            ]
            stats["stylesheets_built"] += 1
            _state.clear()
            _state.update(pid=pid, font_config=font_config, fetcher=fetcher, stylesheets=stylesheets)
        return _state


def render_pdf(html: str, *, base_url: str | None = None, pdf_variant: str | None = PDF_VARIANT) -> bytes:
    """Render an HTML string to PDF bytes with the bundled fonts."""
    state = _worker_state()
    document = HTML(string=html, base_url=base_url or FONTS_DIR.as_uri() + "/", url_fetcher=state["fetcher"])
    return document.write_pdf(
        stylesheets=state["stylesheets"],
        font_config=state["font_config"],
        pdf_variant=pdf_variant,
    )
