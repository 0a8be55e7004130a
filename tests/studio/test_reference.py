"""Reference lists and the working-day calendar, edited as audited data."""

import datetime as dt

import pytest
import yaml
from django.core.exceptions import ValidationError

from engine.models import Holiday, ReferenceItem, ReferenceList
from engine.runtime.reference import reference_list_store
from engine.runtime.timing import add_working_days
from engine.studio.models import StudioChange
from engine.studio.reference import (
    calendar_yaml,
    holiday_delete,
    holiday_save,
    reference_item_save,
    reference_list_create,
    reference_list_yaml,
    reference_write,
)


@pytest.fixture
def tiers(db):
    ref_list, _ = reference_list_store(
        {
            "key": "aid_tiers",
            "title": "档次",
            "items": [{"code": "deep", "label": "深度困难", "attrs": {"amount_max": 20000}}],
        }
    )
    return ref_list


def test_edit_add_and_deactivate_items_are_audited(tiers, admin_user):
    item = tiers.items.get(code="deep")
    values = {
        "code": "deep",
        "label": "深度困难",
        "label_en": "Deep",
        "group": "",
        "attrs": {"amount_max": 25000},
        "order": 0,
        "active": True,
    }
    reference_item_save(ref_list=tiers, values=values, actor=admin_user, item=item)
    reference_item_save(
        ref_list=tiers, values={**values, "code": "mild", "label": "一般困难"}, actor=admin_user
    )
    reference_item_save(ref_list=tiers, values={**values, "active": False}, actor=admin_user, item=item)
    item.refresh_from_db()
    assert item.attrs == {"amount_max": 25000} and not item.active
    changes = list(StudioChange.objects.order_by("at", "id"))
    assert [c.summary for c in changes] == [
        "aid_tiers.deep: 修改 label_en, attrs",
        "aid_tiers.mild: 新增",
        "aid_tiers.deep: 修改 active",
    ]
    assert changes[0].before["attrs"] == {"amount_max": 20000} and changes[0].after["attrs"] == {
        "amount_max": 25000
    }
    assert all(c.actor == admin_user for c in changes)


def test_duplicate_codes_and_empty_labels_are_refused(tiers, admin_user):
    with pytest.raises(ValidationError):
        reference_item_save(ref_list=tiers, values={"code": "deep", "label": "重复"}, actor=admin_user)
    with pytest.raises(ValidationError):
        reference_item_save(ref_list=tiers, values={"code": "x", "label": " "}, actor=admin_user)
    assert ReferenceItem.objects.count() == 1


def test_a_new_list_becomes_known_to_the_validator(admin_user, db):
    from engine.runtime.reference import reference_keys

    reference_list_create(key="venues", title="场馆", actor=admin_user)
    assert "venues" in reference_keys()
    with pytest.raises(ValidationError):
        reference_list_create(key="venues", title="again", actor=admin_user)


def test_calendar_edits_change_working_day_deadlines(admin_user, db):
    # a week the national calendar (chinese-calendar) leaves as it is
    friday = dt.datetime(2026, 11, 13, 9, 0, tzinfo=dt.UTC)
    assert add_working_days(friday, 1).date() == dt.date(2026, 11, 16)
    holiday_save(date=dt.date(2026, 11, 16), is_working_day=False, name="调休", actor=admin_user)
    assert add_working_days(friday, 1).date() == dt.date(2026, 11, 17)
    holiday_save(date=dt.date(2026, 11, 14), is_working_day=True, name="补班", actor=admin_user)
    assert add_working_days(friday, 1).date() == dt.date(2026, 11, 14)
    holiday_delete(holiday=Holiday.objects.get(date=dt.date(2026, 11, 14)), actor=admin_user)
    assert add_working_days(friday, 1).date() == dt.date(2026, 11, 17)
    assert StudioChange.objects.filter(action="calendar").count() == 3


def test_yaml_export_round_trips_through_the_loader(tiers, admin_user, tmp_path):
    data = yaml.safe_load(reference_list_yaml(tiers))
    assert data["key"] == "aid_tiers" and data["items"][0]["attrs"] == {"amount_max": 20000}
    holiday_save(date=dt.date(2026, 10, 1), is_working_day=False, name="国庆节", actor=admin_user)
    holiday_save(date=dt.date(2026, 9, 27), is_working_day=True, name="补班", actor=admin_user)
    calendar = yaml.safe_load(calendar_yaml())
    assert calendar["holidays"] == [{"date": dt.date(2026, 10, 1), "name": "国庆节"}]
    assert calendar["working_weekends"] == [{"date": dt.date(2026, 9, 27), "name": "补班"}]
    path = reference_write(key="aid_tiers", actor=admin_user, directory=tmp_path)
    ReferenceList.objects.all().delete()
    reference_list_store(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert ReferenceItem.objects.get(code="deep").attrs == {"amount_max": 20000}
