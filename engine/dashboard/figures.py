"""The figures a definition declares under `dashboard:`, for one org unit
and everything below it. Each figure is one or two aggregate SQL
statements over the process's cases (the `where:` runs in the database),
never a Python loop over cases.

A result is a dict: process, id, title, kind, suffix, count, total,
groups [{code, label, count, total, denominator, ratio}], targets, and for
a ratio the overall ratio of the groups shown."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from engine.models import Case, OrgUnit, ProcessDefinition, ReferenceItem, WorkItem
from engine.runtime.labels import text as label_text
from engine.runtime.versions import version_bundle

from . import sql
from .conditions import parse_where

OPEN = ("NEW", "ASSIGNED", "STARTED")


def declared_figures(unit, *, today=None) -> list[dict]:
    """Every figure of every published process that has cases at or below
    the unit; a ratio when some of its groups are at or below the unit."""
    today = today or timezone.localdate()
    scope = unit_scope(unit)
    results = []
    for process in _processes_with_figures():
        bundle = version_bundle(process.published_version)
        present = Case.objects.filter(process_key=process.key, org_unit_id__in=scope.ids).exists()
        for figure in bundle.definition.get("dashboard") or []:
            if figure["kind"] != "ratio" and not present:
                continue
            result = figure_compute(unit, bundle, figure, today=today, scope=scope)
            if figure["kind"] != "ratio" or result["groups"]:
                results.append(dict(result, process=label_text(bundle.definition["title"])))
    return results


class Scope:
    """The units at or below one unit, read once: filtering cases by a list
    of unit ids lets PostgreSQL estimate the rows and hash-join the case data
    (a join on the path prefix made it probe the index once per case)."""

    def __init__(self, units: list[dict]):
        self.units = units
        self.ids = [u["pk"] for u in units]

    def below(self, path: str, *, except_paths=()) -> list[int]:
        return [
            u["pk"]
            for u in self.units
            if u["path"].startswith(path) and not any(u["path"].startswith(p) for p in except_paths)
        ]


def unit_scope(unit) -> Scope:
    return Scope(list(OrgUnit.objects.filter(path__startswith=unit.path).values("pk", "code", "path")))


def _processes_with_figures():
    queryset = ProcessDefinition.objects.filter(published_version__isnull=False).select_related(
        "published_version__definition"
    )
    # version_bundle is cached per version: this parses nothing after the first request.
    return [
        p for p in queryset.order_by("key") if version_bundle(p.published_version).definition.get("dashboard")
    ]


def figure_compute(unit, bundle, figure: dict, *, today=None, scope=None) -> dict:
    scope = scope or unit_scope(unit)
    cases = matching_cases(scope, bundle.key, figure, today=today or timezone.localdate())
    result = {
        "id": figure["id"],
        "title": label_text(figure["title"]),
        "kind": figure["kind"],
        "suffix": label_text(figure["suffix"]),
        "targets": [dict(t, label=label_text(t["label"])) for t in figure["targets"]],
        "groups": [],
    }
    today = today or timezone.localdate()
    group = figure.get("group_by")
    if figure["kind"] == "ratio":
        groups = _ratio_groups(scope, cases, figure)
        result["groups"] = groups
        result.update(_overall(groups))
        result["targets"] = target_states(result, today)
        return result
    if group:
        result["groups"] = _field_groups(cases, figure, bundle)
    if group and not figure.get("distinct"):  # the groups add up: no second scan
        totals = {"count": sum(g["count"] for g in result["groups"])}
        if figure["kind"] == "sum":
            totals["total"] = sum((g["total"] or 0 for g in result["groups"]), Decimal(0))
    else:
        totals = cases.aggregate(**_measures(figure))
    result.update(count=totals["count"], total=totals.get("total"))
    result["targets"] = target_states(result, today)
    return result


def target_states(result: dict, today: dt.date) -> list[dict]:
    """Each target with `due` (its date has passed) and, then, `met`: a
    ratio against the overall ratio (or, for a target of some groups, each
    of those groups), a count or sum against its value."""
    states = []
    for target in result["targets"]:
        state = dict(target, due=False, met=None)
        when = target.get("date")
        try:
            when = dt.date.fromisoformat(str(when)) if when else None
        except ValueError:
            when = None
        if when is not None and when < today and target.get("value") is not None:
            state["due"] = True
            state["met"] = _reached(result, target)
        states.append(state)
    return states


def _reached(result: dict, target: dict) -> bool:
    value = target["value"]
    if result["kind"] == "ratio":
        groups = [g for g in result["groups"] if g["code"] in target["groups"]] if target["groups"] else None
        if groups:
            return all((g.get("ratio") or 0) >= value for g in groups)
        return (result.get("ratio") or 0) >= value
    measure = result.get("total") if result["kind"] == "sum" else result.get("count")
    return (measure or 0) >= value


def matching_cases(scope, process_key: str, figure: dict, *, today: dt.date):
    cases = Case.objects.filter(process_key=process_key, org_unit_id__in=scope.ids)
    if figure["status"]:
        cases = cases.filter(final_status__in=figure["status"])
    if figure["step"]:
        waiting = WorkItem.objects.filter(step__in=figure["step"], status__in=OPEN, process_key=process_key)
        cases = cases.filter(pk__in=waiting.values("case_id"))
    if figure.get("where"):
        cases = cases.filter(sql.where_q(parse_where(figure["where"])))
    start = _period_start(figure["period"], today)
    if start:
        cases = cases.filter(created__gte=timezone.make_aware(dt.datetime.combine(start, dt.time.min)))
    return cases


def _period_start(period: str, today: dt.date):
    if period == "year":
        return today.replace(month=1, day=1)
    if period == "month":
        return today.replace(day=1)
    return None


def _count(figure, **extra):
    if figure.get("distinct"):
        return Count(sql.text(figure["distinct"]), distinct=True, **extra)
    return Count("pk", **extra)


def _measures(figure, **extra) -> dict:
    measures = {"count": _count(figure, **extra)}
    if figure["kind"] == "sum":
        measures["total"] = Sum(sql.number(figure["field"]), **extra)
    return measures


def _field_groups(cases, figure, bundle) -> list[dict]:
    name = figure["group_by"]["field"]
    labels = value_labels(bundle, name)
    rows = (
        cases.annotate(group=sql.text(name))
        .values("group")
        .annotate(**_measures(figure))
        .order_by("-count", "group")
    )
    return [
        {
            "code": row["group"],
            "label": labels.get(str(row["group"]), row["group"] if row["group"] not in (None, "") else "—"),
            "count": row["count"],
            "total": row.get("total"),
        }
        for row in rows
    ]


def value_labels(bundle, name: str) -> dict:
    """Stored value -> label of a choice field (its options, or the
    reference list it draws them from)."""
    for form_key in bundle.forms:
        for field in bundle.form_fields(form_key):
            if field["name"] != name:
                continue
            if field.get("options"):
                return {str(o["value"]): label_text(o["label"]) for o in field["options"]}
            if field.get("options_from"):
                return {item.code: _item_label(item) for item in _items(field["options_from"])}
    return {}


def _items(list_key: str):
    return list(ReferenceItem.objects.filter(ref_list__key=list_key, active=True).order_by("order", "code"))


def _item_label(item) -> str:
    return label_text({"zh": item.label, "en": item.label_en})


def _denominator(item, attr: str):
    value = (item.attrs or {}).get(attr)
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except ArithmeticError:
        return None


def _ratio_groups(scope, cases, figure) -> list[dict]:
    items = _items(figure["denominator"]["list"])
    attr = figure["denominator"]["attr"]
    if figure["group_by"] == "org_unit":
        numerators, shown = _unit_numerators(scope, cases, figure, items)
        items = [item for item in items if item.code in shown]
    else:
        name = figure["group_by"]["field"]
        rows = cases.annotate(group=sql.text(name)).values("group").annotate(count=_count(figure))
        numerators = {str(row["group"]): row["count"] for row in rows}
    groups = []
    for item in items:
        denominator = _denominator(item, attr)
        count = numerators.get(item.code, 0)
        groups.append(
            {
                "code": item.code,
                "label": _item_label(item),
                "count": count,
                "denominator": denominator,
                "ratio": float(count / denominator) if denominator else None,
            }
        )
    return groups


def _unit_numerators(scope, cases, figure, items) -> tuple[dict, set]:
    """Listed units at or below the scope's unit; a case counts for the
    deepest listed unit above it, so a city listed beside its districts holds
    only the cases filed directly under the city. One SQL statement."""
    codes = {item.code for item in items}
    listed = [u for u in scope.units if u["code"] in codes]
    if not listed:
        return {}, set()
    measures = {}
    for index, unit in enumerate(listed):
        deeper = [u["path"] for u in listed if u is not unit and u["path"].startswith(unit["path"])]
        ids = scope.below(unit["path"], except_paths=deeper)
        measures[f"g{index}"] = _count(figure, filter=Q(org_unit_id__in=ids))
    counts = cases.aggregate(**measures)
    return {u["code"]: counts[f"g{i}"] for i, u in enumerate(listed)}, codes & {u["code"] for u in listed}


def _overall(groups) -> dict:
    counted = [g for g in groups if g["denominator"]]
    count = sum(g["count"] for g in counted)
    denominator = sum(g["denominator"] for g in counted)
    return {
        "count": count,
        "total": None,
        "denominator": denominator,
        "ratio": float(count / denominator) if denominator else None,
    }
