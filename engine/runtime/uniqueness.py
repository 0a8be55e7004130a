"""Duplicate applications: a definition's `unique:` rules (one open case per
ID number, say). Checked when a case starts, inside its transaction, under
a lock on the rule's values, so two submissions racing with the same values
start one case and the other is told the number of the open one.

On PostgreSQL the lock is a transaction-level advisory lock on a hash of
(process, rule, values): submissions with other values do not wait. On a
database without advisory locks the process definition's row is locked
instead (SQLite serialises writers anyway)."""

from __future__ import annotations

import hashlib

from django.db import connection
from django.utils.translation import gettext as _

from engine.models import Case, ProcessDefinition

from .labels import text

CLOSED = ("DONE", "CANCELED")


class DuplicateCase(Exception):
    """An open case already holds these values; the message names it."""

    def __init__(self, message, *, number: str, field: str):
        super().__init__(message)
        self.number, self.field = number, field


def _key(value) -> str:
    return str(value).strip().upper() if isinstance(value, str) else str(value)


def _lock(process_key: str, rule_index: int, values: list) -> None:
    if connection.vendor == "postgresql":
        name = "\x1f".join([process_key, str(rule_index), *(_key(v) for v in values)])
        lock_id = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])
    else:
        list(ProcessDefinition.objects.select_for_update().filter(key=process_key).values_list("pk"))


def unique_guard(bundle, data: dict) -> None:
    """Raise DuplicateCase when an open case of this process has the same
    values for a rule's fields. Call inside the transaction that starts the
    case: the lock is held until it commits."""
    for index, rule in enumerate(bundle.definition.get("unique") or []):
        values = [data.get(name) for name in rule["fields"]]
        if any(value in (None, "", []) for value in values):
            continue  # a rule applies only when every field is answered
        _lock(bundle.key, index, values)
        open_cases = Case.objects.filter(process_key=bundle.key).exclude(status__in=CLOSED)
        for name, value in zip(rule["fields"], values, strict=True):
            open_cases = open_cases.filter(**{f"data__{name}": value})
        number = open_cases.order_by("pk").values_list("number", flat=True).first()
        if number:
            template = text(rule.get("message")) if rule.get("message") else ""
            message = (
                template.replace("{number}", number)
                if template
                else _("您已有一件在办的同类申请（编号 %(number)s），办结前不能重复提交。")
                % {"number": number}
            )
            raise DuplicateCase(message, number=number, field=rule["fields"][0])
