"""Who is told about new tasks, and what it costs: a transition's role-queue
tasks are announced with one query for the holders and one insert."""

from engine.models import Notification, RoleAssignment
from engine.runtime.notify import role_holders_many


def test_holders_of_several_queues_in_one_query(units, people, django_assert_num_queries):
    district, city, other = units["district"], units["city"], units["other"]
    # A covering head above reaches the district; a plain one does not.
    RoleAssignment.objects.create(
        user=people["chair"], org_unit=city, role="officer", covers_descendants=True
    )
    RoleAssignment.objects.create(user=people["head"], org_unit=city, role="member")
    with django_assert_num_queries(1):
        holders = role_holders_many([("officer", district), ("member", district), ("officer", other)])
    names = {key: sorted(u.username for u in users) for key, users in holders.items()}
    assert names[("officer", district.pk)] == ["chair", "officer", "officer2"]
    assert names[("member", district.pk)] == ["m1", "m2", "m3"]
    assert names[("officer", other.pk)] == ["chair", "stranger"]


def test_a_new_queue_task_tells_each_holder_once_and_no_one_else(start, people):
    case = start()
    told = set(
        Notification.objects.filter(case=case, key="task_role").values_list("user__username", flat=True)
    )
    # The all-kinds definition opens its first task in the officers' queue of the district.
    assert told == {"officer", "officer2"}
    assert Notification.objects.filter(case=case, key="task_role").count() == 2
