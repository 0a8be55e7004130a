"""The malformed requests the probes found answered 500, each answered 4xx
with a message now, and input validation accepts never breaks a page."""

from django.urls import reverse

from engine.models import ReferenceList, RoleAssignment, User
from tests.inbox.helpers import item_at, messages_of


def _admin(units):
    user = User.objects.create_user(username="padmin", password="pw", display_name="流程管理员")
    RoleAssignment.objects.create(user=user, org_unit=units["city"], role="process_admin")
    return user


def test_dashboard_unit_that_is_not_a_number_is_404(client, people):
    client.force_login(people["officer"])
    assert client.get("/dashboard/?unit=abc").status_code == 404
    assert client.get("/dashboard/?unit=" + "9" * 40).status_code == 404


def test_inbox_page_far_past_the_end_is_an_empty_page(client, people, case_started):
    client.force_login(people["officer"])
    response = client.get("/inbox/?tab=queue&page=" + "9" * 15)
    assert response.status_code == 200
    assert case_started.number not in response.content.decode()
    # Not a page number at all (40 digits, letters): the first page.
    for page in ("9" * 40, "abc", "-3"):
        response = client.get("/inbox/?tab=queue&page=" + page)
        assert response.status_code == 200 and case_started.number in response.content.decode()


def test_forty_digit_ids_in_urls_are_404(client, people):
    client.force_login(people["officer"])
    assert client.get("/cases/" + "9" * 40 + "/").status_code == 404
    assert client.post(f"/cases/tasks/{'9' * 40}/visibility/").status_code == 404


def test_nul_in_a_comment_is_refused_with_a_message(client, people, case_started):
    item = item_at(case_started, "intake")
    client.force_login(people["officer"])
    url = reverse("casefile:reassign", args=[case_started.pk, item.task_id])
    response = client.post(url, {"to_user": str(people["officer2"].pk), "comment": "请\x00转办"})
    assert response.status_code == 400
    assert "空字符" in response.content.decode()
    assert item_at(case_started, "intake").owner is None


def test_non_numeric_reassign_target_is_a_message(client, people, case_started):
    item = item_at(case_started, "intake")
    client.force_login(people["officer"])
    client.post(reverse("inbox:claim", args=[item.task_id]))
    url = reverse("casefile:reassign", args=[case_started.pk, item.task_id])
    response = client.post(url, {"to_user": "abc"}, follow=True)
    assert response.status_code == 200
    assert "请选择接办人。" in messages_of(response)


def test_reference_list_with_an_empty_or_malformed_key_is_refused(client, units):
    client.force_login(_admin(units))
    for key in ("", " ", "Bad Key", "1abc", "a" * 65, "中文"):
        response = client.post(reverse("studio:reference_lists"), {"key": key, "title": "列表"}, follow=True)
        assert response.status_code == 200
        assert any("标识" in m for m in messages_of(response)), key
    assert not ReferenceList.objects.exists()
    assert client.get(reverse("studio:reference_lists")).status_code == 200


def test_reference_lists_page_survives_a_stored_bad_key(client, units):
    """A list saved before keys were checked (or written into the database)
    is listed without a link instead of breaking the page for everyone."""
    ReferenceList.objects.create(key="", title="旧的空标识列表")
    ReferenceList.objects.create(key="good_one", title="正常列表")
    client.force_login(_admin(units))
    response = client.get(reverse("studio:reference_lists"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "旧的空标识列表" in page and reverse("studio:reference_list", args=["good_one"]) in page


def test_writing_a_list_that_does_not_exist_is_404(client, units):
    client.force_login(_admin(units))
    assert client.post(reverse("studio:reference_write", args=["nothing_here"])).status_code == 404


def test_calendar_and_diff_with_malformed_numbers(client, units, all_kinds):
    client.force_login(_admin(units))
    assert client.get(reverse("studio:calendar") + "?year=abc").status_code == 200
    assert client.get(reverse("studio:calendar") + "?year=" + "9" * 30).status_code == 200
    assert client.get(reverse("studio:diff", args=["all_kinds"]) + "?a=abc").status_code == 404


def test_a_body_over_the_size_limit_is_400(client, people):
    client.force_login(people["officer"])
    response = client.post(reverse("inbox:claim_many"), {"task": "1", "x": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 400


def test_a_missing_form_page_in_the_visibility_check_is_404(client, people, all_kinds):
    client.force_login(people["applicant"])
    url = reverse("forms:visibility", args=["all_kinds", "no-such-page"])
    assert client.post(url, {}).status_code == 404


def test_every_id_in_a_url_is_bounded():
    """Routes take ids through <id:...> (at most 18 digits): Django's <int:...>
    lets a 40-digit id reach the database, which fails on it (a 500)."""
    from django.urls.converters import IntConverter

    from tests.web.fuzz import patterns

    unbounded = [
        route
        for route, pattern in patterns()
        if any(isinstance(c, IntConverter) for c in pattern.pattern.converters.values())
    ]
    assert not unbounded, unbounded
