"""The inbox filter form (GET) and the delegation form."""

from django import forms
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from engine.models import User

from .fields import filterable_fields
from .selectors import InboxFilters
from .widgets import QuickDateInput, QuickInput, QuickSelect

_unbound_html: dict = {}

# GET names of form-field filters: data_<field name>=<value>.
FIELD_PREFIX = "data_"
# <input type="date"> takes and sends ISO dates, whatever the language.
ISO_DATE = "%Y-%m-%d"

DUE_CHOICES = [("", _("全部")), ("overdue", _("已超期")), ("today", _("今日到期")), ("near", _("临近到期"))]
SORT_CHOICES = [("due", _("按到期时间")), ("age", _("按等待时长"))]


class InboxFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=64,
        widget=QuickInput(attrs={"placeholder": _("申请人、案件编号或身份证号")}),
    )
    process = forms.ChoiceField(label=_("流程"), required=False, widget=QuickSelect)
    step = forms.ChoiceField(label=_("环节"), required=False, widget=QuickSelect)
    due = forms.ChoiceField(label=_("期限"), required=False, choices=DUE_CHOICES, widget=QuickSelect)
    created_from = forms.DateField(
        label=_("起始日期"), required=False, widget=QuickDateInput(format=ISO_DATE)
    )
    created_to = forms.DateField(label=_("截止日期"), required=False, widget=QuickDateInput(format=ISO_DATE))
    # The units of the user's scope, already read with it: a plain choice
    # (no queryset to run again when rendering and validating).
    org_unit = forms.TypedChoiceField(
        label=_("单位"), required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES, widget=QuickSelect)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or {}
        self.fields["process"].choices = [("", _("全部"))] + list(choices.get("processes", []))
        # Choosing a process reloads the form with that process's field
        # filters; the previous process's ones are not sent along.
        # (static/js/site.js does it: no inline handler under the CSP.)
        self.fields["process"].widget.attrs.update(
            {"data-autosubmit": "", "data-autosubmit-drop": FIELD_PREFIX}
        )
        self.fields["step"].choices = [("", _("全部"))] + list(choices.get("steps", []))
        self.units = {unit.pk: unit for unit in choices.get("units") or []}
        self.fields["org_unit"].choices = [("", _("全部"))] + [(pk, u.name) for pk, u in self.units.items()]
        self.field_names = self._add_field_filters(choices.get("definitions") or {})
        self.choices_key = choices.get("key")

    def fields_html(self) -> str:
        """Every field in a <label>. The first page's form is unbound and
        the same for everyone with the same processes, units and language:
        it is rendered once and kept (a sizeable part of the page's time)."""
        key = None if self.is_bound or self.choices_key is None else (get_language(), self.choices_key)
        html = _unbound_html.get(key) if key else None
        if html is None:
            html = format_html_join("", "<label>{} {}</label>", ((bound.label, bound) for bound in self))
            if key:
                if len(_unbound_html) > 256:  # old version sets; never grows unbounded
                    _unbound_html.clear()
                _unbound_html[key] = html
        return html

    def _add_field_filters(self, definitions: dict) -> list:
        """One select per filterable form field of the chosen process (its
        published version's choice fields), named data_<field>."""
        definition = definitions.get(self.data.get("process") or "")
        if definition is None:
            return []
        names = []
        for name, each in filterable_fields(definition.published_version).items():
            self.fields[FIELD_PREFIX + name] = forms.ChoiceField(
                label=each.label(),
                required=False,
                choices=[("", _("全部")), *each.choices()],
                widget=QuickSelect,
            )
            names.append(name)
        return names

    def clean(self):
        """A data_ filter the chosen process does not offer is refused, not
        silently dropped (a bookmarked link after the definition changed)."""
        cleaned = super().clean()
        unknown = sorted(
            key[len(FIELD_PREFIX) :]
            for key in self.data
            if key.startswith(FIELD_PREFIX) and key[len(FIELD_PREFIX) :] not in self.field_names
        )
        if unknown:
            raise forms.ValidationError(
                _("无法按这些表单字段筛选：%(names)s"),
                params={"names": "、".join(unknown)},
                code="unknown_field",
            )
        return cleaned

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
            org_unit=self.units.get(data.get("org_unit")),
            q=data.get("q") or "",
            sort=data.get("sort") or "due",
            fields={
                name: data[FIELD_PREFIX + name] for name in self.field_names if data.get(FIELD_PREFIX + name)
            },
        )


class DelegationForm(forms.Form):
    delegate = forms.ModelChoiceField(label=_("委托给"), queryset=User.objects.none())
    starts = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    ends = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["delegate"].queryset = candidates
