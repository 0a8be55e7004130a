"""The inbox filter form (GET) and the delegation form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from engine.models import OrgUnit, User

from .selectors import InboxFilters

DUE_CHOICES = [("", _("全部")), ("overdue", _("已超期")), ("today", _("今日到期")), ("near", _("临近到期"))]
SORT_CHOICES = [("due", _("按到期时间")), ("age", _("按等待时长"))]


class InboxFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": _("申请人、案件编号或身份证号")}),
    )
    process = forms.ChoiceField(label=_("流程"), required=False)
    step = forms.ChoiceField(label=_("环节"), required=False)
    due = forms.ChoiceField(label=_("期限"), required=False, choices=DUE_CHOICES)
    created_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    created_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    org_unit = forms.ModelChoiceField(label=_("单位"), required=False, queryset=OrgUnit.objects.none())
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or {}
        self.fields["process"].choices = [("", _("全部"))] + list(choices.get("processes", []))
        self.fields["step"].choices = [("", _("全部"))] + list(choices.get("steps", []))
        units = choices.get("units") or []
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])

    def filters(self) -> InboxFilters:
        """The valid fields' values; an invalid one (a mistyped date) is left
        out rather than dropping every filter. Filters only narrow the
        user's own tabs, so no value can widen what they see."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return InboxFilters(
            process=data.get("process") or "",
            step=data.get("step") or "",
            due=data.get("due") or "",
            created_from=data.get("created_from"),
            created_to=data.get("created_to"),
            org_unit=data.get("org_unit"),
            q=data.get("q") or "",
            sort=data.get("sort") or "due",
        )


class DelegationForm(forms.Form):
    delegate = forms.ModelChoiceField(label=_("委托给"), queryset=User.objects.none())
    starts = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    ends = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["delegate"].queryset = candidates
