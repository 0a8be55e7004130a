"""The PDF itself: Chinese text (rare name characters included), official
layout pieces, only the bundled font embedded, PDF/A-3b."""

import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from engine.documents.models import Document
from engine.documents.rendering import FONTS_DIR, render_pdf
from engine.documents.services import document_request

from .helpers import committed, page_count, pdf_text, pdffonts

RARE = "喆堃昇犇"


@pytest.fixture
def notice(case, inline_rendering):
    return committed(document_request, case=case, key="notice")


def read(document):
    with document.file.open("rb") as fh:
        return fh.read()


def test_notice_renders_on_two_pages_with_names_amounts_and_numbers(notice):
    assert notice.status == Document.Status.RENDERED, notice.error
    content = read(notice)
    text = pdf_text(content)
    assert page_count(content) == 2
    for expected in [
        "张喆",
        "王堃",
        "李昇",
        "赵犇",
        "10400.00",
        "禹困〔2024〕007号",
        "DEMO-2024-0001",
        "410181199001011234",
        "禹州市总工会文件",
        "帮扶决定通知书",
        "第1页/共2页",
        "第2页/共2页",
        notice.short_code,
        f"http://127.0.0.1:8000/verify/{notice.short_code}/",
        "帮扶档次：深度困难；转介：就业创业培训、法律援助；项目：焊工。",
        "（盖章）",
        "2024年5月6日",
    ]:
        assert expected in text, expected


def test_stored_file_matches_hash_and_lives_outside_web_root(notice):
    content = read(notice)
    assert hashlib.sha256(content).hexdigest() == notice.sha256
    path = Path(notice.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_STORAGE_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert notice.number == "禹困〔2024〕007号" and notice.data["amount"] == "10400.00"


def test_only_the_bundled_font_is_embedded(notice):
    fonts = pdffonts(notice.file.path)
    names = {font["name"].split("+", 1)[-1] for font in fonts}
    # Regular for the body, Bold for the title and table headers; nothing else.
    assert names == {"Noto-Sans-SC-Bundled", "Noto-Sans-SC-Bundled-Bold"}
    assert all(font["emb"] and font["encoding"] == "Identity-H" for font in fonts)


def test_bundled_fonts_cover_gbk_names_but_stay_small():
    for name in ("NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf"):
        path = FONTS_DIR / name
        cmap = TTFont(path, lazy=True).getBestCmap()
        assert all(ord(char) in cmap for char in RARE + "〔〕第页共")
        assert path.stat().st_size < 7_000_000
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS_DIR / "OFL.txt").read_text(encoding="utf-8")


def test_output_is_pdfa_3b(notice):
    root = PdfReader(io.BytesIO(read(notice))).trailer["/Root"]
    xmp = root["/Metadata"].get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in root and root["/Lang"] == "zh-CN"


def test_render_pdf_refuses_network_and_local_files():
    html = (
        '<html lang="zh-CN"><body><p>图片</p><img src="http://example.com/x.png">'
        '<img src="file:///etc/hostname"></body></html>'
    )
    content = render_pdf(html, pdf_variant=None)
    # WeasyPrint skips resources the fetcher refuses: the PDF has text and no image.
    assert "图片" in pdf_text(content)
    assert list(PdfReader(io.BytesIO(content)).pages[0].images) == []


def test_pdf_title_is_the_document_title(notice):
    assert PdfReader(io.BytesIO(read(notice))).metadata.title == "帮扶决定通知书"


def test_labels_are_chinese_even_when_the_user_browses_in_english(case, inline_rendering):
    from django.utils import translation

    with translation.override("en"):
        document = committed(document_request, case=case, key="notice")
    assert "深度困难" in pdf_text(read(document)) and "Deep" not in pdf_text(read(document))


def test_fields_never_answered_render_empty_even_as_filter_arguments(case, version, inline_rendering):
    notice = version.files["documents/notice.html"].replace(
        "{% block body %}",
        "{% block body %}<p>机构：{{ labels.institution|default:data.institution }}。</p>"
        "{% for m in data.household %}{{ m.age|default:m.missing }}{% endfor %}",
    )
    version.files = {**version.files, "documents/notice.html": notice}
    version.save()
    document = committed(document_request, case=case, key="notice")
    assert document.status == Document.Status.RENDERED, document.error
    assert "机构：。" in pdf_text(read(document))
