"""The wizard runs on django-formtools: a NamedUrlWizardView whose storage is
the database Draft, with conditions from each page's visible_if."""

import re

import pytest
from django.urls import NoReverseMatch, resolve
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView, WizardView

from engine.models import Case
from forms.models import Draft
from forms.wizard import DONE, REVIEW, ApplicantWizard
from forms.wizard_storage import DraftStorage

from .conftest import logged_in
from .test_wizard import ID, URL, _complete, fill_identity, page, post, submit

pytestmark = pytest.mark.django_db

MANAGEMENT = "wizard_test-current_step"


def hidden_inputs(html: str) -> dict:
    found = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    found.pop("csrfmiddlewaretoken", None)
    return found


def test_every_wizard_url_is_one_formtools_named_url_wizard_with_draft_storage(wizard_process):
    for url in (URL, page("identity"), f"{URL}review/"):
        view = resolve(url).func.view_class
        assert view is ApplicantWizard
    assert issubclass(ApplicantWizard, NamedUrlWizardView) and issubclass(ApplicantWizard, WizardView)
    assert issubclass(DraftStorage, BaseStorage)
    assert ApplicantWizard.storage_name == "forms.wizard_storage.DraftStorage"


def test_pages_carry_formtools_management_form_and_posting_it_back_works(wizard_process, applicant):
    client = logged_in(applicant)
    html = client.get(page("identity")).content.decode()
    management = hidden_inputs(html)
    assert management[MANAGEMENT] == "identity"
    data = {**management, "name": "袁某", "id_number": ID, "has_household": "true", "action": "next"}
    assert client.post(page("identity"), data)["Location"] == page("hardship")
    html = client.get(f"{URL}review/").content.decode()
    draft = Draft.objects.get(user=applicant)
    assert hidden_inputs(html) == {MANAGEMENT: REVIEW, "draft": str(draft.pk)}


def test_post_without_management_form_is_rejected_and_nothing_saved(wizard_process, applicant):
    client = logged_in(applicant)
    data = {"name": "袁某", "id_number": ID, "has_household": "true", "action": "next"}
    response = client.post(page("identity"), data)
    assert response.status_code == 400
    assert not Draft.objects.filter(user=applicant).exclude(data={}).exists()


def test_post_naming_a_hidden_step_is_dropped(wizard_process, applicant):
    client = logged_in(applicant)
    fill_identity(client, has_household="false")
    rows = {"household-rows": "1", "household-0-relation": "本人", "action": "next"}
    # The URL says a visible page, the management form the hidden one.
    response = client.post(page("documents"), {MANAGEMENT: "household", **rows})
    assert response["Location"] == URL
    assert "household" not in Draft.objects.get(user=applicant).data


def test_tampered_value_for_a_hidden_field_is_dropped_and_hidden_required_does_not_block(
    wizard_process, applicant
):
    client = logged_in(applicant)
    fill_identity(client)
    # medical_bills is required but hidden unless the cause is illness.
    response = post(
        client, "hardship", {"hardship_cause": "accident", "medical_bills": "99", "action": "next"}
    )
    assert response["Location"] == page("household")
    data = Draft.objects.get(user=applicant).data
    assert data["hardship_cause"] == "accident" and "medical_bills" not in data


def test_viewing_a_page_is_the_step_stored_in_the_draft(wizard_process, applicant):
    phone, pc = logged_in(applicant), logged_in(applicant)
    fill_identity(phone)
    phone.get(page("identity"))  # back on page 1 by link
    assert Draft.objects.get(user=applicant).current_page == "identity"
    assert pc.get(URL)["Location"] == page("identity")


def test_resume_skips_a_stored_step_that_is_now_hidden(wizard_process, applicant):
    client = logged_in(applicant)
    fill_identity(client)
    client.get(page("household"))
    post(client, "identity", {"name": "袁某", "id_number": ID, "has_household": "false", "action": "save"})
    Draft.objects.filter(user=applicant).update(current_page="household")
    assert client.get(URL)["Location"] == page("identity")


def test_after_a_double_click_the_next_application_starts_on_page_one(wizard_process, applicant):
    client, other_tab = logged_in(applicant), logged_in(applicant)
    _complete(client)
    draft = Draft.objects.get(user=applicant)
    submit(client, draft.pk)
    submit(other_tab, draft.pk)
    assert Case.objects.count() == 1
    assert Draft.objects.get(user=applicant, submitted_at__isnull=True).current_page == ""
    assert other_tab.get(URL)["Location"] == page("identity")
    draft.refresh_from_db()
    assert draft.data["name"] == "袁某"  # the submitted draft is kept as it was


def test_the_done_url_never_submits_on_get(wizard_process, applicant):
    client = logged_in(applicant)
    _complete(client)
    response = client.get(page(DONE))
    assert response["Location"] == URL and Case.objects.count() == 0


def test_review_is_the_last_step_counted_over_visible_pages(wizard_process, applicant):
    client = logged_in(applicant)
    fill_identity(client, has_household="false")
    post(client, "hardship", {"hardship_cause": "accident", "action": "next"})
    post(client, "documents", {"action": "next"})
    html = client.get(f"{URL}review/").content.decode()
    assert "第 4 步，共 4 步" in html and 'aria-current="step">确认提交' in html


def test_submitted_page_without_portal(wizard_process, applicant, monkeypatch):
    import forms.wizard

    real_reverse = forms.wizard.reverse

    def reverse_without_portal(name, *args, **kwargs):
        if name.startswith("portal:"):
            raise NoReverseMatch(name)
        return real_reverse(name, *args, **kwargs)

    monkeypatch.setattr(forms.wizard, "reverse", reverse_without_portal)
    client = logged_in(applicant)
    _complete(client)
    draft = Draft.objects.get(user=applicant)
    response = submit(client, draft.pk)
    assert response["Location"] == f"{URL}submitted/{draft.pk}/"
    assert Case.objects.get().number in client.get(response["Location"]).content.decode()


class TestDraftStorage:
    """formtools' storage API over a Draft row."""

    @pytest.fixture
    def storage(self, wizard_process, applicant, rf):
        request = rf.get("/")
        request.user = applicant
        return DraftStorage("wizard_test", request)

    def test_step_data_replaces_the_page_answers_in_the_draft(self, storage):
        storage.draft.data = {"hardship_cause": "illness", "medical_bills": "10.00", "name": "袁某"}
        storage.set_step_data("hardship", {"hardship_cause": "accident", "name": "tampered"})
        assert storage.answers == {"hardship_cause": "accident", "name": "袁某"}
        storage.current_step = "hardship"
        storage.update_response(None)
        stored = Draft.objects.get(pk=storage.draft.pk)
        assert stored.data == {"hardship_cause": "accident", "name": "袁某"}
        assert stored.current_page == "hardship"

    def test_a_second_request_of_the_same_user_reads_the_same_draft(self, storage, applicant, rf):
        storage.set_step_data("identity", {"name": "袁某"})
        storage.current_step = "identity"
        storage.update_response(None)
        request = rf.get("/")
        request.user = applicant
        other = DraftStorage("wizard_test", request)
        assert other.draft.pk == storage.draft.pk
        assert other.current_step == "identity" and other.answers == {"name": "袁某"}

    def test_reset_clears_the_open_draft(self, storage):
        storage.set_step_data("identity", {"name": "袁某"})
        storage.reset()
        storage.update_response(None)
        assert Draft.objects.get(pk=storage.draft.pk).data == {}
        assert storage.current_step is None
