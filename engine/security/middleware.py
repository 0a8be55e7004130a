"""Request data that no field may hold is refused before any view runs."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def _has_nul(query_dict) -> bool:
    for key, values in query_dict.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return True
    return False


class RejectNulMiddleware:
    """A NUL character in a parameter name or value is refused with 400.

    PostgreSQL cannot store NUL in text, so a comment with one fails at the
    database (a 500) while SQLite would keep it; no legitimate form field
    carries one. Checking here covers every view, including those that read
    request.POST directly (comments, reassign targets, bulk claims)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            message = _("请求中含有不允许的空字符（NUL），请检查填写的内容。")
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
