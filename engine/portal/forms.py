"""Applicant sign-up: mobile number (also the username) and a password."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from engine.models import User


class SignupForm(forms.Form):
    mobile = forms.CharField(
        label=_("手机号"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    display_name = forms.CharField(label=_("姓名"), max_length=64)
    password1 = forms.CharField(
        label=_("密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("确认密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_mobile(self):
        from forms.validators import validate_mobile

        mobile = self.cleaned_data["mobile"].strip()
        validate_mobile(mobile)
        if User.objects.filter(username=mobile).exists() or User.objects.filter(mobile=mobile).exists():
            raise forms.ValidationError(_("该手机号已注册，请直接登录。"))
        return mobile

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif data.get("password1"):
            try:
                validate_password(data["password1"], User(username=data.get("mobile", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
