"""The studio's API page: administrators make a key (secret shown once,
stored hashed, audited), revoke it (audited; the key then gets 401), and
subscribe a URL. Staff, applicants and visitors are refused."""

import pytest
from rest_framework.test import APIClient

from engine.api.models import ApiKey, Webhook
from engine.models import RoleAssignment
from engine.studio.models import StudioChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(people, units):
    RoleAssignment.objects.create(user=people["head"], org_unit=units["city"], role="process_admin")
    return people["head"]


def test_refused_to_everyone_but_administrators(client, people, units):
    key = ApiKey.objects.create(name="x", prefix="p", key_hash="h", scopes=[], org_unit=units["city"])
    urls = [
        ("get", "/studio/api/"),
        ("post", "/studio/api/keys/"),
        ("post", f"/studio/api/keys/{key.pk}/revoke/"),
        ("post", "/studio/api/webhooks/"),
        ("post", "/studio/api/webhooks/1/delete/"),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for who in ("officer", "applicant"):
        client.force_login(people[who])
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 403, (who, url)


def test_make_use_and_revoke_a_key(client, admin_user, units, start):
    client.force_login(admin_user)
    page = client.post(
        "/studio/api/keys/", {"name": "齐鲁工惠", "org_unit": units["city"].pk, "scopes": ["cases:read"]}
    )
    assert page.status_code == 200
    key = ApiKey.objects.get(name="齐鲁工惠")
    html = page.content.decode()
    secret = html.split('<pre class="secret">')[1].split("</pre>")[0]
    assert secret.startswith(key.prefix) and key.key_hash != secret
    case = start()
    system = APIClient()
    system.credentials(HTTP_X_API_KEY=secret)
    assert system.get(f"/api/v1/partner/cases/{case.number}").status_code == 200
    # The list never shows the secret again.
    assert secret not in client.get("/studio/api/").content.decode()
    client.post(f"/studio/api/keys/{key.pk}/revoke/")
    assert system.get(f"/api/v1/partner/cases/{case.number}").status_code == 401
    summaries = list(
        StudioChange.objects.filter(object_type="api_key")
        .order_by("at", "pk")
        .values_list("summary", flat=True)
    )
    assert summaries == ["新建接口密钥：齐鲁工惠", "吊销接口密钥：齐鲁工惠"]


def test_bad_key_form_is_shown_with_errors(client, admin_user):
    client.force_login(admin_user)
    page = client.post("/studio/api/keys/", {"name": "", "scopes": ["everything"]})
    assert page.status_code == 400
    assert not ApiKey.objects.exists()


def test_subscribe_a_url(client, admin_user, settings):
    client.force_login(admin_user)
    page = client.post(
        "/studio/api/webhooks/", {"url": "https://hr.example.org/hook", "events": ["case.ended"]}
    )
    assert page.status_code == 200, page.content.decode()[:500]
    hook = Webhook.objects.get()
    assert hook.events == ["case.ended"] and hook.created_by == admin_user
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    refused = client.post(
        "/studio/api/webhooks/", {"url": "http://127.0.0.1:6379/", "events": ["case.ended"]}
    )
    assert refused.status_code == 400 and Webhook.objects.count() == 1
    client.post(f"/studio/api/webhooks/{hook.pk}/delete/")
    assert not Webhook.objects.exists()
    assert StudioChange.objects.filter(object_type="webhook").count() == 2
