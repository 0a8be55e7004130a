"""Forms of the account pages. The code itself is checked by the view once
every other field is valid (a code is used up by a successful check)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.utils.translation import gettext_lazy as _

from accounts.selectors import with_trails
from engine.models import OrgUnit, User
from forms.validators import normalise_id_number, validate_id_number, validate_mobile


def _mobile_field():
    return forms.CharField(
        label=_("手机号"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )


def _code_field():
    return forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        required=False,  # required at the final submit, not when asking for a code
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def mobile_taken(mobile: str) -> bool:
    return User.objects.filter(username=mobile).exists() or User.objects.filter(mobile=mobile).exists()


class PasswordPairMixin:
    def clean_passwords(self, data, user):
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif data.get("password1"):
            try:
                validate_password(data["password1"], user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


def _password_fields(label):
    return (
        forms.CharField(
            label=label,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text=password_validators_help_text_html(),
        ),
        forms.CharField(
            label=_("确认密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
        ),
    )


class CodeRequestMixin:
    """`action=send_code` posts only need a good mobile number."""

    def cleaned_mobile(self):
        mobile = (self.data.get("mobile") or "").strip()
        validate_mobile(mobile)
        return mobile


class SignupForm(PasswordPairMixin, CodeRequestMixin, forms.Form):
    mobile = _mobile_field()
    code = _code_field()
    display_name = forms.CharField(label=_("姓名"), max_length=64)
    password1, password2 = _password_fields(_("密码"))

    def clean_mobile(self):
        mobile = self.cleaned_data["mobile"].strip()
        validate_mobile(mobile)
        if mobile_taken(mobile):
            raise forms.ValidationError(_("该手机号已注册，请直接登录。"))
        return mobile

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip()
        if not code:
            raise forms.ValidationError(_("请输入短信验证码。"))
        return code

    def clean(self):
        data = super().clean()
        self.clean_passwords(data, User(username=data.get("mobile", ""), mobile=data.get("mobile", "")))
        return data


class PasswordResetForm(PasswordPairMixin, CodeRequestMixin, forms.Form):
    mobile = _mobile_field()
    code = _code_field()
    password1, password2 = _password_fields(_("新密码"))

    def clean_mobile(self):
        mobile = self.cleaned_data["mobile"].strip()
        validate_mobile(mobile)
        return mobile

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip()
        if not code:
            raise forms.ValidationError(_("请输入短信验证码。"))
        return code

    def clean(self):
        data = super().clean()
        mobile = data.get("mobile", "")
        user = User.objects.filter(mobile=mobile).first() or User(username=mobile, mobile=mobile)
        self.clean_passwords(data, user)
        return data


class ProfileForm(forms.ModelForm):
    """Name, ID number, union and language. The union is chosen from the
    units a search found (`unit_choices`), or kept as it is."""

    unit_query = forms.CharField(
        label=_("查找所属工会"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": _("输入工会名称中的字，如“禹城”"), "type": "search"}),
    )

    class Meta:
        model = User
        fields = ["display_name", "id_number", "home_unit", "language"]
        widgets = {"home_unit": forms.RadioSelect, "language": forms.Select}

    def __init__(self, *args, unit_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["language"].choices = settings.LANGUAGES
        units = list(unit_choices or [])
        if self.instance.home_unit_id and all(u.pk != self.instance.home_unit_id for u in units):
            units.insert(0, self.instance.home_unit)
        with_trails(units)
        field = self.fields["home_unit"]
        field.queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units]).exclude(level="partner")
        field.choices = [(u.pk, unit_label(u)) for u in units if u.level != "partner"]
        field.empty_label = None
        field.help_text = _("案件默认由您所属的工会受理。")

    def clean_id_number(self):
        value = normalise_id_number(self.cleaned_data.get("id_number") or "")
        if value:
            validate_id_number(value)
        return value


def unit_label(unit) -> str:
    """The unit with the units above it, so two 总工会 of the same name can
    be told apart: 禹城市总工会（山东省总工会 › 德州市总工会）."""
    above = getattr(unit, "trail", None)
    if above is None:
        above = [a.name for a in reversed(unit.ancestors()) if a.level != "national"]
    return f"{unit.name}（{' › '.join(above)}）" if above else unit.name
