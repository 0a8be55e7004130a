"""Raising a case event (`events:` in the definition, e.g. withdraw) from the
applicant's case page or the staff case file. The service decides whether
the event is offered now and to whom; this view only reads the form."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engine.roles import policy
from engine.runtime.events import case_event, events_available
from engine.runtime.labels import text
from engine.runtime.services import TransitionError

from .access import visible_case


def offered_events(case, user) -> list[dict]:
    """The events `user` may raise now, labelled in the reader's language."""
    return [
        {"id": e["id"], "label": text(e["label"]), "comment": e["comment"], "confirm": e["confirm"]}
        for e in events_available(case, user)
    ]


@require_POST
def event_view(request, pk, event):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    case = visible_case(request.user, pk)  # 404 unless visible
    back = "casefile:case" if policy.is_staff_member(request.user) else "portal:case"
    spec = next((e for e in events_available(case, request.user) if e["id"] == event), None)
    if spec is not None and spec["confirm"] and request.POST.get("confirm") != "1":
        messages.error(request, _("请勾选确认后再提交“%(label)s”。") % {"label": text(spec["label"])})
        return redirect(back, case.pk)
    comment = str(request.POST.get("comment", ""))[:2000]
    try:
        case_event(case=case, user=request.user, event=event[:64], comment=comment)
    except (TransitionError, PermissionDenied) as error:
        messages.error(request, str(error) or _("您不能执行该操作。"))
        return redirect(back, case.pk)
    messages.success(request, _("已提交：%(label)s") % {"label": text(spec["label"]) if spec else event})
    return redirect(back, case.pk)
