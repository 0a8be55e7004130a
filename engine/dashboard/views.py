from django.shortcuts import render

from engine.casefile.access import require_staff

from . import selectors
from .charts import bar_chart, column_chart, figure_chart, percent
from .figures import declared_figures


def dashboard(request):
    refused = require_staff(request)
    if refused:
        return refused
    unit = selectors.dashboard_unit(request.user, request.GET.get("unit"))
    by_step = selectors.open_by_step(unit)
    weekly = selectors.finished_per_week(unit)
    figures = [
        dict(f, chart=figure_chart(f), percent=percent(f.get("ratio"))) for f in declared_figures(unit)
    ]
    context = {
        "unit": unit,
        "units": selectors.dashboard_units(request.user).order_by("path"),
        "open_total": sum(n for _label, n in by_step),
        "overdue": selectors.overdue_count(unit),
        "by_step": bar_chart(by_step),
        "weekly": column_chart(weekly),
        "figures": figures,
    }
    return render(request, "dashboard/dashboard.html", context)
