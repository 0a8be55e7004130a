"""Who can act on each step of each published process for a case of a unit,
and the steps nobody can take now."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from engine.models import RoleAssignment
from engine.people.selectors import step_coverage


def _by_step(rows):
    return {row.step_id: row for row in rows}


def test_holders_and_nobody(start, people, units):
    start()
    rows = _by_step(step_coverage(units["district"]))
    assert {u.username for u in rows["intake"].holders} == {"officer", "officer2"}
    assert rows["intake"].waiting == 1
    # in the other district only `stranger` is an officer, nobody else holds anything
    other = _by_step(step_coverage(units["other"]))
    assert [u.username for u in other["intake"].holders] == ["stranger"]
    assert any(row.nobody for row in other.values())


def test_ended_grants_and_inactive_people_do_not_count(people, units, all_kinds):
    RoleAssignment.objects.filter(user=people["officer"]).update(
        valid_to=timezone.localdate() - dt.timedelta(days=1)
    )
    people["officer2"].is_active = False
    people["officer2"].save()
    rows = _by_step(step_coverage(units["district"]))
    assert rows["intake"].nobody


def test_page_lists_nobody_steps(client, admin_user, people, units, all_kinds):
    client.force_login(admin_user)
    html = client.get(reverse("people:coverage") + f"?unit={units['other'].pk}").content.decode()
    assert 'id="nobody"' in html and "无人可办" in html and "stranger" in html
    assert client.get(reverse("people:coverage") + "?unit=abc").status_code == 200
    assert client.get(reverse("people:coverage") + "?unit=999999").status_code == 404
