"""For applicants: services and their form specs, drafts page by page,
submit, my cases, documents and notifications. Every write goes through the
same services as the HTML wizard (forms.drafts, forms.cleaning)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from engine.documents.models import Document
from engine.models import Notification
from engine.portal import selectors as portal
from engine.roles import policy
from forms import spec as spec_reader
from forms.cleaning import form_clean_result
from forms.drafts import SubmitRefused, draft_open, draft_submit
from forms.labels import text
from forms.models import Draft
from forms.options import choices_for
from forms.selectors import published_process, start_form, startable_processes
from forms.window import window_state

from ..problems import Problem
from ..serializers import (
    CaseSummarySerializer,
    DraftCreateSerializer,
    DraftSerializer,
    NotificationSerializer,
    ServiceDetailSerializer,
    ServiceSerializer,
    SubmitResultSerializer,
)
from .common import IsPerson, int_param, plain_dict


def _service(definition, drafts: dict, *, detail=False) -> dict:
    form = start_form(definition.published_version)
    body = {
        "key": definition.key,
        "title": text(form.definition.get("title"), definition.title),
        "category": definition.category,
        "version": definition.published_version.number,
        "open": window_state(form.spec).is_open,
        "draft": drafts.get(definition.key),
    }
    if detail:
        body["form"] = form.spec
        body["choices"] = {
            item["name"]: [{"value": value, "label": str(label)} for value, label in choices_for(item)]
            for item in spec_reader.fields(form.spec)
            if item.get("options_from")
        }
    return body


def _my_drafts(user) -> dict:
    return dict(Draft.objects.filter(user=user, submitted_at__isnull=True).values_list("process_key", "pk"))


class ServiceList(APIView):
    permission_classes = [IsPerson]

    @extend_schema(responses={200: ServiceSerializer(many=True)}, tags=["applicant"])
    def get(self, request):
        """可申请的服务（已发布的流程），标出我有未提交草稿的。"""
        drafts = _my_drafts(request.user)
        return Response([_service(d, drafts) for d in startable_processes()])


def _published(key):
    definition = published_process(key)
    if definition is None:
        raise Problem(404, _("没有这个服务，或它尚未发布。"), code="not-found")
    return definition


class ServiceDetail(APIView):
    permission_classes = [IsPerson]

    @extend_schema(responses={200: ServiceDetailSerializer}, tags=["applicant"])
    def get(self, request, key):
        """一个服务及其申请表单规格，供 App 渲染同一份分步表单。"""
        return Response(_service(_published(key), _my_drafts(request.user), detail=True))


def _draft_body(draft) -> dict:
    spec = start_form(draft.version).spec
    return DraftSerializer(
        {
            "id": draft.pk,
            "process_key": draft.process_key,
            "version": draft.version,
            "data": draft.data,
            "current_page": draft.current_page,
            "pages": [page["id"] for page in spec_reader.pages(spec)],
            "updated": draft.updated,
        }
    ).data


def _my_draft(user, pk) -> Draft:
    draft = (
        Draft.objects.select_related("version").filter(pk=pk, user=user, submitted_at__isnull=True).first()
    )
    if draft is None:
        raise Problem(404, _("没有这个草稿，或它已提交。"), code="not-found")
    return draft


class DraftList(APIView):
    permission_classes = [IsPerson]

    @extend_schema(responses={200: DraftSerializer(many=True)}, tags=["applicant"])
    def get(self, request):
        """我的未提交草稿。"""
        drafts = Draft.objects.filter(user=request.user, submitted_at__isnull=True).select_related("version")
        return Response([_draft_body(d) for d in drafts.order_by("-updated")])

    @extend_schema(request=DraftCreateSerializer, responses={200: DraftSerializer}, tags=["applicant"])
    def post(self, request):
        """打开（或新建）某服务的草稿：每人每个服务只有一份未提交草稿。"""
        given = DraftCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        definition = _published(given.validated_data["service"])
        if not window_state(start_form(definition.published_version).spec).is_open:
            raise Problem(409, _("不在开放时间内，不能申请。"), code="closed")
        return Response(_draft_body(draft_open(user=request.user, definition=definition)))


class DraftDetail(APIView):
    permission_classes = [IsPerson]

    @extend_schema(responses={200: DraftSerializer}, tags=["applicant"])
    def get(self, request, pk):
        """继续填写：草稿的全部已存答案。"""
        return Response(_draft_body(_my_draft(request.user, pk)))

    @extend_schema(responses={204: None}, tags=["applicant"])
    def delete(self, request, pk):
        """放弃草稿。"""
        _my_draft(request.user, pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


def _without_file_refs(value):
    """Drop stored-file references ({"attachment": id}) from submitted values,
    at any depth (table rows too): a file field takes an upload, or keeps the
    one already in the draft, so nobody can point a field at another's file."""
    if isinstance(value, dict):
        if "attachment" in value:
            return None
        return {k: _without_file_refs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_file_refs(v) for v in value]
    return value


