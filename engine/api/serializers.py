"""What the API reads and writes. Form data stays a JSON object keyed by the
form spec's field names: the spec (served with each service) says what each
field takes, exactly as the HTML wizard reads it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text=_("用户名，申请人为手机号"))
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class RefreshRequestSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=200)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    token_type = serializers.CharField(default="Bearer")
    expires_in = serializers.IntegerField()


class PersonalTokenRequestSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    days = serializers.IntegerField(min_value=1, max_value=3650, default=365)


class PersonalTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    token = serializers.CharField(help_text=_("只显示这一次"))
    expires = serializers.DateTimeField(allow_null=True)


class ServiceSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    category = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()
    open = serializers.BooleanField(help_text=_("当前是否在开放时间内"))
    draft = serializers.IntegerField(allow_null=True, help_text=_("我的未提交草稿编号"))


class ServiceDetailSerializer(ServiceSerializer):
    form = serializers.DictField(help_text=_("申请表单规格：页、字段、规则、显示条件、选项"))
    choices = serializers.DictField(help_text=_("引用参考列表的字段的选项（字段名 → [{value, label}]）"))


class DraftCreateSerializer(serializers.Serializer):
    service = serializers.SlugField(max_length=64)


class DraftSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    service = serializers.CharField(source="process_key")
    version = serializers.IntegerField(source="version.number")
    data = serializers.DictField()
    current_page = serializers.CharField(allow_blank=True)
    pages = serializers.ListField(child=serializers.CharField())
    updated = serializers.DateTimeField()


class PageSaveSerializer(serializers.Serializer):
    data = serializers.DictField(
        help_text=_("本页字段的值（字段名 → 值）；文件用 multipart 上传，字段名相同")
    )


class CaseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.CharField()
    service = serializers.CharField(source="process_key")
    title = serializers.CharField()
    stage = serializers.CharField()
    status = serializers.CharField()
    final_status = serializers.CharField()
    created = serializers.DateTimeField()
    updated = serializers.DateTimeField(source="updated_at")


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    label = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    title = serializers.CharField()
    number = serializers.CharField(allow_blank=True)
    revision = serializers.IntegerField()
    status = serializers.CharField()
    download = serializers.CharField(allow_null=True)


class CaseDetailSerializer(CaseSummarySerializer):
    unit = serializers.CharField(source="org_unit.name")
    full = serializers.BooleanField(help_text=_("是否可见全部内容（上级单位只见摘要）"))
    id_number = serializers.CharField(help_text=_("按可见范围脱敏"))
    data = serializers.DictField(allow_null=True)
    timeline = TimelineEntrySerializer(many=True)
    documents = DocumentSerializer(many=True)
    open_tasks = serializers.ListField(child=serializers.DictField())


class SubmitResultSerializer(serializers.Serializer):
    case = CaseSummarySerializer()
    created = serializers.BooleanField(help_text=_("false：草稿早已提交，返回的是同一个案件"))


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    case = serializers.IntegerField(source="case_id")
    case_number = serializers.CharField(source="case.number")
    service = serializers.CharField(source="process_key")
    step = serializers.CharField()
    step_title = serializers.CharField()
    unit = serializers.CharField(source="org_unit.name")
    role = serializers.CharField()
    status = serializers.CharField()
    owner = serializers.CharField(allow_null=True)
    created = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    due_state = serializers.CharField(allow_blank=True)
    applicant_id_number = serializers.CharField(source="masked_id", allow_blank=True)


class InboxSerializer(serializers.Serializer):
    tab = serializers.CharField()
    page = serializers.IntegerField()
    has_next = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    results = TaskSerializer(many=True)


class ReassignSerializer(serializers.Serializer):
    to_user = serializers.IntegerField(min_value=1, max_value=10**18)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CompleteSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=64)
    data = serializers.DictField(required=False, default=dict)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    confirm = serializers.BooleanField(required=False, default=False, help_text=_("不可撤销的结果需确认"))


class VoteSerializer(serializers.Serializer):
    choice = serializers.CharField(max_length=16)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    case = serializers.IntegerField(source="case_id", allow_null=True)
    created = serializers.DateTimeField()
    read = serializers.BooleanField()


class PartnerApplicantSerializer(serializers.Serializer):
    mobile = serializers.RegexField(r"^1\d{10}$", help_text=_("申请人手机号（账号）"))
    name = serializers.CharField(max_length=64)


class PartnerStartSerializer(serializers.Serializer):
    service = serializers.SlugField(max_length=64)
    applicant = PartnerApplicantSerializer()
    unit = serializers.CharField(max_length=64, help_text=_("受理单位代码，须在密钥所属单位之下"))
    data = serializers.DictField()


class CaseStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.CharField()
    service = serializers.CharField(source="process_key")
    stage = serializers.CharField()
    status = serializers.CharField()
    final_status = serializers.CharField()
    updated = serializers.DateTimeField(source="updated_at")


class WebhookRequestSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(
            choices=["case.started", "step.entered", "case.ended", "document.ready"]
        ),
        min_length=1,
        max_length=4,
    )
    service = serializers.RegexField(
        r"^[-a-zA-Z0-9_]*$",
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("空：所有流程"),
    )


class WebhookSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    events = serializers.ListField(child=serializers.CharField())
    service = serializers.CharField(allow_blank=True)
    active = serializers.BooleanField()


class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(help_text=_("签名密钥，只在创建时返回"))


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField()
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    last_status_code = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField(allow_blank=True)
    created = serializers.DateTimeField()
    delivered = serializers.DateTimeField(allow_null=True)
