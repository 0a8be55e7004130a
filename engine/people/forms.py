"""Forms of the people pages. They parse and shape input; the rules live in
the services (units, accounts, grants) so imports obey the same ones."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from engine.models import OrgUnit, User

from . import selectors
from .grants import role_choices


class UnitChoiceField(forms.TypedChoiceField):
    """A unit by id among the units the page offers (indented tree order)."""

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, coerce=int, empty_value=None, **kwargs)
        # A callable: read when the form renders or validates, not at import.
        self.choices = lambda: [("", "—")] + (units if units is not None else selectors.unit_choices())

    def clean(self, value):
        pk = super().clean(value)
        return OrgUnit.objects.get(pk=pk) if pk else None


class Form(forms.Form):
    """Labels without Django's ASCII colon (wrong after Chinese text)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class UnitForm(Form):
    code = forms.CharField(
        label=_("代码"), max_length=64, help_text=_("字母、数字、连字符，如 yucheng-xinhu")
    )
    name = forms.CharField(label=_("名称"), max_length=128)
    name_en = forms.CharField(label=_("英文名称"), max_length=128, required=False)
    short_name = forms.CharField(
        label=_("简称"), max_length=16, required=False, help_text=_("用于文号，如“禹”")
    )
    level = forms.ChoiceField(label=_("级别"), choices=OrgUnit.Level.choices)


class UnitCreateForm(UnitForm):
    parent = UnitChoiceField(label=_("上级单位"), required=False)

    field_order = ["parent", "level", "code", "name", "name_en", "short_name"]


class UnitMoveForm(Form):
    parent = UnitChoiceField(label=_("新的上级单位"), required=False)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = UnitChoiceField(
            label=_("新的上级单位"), required=False, units=selectors.unit_choices(exclude_below=unit)
        )


class AccountForm(Form):
    display_name = forms.CharField(label=_("姓名"), max_length=64, required=False)
    mobile = forms.CharField(label=_("手机号"), max_length=11, required=False)
    email = forms.EmailField(label=_("邮箱"), required=False)
    language = forms.ChoiceField(label=_("语言"), choices=settings.LANGUAGES)
    home_unit = UnitChoiceField(label=_("所属工会"), required=False)


class AccountCreateForm(AccountForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("留空则生成一次性密码，只显示一次"),
    )

    field_order = ["username", "display_name", "mobile", "email", "language", "home_unit", "password"]


class PasswordForm(Form):
    password = forms.CharField(
        label=_("新密码"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("留空则生成一次性密码，只显示一次"),
    )


class GrantForm(Form):
    username = forms.CharField(label=_("人员（用户名）"), max_length=150)
    unit = UnitChoiceField(label=_("单位"))
    role = forms.ChoiceField(label=_("角色"))
    covers_descendants = forms.BooleanField(label=_("含下级单位"), required=False)
    valid_from = forms.DateField(
        label=_("生效日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices()

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(_("没有用户名为“%(u)s”的账号。") % {"u": username})
        return user

    def grant_values(self) -> dict:
        data = self.cleaned_data
        return {
            "user": data["username"],
            "unit": data["unit"],
            "role": data["role"],
            "covers_descendants": data["covers_descendants"],
            "valid_from": data["valid_from"],
            "valid_to": data["valid_to"],
        }


class ReassignForm(Form):
    """Whom the open tasks go to when their unit or grant is retired."""

    to_user = forms.TypedChoiceField(label=_("转给"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, candidates=(), transfer_from=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {user.pk: user for user in candidates}
        self.fields["to_user"].choices = [("", _("不转办"))] + [
            (user.pk, f"{user}（{user.username}）") for user in candidates
        ]
        if transfer_from is not None:
            # Retiring a unit: its running cases may move to another unit
            # (a merged or neighbouring union) instead.
            self.fields["to_unit"] = UnitChoiceField(
                label=_("或把在办案件移交给单位"),
                required=False,
                units=selectors.unit_choices(exclude_below=transfer_from),
            )

    def clean(self):
        data = super().clean()
        if data.get("to_user") and data.get("to_unit"):
            raise forms.ValidationError(_("转给人员和移交单位只能选一项。"))
        return data

    def to(self):
        pk = self.cleaned_data.get("to_user")
        return self.candidates.get(pk) if pk else None


class ImportForm(Form):
    KINDS = [("units", _("组织")), ("staff", _("人员账号")), ("grants", _("角色授权"))]

    kind = forms.ChoiceField(label=_("导入内容"), choices=KINDS)
    file = forms.FileField(label=_("文件（.xlsx 或 .csv）"))
