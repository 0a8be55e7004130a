"""The decision panel's live show/hide asks the server, which answers with
the same evaluator that checks the submission."""

import pytest
from django.urls import reverse

from engine.definitions.bundle import read_folder
from engine.models import ProcessDefinition, WorkItem
from engine.runtime.versions import version_store
from tests.runtime.conftest import FIXTURES

CALL_FORM = """\
key: call
title: 回访记录
steps:
  - id: call
    title: 回访记录
    fields:
      - {name: call_note, type: textarea, label: 回访情况, required: true}
      - {name: reached, type: boolean, label: 已联系上}
      - {name: visit_date, type: date, label: 约定走访日期, required: true, visible_if: "reached"}
"""


@pytest.fixture
def conditional_call(all_kinds):
    files = read_folder(FIXTURES / "all_kinds")
    files["forms/call.yaml"] = CALL_FORM
    version, _ = version_store(files=files, origin="all_kinds")
    return version


def test_panel_reveals_a_field_when_its_condition_holds(client, conditional_call, start, people):
    case = start()
    assert case.version == conditional_call
    item = WorkItem.objects.get(case=case, step="intake")
    url = reverse("casefile:visibility", args=[item.task_id])

    client.force_login(people["officer"])
    page = client.get(reverse("casefile:case", args=[case.pk])).content.decode()
    assert f'data-visibility-url="{url}"' in page and "forms/wizard.js" in page

    assert client.post(url, {"call_note": "x"}).json()["hidden"] == ["visit_date"]
    assert client.post(url, {"call_note": "x", "reached": "true"}).json()["hidden"] == []


def test_only_people_who_may_decide_can_ask(client, conditional_call, start, people):
    case = start()
    url = reverse("casefile:visibility", args=[WorkItem.objects.get(case=case, step="intake").task_id])
    client.force_login(people["stranger"])
    assert client.post(url, {}).status_code == 404
    client.force_login(people["head"])  # sees the case, holds no role for the step
    assert client.post(url, {}).status_code == 403
    assert ProcessDefinition.objects.get(key="all_kinds").published_version == conditional_call
