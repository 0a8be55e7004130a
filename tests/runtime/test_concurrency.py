"""Real concurrent transitions on PostgreSQL (row locks through viewflow's
SelectForUpdateLock): two threads, two connections, one winner."""

import threading

import pytest
from django.db import connection

from engine.models import Case, WorkItem
from engine.runtime.services import TransitionError, task_claim, task_complete

from .helpers import open_item

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = ("ok", call())
        except Exception as exc:  # noqa: BLE001 - the loser's error is the result
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_staff_claim_at_once_one_wins(start, people):
    item = open_item(start(), "intake")
    results = _race(
        [
            lambda: task_claim(task=item.task, user=people["officer"]),
            lambda: task_claim(task=item.task, user=people["officer2"]),
        ]
    )
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    loser = next(value for kind, value in results if kind == "error")
    assert isinstance(loser, TransitionError) and "已被" in str(loser)
    item.refresh_from_db()
    assert item.owner in (people["officer"], people["officer2"])


def test_parallel_branches_completed_at_once_join_exactly_once(start, people):
    case = start()
    first = open_item(case, "intake")
    task_claim(task=first.task, user=people["officer"])
    task_complete(task=first.task, user=people["officer"], outcome="accept", data={"call_note": "ok"})
    a, b = open_item(case, "check_a"), open_item(case, "check_b")
    task_claim(task=a.task, user=people["officer"])
    task_claim(task=b.task, user=people["officer2"])
    results = _race(
        [
            lambda: task_complete(task=a.task, user=people["officer"], outcome="done"),
            lambda: task_complete(task=b.task, user=people["officer2"], outcome="done"),
        ]
    )
    assert [kind for kind, _ in results] == ["ok", "ok"], results
    assessments = WorkItem.objects.filter(case=case, step="assess")
    assert assessments.count() == 1 and assessments.get().status == "NEW"
    assert Case.objects.get(pk=case.pk).status == "NEW"
