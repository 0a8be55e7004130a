"""The applicant wizard end to end through HTTP: pages, back/next, drafts
across devices, review, submit (once), org unit."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engine.models import Case, WorkItem
from forms.models import Attachment, Draft
from forms.wizard import REVIEW

from .conftest import PDF, logged_in

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"
URL = "/apply/wizard_test/"


def page(name):
    return f"{URL}page/{name}/"


def post(client, step, data, *, process="wizard_test", **options):
    """POST a wizard step as its page does: with formtools' management form."""
    url = f"/apply/{process}/review/" if step == REVIEW else f"/apply/{process}/page/{step}/"
    return client.post(url, {f"{process}-current_step": step, **data}, **options)


def submit(client, draft_id, *, process="wizard_test", **options):
    return post(client, REVIEW, {"draft": draft_id}, process=process, **options)


def fill_identity(client, has_household="true"):
    return post(
        client,
        "identity",
        {"name": "袁某", "id_number": ID, "has_household": has_household, "action": "next"},
    )


def test_index_lists_published_processes(wizard_process, applicant):
    response = logged_in(applicant).get("/apply/")
    assert "向导测试" in response.content.decode()
    assert 'href="/apply/wizard_test/"' in response.content.decode()


def test_login_required(wizard_process, client):
    assert client.get(URL).status_code == 302
    assert "/accounts/login/" in client.get(URL)["Location"]


def test_start_goes_to_first_page_and_shows_progress(wizard_process, applicant):
    client = logged_in(applicant)
    response = client.get(URL)
    assert response["Location"] == page("identity")
    html = client.get(page("identity")).content.decode()
    # Household is hidden until has_household is answered yes: 3 pages + review.
    assert "第 1 步，共 4 步" in html
    assert 'aria-current="step">个人信息' in html
    fill_identity(client)
    assert "第 2 步，共 5 步" in client.get(page("hardship")).content.decode()


def test_errors_are_shown_next_to_each_field_and_nothing_is_saved(wizard_process, applicant):
    client = logged_in(applicant)
    response = post(client, "identity", {"name": "", "id_number": "110105194912310021", "action": "next"})
    assert response.status_code == 200
    html = response.content.decode()
    name_box = html.split('data-field="name"')[1].split('data-field="id_number"')[0]
    id_box = html.split('data-field="id_number"')[1].split('data-field="has_household"')[0]
    assert "这个字段是必填项" in name_box
    assert "校验位不正确" in id_box
    assert Draft.objects.get(user=applicant).data == {}


def test_next_and_back_keep_answers(wizard_process, applicant):
    client = logged_in(applicant)
    assert fill_identity(client)["Location"] == page("hardship")
    response = post(client, "hardship", {"hardship_cause": "illness", "medical_bills": "", "action": "back"})
    assert response["Location"] == page("identity")
    html = client.get(page("identity")).content.decode()
    assert 'value="袁某"' in html and f'value="{ID}"' in html
    html = client.get(page("hardship")).content.decode()
    assert re.search(r'<input[^>]*value="illness"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="accident"[^>]*checked', html)
    assert Draft.objects.get(user=applicant).data["hardship_cause"] == "illness"


def test_conditional_page_is_skipped(wizard_process, applicant):
    client = logged_in(applicant)
    fill_identity(client, has_household="false")
    response = post(client, "hardship", {"hardship_cause": "accident", "action": "next"})
    assert response["Location"] == page("documents")
    assert post(client, "documents", {"action": "back"})["Location"] == page("hardship")
    assert client.get(page("household"))["Location"] == URL  # not reachable while hidden
    post(client, "household", {"household-rows": "1", "household-0-relation": "本人", "action": "next"})
    assert "household" not in Draft.objects.get(user=applicant).data
    assert "第 3 步，共 4 步" in client.get(page("documents")).content.decode()


def test_table_rows_added_without_javascript_and_computed_on_server(wizard_process, applicant):
    client = logged_in(applicant)
    fill_identity(client)
    post(client, "hardship", {"hardship_cause": "accident", "action": "next"})
    response = post(
        client,
        "household",
        {
            "household-rows": "1",
            "household-0-relation": "本人",
            "household-0-monthly_income": "1000",
            "_add_row": "household",
        },
    )
    html = response.content.decode()
    assert 'name="household-1-relation"' in html and 'value="本人"' in html
    response = post(
        client,
        "household",
        {
            "household-rows": "2",
            "household-0-relation": "本人",
            "household-0-monthly_income": "1000",
            "household-1-relation": "配偶",
            "household-1-monthly_income": "250.5",
            "household_income": "1",  # tampered: the server computes it
            "action": "next",
        },
    )
    assert response["Location"] == page("documents")
    data = Draft.objects.get(user=applicant).data
    assert data["household_income"] == "1250.50"
    assert data["household"][1] == {"relation": "配偶", "monthly_income": "250.50"}


