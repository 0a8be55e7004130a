"""Drafts never lose a value (an invalid one is kept as typed and shown
with its error), can be found and discarded; files that passed their checks
are kept when another field of the page fails, shown as 已上传 with a
preview and a remove button."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forms.models import Attachment, Draft

from .conftest import logged_in
from .test_wizard import URL, _complete, fill_identity, page, post, submit

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_save_keeps_an_invalid_value_and_shows_it_with_its_error_when_resumed(wizard_process, applicant):
    phone = logged_in(applicant)
    fill_identity(phone)
    response = post(
        phone, "hardship", {"hardship_cause": "illness", "medical_bills": "12,5x", "action": "save"}
    )
    assert response["Location"] == page("hardship")
    draft = Draft.objects.get(user=applicant)
    assert draft.data["hardship_cause"] == "illness" and "medical_bills" not in draft.data
    assert draft.invalid["medical_bills"]["value"] == "12,5x" and draft.invalid["medical_bills"]["errors"]
    # Logged out, on another device: the value is there, with its message, in the summary too.
    html = logged_in(applicant).get(page("hardship")).content.decode()
    box = html.split('data-field="medical_bills"')[1]
    assert 'value="12,5x"' in box and "errorlist" in box
    assert "医疗费用" in html.split('id="error-summary"')[1].split("</ul>")[0]


def test_a_kept_invalid_value_blocks_submitting_until_fixed(wizard_process, applicant):
    client = logged_in(applicant)
    _complete(client)
    post(
        client,
        "identity",
        {"name": "x" * 30, "id_number": "11010519491231002X", "has_household": "true", "action": "save"},
    )
    draft = Draft.objects.get(user=applicant)
    assert draft.data["name"] == "袁某" and draft.invalid["name"]["value"] == "x" * 30
    response = submit(client, draft.pk)
    assert response["Location"] == page("identity")
    fill_identity(client)
    assert Draft.objects.get(pk=draft.pk).invalid == {}
    assert submit(client, draft.pk)["Location"].startswith("/portal/")


def test_a_valid_file_is_kept_when_another_field_of_the_page_fails(wizard_process, applicant):
    client = logged_in(applicant)
    _complete(client)
    Attachment.objects.all().delete()
    upload = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    response = post(
        client, "documents", {"proof": upload, "proof_note": "far too long a note", "action": "next"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    attachment = Attachment.objects.get()
    assert attachment.original_name == "photo.png" and attachment.draft.user == applicant
    assert Draft.objects.get(user=applicant).data["proof"]["attachment"] == attachment.pk
    preview = reverse("forms:attachment", args=[attachment.pk]) + "?inline=1"
    assert "已上传" in html and preview in html and 'name="_remove_file" value="proof"' in html
    inline = client.get(preview)
    assert inline["Content-Disposition"].startswith("inline") and inline["Content-Type"] == "image/png"
    # Fixing the note needs no new file.
    response = post(client, "documents", {"proof_note": "短说明", "action": "next"})
    assert response["Location"] == f"{URL}review/"
    assert Draft.objects.get(user=applicant).data["proof"]["attachment"] == attachment.pk


def test_a_file_that_fails_its_own_check_is_not_kept_and_says_why(wizard_process, applicant):
    client = logged_in(applicant)
    _complete(client)
    Attachment.objects.all().delete()
    Draft.objects.filter(user=applicant).update(data={})
    fill_identity(client)
    fake = SimpleUploadedFile("photo.png", b"GIF89a not a png", content_type="image/png")
    html = post(client, "documents", {"proof": fake, "action": "next"}).content.decode()
    assert "文件内容与扩展名不符" in html and not Attachment.objects.exists()


def test_limits_are_shown_before_choosing(wizard_process, applicant):
    client = logged_in(applicant)
    _complete(client)
    html = client.get(page("documents")).content.decode()
    assert "可上传 1 个文件：PDF、PNG，不超过 1 MB" in html


def test_an_image_is_never_served_inline_to_someone_else(wizard_process, applicant, district):
    from engine.models import User

    client = logged_in(applicant)
    _complete(client)
    upload = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    post(client, "documents", {"proof": upload, "proof_note": "far too long a note", "action": "next"})
    attachment = Attachment.objects.get(original_name="photo.png")
    other = User.objects.create_user(username="13900000001", home_unit=district)
    url = reverse("forms:attachment", args=[attachment.pk]) + "?inline=1"
    assert logged_in(other).get(url).status_code == 404
    pdf = Attachment.objects.get(original_name="bill.pdf")
    response = client.get(reverse("forms:attachment", args=[pdf.pk]) + "?inline=1")
    assert response["Content-Disposition"].startswith("attachment")  # only images inline


def test_remove_a_stored_file(wizard_process, applicant):
    client = logged_in(applicant)
    _complete(client)
    attachment = Attachment.objects.get()
    response = post(client, "documents", {"_remove_file": "proof", "proof_note": ""})
    assert response.status_code == 200 and "已上传" not in response.content.decode()
    assert "proof" not in Draft.objects.get(user=applicant).data
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    # Naming a field that is not a file removes nothing.
    post(
        client,
        "identity",
        {"_remove_file": "name", "name": "袁某", "id_number": "11010519491231002X", "has_household": "true"},
    )
    assert Draft.objects.get(user=applicant).data["name"] == "袁某"


def test_my_applications_and_the_service_list_show_the_draft(wizard_process, applicant):
    client = logged_in(applicant)
    client.get(URL)  # visiting opens an empty draft: not listed
    assert "继续填写" not in client.get(reverse("portal:home")).content.decode()
    fill_identity(client)
    html = client.get(reverse("portal:home")).content.decode()
    assert "向导测试" in html and "最后保存于" in html and 'href="/apply/wizard_test/"' in html
    assert "继续填写" in html and reverse("forms:discard", args=["wizard_test"]) in html
    index = client.get(reverse("forms:apply_index")).content.decode()
    assert "有草稿" in index and "继续填写" in index


def test_discard_asks_first_then_deletes_the_draft_and_its_files(wizard_process, applicant):
    client = logged_in(applicant)
    _complete(client)
    url = reverse("forms:discard", args=["wizard_test"])
    assert "确认删除" in client.get(url).content.decode()
    assert Draft.objects.filter(user=applicant).exists()  # a GET deletes nothing
    assert client.post(url)["Location"] == reverse("portal:home")
    assert not Draft.objects.filter(user=applicant).exists() and not Attachment.objects.exists()
    assert client.post(url)["Location"] == reverse("portal:home")  # nothing left: no error


def test_a_submitted_case_file_is_not_deleted_by_discarding(wizard_process, applicant):
    client = logged_in(applicant)
    _complete(client)
    submit(client, Draft.objects.get(user=applicant).pk)
    fill_identity(client)
    client.post(reverse("forms:discard", args=["wizard_test"]))
    assert Attachment.objects.get().case is not None