def _page_input(request, spec, page_id) -> tuple[dict, dict]:
    """(data, files) of a page save. JSON bodies give values; multipart gives
    files under the field's name (and values as strings)."""
    names = {item["name"] for item in spec_reader.fields(spec, page_id)}
    if request.content_type.startswith("multipart/"):
        data = {k: v for k, v in request.data.items() if k not in request.FILES}
        files = {k: request.FILES[k] for k in request.FILES if k in names}
    else:
        data, files = plain_dict(request.data.get("data", request.data)), {}
    cleaned = {k: _without_file_refs(v) for k, v in data.items()}
    return {k: v for k, v in cleaned.items() if v is not None or data[k] is None}, files


class DraftPage(APIView):
    permission_classes = [IsPerson]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={"application/json": {"type": "object"}, "multipart/form-data": {"type": "object"}},
        responses={200: DraftSerializer},
        tags=["applicant"],
    )
    def put(self, request, pk, page_id):
        """保存一页：与网页向导相同的校验（显示条件、必填、规则、计算字段、上传检查）。
        有错误时返回 422，errors 按字段给出与网页相同的提示，草稿不变。"""
        draft = _my_draft(request.user, pk)
        form = start_form(draft.version)
        if page_id not in {page["id"] for page in spec_reader.pages(form.spec)}:
            raise Problem(404, _("表单没有这一页。"), code="not-found")
        data, files = _page_input(request, form.spec, page_id)
        result = form_clean_result(
            form.spec,
            data,
            files,
            page_id=page_id,
            context=draft.data,
            context_types=form.field_types,
            owner=request.user,
            draft=draft,
            builder_context=form.builder_context,
        )
        if result.errors:
            raise Problem(422, _("本页有需要修改的地方。"), errors=result.errors, code="validation")
        names = {item["name"] for item in spec_reader.fields(form.spec, page_id)}
        kept = {k: v for k, v in draft.data.items() if k not in names}
        draft.data = {**kept, **{k: v for k, v in result.cleaned.items() if k in names}}
        draft.current_page = page_id
        draft.save(update_fields=["data", "current_page", "updated"])
        return Response(_draft_body(draft))


class DraftSubmit(APIView):
    permission_classes = [IsPerson]

    @extend_schema(
        request=None, responses={201: SubmitResultSerializer, 200: SubmitResultSerializer}, tags=["applicant"]
    )
    def post(self, request, pk):
        """提交草稿为案件。重复提交同一草稿只得到同一个案件（created=false）。"""
        draft = Draft.objects.filter(pk=pk, user=request.user).first()
        if draft is None:
            raise Problem(404, _("没有这个草稿。"), code="not-found")
        try:
            case, created = draft_submit(draft_id=draft.pk, user=request.user)
        except SubmitRefused as refused:
            errors = dict(refused.errors or {})
            if refused.page_id:
                errors.setdefault("page", [refused.page_id])
            raise Problem(422, str(refused), errors=errors, code="submit-refused") from refused
        body = {"case": CaseSummarySerializer(case).data, "created": created}
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class MyCases(APIView):
    permission_classes = [IsPerson]

    @extend_schema(
        parameters=[OpenApiParameter("page", int)],
        responses={200: CaseSummarySerializer(many=True)},
        tags=["applicant"],
    )
    def get(self, request):
        """我的申请（最新的在前，每页 50 件）。"""
        page = int_param(request.query_params.get("page"), name="page")
        cases = portal.applicant_cases(request.user)[(page - 1) * 50 : page * 50]
        return Response(CaseSummarySerializer(cases, many=True).data)


class DocumentDownload(APIView):
    permission_classes = [IsPerson]

    @extend_schema(responses={(200, "application/pdf"): bytes}, tags=["applicant", "staff"])
    def get(self, request, pk):
        """下载文书 PDF（与网页相同的权限）。"""
        document = Document.objects.select_related("case").filter(pk=pk).first()
        if document is None or not policy.document_downloadable_by(request.user, document):
            raise Http404
        if document.status != Document.Status.RENDERED:
            raise Problem(409, _("文书尚未生成。"), code="not-ready")
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


class Notifications(APIView):
    permission_classes = [IsPerson]

    @extend_schema(responses={200: NotificationSerializer(many=True)}, tags=["applicant", "staff"])
    def get(self, request):
        """我的通知（最近 100 条），按请求的语言措辞。"""
        rows = portal.notifications_of(request.user)
        body = [
            {
                "id": n.pk,
                "text": n.text,
                "case_id": n.case_id,
                "created": n.created,
                "read": n.read_at is not None,
            }
            for n in rows
        ]
        return Response(NotificationSerializer(body, many=True).data)


class NotificationRead(APIView):
    permission_classes = [IsPerson]

    @extend_schema(request=None, responses={204: None}, tags=["applicant", "staff"])
    def post(self, request, pk):
        """标为已读。"""
        updated = Notification.objects.filter(pk=pk, user=request.user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if not updated and not Notification.objects.filter(pk=pk, user=request.user).exists():
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)
