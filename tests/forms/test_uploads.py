import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forms.cleaning import form_clean
from forms.models import Attachment
from forms.uploads import parse_size

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
SPEC = {
    "key": "k",
    "fields": [
        {
            "name": "proof",
            "type": "file",
            "label": "证明",
            "required": True,
            "accept": ["pdf", "png"],
            "max_size": "1KB",
        }
    ],
}


def upload(name, content):
    return {"proof": SimpleUploadedFile(name, content, content_type="application/octet-stream")}


def test_sizes_parse():
    assert parse_size("10MB") == 10 * 1024 * 1024
    assert parse_size("500 KB") == 500 * 1024
    assert parse_size(2048) == 2048


def test_good_upload_is_stored_privately_with_its_hash(settings, django_user_model):
    owner = django_user_model.objects.create_user(username="u", password="pw")
    cleaned, errors = form_clean(SPEC, {}, upload("账单.pdf", PDF), owner=owner)
    assert errors == {}
    attachment = Attachment.objects.get(pk=cleaned["proof"]["attachment"])
    assert cleaned["proof"] == {"attachment": attachment.pk, "name": "账单.pdf", "size": len(PDF)}
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.content_type == "application/pdf" and attachment.owner == owner
    assert attachment.file.path.startswith(str(settings.PRIVATE_STORAGE_ROOT))
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20, "不支持的文件类型"),  # jpg not accepted here
        ("virus.exe", b"MZ" + b"0" * 20, "不支持的文件类型"),
        ("fake.pdf", PNG, "文件内容与扩展名不符"),  # extension says pdf, bytes say png
        ("fake.png", b"<html>hello</html>", "文件内容与扩展名不符"),
        ("big.png", PNG + b"0" * 2000, "文件过大"),
    ],
)
def test_bad_uploads_are_rejected_and_not_stored(name, content, message):
    cleaned, errors = form_clean(SPEC, {}, upload(name, content))
    assert message in errors["proof"][0]
    assert Attachment.objects.count() == 0


def test_required_file_missing():
    assert form_clean(SPEC, {})[1]["proof"]


def test_stored_attachment_is_kept_when_no_new_file_is_chosen():
    kept = {"attachment": 7, "name": "a.pdf", "size": 10}
    cleaned, errors = form_clean(SPEC, {}, {}, context={"proof": kept})
    assert errors == {} and cleaned["proof"] == kept


def test_no_upload_is_stored_when_the_page_has_errors():
    spec = {"key": "k", "fields": SPEC["fields"] + [{"name": "n", "type": "integer", "required": True}]}
    _cleaned, errors = form_clean(spec, {}, upload("a.pdf", PDF))
    assert "n" in errors and Attachment.objects.count() == 0
