"""System checks: the bundled fonts and harfbuzz-subset must be present, or
documents print boxes / take ~12 s each."""

import ctypes.util

from django.core import checks

from .rendering_paths import FONT_FILES, FONTS_DIR


@checks.register(checks.Tags.compatibility)
def check_document_rendering(app_configs=None, **kwargs):
    problems = []
    missing = [name for name in FONT_FILES.values() if not (FONTS_DIR / name).exists()]
    if missing:
        problems.append(
            checks.Error(
                f"bundled fonts missing: {', '.join(missing)}",
                hint="run: python scripts/build_fonts.py",
                id="documents.E001",
            )
        )
    if ctypes.util.find_library("harfbuzz-subset") is None:
        problems.append(
            checks.Warning(
                "libharfbuzz-subset is not installed: each Chinese PDF takes ~12 s instead of ~0.3 s",
                hint="run: apt-get install libharfbuzz-subset0",
                id="documents.W001",
            )
        )
    return problems
