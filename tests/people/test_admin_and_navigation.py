"""Django admin lists people, units, grants, cases and work items, and
viewflow's process and task lists name processes by title and version; the
administrator's landing page links the administration pages."""

import pytest
from django.urls import reverse

from engine.models import User


@pytest.fixture
def root(client, units):
    user = User.objects.create_superuser("root", password="pw", display_name="管理员")
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "name, expected",
    [
        ("admin:engine_user_changelist", ["officer", "13800000001"]),
        ("admin:engine_orgunit_changelist", ["禹城市总工会", "yucheng"]),
        ("admin:engine_roleassignment_changelist", ["officer", "禹城市总工会"]),
        ("admin:engine_case_changelist", ["all_kinds", "v1"]),
        ("admin:engine_workitem_changelist", ["CASE_NUMBER", "officer"]),
    ],
)
def test_admin_lists(client, root, start, name, expected):
    case = start()
    response = client.get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200
    for text in expected:
        text = case.number if text == "CASE_NUMBER" else text
        assert text in html or (text == "all_kinds" and case.version.definition.title in html), text


def test_admin_search_and_filters(client, root, people):
    html = client.get(reverse("admin:engine_user_changelist") + "?q=officer2").content.decode()
    assert "officer2" in html and "stranger" not in html
    html = client.get(reverse("admin:engine_orgunit_changelist") + "?level__exact=city").content.decode()
    assert "德州市总工会" in html and "其他区工会" not in html


def test_viewflow_lists_show_titles_and_versions(client, root, start):
    case = start()
    title = case.version.definition.title
    for name in ("admin:viewflow_process_changelist", "admin:viewflow_task_changelist"):
        html = client.get(reverse(name)).content.decode()
        assert f"{title} v1" in html, name
        assert "engine.runtime.flows" not in html, name
    html = client.get(reverse("admin:viewflow_task_changelist")).content.decode()
    assert "受理" in html or "intake" in html


def test_superuser_landing_links_administration(client, root):
    response = client.get(reverse("home"), follow=True)
    html = response.content.decode()
    for link in (
        "link-studio",
        "link-units",
        "link-accounts",
        "link-coverage",
        "link-dashboard",
        "link-django-admin",
    ):
        assert link in html, link
    assert reverse("people:units") in html and reverse("admin:index") in html


def test_staff_who_is_administrator_sees_both(client, people, units, admin_user):
    from engine.models import RoleAssignment

    officer = people["officer"]
    client.force_login(officer)
    html = client.get(reverse("inbox:inbox")).content.decode()
    assert "link-studio" not in html
    RoleAssignment.objects.create(user=officer, org_unit=units["district"], role="process_admin")
    html = client.get(reverse("inbox:inbox")).content.decode()
    assert "link-studio" in html and "待领取" in html
    assert "link-django-admin" not in html  # not a Django staff user


def test_applicant_sees_no_administration(client, people):
    client.force_login(people["applicant"])
    html = client.get(reverse("portal:home")).content.decode()
    assert "link-studio" not in html and reverse("studio:index") not in html


def test_admin_adds_a_user_and_edits_a_unit(client, root, units):
    response = client.post(
        reverse("admin:engine_user_add"),
        {
            "username": "newstaff",
            "password1": "Xk9-long-pass",
            "password2": "Xk9-long-pass",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="newstaff").check_password("Xk9-long-pass")
    page = client.get(reverse("admin:engine_user_change", args=[User.objects.get(username="newstaff").pk]))
    assert page.status_code == 200 and "home_unit" in page.content.decode()
    assert client.get(reverse("admin:engine_orgunit_change", args=[units["district"].pk])).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200
