"""Every /studio/people/ URL: anonymous -> login, staff and applicants ->
403 (and nothing changes), administrators -> in."""

import pytest
from django.urls import URLPattern, reverse

from engine.models import OrgUnit, RoleAssignment, User
from engine.people import urls as people_urls
from engine.studio.models import StudioChange


@pytest.fixture
def targets(people, units, grant):
    values = {
        "unit": units["district"].pk,
        "user_id": people["officer"].pk,
        "grant": grant.pk,
        "kind": "staff",
        "fmt": "csv",
    }
    urls = []
    for pattern in people_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {name: values[name] for name in pattern.pattern.converters}
        urls.append(reverse(f"people:{pattern.name}", kwargs=kwargs))
    return urls


def test_every_url_is_listed(targets):
    assert len(targets) == len(people_urls.urlpatterns) >= 17
    assert all(url.startswith("/studio/people/") for url in targets)


@pytest.mark.parametrize("who", ["officer", "head", "chair", "applicant"])
def test_staff_and_applicants_get_403_and_change_nothing(client, targets, people, units, who):
    client.force_login(people[who])
    before = (OrgUnit.objects.count(), User.objects.count(), RoleAssignment.objects.count())
    for url in targets:
        assert client.get(url).status_code == 403, url
        posted = {"code": "x", "name": "x", "level": "district", "username": "intruder", "active": "0"}
        assert client.post(url, posted).status_code == 403, url
    assert (OrgUnit.objects.count(), User.objects.count(), RoleAssignment.objects.count()) == before
    assert people["officer"].__class__.objects.get(pk=people["officer"].pk).is_active
    assert not StudioChange.objects.exists()


def test_anonymous_is_sent_to_login(client, targets):
    for url in targets:
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("kind", ["role", "superuser"])
def test_administrators_get_in(client, targets, admin_user, kind):
    user = admin_user if kind == "role" else User.objects.create_superuser("root", password="pw")
    client.force_login(user)
    for url in targets:
        response = client.get(url)
        assert response.status_code in (200, 405), (url, response.status_code)
    page = client.get(reverse("people:units")).content.decode()
    assert "禹城市总工会" in page and "yucheng" in page


def test_pages_in_english(client, admin_user, people, units, all_kinds):
    client.force_login(admin_user)
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    html = client.get(reverse("people:units"), **english).content.decode()
    assert "Union hierarchy" in html and "New unit" in html and "新建单位" not in html
    html = client.get(reverse("people:coverage") + f"?unit={units['other'].pk}", **english).content.decode()
    assert "Who can act" in html and "Nobody" in html
    html = client.get(reverse("people:import"), **english).content.decode()
    assert "Import people, units and grants" in html
