from pathlib import Path

import pytest

from engine.models import ReferenceItem, ReferenceList


@pytest.fixture
def aid_tiers(db):
    ref = ReferenceList.objects.create(key="aid_tiers", title="帮扶档次")
    for order, (code, label, group) in enumerate(
        [("deep", "深度困难", "困难"), ("relative", "相对困难", "困难"), ("accident", "意外致困", "意外")]
    ):
        ReferenceItem.objects.create(
            ref_list=ref, code=code, label=label, label_en=code.title(), group=group, order=order
        )
    ReferenceItem.objects.create(ref_list=ref, code="retired", label="已停用", order=9, active=False)
    return ref


WORKFLOWS = Path(__file__).resolve().parent / "workflows"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"


@pytest.fixture
def district(db):
    from engine.models import OrgUnit

    city = OrgUnit.objects.create(code="dezhou", name="德州市总工会", level="city", short_name="德")
    return OrgUnit.objects.create(
        code="yucheng", name="禹城市总工会", level="district", short_name="禹", parent=city
    )


@pytest.fixture
def applicant(district):
    from engine.models import User

    return User.objects.create_user(
        username="13800138000", password="pw", display_name="袁某", mobile="13800138000", home_unit=district
    )


@pytest.fixture
def wizard_process(db):
    from engine.definitions.bundle import read_folder
    from engine.runtime.versions import version_store

    version, _created = version_store(files=read_folder(WORKFLOWS / "wizard_test"), origin="wizard_test")
    return version


@pytest.fixture
def window_process(db):
    from engine.definitions.bundle import read_folder
    from engine.runtime.versions import version_store

    version, _created = version_store(files=read_folder(WORKFLOWS / "window_test"), origin="window_test")
    return version


def logged_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
