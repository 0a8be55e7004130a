"""`manage.py demo`: the union hierarchy, a login per role, idempotence, and
its refusal where demo data must never appear."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from engine.demo import DEMO_PASSWORD
from engine.models import DefinitionVersion, OrgUnit, ProcessDefinition, RoleAssignment, User

pytestmark = pytest.mark.django_db

DEFINITION = """\
key: sample_aid
title: {zh: 示例帮扶, en: Sample aid}
description: 天津市总工会的示例流程。
owner_level: district
roles:
  applicant: {label: {zh: 申请职工, en: Applicant}, applicant: true}
  officer: 权益保障部干事
  city_approver: {label: {zh: 市总审批人, en: City approver}, levels: [city]}
  home: {label: 养老机构, levels: [partner]}
  member: {label: 职工代表, levels: [district]}
steps:
  - {id: congress, type: vote, role: member, members: 3}
"""


@pytest.fixture
def workflows_dir(tmp_path):
    with override_settings(WORKFLOWS_DIR=tmp_path):
        yield tmp_path


@pytest.fixture
def sample_process(workflows_dir):
    process = ProcessDefinition.objects.create(key="sample_aid", title="示例帮扶")
    version = DefinitionVersion.objects.create(
        definition=process, number=1, status="published", files={"definition.yaml": DEFINITION}
    )
    process.published_version = version
    process.save()
    return process


def demo():
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def counts():
    return (User.objects.count(), OrgUnit.objects.count(), RoleAssignment.objects.count())


def test_refuses_where_demo_data_is_not_allowed():
    with override_settings(DEMO_ALLOWED=False), pytest.raises(CommandError, match="DEMO_ALLOWED"):
        demo()
    assert OrgUnit.objects.count() == 0
    assert not User.objects.exists()


def test_hierarchy_of_the_source(workflows_dir):
    demo()
    yucheng = OrgUnit.objects.get(code="yucheng")
    assert [unit.name for unit in yucheng.ancestors()] == ["德州市总工会", "山东省总工会", "中华全国总工会"]
    assert yucheng.short_name == "禹"
    assert yucheng.level == "district"
    tianjin = OrgUnit.objects.get(code="tianjin")
    assert tianjin.children.filter(level="district").count() == 2
    assert OrgUnit.objects.get(code="tangshan").parent.code == "hebei"
    assert OrgUnit.objects.get(code="chaoyang").parent.code == "beijing"
    assert OrgUnit.objects.get(code="tangshan-hrss").level == "partner"


def test_a_login_for_every_role_in_the_unit_where_it_acts(sample_process):
    demo()
    hexi = OrgUnit.objects.get(code="tianjin-hexi")  # the text names 天津; first district there

    def holders(role):
        return list(RoleAssignment.objects.filter(role=role).select_related("org_unit", "user"))

    assert [a.org_unit for a in holders("officer")] == [hexi]
    assert [a.org_unit.code for a in holders("city_approver")] == ["tianjin"]
    assert [a.org_unit.code for a in holders("home")] == ["tianjin-eldercare"]
    assert len(holders("member")) == 3  # one seat per expected ballot
    assert not holders("applicant")
    applicant = User.objects.get(mobile__startswith="1", is_superuser=False, roles__isnull=True)
    assert applicant.username == applicant.mobile and len(applicant.mobile) == 11
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD), user.username
    assert User.objects.get(username="admin").is_superuser


def test_named_staff_from_the_process_demo_file(sample_process, workflows_dir):
    folder = workflows_dir / "sample_aid"
    folder.mkdir()
    (folder / "demo.yaml").write_text(
        "org_unit: chaoyang\nstaff:\n  - {username: liwei, display_name: 李伟, role: officer}\n",
        encoding="utf-8",
    )
    out = demo()
    officer = User.objects.get(username="liwei")
    assert officer.display_name == "李伟"
    assert officer.roles.get().org_unit.code == "chaoyang"
    assert RoleAssignment.objects.filter(role="officer").count() == 1
    assert "liwei" in out and "李伟" in out and "权益保障部干事" in out


def test_idempotent_same_rows_and_same_printed_logins(sample_process):
    first = demo()
    before = counts()
    second = demo()
    assert counts() == before
    assert second == first
    assert DEMO_PASSWORD in first
    assert "admin" in first


@pytest.mark.slow
def test_with_the_shipped_processes_every_role_has_a_login_and_cases_wait():
    """The set-up path of `make run`: load the shipped workflows, then the demo, twice."""
    from engine.demo.processes import published_processes
    from engine.models import Case, WorkItem

    call_command("workflows", "load", stdout=StringIO())
    first = demo()
    before = (*counts(), Case.objects.count(), WorkItem.objects.count())
    assert demo() == first
    assert (*counts(), Case.objects.count(), WorkItem.objects.count()) == before

    processes = published_processes()
    assert len(processes) >= 4
    for process in processes:
        for role in process.roles:
            if not role.applicant:
                assert RoleAssignment.objects.filter(role=role.key).count() >= role.members, (
                    process.key,
                    role.key,
                )
    assert Case.objects.exists()
    assert len(set(Case.objects.values_list("stage", flat=True))) >= 3  # several states
    assert WorkItem.objects.filter(status="NEW").exists()  # work waiting in an inbox
