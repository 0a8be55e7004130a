import datetime as dt

from django.utils import timezone

from engine.inbox.selectors import InboxFilters, inbox_counts, inbox_page, mask_id_number
from engine.models import Delegation, OrgUnit, RoleAssignment, User
from engine.runtime.services import task_claim

from .conftest import VALID_ID
from .helpers import item_at


def test_queue_holds_new_tasks_of_my_role_in_my_unit(case, people):
    page = inbox_page(user=people["officer"], tab="queue", filters=InboxFilters())
    assert [i.step for i in page.items] == ["intake"]
    assert inbox_page(user=people["stranger"], tab="queue", filters=InboxFilters()).items == []
    assert inbox_page(user=people["head"], tab="queue", filters=InboxFilters()).items == []


def test_covering_role_above_sees_queue_of_units_below(case, people, units):
    boss = User.objects.create_user(username="boss")
    RoleAssignment.objects.create(user=boss, org_unit=units["city"], role="officer", covers_descendants=True)
    plain = User.objects.create_user(username="plain")
    RoleAssignment.objects.create(user=plain, org_unit=units["city"], role="officer")
    assert len(inbox_page(user=boss, tab="queue", filters=InboxFilters()).items) == 1
    assert inbox_page(user=plain, tab="queue", filters=InboxFilters()).items == []


def test_counts_follow_tabs_and_filters(start, people):
    first, second = start(), start(name="钱某")
    task_claim(task=item_at(first, "intake").task, user=people["officer"])
    counts = inbox_counts(user=people["officer"], filters=InboxFilters())
    assert counts == {"mine": 1, "queue": 1, "done": 0}
    by_name = inbox_counts(user=people["officer"], filters=InboxFilters(q="钱"))
    assert by_name == {"mine": 0, "queue": 1, "done": 0}
    assert second.applicant_name == "钱某"


def test_search_by_case_number_and_id_number(start, people):
    first, second = start(), start(id_number="110105194912310037")
    officer = people["officer"]
    assert [
        i.case_id for i in inbox_page(user=officer, tab="queue", filters=InboxFilters(q=first.number)).items
    ] == [first.pk]
    found = inbox_page(user=officer, tab="queue", filters=InboxFilters(q="110105194912310037")).items
    assert [i.case_id for i in found] == [second.pk]


def test_id_numbers_are_masked_in_lists(case, people):
    item = inbox_page(user=people["officer"], tab="queue", filters=InboxFilters()).items[0]
    assert item.masked_id == "1101**********002X"
    assert VALID_ID not in item.masked_id
    assert mask_id_number("371402199001011234") == "3714**********1234"


def test_overdue_and_near_due_from_the_definition_deadline(case, people):
    """intake: within 30 minutes, remind_before 10 minutes."""
    item = item_at(case, "intake")
    assert item.due_at - item.created == dt.timedelta(minutes=30)
    officer = people["officer"]

    def state(minutes, due=""):
        now = item.created + dt.timedelta(minutes=minutes)
        return inbox_page(user=officer, tab="queue", filters=InboxFilters(due=due), now=now).items

    assert state(5)[0].due_state == ""
    assert state(25)[0].due_state == "near"
    assert state(31)[0].due_state == "overdue"
    assert state(5, "overdue") == [] and len(state(31, "overdue")) == 1
    assert len(state(25, "near")) == 1 and state(5, "near") == []


def test_due_order_puts_tasks_without_deadline_last(case, people):
    officer = people["officer"]
    from engine.runtime.services import task_complete

    task_complete(task=item_at(case, "intake").task, user=officer, outcome="accept", data={"call_note": "x"})
    # Two open check tasks without deadline now; a fresh case brings an intake with one.
    from engine.models import ProcessDefinition
    from engine.runtime.services import case_start

    version = ProcessDefinition.objects.get(key="all_kinds").published_version
    later = case_start(
        version=version,
        applicant=people["applicant"],
        org_unit=case.org_unit,
        data={"name": "孙某", "id_number": VALID_ID, "household": [{"relation": "本人", "income": "1"}]},
    )
    steps = [(i.case_id, i.step) for i in inbox_page(user=officer, tab="queue", filters=InboxFilters()).items]
    assert steps[0] == (later.pk, "intake")
    assert {s for _c, s in steps[1:]} == {"check_a", "check_b"}
    by_age = [i.step for i in inbox_page(user=officer, tab="queue", filters=InboxFilters(sort="age")).items]
    assert by_age[-1] == "intake"


