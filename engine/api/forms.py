"""Administrators' forms for API keys and webhooks (the studio)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from engine.models import OrgUnit

from .models import ApiKey, Webhook


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("系统名称"), max_length=128)
    org_unit = forms.ModelChoiceField(label=_("所属单位"), queryset=OrgUnit.objects.none())
    scopes = forms.MultipleChoiceField(
        label=_("权限范围"), choices=ApiKey.SCOPES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.order_by("path")


class WebhookForm(forms.Form):
    url = forms.URLField(label=_("接收地址"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("事件"), choices=Webhook.EVENTS, widget=forms.CheckboxSelectMultiple
    )
    process_key = forms.ChoiceField(label=_("流程"), required=False)

    def __init__(self, *args, processes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process_key"].choices = [("", _("全部流程"))] + list(processes)

    def clean_url(self):
        from .webhooks import UnsafeTarget, check_target

        url = self.cleaned_data["url"]
        try:
            check_target(url)
        except UnsafeTarget as error:
            raise forms.ValidationError(_("接收地址不可用：%(why)s") % {"why": error}) from error
        return url
