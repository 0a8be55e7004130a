"""For staff: the inbox, claim / unclaim / reassign, complete a task with an
outcome, vote. Permission checks are the HTML views' own (engine.roles.policy
through engine.casefile.access and engine.casefile.decision)."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from engine.casefile.access import visible_item
from engine.casefile.decision import may_decide, panel_for
from engine.casefile.services import decision_try
from engine.inbox import selectors
from engine.inbox.forms import InboxFilterForm
from engine.inbox.scope import scope_of
from engine.models import User
from engine.roles import policy
from engine.runtime.services import TransitionError, task_claim, task_reassign, task_unclaim
from engine.runtime.votes import vote_cast

from ..problems import Problem
from ..serializers import (
    CaseDetailSerializer,
    CompleteSerializer,
    InboxSerializer,
    ReassignSerializer,
    TaskSerializer,
    VoteSerializer,
)
from .cases import case_body
from .common import IsStaff, int_param, plain_dict

TABS = ("mine", "queue", "team", "done")


def _task_body(item) -> dict:
    """An inbox row; a single task read after an action is decorated here the
    way the inbox page decorates its rows (masked ID, due mark)."""
    if not hasattr(item, "due_state"):
        item.due_state = selectors.due_state(item, timezone.now())
        item.masked_id = selectors.mask_id_number(item.case.id_number)
    item.owner_name = str(item.owner) if item.owner_id else None
    body = TaskSerializer(item).data
    body["owner"] = item.owner_name
    return body


class Inbox(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        parameters=[
            OpenApiParameter("tab", str, enum=list(TABS)),
            OpenApiParameter("page", int),
            OpenApiParameter("process", str),
            OpenApiParameter("step", str),
            OpenApiParameter("due", str, enum=["overdue", "today", "near"]),
            OpenApiParameter("q", str, description=_("案件编号、姓名、身份证号")),
            OpenApiParameter("sort", str, enum=["due", "age"]),
        ],
        responses={200: InboxSerializer},
        tags=["staff"],
    )
    def get(self, request):
        """工作台：与网页相同的分栏、计数、筛选、搜索与分页（每页 25 条，不数总页数，百万任务也快）。"""
        tab = request.query_params.get("tab", "mine")
        if tab not in TABS:
            raise Problem(400, _("没有这个分栏。"), errors={"tab": [_("可选：%s") % ", ".join(TABS)]})
        page = int_param(request.query_params.get("page"), name="page", maximum=400)
        scope = scope_of(request.user)
        choices = selectors.filter_choices(scope=scope)
        form = InboxFilterForm(request.query_params, choices=choices)
        if not form.is_valid():
            errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
            raise Problem(400, _("筛选条件有误。"), errors=errors, code="invalid-filter")
        filters = form.filters()
        definition = choices["definitions"].get(filters.process)
        try:
            result = selectors.inbox_page(
                user=request.user,
                tab=tab,
                filters=filters,
                page=page,
                scope=scope,
                version=definition.published_version if definition else None,
            )
        except ValueError as error:
            raise Problem(400, str(error), code="invalid-filter") from error
        return Response(
            {
                "tab": result.tab,
                "page": result.page,
                "has_next": result.has_next,
                "counts": result.counts,
                "results": [_task_body(item) for item in result.items],
            }
        )


def _transition(call):
    try:
        return call()
    except TransitionError as error:
        raise Problem(409, str(error), code="transition-refused") from error


class TaskClaim(APIView):
    permission_classes = [IsStaff]

    @extend_schema(request=None, responses={200: TaskSerializer}, tags=["staff"])
    def post(self, request, pk):
        """领取任务。"""
        item = visible_item(request.user, pk)
        item = _transition(lambda: task_claim(task=item.task, user=request.user))
        return Response(_task_body(visible_item(request.user, item.pk)))


class TaskUnclaim(APIView):
    permission_classes = [IsStaff]

    @extend_schema(request=None, responses={200: TaskSerializer}, tags=["staff"])
    def post(self, request, pk):
        """放回待领取队列。"""
        item = visible_item(request.user, pk)
        _transition(lambda: task_unclaim(task=item.task, user=request.user))
        return Response(_task_body(visible_item(request.user, pk)))


class TaskReassign(APIView):
    permission_classes = [IsStaff]

    @extend_schema(request=ReassignSerializer, responses={200: TaskSerializer}, tags=["staff"])
    def post(self, request, pk):
        """转办给同事（持有人，或覆盖该单位的负责人）。"""
        item = visible_item(request.user, pk)
        if not policy.task_reassignable_by(request.user, item):
            raise Problem(403, _("您不能转办这项任务。"), code="forbidden")
        given = ReassignSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        to_user = User.objects.filter(pk=given.validated_data["to_user"], is_active=True).first()
        if to_user is None:
            raise Problem(400, _("没有这个接办人。"), errors={"to_user": [_("没有这个接办人。")]})
        _transition(
            lambda: task_reassign(
                task=item.task, user=request.user, to_user=to_user, comment=given.validated_data["comment"]
            )
        )
        return Response(_task_body(visible_item(request.user, pk)))


def _post_of(data: dict, *, outcome: str, comment: str, confirm: bool) -> QueryDict:
    """The decision as the HTML panel would post it, so the same form code
    validates it (lists become repeated keys; tables stay lists)."""
    post = QueryDict(mutable=True)
    for name, value in data.items():
        if isinstance(value, list) and not all(isinstance(v, dict) for v in value):
            post.setlist(name, [str(v) for v in value])
        elif isinstance(value, bool):
            post[name] = "true" if value else "false"
        else:
            post[name] = value
    post["outcome"], post["comment"] = outcome, comment
    if confirm:
        post[f"confirm_{outcome}"] = "1"
    return post


class TaskComplete(APIView):
    permission_classes = [IsStaff]

    @extend_schema(request=CompleteSerializer, responses={200: CaseDetailSerializer}, tags=["staff"])
    def post(self, request, pk):
        """办理：选择结果，填写环节表单与意见。校验与网页办理面板相同，错误按字段返回。"""
        item = visible_item(request.user, pk)
        if not may_decide(request.user, item):
            raise Problem(403, _("您不能办理这项任务。"), code="forbidden")
        given = CompleteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        values = given.validated_data
        post = _post_of(
            plain_dict(values["data"]),
            outcome=values["outcome"],
            comment=values["comment"],
            confirm=values["confirm"],
        )
        panel = panel_for(item, data=post, files=request.FILES or None, outcome=values["outcome"])
        if panel.kind == "vote":
            raise Problem(409, _("这是表决环节，请用表决接口。"), code="is-vote")
        status, errors = decision_try(panel=panel, user=request.user, post=post)
        if status == 400:
            all_errors = {**{k: [str(v)] for k, v in panel.errors.items()}, **errors}
            raise Problem(422, _("办理内容需要修改。"), errors=all_errors, code="validation")
        if status == 409:
            raise Problem(409, panel.errors.get("outcome", ""), code="transition-refused")
        item.case.refresh_from_db()
        return Response(case_body(request.user, item.case))


class TaskVote(APIView):
    permission_classes = [IsStaff]

    @extend_schema(request=VoteSerializer, responses={200: CaseDetailSerializer}, tags=["staff"])
    def post(self, request, pk):
        """表决（委员会成员）。"""
        item = visible_item(request.user, pk)
        if not may_decide(request.user, item):
            raise Problem(403, _("您不能参与这项表决。"), code="forbidden")
        given = VoteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        _transition(
            lambda: vote_cast(
                task=item.task,
                user=request.user,
                choice=given.validated_data["choice"],
                comment=given.validated_data["comment"],
            )
        )
        item.case.refresh_from_db()
        return Response(case_body(request.user, item.case))
