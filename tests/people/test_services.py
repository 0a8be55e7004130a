"""Units, accounts and grants through the services: the rules, the audit
record of each change, and the runtime honouring grant dates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from engine.inbox.scope import scope_of
from engine.models import OrgUnit, RoleAssignment, User
from engine.people.accounts import account_create, account_set_active, account_update, password_reset
from engine.people.grants import declared_roles, grant_end, grant_save
from engine.people.units import unit_create, unit_move, unit_retire, unit_update
from engine.roles.backends import holds_role
from engine.roles.policy import is_staff_member, task_claimable_by
from engine.runtime.services import task_claim
from engine.studio.models import StudioChange
from tests.runtime.helpers import open_item


def _unit(code, level, parent, actor):
    return unit_create(values={"code": code, "name": code, "level": level}, parent=parent, actor=actor)


def test_create_rename_move_with_paths_and_audit(units, admin_user):
    city, district = units["city"], units["district"]
    enterprise = _unit("yc-factory", "enterprise", district, admin_user)
    assert enterprise.path == f"{district.path}{enterprise.pk}/"
    unit_update(
        unit=district,
        values={"code": "yucheng", "name": "禹城市总工会（新）", "level": "district"},
        actor=admin_user,
    )
    change = StudioChange.objects.filter(object_type="unit", object_id=str(district.pk)).first()
    assert change.actor == admin_user and change.action == "unit"
    assert change.before["name"] == "禹城市总工会" and change.after["name"] == "禹城市总工会（新）"
    # move the district (and its enterprise) under the other district's city
    province = _unit("sd", "province", None, admin_user)
    unit_move(unit=city, parent=province, actor=admin_user)
    enterprise.refresh_from_db()
    district.refresh_from_db()
    assert enterprise.path.startswith(province.path) and enterprise.is_within(district)
    assert [u.code for u in enterprise.ancestors()] == ["yucheng", "dezhou", "sd"]


def test_move_refuses_a_cycle_and_a_wrong_level(units, admin_user):
    city, district = units["city"], units["district"]
    with pytest.raises(ValidationError, match="下级单位之下"):
        unit_move(unit=city, parent=district, actor=admin_user)
    with pytest.raises(ValidationError, match="下级单位之下"):
        unit_move(unit=city, parent=city, actor=admin_user)
    with pytest.raises(ValidationError, match="级别应由上至下"):
        _unit("too-high", "province", district, admin_user)
    partner = _unit("hr-bureau", "partner", city, admin_user)
    assert partner.parent == city
    with pytest.raises(ValidationError, match="已被使用"):
        _unit("yucheng", "enterprise", district, admin_user)
    with pytest.raises(ValidationError, match="代码"):
        _unit("bad code!", "enterprise", district, admin_user)
    assert not StudioChange.objects.filter(summary__contains="too-high").exists()


def test_retire_needs_children_gone_and_stops_grants(units, people, admin_user):
    city, district = units["city"], units["district"]
    with pytest.raises(ValidationError, match="下级单位"):
        unit_retire(unit=city, actor=admin_user)
    assert holds_role(people["officer"], "officer", district)
    unit_retire(unit=district, actor=admin_user)
    assert not holds_role(people["officer"], "officer", OrgUnit.objects.get(pk=district.pk))
    assert not is_staff_member(people["officer"])
    with pytest.raises(ValidationError, match="已撤销"):
        _unit("under-retired", "enterprise", district, admin_user)


def test_grant_dates_are_honoured_by_claims_and_the_queue(start, people, units, admin_user):
    case = start()
    item = open_item(case, "intake")
    officer2 = people["officer2"]
    grant = RoleAssignment.objects.get(user=officer2, role="officer")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    grant_save(
        actor=admin_user,
        grant=grant,
        user=officer2,
        unit=units["district"],
        role="officer",
        covers_descendants=False,
        valid_from=tomorrow,
        valid_to=None,
    )
    assert not task_claimable_by(officer2, item)
    assert "officer" not in scope_of(officer2).role_units
    assert "officer" in scope_of(officer2, today=tomorrow).role_units
    grant_end(grant=RoleAssignment.objects.get(user=people["officer"], role="officer"), actor=admin_user)
    with pytest.raises(Exception, match="权限"):
        task_claim(task=item.task, user=people["officer"])
    # the head of the city covering the units below may claim once granted
    chair = people["chair"]
    grant_save(
        actor=admin_user,
        user=chair,
        unit=units["city"],
        role="officer",
        covers_descendants=True,
        valid_from=None,
        valid_to=None,
    )
    assert task_claim(task=item.task, user=chair).owner == chair
    assert StudioChange.objects.filter(action="grant").count() == 3


def test_grant_refuses_unknown_roles_and_dates_out_of_order(people, units, admin_user, all_kinds):
    roles = declared_roles()
    assert "officer" in roles and "process_admin" in roles and "applicant" not in roles
    values = {"user": people["m1"], "unit": units["district"], "covers_descendants": False}
    with pytest.raises(ValidationError, match="不是任何已发布流程"):
        grant_save(actor=admin_user, role="nobody_role", valid_from=None, valid_to=None, **values)
    with pytest.raises(ValidationError, match="截止日期"):
        grant_save(
            actor=admin_user,
            role="head",
            valid_from=dt.date(2026, 5, 2),
            valid_to=dt.date(2026, 5, 1),
            **values,
        )


def test_accounts_create_password_deactivate(units, admin_user):
    user, password = account_create(
        username="liwei",
        values={"display_name": "李伟", "mobile": "13912345678", "language": "en"},
        actor=admin_user,
    )
    assert len(password) == 12 and user.check_password(password)
    assert StudioChange.objects.get(object_type="user", object_id=str(user.pk)).after["language"] == "en"
    with pytest.raises(ValidationError, match="已被使用"):
        account_create(username="LiWei", values={}, actor=admin_user)
    with pytest.raises(ValidationError, match="手机号"):
        account_update(user=user, values={"mobile": "12345"}, actor=admin_user)
    account_update(
        user=user, values={"display_name": "李伟", "home_unit": units["district"]}, actor=admin_user
    )
    assert User.objects.get(pk=user.pk).home_unit == units["district"]
    new = password_reset(user=user, actor=admin_user)
    user.refresh_from_db()
    assert user.check_password(new) and not user.check_password(password)
    assert new not in str(list(StudioChange.objects.values_list("before", "after", "summary")))
    account_set_active(user=user, active=False, actor=admin_user)
    assert not User.objects.get(pk=user.pk).is_active
    with pytest.raises(ValidationError, match="自己"):
        account_set_active(user=admin_user, active=False, actor=admin_user)


def test_change_log_shows_each_changed_field_before_and_after(client, units, admin_user):
    from django.urls import reverse

    client.force_login(admin_user)
    district = units["district"]
    values = {"code": "yucheng", "name": "禹城市总工会（改）", "level": "district", "short_name": "禹"}
    assert client.post(reverse("people:unit", kwargs={"unit": district.pk}), values).status_code == 302
    html = client.get(reverse("studio:changes")).content.decode()
    row = html[html.index("修改单位") :]
    assert "<code>name</code></th><td>禹城市总工会</td><td>禹城市总工会（改）</td>" in row
    assert "<code>code</code>" not in row.split("</table>")[0]  # unchanged fields are left out


def test_reset_password_page_shows_it_once_and_uncached(client, admin_user, people):
    from django.urls import reverse

    client.force_login(admin_user)
    officer = people["officer"]
    response = client.post(
        reverse("people:account_password", kwargs={"user_id": officer.pk}), {"password": ""}
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    import re

    password = re.search(r'id="one-time-password">([^<]+)<', response.content.decode()).group(1)
    officer.refresh_from_db()
    assert officer.check_password(password)
    page = client.get(reverse("people:account", kwargs={"user_id": officer.pk})).content.decode()
    assert password not in page
