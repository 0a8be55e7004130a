"""Org-relative routing: grandparent, a named level above, the union of a
person picked earlier; and the validator against the real union tree."""

import pytest

from engine.definitions import load_bundle, read_folder
from engine.models import OrgUnit, RoleAssignment, User
from engine.runtime.services import case_start

from .conftest import HERE, do, item_at, load

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tree(db):
    province = OrgUnit.objects.create(code="sd", name="山东省总工会", level="province")
    city = OrgUnit.objects.create(code="dz", name="德州市总工会", level="city", parent=province)
    district = OrgUnit.objects.create(code="yc", name="禹城市总工会", level="district", parent=city)
    plant = OrgUnit.objects.create(code="plant", name="某厂工会", level="enterprise", parent=district)
    return {"province": province, "city": city, "district": district, "plant": plant}


def _user(name, unit, role):
    user = User.objects.create_user(username=name, password="pw", display_name=name)
    RoleAssignment.objects.create(user=user, org_unit=unit, role=role)
    return user


def test_tasks_land_two_levels_up_at_the_named_level_and_with_the_picked_person(tree):
    chair = _user("chair", tree["city"], "chair")
    district_officer = _user("d_officer", tree["district"], "officer")
    city_officer = _user("c_officer", tree["city"], "officer")
    applicant = User.objects.create_user(username="13900000000", password="pw")
    case = case_start(
        version=load("org_routing"), applicant=applicant, org_unit=tree["plant"], data={"name": "袁某"}
    )
    assert item_at(case, "city_review").org_unit == tree["city"]  # grandparent of the plant
    do(case, "city_review", chair, data={"handler": city_officer.pk})
    assert item_at(case, "district_check").org_unit == tree["district"]
    do(case, "district_check", district_officer)
    assert item_at(case, "handle").org_unit == tree["city"]  # where the picked officer works
    do(case, "handle", city_officer)


def _problems():
    return load_bundle(read_folder(HERE / "org_routing"), "workflows/org_routing")[1]


def test_validator_refuses_a_level_some_union_lacks_above_it(tree):
    assert _problems() == []
    OrgUnit.objects.create(code="direct", name="直属企业工会", level="enterprise", parent=tree["city"])
    problems = _problems()
    text = (HERE / "org_routing" / "definition.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(text, 1) if "unit: district" in row)
    assert [(p.line, "直属企业工会" in p.message) for p in problems] == [(line, True)]


def test_unit_field_must_be_an_org_unit_or_user_field():
    files = read_folder(HERE / "org_routing")
    files["definition.yaml"] = files["definition.yaml"].replace(
        "unit: {field: handler}", "unit: {field: name}"
    )
    problems = load_bundle(files, "workflows/org_routing")[1]
    assert len(problems) == 1 and "unit 字段 'name' 的类型是 text" in problems[0].message
