"""Account pages: sign-up and forgot-password (each with a 获取验证码
button that posts action=send_code), and the profile. Views route; the work
is in codes (services), selectors and forms."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from engine.models import User

from .codes import CodeRefused, code_check, code_request, code_request_limits
from .forms import PasswordResetForm, ProfileForm, SignupForm, mobile_taken
from .models import OneTimeCode
from .selectors import units_matching
from .services import applicant_signup


def client_address(request) -> str:
    # Behind a proxy, configure it to set REMOTE_ADDR (docs/accounts.md).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def masked(mobile: str) -> str:
    return f"{mobile[:3]}****{mobile[-4:]}" if len(mobile) == 11 else mobile


def _send_code(request, form, purpose, *, only_if_registered=False):
    """Handle action=send_code; returns the form to show again (unbound,
    keeping what was typed, so no other field shows an error yet)."""
    keep = {name: request.POST.get(name, "") for name in ("mobile", "display_name")}
    again = type(form)(initial=keep)
    try:
        mobile = form.cleaned_mobile()
    except ValidationError as error:
        again.mobile_error = " ".join(error.messages)
        return again
    if purpose == OneTimeCode.Purpose.SIGNUP and mobile_taken(mobile):
        again.mobile_error = _("该手机号已注册，请直接登录。")
        return again
    try:
        if not only_if_registered or mobile_taken(mobile):
            code_request(mobile=mobile, purpose=purpose, address=client_address(request))
        else:
            # Same answer either way: the page does not tell who is registered.
            code_request_limits(mobile=mobile, address=client_address(request))
    except CodeRefused as refusal:
        messages.error(request, str(refusal))
        return again
    minutes = getattr(settings, "SMS_CODE_MINUTES", 10)
    messages.success(
        request,
        _("验证码已发送至 %(mobile)s，%(minutes)s 分钟内有效。")
        % {"mobile": masked(mobile), "minutes": minutes},
    )
    again.code_sent = True
    return again


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "send_code":
        form = _send_code(request, form, OneTimeCode.Purpose.SIGNUP)
        return render(request, "accounts/signup.html", {"form": form})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            code_check(mobile=data["mobile"], purpose=OneTimeCode.Purpose.SIGNUP, code=data["code"])
            user = applicant_signup(
                mobile=data["mobile"], display_name=data["display_name"], password=data["password1"]
            )
        except CodeRefused as refusal:
            form.add_error("code", str(refusal))
        except IntegrityError:
            form.add_error("mobile", _("该手机号已注册，请直接登录。"))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("注册成功。请完善个人资料，选择您所属的工会。"))
            return redirect(f"{reverse('accounts:profile')}?next={reverse('portal:home')}")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "send_code":
        form = _send_code(request, form, OneTimeCode.Purpose.RESET, only_if_registered=True)
        return render(request, "accounts/password_reset.html", {"form": form})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            code_check(mobile=data["mobile"], purpose=OneTimeCode.Purpose.RESET, code=data["code"])
        except CodeRefused as refusal:
            form.add_error("code", str(refusal))
        else:
            user = User.objects.filter(mobile=data["mobile"], is_active=True).first()
            if user is not None:
                user.set_password(data["password1"])
                user.save(update_fields=["password"])
            messages.success(request, _("密码已重设，请用新密码登录。"))
            return redirect("login")
    return render(request, "accounts/password_reset.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    query = (request.POST.get("unit_query") or request.GET.get("unit_query") or "").strip()
    found = units_matching(query)
    if request.method == "POST" and request.POST.get("action") == "search":
        keep = {name: request.POST.get(name, "") for name in ("display_name", "id_number", "language")}
        keep["unit_query"] = query
        form = ProfileForm(instance=user, initial=keep, unit_choices=found)
        return render(request, "accounts/profile.html", _profile_context(form, query, found, next_url))
    form = ProfileForm(request.POST or None, instance=user, unit_choices=found)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("个人资料已保存。"))
        response = redirect(next_url or "accounts:profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    status = 400 if form.errors else 200
    return render(
        request, "accounts/profile.html", _profile_context(form, query, found, next_url), status=status
    )


def _profile_context(form, query, found, next_url):
    return {"form": form, "query": query, "searched": bool(query), "found": found, "next": next_url}
