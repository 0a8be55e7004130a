"""Placeholders are filled by the engine: `{name}` only; anything else is
shown as written, never interpreted (no str.format on stored text)."""

import time
from decimal import Decimal

from engine.expressions import placeholder_fill, sequence_format
from engine.runtime.casedata import format_text


class _Case:
    number = "2026-x-000001"
    data = {"name": "张三", "amount": "1200.00", "tags": ["a", "b"], "empty": None}


def test_names_are_filled_and_everything_else_is_shown_as_written():
    started = time.perf_counter()
    text = format_text(
        "{name}{amount}/{number}/{tags}/{empty}/{name:>999999999}{name.__class__.__mro__}{{x}}", _Case
    )
    assert time.perf_counter() - started < 0.1
    assert text == "张三1200.00/2026-x-000001/a、b//{name:>999999999}{name.__class__.__mro__}{x}"


def test_unknown_names_stay_visible_and_values_are_bounded():
    assert placeholder_fill("{missing} {x}", {"x": Decimal("1.50")}) == "{missing} 1.50"
    assert len(placeholder_fill("{x}", {"x": "y" * 10**6})) <= 1000


def test_sequence_numbers_are_formatted_without_str_format():
    values = {"n": 7, "year": "2026", "unit_short": "禹"}
    assert sequence_format("{unit_short}困〔{year}〕{n:03d}号", values) == "禹困〔2026〕007号"
    assert sequence_format("{n:>999999999}{year.__class__}", values) == "{n:>999999999}{year.__class__}"
