"""The profile page: name, ID number, union by search over the hierarchy,
language."""

from django.urls import reverse

from engine.models import OrgUnit, User

VALID_ID = "11010519491231002X"


def units():
    top = OrgUnit.objects.create(code="acftu", name="中华全国总工会", level="national")
    province = OrgUnit.objects.create(code="sd", name="山东省总工会", level="province", parent=top)
    city = OrgUnit.objects.create(code="dz", name="德州市总工会", level="city", parent=province)
    district = OrgUnit.objects.create(code="yc", name="禹城市总工会", level="district", parent=city)
    partner = OrgUnit.objects.create(code="yc-care", name="禹城养老院", level="partner", parent=district)
    return district, partner


def test_search_then_choose_a_union(client, db):
    district, partner = units()
    user = User.objects.create_user(username="13812345678", mobile="13812345678", display_name="王某")
    client.force_login(user)
    url = reverse("accounts:profile")
    html = client.post(
        url, {"action": "search", "unit_query": "禹城", "display_name": "王某"}
    ).content.decode()
    assert "禹城市总工会（山东省总工会 › 德州市总工会）" in html
    assert "禹城养老院" not in html  # partner bodies are not unions
    data = {"action": "save", "display_name": "王小某", "id_number": VALID_ID.lower(), "language": "en"}
    response = client.post(url, {**data, "unit_query": "禹城", "home_unit": district.pk})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.home_unit == district and user.id_number == VALID_ID and user.display_name == "王小某"
    assert user.language == "en" and response.cookies["django_language"].value == "en"


def test_profile_refuses_a_bad_id_number_and_a_unit_not_offered(client, db):
    district, partner = units()
    user = User.objects.create_user(username="13812345678", mobile="13812345678")
    client.force_login(user)
    url = reverse("accounts:profile")
    data = {
        "action": "save",
        "display_name": "王某",
        "id_number": "110105194912310021",
        "language": "zh-hans",
    }
    response = client.post(url, {**data, "unit_query": "禹城", "home_unit": partner.pk})
    html = response.content.decode()
    assert response.status_code == 400 and "error-summary" in html and "校验位" in html
    user.refresh_from_db()
    assert user.home_unit is None and user.id_number == ""


def test_search_that_finds_nothing_says_so(client, db):
    units()
    user = User.objects.create_user(username="13812345678", mobile="13812345678")
    client.force_login(user)
    html = client.get(reverse("accounts:profile"), {"unit_query": "火星"}).content.decode()
    assert "没有找到名称含“火星”的工会" in html


def test_profile_needs_login_and_keeps_next_on_site(client, db):
    assert client.get(reverse("accounts:profile")).status_code == 302
    user = User.objects.create_user(username="13812345678", mobile="13812345678")
    client.force_login(user)
    data = {"action": "save", "display_name": "王某", "language": "zh-hans", "next": "https://evil.example/"}
    assert client.post(reverse("accounts:profile"), data)["Location"] == reverse("accounts:profile")
