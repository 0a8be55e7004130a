"""Seeding many cases fast: viewflow Process and Task rows, engine Case and
WorkItem rows, written with COPY on PostgreSQL (executemany on SQLite),
shaped like the rows the services write. Used by the scale and inbox
benchmarks; nothing here goes through the services (that is what the
benchmarks then time)."""

from __future__ import annotations

import datetime as dt
import json
import random
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.utils import timezone

from engine.roles.backends import role_permission
from engine.runtime.labels import text
from engine.runtime.versions import version_bundle

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强玉兰海燕红梅文博思远子涵浩然"

PROCESS_COLUMNS = ("id", "flow_class", "status", "created", "finished", "data")
CASE_COLUMNS = (
    "process_ptr_id",
    "process_key",
    "number",
    "title",
    "stage",
    "final_status",
    "applicant_name",
    "id_number",
    "updated_at",
    "applicant_id",
    "org_unit_id",
    "version_id",
)
TASK_COLUMNS = (
    "id",
    "flow_task",
    "flow_task_type",
    "status",
    "created",
    "started",
    "finished",
    "token",
    "owner_permission",
    "owner_id",
    "process_id",
    "assigned",
    "data",
)
ITEM_COLUMNS = (
    "task_id",
    "process_key",
    "step",
    "step_title",
    "role",
    "status",
    "created",
    "due_at",
    "remind_at",
    "reminded",
    "escalated",
    "finished",
    "outcome",
    "case_number",
    "applicant_name",
    "case_id",
    "completed_by_id",
    "org_unit_id",
    "owner_id",
)


@dataclass
class Plan:
    """One process to seed cases of: its version, its human steps that have
    a role, and a function giving a case's form data."""

    version: object
    steps: list  # [(step id, title, role)]
    data: object  # (rng, name) -> dict

    @classmethod
    def of(cls, version, data=None):
        bundle = version_bundle(version)
        steps = [
            (s["id"], text(s.get("title"), "zh") or s["id"], s["role"])
            for s in bundle.steps.values()
            if s["type"] in ("task", "vote") and s.get("role")
        ]
        return cls(version=version, steps=steps, data=data or (lambda rng, name: {"name": name}))

    @property
    def flow_ref(self):
        return f"engine/runtime.flows.{self.version.flow_class_name}"


def chinese_name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _next_id(table: str, column: str = "id") -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}")
        return cursor.fetchone()[0] + 1


def _write(table: str, columns: tuple, rows):
    """COPY on PostgreSQL; batched executemany elsewhere."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        batch = []
        for row in rows:
            batch.append([_sqlite_value(v) for v in row])
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _sqlite_value(value):
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


@contextmanager
def _bulk_load():
    """On PostgreSQL, skip the per-row foreign-key triggers while loading
    rows that are consistent by construction (needs a superuser, as the
    benchmark database's owner usually is); a normal load elsewhere."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        try:
            cursor.execute("SET session_replication_role = replica")
        except DatabaseError:
            yield
            return
        try:
            yield
        finally:
            cursor.execute("SET session_replication_role = origin")


def _reset_sequences():
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in ("viewflow_process", "viewflow_task"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )


class Seeder:
    """Cases spread over plans and units; each case has `tasks_per_case`
    human tasks, all done but the last, which is open: NEW in its role's
    queue or ASSIGNED to a holder of the role (every other case)."""

    def __init__(self, *, plans, units, holders, applicant, tasks_per_case: int, seed: int = 7):
        self.plans, self.units, self.holders = plans, units, holders  # holders[(unit id, role)] -> [user ids]
        self.applicant, self.tasks_per_case = applicant, tasks_per_case
        self.rng = random.Random(seed)
        self.now = timezone.now()

    def seed(self, count: int, *, batch: int = 20000) -> int:
        done = 0
        with _bulk_load():
            while done < count:
                size = min(batch, count - done)
                self._seed_batch(size)
                done += size
        _reset_sequences()
        return done

    def _seed_batch(self, size: int):
        process_id, task_id = _next_id("viewflow_process"), _next_id("viewflow_task")
        processes, cases, tasks, items = [], [], [], []
        for offset in range(size):
            pid = process_id + offset
            self._case_rows(pid, processes, cases)
            task_id = self._task_rows(pid, task_id, cases[-1], tasks, items)
        _write("viewflow_process", PROCESS_COLUMNS, processes)
        _write("engine_case", CASE_COLUMNS, cases)
        _write("viewflow_task", TASK_COLUMNS, tasks)
        _write("engine_workitem", ITEM_COLUMNS, items)

    def _case_rows(self, pid, processes, cases):
        rng = self.rng
        plan = self.plans[pid % len(self.plans)]
        # Not pid % units: with 4 plans and 50 units that would pair each
        # unit with only two of the processes.
        unit = self.units[(pid // len(self.plans)) % len(self.units)]
        name = chinese_name(rng)
        created = self.now - dt.timedelta(minutes=rng.randint(60, 60 * 24 * 365))
        processes.append((pid, plan.flow_ref, "NEW", created, None, json.dumps(plan.data(rng, name))))
        number = f"{created.year}-{plan.version.definition.key}-S{pid:08d}"
        id_number = f"3714{rng.randint(10**13, 10**14 - 1)}"
        cases.append(
            (
                pid,
                plan.version.definition.key,
                number,
                f"{name} 的申请",
                "办理中",
                "",
                name,
                id_number,
                created,
                self.applicant.pk,
                unit.pk,
                plan.version.pk,
            )
        )

    def _task_rows(self, pid, task_id, case, tasks, items):
        rng = self.rng
        plan = self.plans[pid % len(self.plans)]
        key, number, name, created, unit_id = case[1], case[2], case[6], case[8], case[10]
        for index in range(self.tasks_per_case):
            # Rotate by case, so the open (last) task is not always one step.
            step, title, role = plan.steps[(index + pid // 7) % len(plan.steps)]
            people = self.holders.get((unit_id, role)) or [None]
            at = created + dt.timedelta(hours=index)
            is_open = index == self.tasks_per_case - 1
            # Half the open tasks wait in the queue (by a coin, not by pid:
            # pid parity would line up with the plan and the unit).
            owner = None if is_open and rng.random() < 0.5 else rng.choice(people)
            status = ("NEW" if owner is None else "ASSIGNED") if is_open else "DONE"
            finished = None if is_open else at + dt.timedelta(minutes=30)
            due = at + dt.timedelta(days=rng.randint(1, 10))
            tasks.append(
                (
                    task_id,
                    f"{plan.flow_ref}.{step}",
                    "HUMAN",
                    status,
                    at,
                    None,
                    finished,
                    "start",
                    role_permission(role, unit_id),
                    owner,
                    pid,
                    at if owner else None,
                    "{}",
                )
            )
            items.append(
                (
                    task_id,
                    key,
                    step,
                    title,
                    role,
                    status,
                    at,
                    due,
                    due - dt.timedelta(hours=12),
                    False,
                    False,
                    finished,
                    "" if is_open else "done",
                    number,
                    name,
                    pid,
                    None if is_open else owner,
                    unit_id,
                    owner,
                )
            )
            task_id += 1
        return task_id


def analyze():
    """Fresh planner statistics, as autovacuum would have them in use."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
