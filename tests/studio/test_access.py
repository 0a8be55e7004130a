"""Every /studio/ URL: anonymous -> login, staff and applicants -> 403,
process administrators and superusers -> in."""

import datetime as dt

import pytest
from django.urls import URLPattern, reverse

from engine.models import Holiday, ReferenceList, User
from engine.roles.policy import is_process_admin
from engine.studio import urls as studio_urls

KWARGS = {"key": "all_kinds", "number": 1}


@pytest.fixture
def targets(definition):
    ReferenceList.objects.create(key="aid_tiers", title="档次")
    holiday = Holiday.objects.create(date=dt.date(2026, 10, 1), name="国庆节")
    urls = []
    for pattern in studio_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = set(pattern.pattern.converters)
        kwargs = {name: KWARGS.get(name) for name in names}
        if "pk" in names:
            kwargs["pk"] = holiday.pk
        if pattern.name in ("reference_list", "reference_write"):
            kwargs["key"] = "aid_tiers"
        urls.append(reverse(f"studio:{pattern.name}", kwargs=kwargs))
    return urls


def test_every_studio_url_is_listed(targets):
    assert len(targets) == len(studio_urls.urlpatterns) >= 20
    assert all(url.startswith("/studio/") for url in targets)


@pytest.mark.parametrize("who", ["officer", "head", "applicant"])
def test_staff_and_applicants_get_403_everywhere(client, targets, people, who):
    client.force_login(people[who])
    for url in targets:
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


def test_anonymous_is_sent_to_login(client, targets):
    for url in targets:
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


def test_nothing_changed_by_refused_posts(client, targets, people, definition):
    client.force_login(people["officer"])
    for url in targets:
        client.post(url, {"content": "x", "file": "definition.yaml", "case": []})
    assert definition.versions.count() == 1
    from engine.studio.models import StudioChange

    assert not StudioChange.objects.exists()


@pytest.mark.parametrize("kind", ["role", "superuser"])
def test_administrators_get_in(client, targets, admin_user, kind):
    user = admin_user if kind == "role" else User.objects.create_superuser("root", password="pw")
    assert is_process_admin(user)
    client.force_login(user)
    for url in targets:
        response = client.get(url)
        # POST-only actions answer 405 to GET; pages render; the editor of a
        # published version is not a draft (404).
        assert response.status_code in (200, 405, 404), (url, response.status_code)
        assert response.status_code != 403
    page = client.get(reverse("studio:index"))
    assert "all_kinds" in page.content.decode()


def test_process_admin_role_is_what_counts(people, admin_user):
    assert not is_process_admin(people["officer"]) and not is_process_admin(people["applicant"])
    assert is_process_admin(admin_user)
