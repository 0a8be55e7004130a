"""Run by tests/runtime/test_crash_safety.py as its own process (and killed
with SIGKILL at a random moment): moves the all_kinds cases on through the
engine's services as fast as it can and submits new applications, writing
each submitted case number to a log file only after its transaction
committed. Usage: python tests/runtime/crash_driver.py <log file>"""

import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from engine.models import OrgUnit, ProcessDefinition, User, WorkItem  # noqa: E402
from engine.runtime.services import TransitionError, case_start, task_claim, task_complete  # noqa: E402
from engine.runtime.votes import vote_cast  # noqa: E402

PLAN = {  # step -> (usernames, outcome, answers)
    "intake": (["officer"], "accept", {"call_note": "已电话联系"}),
    "check_a": (["officer"], "done", {}),
    "check_b": (["officer2"], "done", {}),
    "assess": (["officer"], "grant", {"amount": "10400.00"}),
    "chair_approval": (["chair"], "approve", {}),
}
VOTERS = ["m1", "m2", "m3"]


def submit(log, users, unit, version):
    case = case_start(
        version=version,
        applicant=users["13800000001"],
        org_unit=unit,
        data={
            "name": "袁某",
            "id_number": "11010519491231002X",
            "household": [{"relation": "本人", "income": "1200.00"}],
        },
    )
    with open(log, "a") as handle:  # after commit: this application exists
        handle.write(case.number + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def move(item, users):
    if item.step == "committee":
        for name in VOTERS:
            try:
                vote_cast(task=item.task, user=users[name], choice="for")
            except TransitionError:
                pass
        return
    names, outcome, answers = PLAN[item.step]
    user = users[names[0]]
    if item.status == "NEW":
        task_claim(task=item.task, user=user)
    task_complete(task=item.task, user=user, outcome=outcome, data=answers)


def main(log):
    users = {user.username: user for user in User.objects.all()}
    unit = OrgUnit.objects.get(code="yucheng")
    version = ProcessDefinition.objects.get(key="all_kinds").published_version
    while True:
        if random.random() < 0.3:
            submit(log, users, unit, version)
            continue
        items = list(
            WorkItem.objects.select_related("task").filter(
                status__in=["NEW", "ASSIGNED"], step__in=[*PLAN, "committee"]
            )
        )
        if not items:
            submit(log, users, unit, version)
            continue
        try:
            move(random.choice(items), users)
        except TransitionError:
            pass


if __name__ == "__main__":
    main(sys.argv[1])
