"""One case, read by its applicant or by staff: the same masking as the
HTML case file (units above see a summary with the ID number masked)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from engine.casefile import selectors as casefile
from engine.casefile.access import full_access, visible_case
from engine.inbox.selectors import mask_id_number
from engine.portal import selectors as portal
from engine.roles import policy

from ..serializers import CaseDetailSerializer, CaseSummarySerializer
from .common import IsPerson


def _documents(documents) -> list[dict]:
    return [
        {
            "id": d.pk,
            "key": d.key,
            "title": d.title,
            "number": d.number,
            "revision": d.revision,
            "status": d.status,
            "download": reverse("api:document-download", args=[d.pk]) if d.status == "rendered" else None,
        }
        for d in documents
    ]


def _task(item) -> dict:
    return {"id": item.pk, "step": item.step, "step_title": item.step_title, "status": item.status}


def case_body(user, case) -> dict:
    body = dict(CaseSummarySerializer(case).data)
    body["unit"] = case.org_unit.name
    if case.applicant_id == user.pk and not policy.is_staff_member(user):
        body.update(
            full=True,
            id_number=case.id_number,
            data=case.data,
            timeline=[
                {"at": m.at, "label": str(m.label), "note": str(m.note or "")}
                for m in portal.plain_timeline(case)
            ],
            documents=_documents(portal.applicant_documents(user, case)),
            open_tasks=[_task(item) for item in portal.applicant_tasks(user, case)],
        )
        return body
    full = full_access(user, case)
    timeline = [
        {
            "at": event.at,
            "label": " · ".join(
                str(p) for p in (event.action_label, event.step_title, event.outcome_label) if p
            ),
            "note": event.comment if full else "",
        }
        for event in casefile.case_timeline(case)
    ]
    body.update(
        full=full,
        id_number=case.id_number if full else mask_id_number(case.id_number),
        data=case.data if full else None,
        timeline=timeline,
        documents=_documents(casefile.case_documents(case, user)) if full else [],
        open_tasks=[_task(item) for item in casefile.case_open_items(case)],
    )
    return body


class CaseDetail(APIView):
    permission_classes = [IsPerson]

    @extend_schema(responses={200: CaseDetailSerializer}, tags=["applicant", "staff"])
    def get(self, request, pk):
        """案件：申请人看到自己提交的内容与进度；工作人员看到案卷（上级单位只见脱敏摘要）。看不到的案件一律 404。"""
        case = visible_case(request.user, pk)
        return Response(case_body(request.user, case))
