"""Where the bundled fonts are: importable without loading weasyprint."""

from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Noto Sans SC Bundled"
FONT_FILES = {400: "NotoSansSC-Regular.otf", 700: "NotoSansSC-Bold.otf"}
