from engine.models import WorkItem


def open_item(case, step):
    return WorkItem.objects.get(case=case, step=step, status__in=["NEW", "ASSIGNED"])


def events(case):
    return [(e.action, e.step, e.outcome) for e in case.events.order_by("seq", "id")]
