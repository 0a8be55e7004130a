"""A city with two districts, enterprises below them and one directly under
the city; the `tally` process (every kind of figure) and its reference list;
cases started and decided through the engine's services."""

from pathlib import Path

import pytest
import yaml

from engine.definitions.bundle import read_folder
from engine.models import OrgUnit, RoleAssignment, User
from engine.runtime.reference import reference_list_store
from engine.runtime.services import case_start, task_complete
from engine.runtime.versions import version_store

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _unit(code, level, parent=None):
    return OrgUnit.objects.create(
        code=code, name=f"{code} 工会", level=level, short_name=code[:2], parent=parent
    )


@pytest.fixture
def units(db):
    city = _unit("city", "city")
    a, b = _unit("district-a", "district", city), _unit("district-b", "district", city)
    return {
        "city": city,
        "a": a,
        "b": b,
        "firm_a1": _unit("firm-a1", "enterprise", a),
        "firm_a2": _unit("firm-a2", "enterprise", a),
        "firm_b1": _unit("firm-b1", "enterprise", b),
        "firm_c": _unit("firm-c", "enterprise", city),
    }


@pytest.fixture
def staff(units):
    def user(name, *unit_keys):
        person = User.objects.create_user(username=name, password="pw", display_name=name)
        for key in unit_keys:
            RoleAssignment.objects.create(user=person, org_unit=units[key], role="officer")
        return person

    return {
        "officer": user("officer", "firm_a1", "firm_a2", "firm_b1", "firm_c"),
        "city": user("city_staff", "city"),
        "a": user("a_staff", "a"),
    }


@pytest.fixture
def tally(db):
    reference_list_store(
        yaml.safe_load((FIXTURES / "reference" / "big_firms.yaml").read_text(encoding="utf-8"))
    )
    version, _ = version_store(files=read_folder(FIXTURES / "tally"), origin="tally")
    return version


@pytest.fixture
def file_case(tally, units, staff):
    """Start a tally case at an enterprise and, unless outcome is None,
    decide it (accept -> filed, reject -> rejected)."""
    applicant = User.objects.create_user(username="13800000009", password="pw")

    def _file(unit_key, outcome="accept", **data):
        case = case_start(version=tally, applicant=applicant, org_unit=units[unit_key], data=data)
        if outcome:
            item = case.work_items.get(step="review")
            task_complete(task=item.task, user=staff["officer"], outcome=outcome)
            case.refresh_from_db()
        return case

    return _file


@pytest.fixture
def cases(file_case):
    """Filed contracts: A1 twice (one enterprise), A2 (under 100 staff),
    C1 (directly under the city); B1 rejected; B2 still under review."""
    return {
        "a1": file_case("firm_a1", credit_code="A1", employee_count=300, amount="1000.00", kind="skills"),
        "a1_again": file_case("firm_a1", credit_code="A1", employee_count=300, amount="500", kind="wage"),
        "a2": file_case("firm_a2", credit_code="A2", employee_count=50, amount="200.00", kind="skills"),
        "c1": file_case("firm_c", credit_code="C1", employee_count=150, kind="skills"),
        "b1": file_case("firm_b1", "reject", credit_code="B1", employee_count=120, amount="999.00"),
        "b2": file_case("firm_b1", None, credit_code="B2", employee_count=200, kind="wage"),
    }
