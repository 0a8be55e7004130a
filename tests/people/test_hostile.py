"""Bad input to every people page answers with a message or a 4xx, never a
500, and writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engine.models import OrgUnit, RoleAssignment, User
from engine.studio.models import StudioChange


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


def _counts():
    return (
        OrgUnit.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        StudioChange.objects.count(),
    )


def test_bad_forms_are_refused_with_messages(admin, units, people, all_kinds):
    before = _counts()
    district = units["district"]
    cases = [
        (
            reverse("people:units"),
            {"code": "x y", "name": "甲", "level": "district", "parent": district.pk},
            "代码",
        ),
        (reverse("people:units"), {"code": "ok", "name": "甲", "level": "bogus"}, "bogus"),
        (reverse("people:units"), {"code": "ok", "name": "甲", "level": "city", "parent": "abc"}, "parent"),
        (reverse("people:units"), {"code": "ok", "name": "", "level": "city"}, "errorlist"),
        (
            reverse("people:unit", kwargs={"unit": district.pk}),
            {"code": "dezhou", "name": "甲", "level": "district"},
            "已被使用",
        ),
        (reverse("people:account_new"), {"username": "bad name!", "language": "zh-hans"}, "用户名"),
        (reverse("people:account_new"), {"username": "ok", "language": "xx"}, "xx"),
        (reverse("people:account_new"), {"username": "ok", "language": "en", "password": "123"}, "errorlist"),
        (reverse("people:account_new"), {"username": "officer", "language": "en"}, "已被使用"),
        (
            reverse("people:account", kwargs={"user_id": people["officer"].pk}),
            {"mobile": "abc", "language": "en"},
            "手机号",
        ),
        (reverse("people:grant_new"), {"username": "ghost", "unit": district.pk, "role": "officer"}, "ghost"),
        (reverse("people:grant_new"), {"username": "m1", "unit": district.pk, "role": "nope"}, "nope"),
        (
            reverse("people:grant_new"),
            {
                "username": "m1",
                "unit": district.pk,
                "role": "head",
                "valid_from": "2026-05-02",
                "valid_to": "2026-05-01",
            },
            "截止日期",
        ),
        (
            reverse("people:grant_new"),
            {"username": "m1", "unit": district.pk, "role": "head", "valid_from": "2026-02-30"},
            "errorlist",
        ),
        (
            reverse("people:import"),
            {"kind": "bogus", "file": SimpleUploadedFile("a.csv", b"a,b\n1,2\n")},
            "bogus",
        ),
    ]
    for url, data, expected in cases:
        response = admin.post(url, data)
        assert response.status_code == 200, (url, data, response.status_code)
        assert expected in response.content.decode(), (url, data)
    assert _counts() == before


def test_bad_ids_and_parameters(admin, units, people):
    district = units["district"]
    assert admin.get("/studio/people/units/999999/").status_code == 404
    assert admin.get("/studio/people/accounts/999999/").status_code == 404
    assert admin.get("/studio/people/grants/999999/end/").status_code == 404
    assert admin.get("/studio/people/export/units.pdf").status_code == 404
    for query in ("?page=abc", "?page=-5", "?page=99999999999", "?q=" + "x" * 5000, "?kind=nonsense"):
        assert admin.get(reverse("people:accounts") + query).status_code == 200, query
    moved = admin.post(reverse("people:unit_move", kwargs={"unit": district.pk}), {"parent": "abc"})
    assert moved.status_code == 302
    admin.post(reverse("people:unit_move", kwargs={"unit": units["city"].pk}), {"parent": district.pk})
    assert OrgUnit.objects.get(pk=units["city"].pk).parent_id is None  # a cycle, refused
    assert admin.post(reverse("people:account_active", kwargs={"user_id": 999999})).status_code == 404
    assert (
        admin.post(reverse("people:import_apply"), {"skip_bad": "1", "skip": ["x", "-1"]}).status_code == 302
    )


def test_oversized_and_too_long_files(admin, units, monkeypatch):
    from engine.people import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 5)
    rows = "username\n" + "\n".join(f"u{i}" for i in range(6))
    html = admin.post(
        reverse("people:import"), {"kind": "staff", "file": SimpleUploadedFile("s.csv", rows.encode())}
    ).content.decode()
    assert "最多导入 5 行" in html
    monkeypatch.setattr(imports, "MAX_BYTES", 10)
    html = admin.post(
        reverse("people:import"), {"kind": "staff", "file": SimpleUploadedFile("s.csv", rows.encode())}
    ).content.decode()
    assert "2 MB" in html
    assert not User.objects.filter(username__startswith="u").exists()