def test_table_row_removed_without_javascript(wizard_process, applicant):
    client = logged_in(applicant)
    fill_identity(client)
    rows = {"household-rows": "2", "household-0-relation": "本人", "household-1-relation": "配偶"}
    html = post(client, "household", {**rows, "_remove_row": "household-0"}).content.decode()
    assert 'name="household-0-relation" value="配偶"' in html.replace(' type="text"', "")
    assert 'name="household-1-relation"' not in html


def test_draft_saved_on_one_device_is_resumed_on_another(wizard_process, applicant):
    phone, pc = logged_in(applicant), logged_in(applicant)
    fill_identity(phone)
    post(phone, "hardship", {"hardship_cause": "illness", "medical_bills": "8000", "action": "save"})
    response = pc.get(URL)
    assert response["Location"] == page("hardship")
    html = pc.get(page("hardship")).content.decode()
    assert 'value="8000.00"' in html
    assert Draft.objects.filter(user=applicant).count() == 1


def _complete(client):
    fill_identity(client)
    post(client, "hardship", {"hardship_cause": "illness", "medical_bills": "8000", "action": "next"})
    post(
        client,
        "household",
        {
            "household-rows": "1",
            "household-0-relation": "本人",
            "household-0-monthly_income": "900",
            "action": "next",
        },
    )
    response = post(client, "documents", {"proof": SimpleUploadedFile("bill.pdf", PDF), "action": "next"})
    assert response["Location"] == f"{URL}review/"


def test_review_shows_every_answer_readably(wizard_process, applicant):
    client = logged_in(applicant)
    _complete(client)
    html = client.get(f"{URL}review/").content.decode()
    for text in (
        "袁某",
        "1949-12-31，女",
        "因病",
        "8000.00 元",
        "<td>本人</td>",
        "<td>900.00 元</td>",
        "bill.pdf",
        "是",
    ):
        assert text in html, text


def test_submit_starts_one_case_even_when_clicked_twice(wizard_process, applicant, district):
    client = logged_in(applicant)
    _complete(client)
    draft = Draft.objects.get(user=applicant)
    first = submit(client, draft.pk)
    second = submit(logged_in(applicant), draft.pk)
    assert Case.objects.count() == 1
    case = Case.objects.get()
    # The applicant portal's receipt of the case (see test_submitted_page_without_portal).
    assert first["Location"] == second["Location"] == reverse("portal:receipt", args=[case.pk])
    assert case.applicant == applicant and case.org_unit == district
    assert case.data["medical_bills"] == "8000.00" and case.data["household_income"] == "900.00"
    assert WorkItem.objects.filter(case=case, step="check").count() == 1
    draft.refresh_from_db()
    assert draft.submitted_case == case
    assert Attachment.objects.get().case == case
    assert case.number in client.get(first["Location"]).content.decode()


def test_after_submitting_a_new_visit_starts_a_fresh_draft(wizard_process, applicant):
    client = logged_in(applicant)
    _complete(client)
    submit(client, Draft.objects.get(user=applicant).pk)
    client.get(URL)
    assert Draft.objects.filter(user=applicant, submitted_at__isnull=True).get().data == {}


def test_submit_refuses_an_incomplete_draft(wizard_process, applicant):
    client = logged_in(applicant)
    fill_identity(client)
    response = submit(client, Draft.objects.get(user=applicant).pk)
    assert response["Location"] == page("hardship")
    assert Case.objects.count() == 0


def test_hidden_answers_are_dropped_at_submit(wizard_process, applicant):
    client = logged_in(applicant)
    _complete(client)
    # Change the answers that made medical_bills and the household page visible.
    post(client, "identity", {"name": "袁某", "id_number": ID, "has_household": "false", "action": "next"})
    post(client, "hardship", {"hardship_cause": "accident", "medical_bills": "1", "action": "next"})
    submit(client, Draft.objects.get(user=applicant).pk)
    data = Case.objects.get().data
    assert "medical_bills" not in data and "household" not in data and data["hardship_cause"] == "accident"


