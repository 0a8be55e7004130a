"""Org units, staff and the benchmark definition, created through the same
models and services the application uses."""

from pathlib import Path

from engine.definitions.bundle import read_folder
from engine.models import OrgUnit, RoleAssignment, User
from engine.runtime.versions import version_store

DEFINITIONS = Path(__file__).resolve().parent / "definitions"
VALID_ID = "11010519491231002X"


def bench_units():
    city = OrgUnit.objects.create(code="bench_city", name="基准市总工会", level="city", short_name="基")
    district = OrgUnit.objects.create(
        code="bench_district", name="基准区总工会", level="district", short_name="准", parent=city
    )
    return city, district


def bench_user(username, unit=None, role=None):
    user = User.objects.create_user(username=username, password="pw", display_name=username)
    if role:
        RoleAssignment.objects.create(user=user, org_unit=unit, role=role)
    return user


def bench_version(folder: str = "bench_flow"):
    version, _ = version_store(files=read_folder(DEFINITIONS / folder), origin=f"benchmarks/{folder}")
    return version
