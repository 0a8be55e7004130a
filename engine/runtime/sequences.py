"""Official numbers from sequences, e.g. 禹困〔2024〕007号."""

from django.db import connection
from django.utils import timezone

from engine.expressions import sequence_format
from engine.models import Sequence


def sequence_next(*, key: str, scope: str = "", period: str = "") -> int:
    """Next value. The increment is one UPDATE … RETURNING: the row lock it
    takes until commit is what keeps two cases from getting the same number
    (PostgreSQL, and SQLite >= 3.35, which serialises writers anyway). The
    first use of a sequence inserts its row, racing inserts meet the unique
    constraint and do nothing, and the update is tried again."""
    table = connection.ops.quote_name(Sequence._meta.db_table)
    with connection.cursor() as cursor:
        for _attempt in range(2):
            cursor.execute(
                f"UPDATE {table} SET value = value + 1 WHERE key = %s AND scope = %s AND period = %s"
                " RETURNING value",
                [key, scope, period],
            )
            row = cursor.fetchone()
            if row is not None:
                return row[0]
            cursor.execute(
                f"INSERT INTO {table} (key, scope, period, value) VALUES (%s, %s, %s, 0)"
                " ON CONFLICT (key, scope, period) DO NOTHING",
                [key, scope, period],
            )
    raise RuntimeError(f"sequence {key!r} could not be incremented")


def official_number(*, spec: dict, key: str, case) -> str:
    year = str(timezone.localdate().year)
    scope = case.org_unit.code if spec.get("scope", "unit") == "unit" else ""
    period = year if spec.get("reset", "yearly") == "yearly" else ""
    n = sequence_next(key=f"{case.process_key}:{key}", scope=scope, period=period)
    unit = case.org_unit
    # the engine's own formatter: {n:03d} and the names below, never str.format
    return sequence_format(
        spec["format"],
        {
            "n": n,
            "year": year,
            "unit_short": unit.short_name or unit.name[:1],
            "unit": unit.name,
            "unit_code": unit.code,
        },
    )


def case_number(*, process_key: str) -> str:
    """Case numbers: year + process-wide counter, e.g. 2026-<process key>-000012."""
    year = str(timezone.localdate().year)
    n = sequence_next(key=f"case:{process_key}", period=year)
    return f"{year}-{process_key}-{n:06d}"