def test_delegated_tasks_show_in_mine_marked(case, people):
    officer, officer2 = people["officer"], people["officer2"]
    task_claim(task=item_at(case, "intake").task, user=officer)
    today = timezone.localdate()
    Delegation.objects.create(user=officer, delegate=officer2, starts=today, ends=today)
    items = inbox_page(user=officer2, tab="mine", filters=InboxFilters()).items
    assert [i.step for i in items] == ["intake"] and items[0].for_other == officer
    Delegation.objects.update(ends=today - dt.timedelta(days=1), starts=today - dt.timedelta(days=3))
    assert inbox_page(user=officer2, tab="mine", filters=InboxFilters()).items == []


def test_done_tab_and_org_unit_filter(case, people, units):
    from engine.runtime.services import task_complete

    officer = people["officer"]
    task_complete(task=item_at(case, "intake").task, user=officer, outcome="accept", data={"call_note": "x"})
    done = inbox_page(user=officer, tab="done", filters=InboxFilters()).items
    assert [i.step for i in done] == ["intake"]
    other = OrgUnit.objects.get(code="other")
    assert inbox_counts(user=officer, filters=InboxFilters(org_unit=other))["queue"] == 0
    assert inbox_counts(user=officer, filters=InboxFilters(org_unit=units["city"]))["queue"] == 2


def test_pagination_has_next_without_counting(start, people):
    for _ in range(3):
        start()
    officer = people["officer"]
    first = inbox_page(user=officer, tab="queue", filters=InboxFilters(), per_page=2)
    second = inbox_page(user=officer, tab="queue", filters=InboxFilters(), page=2, per_page=2)
    assert first.has_next and not second.has_next
    assert len(first.items) == 2 and len(second.items) == 1
    assert {i.pk for i in first.items}.isdisjoint({i.pk for i in second.items})


def test_counts_stop_at_the_cap(start, people, monkeypatch):
    from engine.inbox import selectors

    for _ in range(3):
        start()
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    assert inbox_counts(user=people["officer"], filters=InboxFilters())["queue"] == 2


def test_search_by_part_of_the_case_number_mobile_id_prefix_and_official_number(start, people):
    from engine.models import Case

    first, second = start(), start(id_number="110105194912310037")
    officer = people["officer"]

    def found(q):
        return sorted(
            i.case_id for i in inbox_page(user=officer, tab="queue", filters=InboxFilters(q=q)).items
        )

    assert found(first.number[-6:]) == [first.pk]  # the tail of 2026-all_kinds-000001
    assert found(first.number.split("-")[1]) == sorted([first.pk, second.pk])  # the middle part
    assert found("13800000001") == sorted([first.pk, second.pk])  # the applicant's mobile
    assert found("13800000009") == []
    assert found("11010519491231003") == [second.pk]  # an ID number's first digits
    assert found("110105") == sorted([first.pk, second.pk])
    Case.objects.filter(pk=second.pk).update(data={**second.data, "file_no": "禹困〔2026〕007号"})
    assert found("禹困〔2026〕007号") == [second.pk]
    assert found("007号") == [second.pk]


def test_filters_list_only_the_processes_and_steps_of_the_users_roles(people, all_kinds):
    from engine.inbox.selectors import filter_choices

    officer = filter_choices(people["officer"])
    steps = {value for value, _label in officer["steps"]}
    assert "all_kinds:intake" in steps and "all_kinds:committee" not in steps  # a member's vote
    assert [key for key, _label in officer["processes"]] == ["all_kinds"]
    nobody = filter_choices(people["applicant"])
    assert nobody["processes"] == [] and nobody["steps"] == []
