"""Errors as RFC 9457 problem details (application/problem+json), worded in
the request's language. Validation errors are keyed by field, with the same
messages as the HTML forms."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

PROBLEM_TYPE = "application/problem+json"
logger = logging.getLogger(__name__)

TITLES = {
    400: lambda: _("请求有误"),
    401: lambda: _("需要登录"),
    403: lambda: _("没有权限"),
    404: lambda: _("未找到"),
    405: lambda: _("不支持的方法"),
    406: lambda: _("不支持的格式"),
    409: lambda: _("与当前状态冲突"),
    413: lambda: _("请求过大"),
    415: lambda: _("不支持的内容类型"),
    422: lambda: _("数据未通过校验"),
    429: lambda: _("请求过于频繁"),
}


class Problem(exceptions.APIException):
    """A refusal with a status, a detail and optional field errors."""

    def __init__(self, status_code: int, detail: str, *, errors: dict | None = None, code: str = ""):
        self.status_code = status_code
        self.errors = errors or {}
        self.problem_code = code
        super().__init__(detail=detail)


def problem_response(status_code: int, detail: str, *, errors=None, code="", headers=None) -> Response:
    body = {
        "type": f"https://unionflow.invalid/problems/{code}" if code else "about:blank",
        "title": str(TITLES.get(status_code, lambda: _("错误"))()),
        "status": status_code,
        "detail": str(detail),
    }
    if errors:
        body["errors"] = {name: [str(m) for m in messages] for name, messages in errors.items()}
    return Response(body, status=status_code, content_type=PROBLEM_TYPE, headers=headers)


def _flatten(detail) -> dict:
    """DRF's nested ValidationError detail -> {"field": ["message", ...]}."""
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, messages in _flatten(value).items():
                    out[f"{key}.{sub}"] = messages
            else:
                out[str(key)] = [str(v) for v in (value if isinstance(value, list) else [value])]
        return out
    return {"__all__": [str(v) for v in (detail if isinstance(detail, list) else [detail])]}


def exception_handler(exc, context):
    if isinstance(exc, Problem):
        return problem_response(exc.status_code, exc.detail, errors=exc.errors, code=exc.problem_code)
    if isinstance(exc, ValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return problem_response(422, _("数据未通过校验"), errors=errors, code="validation")
    if isinstance(exc, Http404):
        return problem_response(404, _("未找到，或您无权查看。"), code="not-found")
    if isinstance(exc, PermissionDenied):
        return problem_response(403, _("没有权限。"), code="forbidden")
    if isinstance(exc, exceptions.ValidationError):
        return problem_response(400, _("请求参数有误。"), errors=_flatten(exc.detail), code="invalid-request")
    response = drf_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    if isinstance(detail, (dict, list)):
        return problem_response(response.status_code, _("请求有误"), errors=_flatten(detail))
    headers = {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}
    return problem_response(response.status_code, detail, headers=headers)


@csrf_exempt
def not_found_view(request, exception=None):
    """404 for unknown URLs under /api/: a problem, not the site's HTML page."""
    from django.http import JsonResponse

    body = {"type": "about:blank", "title": str(TITLES[404]()), "status": 404, "detail": _("没有这个接口。")}
    return JsonResponse(body, status=status.HTTP_404_NOT_FOUND, content_type=PROBLEM_TYPE)
