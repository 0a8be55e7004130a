"""The lockout answer of django-axes: the Chinese page for the site, an RFC
9457 problem for the API (its clients read application/problem+json)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        body = {
            "type": "https://unionflow.invalid/problems/locked-out",
            "title": _("登录已暂时锁定"),
            "status": 429,
            "detail": _("密码错误次数过多，该账号（或您所在的网络地址）已暂时锁定，15 分钟内无法登录。"),
            "code": "locked-out",
        }
        return JsonResponse(body, status=429, content_type="application/problem+json")
    return render(request, "registration/locked_out.html", status=429)
