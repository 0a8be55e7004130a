"""Where the bundled fonts and the shared stylesheet are: importable without loading weasyprint."""

from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Noto Sans SC Bundled"
FONT_FILES = {400: "NotoSansSC-Regular.otf", 700: "NotoSansSC-Bold.otf"}
# The shared document stylesheet (page, tables, signature, seal, verification).
STYLESHEET = Path(__file__).resolve().parent / "styles" / "document.css"
