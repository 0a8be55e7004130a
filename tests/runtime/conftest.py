from pathlib import Path

import pytest

from engine.definitions.bundle import read_folder
from engine.models import OrgUnit, RoleAssignment, User
from engine.runtime.versions import version_store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "workflows"
VALID_ID = "11010519491231002X"


@pytest.fixture
def units(db):
    city = OrgUnit.objects.create(code="dezhou", name="德州市总工会", level="city", short_name="德")
    district = OrgUnit.objects.create(
        code="yucheng", name="禹城市总工会", level="district", short_name="禹", parent=city
    )
    other = OrgUnit.objects.create(
        code="other", name="其他区工会", level="district", short_name="他", parent=city
    )
    return {"city": city, "district": district, "other": other}


def _user(username, unit=None, role=None, **extra):
    user = User.objects.create_user(username=username, password="pw", display_name=username, **extra)
    if role:
        RoleAssignment.objects.create(user=user, org_unit=unit, role=role)
    return user


@pytest.fixture
def people(units):
    d, city, other = units["district"], units["city"], units["other"]
    return {
        "applicant": _user("13800000001", mobile="13800000001", email="a@example.org"),
        "officer": _user("officer", d, "officer"),
        "officer2": _user("officer2", d, "officer"),
        "head": _user("head", d, "head"),
        "chair": _user("chair", city, "chair"),
        "m1": _user("m1", d, "member"),
        "m2": _user("m2", d, "member"),
        "m3": _user("m3", d, "member"),
        "stranger": _user("stranger", other, "officer"),
    }


@pytest.fixture
def all_kinds(db):
    version, _ = version_store(files=read_folder(FIXTURES / "all_kinds"), origin="all_kinds")
    return version


@pytest.fixture
def start(all_kinds, units, people):
    from engine.runtime.services import case_start

    def _start(**extra):
        from engine.models import ProcessDefinition

        version = ProcessDefinition.objects.get(key="all_kinds").published_version
        data = {
            "name": "袁某",
            "id_number": VALID_ID,
            "household": [{"relation": "本人", "income": "1200.00"}, {"relation": "女儿", "income": "0.00"}],
        }
        data.update(extra)
        return case_start(
            version=version, applicant=people["applicant"], org_unit=units["district"], data=data
        )

    return _start
