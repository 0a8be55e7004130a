"""Retiring a unit or ending a grant that open tasks depend on: the page
warns with the count and hands the tasks over through the engine's
reassign service before retiring."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from engine.models import OrgUnit, RoleAssignment
from engine.runtime.services import task_claim
from engine.studio.models import StudioChange
from tests.runtime.helpers import open_item


def test_ending_a_grant_warns_and_hands_the_claimed_task_over(client, admin_user, start, people):
    case = start()
    item = open_item(case, "intake")
    task_claim(task=item.task, user=people["officer"])
    grant = RoleAssignment.objects.get(user=people["officer"], role="officer")
    client.force_login(admin_user)
    url = reverse("people:grant_end", kwargs={"grant": grant.pk})
    page = client.get(url).content.decode()
    assert "1 项在办任务依赖于此" in page and case.number in page
    assert "officer2" in page  # the other officer can take it over
    response = client.post(url, {"to_user": people["officer2"].pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.owner == people["officer2"]
    assert case.events.filter(action="reassign", actor=admin_user).exists()
    grant.refresh_from_db()
    assert grant.valid_to == timezone.localdate() - dt.timedelta(days=1)
    actions = set(StudioChange.objects.values_list("action", flat=True))
    assert {"reassign", "grant"} <= actions


def test_retiring_a_unit_counts_its_open_tasks_and_offers_covering_holders(
    client, admin_user, start, people, units
):
    case = start()
    district = units["district"]
    client.force_login(admin_user)
    url = reverse("people:unit_retire", kwargs={"unit": district.pk})
    page = client.get(url).content.decode()
    assert "1 项在办任务依赖于此" in page
    assert "目前没有其他人员能接手" in page  # only grants inside the unit hold its roles
    RoleAssignment.objects.create(
        user=people["chair"], org_unit=units["city"], role="officer", covers_descendants=True
    )
    page = client.get(url).content.decode()
    assert "目前没有其他人员能接手" not in page and "chair" in page
    # a unit with units below cannot be retired
    refused = client.post(reverse("people:unit_retire", kwargs={"unit": units["city"].pk}), {})
    assert refused.status_code == 302 and not OrgUnit.objects.get(pk=units["city"].pk).is_retired
    client.post(url, {"to_user": people["chair"].pk})
    assert open_item(case, "intake").owner == people["chair"]
    assert OrgUnit.objects.get(pk=district.pk).is_retired
    assert StudioChange.objects.filter(action="unit", summary__contains="撤销单位").exists()


def test_reassign_to_someone_without_the_role_is_refused_per_task(client, admin_user, start, people, units):
    case = start()
    client.force_login(admin_user)
    url = reverse("people:unit_retire", kwargs={"unit": units["district"].pk})
    # not among the offered candidates: the form refuses the choice, nothing happens
    response = client.post(url, {"to_user": people["stranger"].pk})
    assert response.status_code == 200
    assert not OrgUnit.objects.get(pk=units["district"].pk).is_retired
    assert open_item(case, "intake").owner is None


def test_retiring_a_unit_can_move_its_running_cases_to_another_unit(client, admin_user, start, people, units):
    from engine.runtime.services import task_complete

    case = start()
    item = open_item(case, "intake")
    task_claim(task=item.task, user=people["officer"])
    client.force_login(admin_user)
    url = reverse("people:unit_retire", kwargs={"unit": units["district"].pk})
    assert 'name="to_unit"' in client.get(url).content.decode()
    RoleAssignment.objects.create(
        user=people["chair"], org_unit=units["city"], role="officer", covers_descendants=True
    )
    both = client.post(url, {"to_unit": units["other"].pk, "to_user": people["chair"].pk})
    assert both.status_code == 200 and "只能选一项" in both.content.decode()
    client.post(url, {"to_unit": units["other"].pk})
    case.refresh_from_db()
    assert case.org_unit == units["other"] and OrgUnit.objects.get(pk=units["district"].pk).is_retired
    item = open_item(case, "intake")
    # the officer of the old unit had claimed it: back to the queue of the new unit
    assert item.org_unit == units["other"] and item.status == "NEW" and item.owner is None
    event = case.events.get(action="transfer")
    assert event.actor == admin_user and event.changes["org_unit"] == ["禹城市总工会", "其他区工会"]
    # the new unit's officer takes it from there
    task_claim(task=item.task, user=people["stranger"])
    task_complete(task=item.task, user=people["stranger"], outcome="accept", data={"call_note": "已回访"})
    assert case.events.filter(action="complete", actor=people["stranger"]).exists()
