"""Every studio view is for process administrators only: anonymous visitors
go to the login page, everyone else signed in gets 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from engine.models import DefinitionVersion, ProcessDefinition
from engine.roles.policy import is_process_admin


def admin_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_process_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def definition_or_404(key) -> ProcessDefinition:
    return get_object_or_404(ProcessDefinition, key=key)


def version_or_404(key, number) -> DefinitionVersion:
    return get_object_or_404(
        DefinitionVersion.objects.select_related("definition"), definition__key=key, number=number
    )
