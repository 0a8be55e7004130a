from django.shortcuts import render

from engine.casefile.access import require_staff

from . import selectors
from .charts import bar_chart, column_chart


def dashboard(request):
    refused = require_staff(request)
    if refused:
        return refused
    unit = selectors.dashboard_unit(request.user, request.GET.get("unit"))
    by_step = selectors.open_by_step(unit)
    weekly = selectors.finished_per_week(unit)
    context = {
        "unit": unit,
        "units": selectors.dashboard_units(request.user).order_by("path"),
        "open_total": sum(n for _label, n in by_step),
        "overdue": selectors.overdue_count(unit),
        "by_step": bar_chart(by_step),
        "weekly": column_chart(weekly),
        "sums": selectors.granted_sums(unit),
    }
    return render(request, "dashboard/dashboard.html", context)
