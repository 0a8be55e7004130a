"""A target whose date has passed shows met or not met; one still ahead
shows neither."""

import datetime as dt
from decimal import Decimal

from engine.dashboard.figures import target_states

TODAY = dt.date(2026, 12, 3)


def _target(value, date=None, groups=()):
    return {"value": value, "label": "", "date": date, "groups": list(groups)}


def _ratio(targets):
    groups = [{"code": "a", "ratio": 0.7}, {"code": "b", "ratio": 0.4}]
    return {"kind": "ratio", "groups": groups, "ratio": 0.55, "targets": targets}


def test_ratio_targets_past_their_date():
    states = target_states(
        _ratio([_target(0.5, "2024-12-10"), _target(0.6, "2024-12-10"), _target(0.6, "2027-01-01")]), TODAY
    )
    assert [(s["due"], s["met"]) for s in states] == [(True, True), (True, False), (False, None)]


def test_a_target_of_some_groups_is_met_only_when_each_of_them_is():
    states = target_states(
        _ratio([_target(0.6, "2025-01-01", ["a"]), _target(0.6, "2025-01-01", ["a", "b"])]), TODAY
    )
    assert [s["met"] for s in states] == [True, False]


def test_count_and_sum_targets_and_targets_without_a_date():
    total = {"kind": "sum", "groups": [], "total": Decimal("9000"), "count": 3}
    assert target_states({**total, "targets": [_target(10000, "2026-06-30")]}, TODAY)[0]["met"] is False
    count = {"kind": "count", "groups": [], "total": None, "count": 12}
    states = target_states({**count, "targets": [_target(10, "2026-06-30"), _target(10)]}, TODAY)
    assert [(s["due"], s["met"]) for s in states] == [(True, True), (False, None)]