def test_someone_else_cannot_submit_my_draft(wizard_process, applicant, district):
    from engine.models import User

    client = logged_in(applicant)
    _complete(client)
    other = User.objects.create_user(username="other", password="pw", home_unit=district)
    response = submit(logged_in(other), Draft.objects.get(user=applicant).pk)
    assert response.status_code == 404 and Case.objects.count() == 0


def test_no_unit_no_case(wizard_process, applicant):
    applicant.home_unit = None
    applicant.save()
    client = logged_in(applicant)
    _complete(client)
    response = submit(client, Draft.objects.get(user=applicant).pk, follow=True)
    assert "无法确定受理单位" in response.content.decode()
    assert Case.objects.count() == 0


def test_visibility_endpoint_uses_the_server_evaluator(wizard_process, applicant):
    client = logged_in(applicant)
    client.get(URL)
    hidden = client.post(f"{URL}page/hardship/visibility/", {"hardship_cause": "accident"}).json()["hidden"]
    assert "medical_bills" in hidden
    hidden = client.post(f"{URL}page/hardship/visibility/", {"hardship_cause": "illness"}).json()["hidden"]
    assert "medical_bills" not in hidden


class TestAttachmentDownload:
    def test_owner_and_case_staff_may_download_others_may_not(self, wizard_process, applicant, district):
        from engine.models import RoleAssignment, User

        client = logged_in(applicant)
        _complete(client)
        submit(client, Draft.objects.get(user=applicant).pk)
        attachment = Attachment.objects.get()
        url = f"/attachments/{attachment.pk}/"
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert "attachment" in response["Content-Disposition"]
        officer = User.objects.create_user(username="officer", password="pw")
        RoleAssignment.objects.create(user=officer, org_unit=district, role="officer")
        assert logged_in(officer).get(url).status_code == 200
        stranger = User.objects.create_user(username="stranger", password="pw")
        assert logged_in(stranger).get(url).status_code == 404


class TestWindow:
    @pytest.fixture
    def on(self, monkeypatch):
        import datetime as dt

        def set_day(month, day):
            monkeypatch.setattr("forms.window.current_date", lambda: dt.date(2025, month, day))

        return set_day

    def test_closed_before_the_window_says_when_it_opens_and_refuses_posts(
        self, window_process, applicant, on
    ):
        on(4, 14)
        client = logged_in(applicant)
        html = client.get("/apply/window_test/").content.decode()
        assert "尚未开放" in html and "2025-04-15" in html and "2025-05-20" in html
        response = post(
            client, "entrant", {"name": "李某", "unit": "yucheng", "action": "next"}, process="window_test"
        )
        assert response.status_code == 403 and not Draft.objects.exists()

    def test_closed_after_the_window(self, window_process, applicant, on):
        on(5, 21)
        html = logged_in(applicant).get("/apply/window_test/").content.decode()
        assert "已于 2025-05-20 截止" in html

    def test_open_on_both_end_days_and_the_chosen_unit_owns_the_case(
        self, window_process, applicant, district, on
    ):
        from engine.models import OrgUnit

        other = OrgUnit.objects.create(
            code="qihe", name="齐河县总工会", level="district", parent=district.parent
        )
        on(4, 15)
        client = logged_in(applicant)
        html = client.get("/apply/window_test/page/entrant/").content.decode()
        assert "齐河县总工会" in html and "德州市总工会" not in html  # units at the owner level only
        post(client, "entrant", {"name": "李某", "unit": "qihe", "action": "next"}, process="window_test")
        on(5, 20)
        submit(client, Draft.objects.get().pk, process="window_test")
        assert Case.objects.get().org_unit == other

    def test_submit_refused_when_window_closed_between_pages(self, window_process, applicant, on):
        from forms.drafts import SubmitRefused, draft_submit

        on(5, 1)
        client = logged_in(applicant)
        post(client, "entrant", {"name": "李某", "unit": "yucheng", "action": "next"}, process="window_test")
        on(5, 21)
        assert submit(client, Draft.objects.get().pk, process="window_test").status_code == 403
        with pytest.raises(SubmitRefused):
            draft_submit(draft_id=Draft.objects.get().pk, user=applicant)
        assert Case.objects.count() == 0
