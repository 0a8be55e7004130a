"""The studio pages through the test client (the browser test drives the
same pages in chromium)."""

import io
import re
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from engine.models import Case, Holiday, ReferenceList
from engine.runtime.reference import reference_list_store
from engine.studio.drafts import draft_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _editor(key="all_kinds", number=2):
    return reverse("studio:editor", kwargs={"key": key, "number": number})


def test_saving_an_error_marks_its_line_in_the_gutter(admin_client, definition, admin_user):
    draft = draft_open(definition=definition, actor=admin_user)
    text = draft.files["definition.yaml"].replace("next: intake", "next: intak", 1)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "next: intak" in row)
    response = admin_client.post(_editor(), {"file": "definition.yaml", "content": text}, follow=True)
    html = response.content.decode()
    marked = re.findall(r'<div class="ln error" data-line="(\d+)"', html)
    assert marked == [str(line)]
    assert f"definition.yaml:{line}:" in html and "intak" in html
    assert 'id="to-publish"' not in html  # no publish button while invalid
    fixed = text.replace("next: intak", "next: intake", 1)
    html = admin_client.post(
        _editor(), {"file": "definition.yaml", "content": fixed}, follow=True
    ).content.decode()
    assert 'class="ln error"' not in html and 'id="to-publish"' in html


def test_a_path_outside_the_folder_is_refused(admin_client, definition, admin_user):
    draft_open(definition=definition, actor=admin_user)
    admin_client.post(_editor(), {"file": "../../etc/passwd", "content": "x"})
    assert "../../etc/passwd" not in definition.versions.get(number=2).files


def test_publish_page_moves_the_ticked_case(admin_client, definition, admin_user, start):
    ticked, left = start(), start()
    draft_open(definition=definition, actor=admin_user)
    impact = admin_client.get(
        reverse("studio:impact", kwargs={"key": "all_kinds", "number": 2})
    ).content.decode()
    assert f'value="{ticked.pk}"' in impact and f'value="{left.pk}"' in impact
    admin_client.post(
        reverse("studio:publish", kwargs={"key": "all_kinds", "number": 2}), {"case": [ticked.pk]}
    )
    assert Case.objects.get(pk=ticked.pk).version.number == 2
    assert Case.objects.get(pk=left.pk).version.number == 1
    definition.refresh_from_db()
    assert definition.published_version.number == 2


def test_diagram_and_diff_pages(admin_client, definition, admin_user):
    draft = draft_open(definition=definition, actor=admin_user)
    text = draft.files["definition.yaml"].replace("title: 企业核实", "title: 单位核实", 1)
    admin_client.post(_editor(), {"file": "definition.yaml", "content": text})
    svg = admin_client.get(reverse("studio:diagram", kwargs={"key": "all_kinds", "number": 2}))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    diff = admin_client.get(reverse("studio:diff", kwargs={"key": "all_kinds"}) + "?a=1&b=2").content.decode()
    assert "~ check_a" in diff and "单位核实" in diff
    assert "{&#x27;zh&#x27;" not in diff and "{'zh'" not in diff  # labels as text, not Python dicts


def test_dry_run_page_runs_the_posted_script(admin_client, all_kinds):
    url = reverse("studio:dry_run", kwargs={"key": "all_kinds", "number": 1})
    form = admin_client.get(url).content.decode()
    assert "intake" in form  # the sample script is prefilled
    data = "name: 试运行\nid_number: 11010519491231002X\nhousehold: []\n"
    script = "- {step: intake, outcome: withdraw, comment: 不需要了}\n"
    html = admin_client.post(url, {"data": data, "script": script}).content.decode()
    assert 'id="final-status">withdrawn<' in html
    assert not Case.objects.exists()


def test_import_and_export_through_the_pages(admin_client, definition, all_kinds):
    exported = admin_client.get(reverse("studio:export", kwargs={"key": "all_kinds", "number": 1}))
    names = zipfile.ZipFile(io.BytesIO(exported.content)).namelist()
    assert "all_kinds/definition.yaml" in names
    upload = io.BytesIO(exported.content)
    upload.name = "all_kinds.zip"
    response = admin_client.post(reverse("studio:import"), {"archive": upload})
    assert response.status_code == 302 and response.url.startswith(_editor())


def test_reference_item_and_calendar_pages(admin_client, db):
    reference_list_store(
        {"key": "aid_tiers", "title": "档次", "items": [{"code": "deep", "label": "深度困难"}]}
    )
    item = ReferenceList.objects.get(key="aid_tiers").items.get()
    url = reverse("studio:reference_list", kwargs={"key": "aid_tiers"})
    admin_client.post(
        url,
        {"item": item.pk, "code": "deep", "label": "深度困难户", "attrs": '{"amount_max": 9}', "order": "0"},
    )
    item.refresh_from_db()
    assert item.label == "深度困难户" and item.attrs == {"amount_max": 9} and not item.active
    admin_client.post(url, {"code": "new", "label": "新档", "attrs": "not json", "active": "on"})
    assert not item.ref_list.items.filter(code="new").exists()
    admin_client.post(reverse("studio:calendar"), {"date": "2026-10-01", "name": "国庆节"})
    assert Holiday.objects.get(date="2026-10-01").name == "国庆节"
    page = admin_client.get(reverse("studio:changes")).content.decode()
    assert "aid_tiers.deep" in page and "2026-10-01" in page


@pytest.fixture
def restore_language():
    # LocaleMiddleware leaves the request's language active in this thread.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_pages_speak_english_too(admin_client, definition, admin_user, restore_language):
    draft_open(definition=definition, actor=admin_user)
    admin_client.cookies["django_language"] = "en"
    html = admin_client.get(_editor(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Save and validate" in html and "保存并校验" not in html


def test_a_conflicting_save_keeps_the_users_text_on_screen(admin_client, definition, admin_user):
    from engine.studio.drafts import draft_file_save, text_hash

    draft = draft_open(definition=definition, actor=admin_user)
    loaded = draft.files["forms/call.yaml"]
    draft_file_save(
        definition=definition, relpath="forms/call.yaml", content=loaded + "# 先到\n", actor=admin_user
    )
    response = admin_client.post(
        _editor(), {"file": "forms/call.yaml", "content": loaded + "# 后到\n", "base": text_hash(loaded)}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "# 后到" in html and "再次保存将覆盖" in html
    assert definition.versions.get(number=2).files["forms/call.yaml"].endswith("# 先到\n")
