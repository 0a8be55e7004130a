"""What a first inbox page costs in SQL statements, so that a regression
(a query per row, per tab, per filter field) shows; and the pieces that
make it cheap render what Django's own would."""

import pytest
from django import forms
from django.urls import reverse

from engine.inbox.scope import scope_of
from engine.inbox.selectors import InboxFilters, inbox_counts, inbox_page
from engine.inbox.widgets import QuickSelect
from engine.models import RoleAssignment, User
from engine.roles.policy import is_staff_member
from engine.runtime.services import task_claim

from .helpers import item_at


def test_first_page_with_counts_is_four_statements(start, people, django_assert_max_num_queries):
    for _ in range(3):
        start()
    officer = people["officer"]
    # roles, delegations, the page (ID numbers joined), the three counts in one
    with django_assert_max_num_queries(4):
        page = inbox_page(user=officer, tab="queue", filters=InboxFilters())
    assert len(page.items) == 3 and page.counts["queue"] == 3


def test_counts_are_one_statement_whatever_the_tabs(start, people, django_assert_num_queries):
    start()
    scope = scope_of(people["officer"])
    with django_assert_num_queries(1):
        counts = inbox_counts(user=people["officer"], filters=InboxFilters(q="袁"), scope=scope)
    assert counts == {"mine": 0, "queue": 1, "done": 0}


def test_counts_of_someone_with_no_role_need_no_queue_query(people, django_assert_num_queries):
    applicant = people["applicant"]
    scope = scope_of(applicant)
    with django_assert_num_queries(1):  # mine and done; the empty queue is not asked
        assert inbox_counts(user=applicant, filters=InboxFilters(), scope=scope) == {
            "mine": 0,
            "queue": 0,
            "done": 0,
        }


@pytest.mark.parametrize("cases", [1, 4])
def test_inbox_page_statements_do_not_grow_with_rows(
    cases, start, people, login, django_assert_max_num_queries
):
    for _ in range(cases):
        task_claim(task=item_at(start(), "intake").task, user=people["officer"])
    client = login(people["officer"])
    client.get(reverse("inbox:inbox"))  # the session's first use
    # session, user, roles, delegations, published definitions, page, counts,
    # the navigation bar's unread notifications
    with django_assert_max_num_queries(8):
        response = client.get(reverse("inbox:inbox"))
    assert response.status_code == 200
    assert len(response.context["page"].items) == cases


def test_scope_staff_rule_is_the_policy_rule(people, units):
    boss = User.objects.create_user(username="boss", is_superuser=True)
    RoleAssignment.objects.create(
        user=people["chair"], org_unit=units["district"], role="x", covers_descendants=True
    )
    for user in (people["officer"], people["applicant"], people["chair"], boss):
        assert scope_of(user).is_staff == is_staff_member(user), user


def test_covering_assignment_reaches_units_below_in_one_more_statement(
    people, units, django_assert_num_queries
):
    RoleAssignment.objects.filter(user=people["chair"]).update(covers_descendants=True)  # chair @ city
    with django_assert_num_queries(3):
        scope = scope_of(people["chair"])
    assert scope.role_units["chair"] == {units["city"].pk, units["district"].pk, units["other"].pk}
    assert [unit.pk for unit in scope.units] == [units["city"].pk, units["district"].pk, units["other"].pk]


def test_quick_select_renders_what_django_select_does():
    choices = [("", "全部"), ("a", "A & <b>"), (3, "三"), ("组", [("x", "X"), ("y", 'Y"')])]

    def normalised(html):
        # Django's template adds whitespace and orders attributes differently.
        return sorted(part.strip() for part in html.replace(">", ">\n").splitlines() if part.strip())

    for value in ("a", None, "y", 3):
        ours = QuickSelect(choices=choices).render("n", value, attrs={"id": "id_n"})
        django = forms.Select(choices=choices).render("n", value, attrs={"id": "id_n"})
        assert normalised(
            ours.replace('<select id="id_n" name="n">', '<select name="n" id="id_n">')
        ) == normalised(django)
    assert '<option value="3" selected>三</option>' in QuickSelect(choices=choices).render("n", 3)
