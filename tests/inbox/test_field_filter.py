"""The inbox's form-field filter: a process's choice fields (from its stored
definition) filter the tabs by the case data; it only narrows what the user
sees, and a field the process does not offer is refused."""

import pytest
import yaml
from django.urls import reverse

from engine.definitions.bundle import read_folder
from engine.inbox.fields import UnknownField, filterable_fields
from engine.inbox.selectors import InboxFilters, inbox_counts, inbox_page
from engine.models import ProcessDefinition
from engine.runtime.services import task_claim
from engine.runtime.versions import version_store
from tests.runtime.conftest import FIXTURES

from .helpers import item_at

CAUSE = {
    "name": "cause",
    "type": "choice",
    "label": {"zh": "致困原因", "en": "Cause"},
    "options": [
        {"value": "illness", "label": {"zh": "因病", "en": "Illness"}},
        {"value": "accident", "label": {"zh": "意外", "en": "Accident"}},
    ],
}


@pytest.fixture
def with_cause(all_kinds):
    """Version 2 of the test process: its application form gains a choice
    field `cause` (published, so new cases start on it)."""
    files = read_folder(FIXTURES / "all_kinds")
    form = yaml.safe_load(files["forms/apply.yaml"])
    form["steps"][0]["fields"].append(CAUSE)
    files["forms/apply.yaml"] = yaml.safe_dump(form, allow_unicode=True, sort_keys=False)
    version, created = version_store(files=files, origin="all_kinds+cause")
    assert created
    return version


def _filters(**fields):
    return InboxFilters(process="all_kinds", fields=fields)


def test_filterable_fields_are_the_choice_fields_of_the_process(with_cause):
    fields = filterable_fields(with_cause)
    assert list(fields) == ["cause"]  # name, id_number, household, amount... are not choices
    assert fields["cause"].choices() == [("illness", "因病"), ("accident", "意外")]


def test_filter_narrows_the_queue_and_the_counts_to_matching_cases(with_cause, start, people):
    ill, hurt, ill_too = start(cause="illness"), start(cause="accident", name="钱某"), start(cause="illness")
    officer = people["officer"]
    page = inbox_page(user=officer, tab="queue", filters=_filters(cause="illness"))
    assert {item.case_id for item in page.items} == {ill.pk, ill_too.pk}
    assert page.counts == {"mine": 0, "queue": 2, "done": 0}
    task_claim(task=item_at(hurt, "intake").task, user=officer)
    assert inbox_counts(user=officer, filters=_filters(cause="accident")) == {
        "mine": 1,
        "queue": 0,
        "done": 0,
    }


def test_filter_never_widens_the_scope(with_cause, start, people):
    start(cause="illness")
    # An officer of another unit, and a head of the right unit (another role).
    for outsider in (people["stranger"], people["head"]):
        page = inbox_page(user=outsider, tab="queue", filters=_filters(cause="illness"))
        assert page.items == [] and page.counts["queue"] == 0


def test_unknown_or_non_choice_field_is_refused(with_cause, start, people):
    start(cause="illness")
    officer = people["officer"]
    for fields in ({"name": "袁某"}, {"no_such_field": "x"}):
        with pytest.raises(UnknownField):
            inbox_page(user=officer, tab="queue", filters=_filters(**fields))
    with pytest.raises(UnknownField):
        inbox_page(user=officer, tab="queue", filters=_filters(cause=["illness"]))
    with pytest.raises(ValueError):
        inbox_page(user=officer, tab="queue", filters=InboxFilters(fields={"cause": "illness"}))


def test_field_of_an_older_version_only_is_refused(all_kinds, start, people):
    """The field list is the published version's: all_kinds v1 has no choice field."""
    start()
    assert ProcessDefinition.objects.get(key="all_kinds").published_version == all_kinds
    with pytest.raises(UnknownField):
        inbox_page(user=people["officer"], tab="queue", filters=_filters(cause="illness"))


def test_view_offers_the_fields_of_the_chosen_process_and_filters(with_cause, start, people, login):
    ill, hurt = start(cause="illness"), start(cause="accident", name="钱某")
    client = login(people["officer"])
    plain = client.get(reverse("inbox:inbox"), {"tab": "queue"})
    assert 'name="data_cause"' not in plain.content.decode()  # no process chosen yet
    response = client.get(
        reverse("inbox:inbox"), {"tab": "queue", "process": "all_kinds", "data_cause": "illness"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="data_cause"' in html and '<option value="illness" selected>因病</option>' in html
    assert ill.number in html and hurt.number not in html
    assert [item.case_id for item in response.context["page"].items] == [ill.pk]


def test_view_refuses_an_unknown_field_and_says_so(with_cause, start, people, login):
    ill, hurt = start(cause="illness"), start(cause="accident", name="钱某")
    client = login(people["officer"])
    response = client.get(
        reverse("inbox:inbox"),
        {"tab": "queue", "process": "all_kinds", "data_name": "钱某", "data_cause": "illness"},
    )
    assert response.status_code == 200
    assert "无法按这些表单字段筛选：name" in response.content.decode()
    # The known field still applies; the refused one did not narrow anything.
    assert [item.case_id for item in response.context["page"].items] == [ill.pk]
    no_process = client.get(reverse("inbox:inbox"), {"tab": "queue", "data_cause": "illness"})
    assert "无法按这些表单字段筛选：cause" in no_process.content.decode()
    assert {item.case_id for item in no_process.context["page"].items} == {ill.pk, hurt.pk}


def test_invalid_choice_value_is_not_applied(with_cause, start, people, login):
    ill, hurt = start(cause="illness"), start(cause="accident", name="钱某")
    client = login(people["officer"])
    response = client.get(
        reverse("inbox:inbox"), {"tab": "queue", "process": "all_kinds", "data_cause": "flood"}
    )
    assert {item.case_id for item in response.context["page"].items} == {ill.pk, hurt.pk}
