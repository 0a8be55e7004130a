"""What keeps a warm render cheap (docs/benchmarks.md, documents): the
stylesheets and font files are read once per process, the bundled fonts put
the common characters first (WeasyPrint embeds every glyph slot up to the
highest one used), the QR code is a small PNG, and no template lays out with
flex or grid."""

import io
import re
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from engine.documents import rendering
from engine.documents.rendering import FONTS_DIR, render_pdf
from engine.documents.services import document_request

from .helpers import committed

HTML = (
    '<!DOCTYPE html><html lang="zh-CN"><body data-short-code="ABC">'
    '<h1 class="title">档案卡</h1><table class="fields"><tr><th>姓名</th><td>张喆，男</td></tr></table>'
    "</body></html>"
)


def test_a_warm_render_parses_no_stylesheet_and_reads_no_font_file(monkeypatch):
    monkeypatch.setattr(rendering, "_state", {})  # a fresh worker process
    before = dict(rendering.stats)
    render_pdf(HTML)
    built = rendering.stats["stylesheets_built"] - before["stylesheets_built"]
    fetched = rendering.stats["font_files_fetched"] - before["font_files_fetched"]
    assert built == 1
    assert fetched == 2  # Regular and Bold, for the @font-face rules
    render_pdf(HTML)
    render_pdf(HTML, pdf_variant=None)
    assert rendering.stats["stylesheets_built"] - before["stylesheets_built"] == 1
    assert rendering.stats["font_files_fetched"] - before["font_files_fetched"] == 2


def test_the_shared_stylesheet_applies_without_a_style_element():
    # document.css sets the page size; the HTML has no <style> at all.
    box = PdfReader(io.BytesIO(render_pdf(HTML, pdf_variant=None))).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


def test_common_characters_come_first_in_the_bundled_fonts():
    for name in ("NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf"):
        font = TTFont(FONTS_DIR / name)
        order = {glyph: index for index, glyph in enumerate(font.getGlyphOrder())}
        cmap = font.getBestCmap()
        gid = {char: order[cmap[ord(char)]] for char in "A9，。：（）〔〕的困难职工档案第页共喆"}
        assert max(gid[char] for char in "A9") < 100
        # Punctuation and GB2312 level 1 before level 2 and the rest of GBK.
        assert max(gid[char] for char in "，。：（）〔〕的困难职工档案第页共") < 4700
        assert gid["喆"] > 4700
        # Documents are horizontal: no vertical metrics in every subset.
        assert "vmtx" not in font and "VORG" not in font
        # CID = glyph id, as WeasyPrint writes glyph ids into the PDF.
        top = font["CFF "].cff.topDictIndex[0]
        assert top.charset[1:4] == ["cid00001", "cid00002", "cid00003"]
        assert top.charset[-1] == f"cid{len(top.charset) - 1:05d}"


def embedded(content: bytes) -> tuple[list[int], list]:
    """(decoded size of each embedded font file, image XObjects) of a PDF."""
    fonts, images = [], []
    for page in PdfReader(io.BytesIO(content)).pages:
        resources = page["/Resources"]
        for font in resources["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts.append(len(descriptor["/FontFile3"].get_object().get_data()))
        images += [xobject.get_object() for xobject in resources.get("/XObject", {}).values()]
    return fonts, images


def test_common_text_embeds_small_font_subsets():
    fonts, _ = embedded(render_pdf(HTML.replace("张喆", "张伟")))
    assert len(fonts) == 2  # Regular and Bold
    # Before the glyphs were ordered by use each face embedded ~300 KB; a rare
    # name character (喆 is glyph ~8,800) still costs ~4 bytes per slot below it.
    assert max(fonts) < 100_000


def test_the_qr_code_is_a_one_pixel_per_module_png_drawn_sharp(case, inline_rendering):
    notice = committed(document_request, case=case, key="notice")
    with notice.file.open("rb") as fh:
        _, images = embedded(fh.read())
    assert images, "the QR code is missing"
    for image in images:  # the pages share one resource dictionary
        assert image["/Width"] < 60  # one pixel per module
        assert image["/Interpolate"].value is False  # sharp modules; PDF/A forbids interpolation


def test_no_document_template_lays_out_with_flex_or_grid():
    templates = [*Path(settings.WORKFLOWS_DIR).glob("*/documents/*.html")]
    templates += [*(Path(rendering.__file__).parent / "templates" / "documents").glob("*.html")]
    templates.append(Path(rendering.__file__).parent / "styles" / "document.css")
    assert len(templates) > 10
    for path in templates:
        css = path.read_text(encoding="utf-8")
        assert not re.search(r"display\s*:\s*(inline-)?(flex|grid)", css), path


def test_the_documents_benchmark_alternates_the_variants_it_compares():
    from benchmarks.documents_bench import _interleaved_medians

    calls = []
    variants = {name: (lambda html, name=name: calls.append(name)) for name in ("ours", "bare", "no_pdfa")}
    timed = _interleaved_medians(variants, "<p>x</p>", 3)
    assert calls[:3] == ["ours", "bare", "no_pdfa"]  # one warm-up call each
    # Each sample runs every variant once, starting one further along each time.
    assert calls[3:] == ["ours", "bare", "no_pdfa", "bare", "no_pdfa", "ours", "no_pdfa", "ours", "bare"]
    assert set(timed) == set(variants) and all(wall >= 0 and cpu >= 0 for wall, cpu in timed.values())
