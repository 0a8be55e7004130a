"""Official numbers from sequences, e.g. 禹困〔2024〕007号."""

from django.utils import timezone

from engine.models import Sequence


def sequence_next(*, key: str, scope: str = "", period: str = "") -> int:
    """Next value, under a row lock so two cases never get the same number."""
    Sequence.objects.get_or_create(key=key, scope=scope, period=period)
    row = Sequence.objects.select_for_update().get(key=key, scope=scope, period=period)
    row.value += 1
    row.save(update_fields=["value"])
    return row.value


def official_number(*, spec: dict, key: str, case) -> str:
    year = str(timezone.localdate().year)
    scope = case.org_unit.code if spec.get("scope", "unit") == "unit" else ""
    period = year if spec.get("reset", "yearly") == "yearly" else ""
    n = sequence_next(key=f"{case.process_key}:{key}", scope=scope, period=period)
    unit = case.org_unit
    return spec["format"].format(
        n=n, year=year, unit_short=unit.short_name or unit.name[:1], unit=unit.name, unit_code=unit.code
    )


def case_number(*, process_key: str) -> str:
    """Case numbers: year + process-wide counter, e.g. 2026-<process key>-000012."""
    year = str(timezone.localdate().year)
    n = sequence_next(key=f"case:{process_key}", period=year)
    return f"{year}-{process_key}-{n:06d}"
