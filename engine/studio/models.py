"""The administrators' audit log: who changed which definition, version,
reference list, case migration, unit, account or role grant, when, and what it was before and after."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StudioChange(models.Model):
    class Action(models.TextChoices):
        DRAFT_SAVE = "draft_save", _("保存草稿")
        PUBLISH = "publish", _("发布")
        RETIRE = "retire", _("停用")
        MIGRATE = "migrate", _("迁移案件")
        IMPORT = "import", _("导入")
        EXPORT = "export", _("导出到文件夹")
        REFERENCE = "reference", _("修改参考列表")
        CALENDAR = "calendar", _("修改工作日历")
        UNIT = "unit", _("修改组织")
        STAFF = "staff", _("修改人员账号")
        GRANT = "grant", _("修改角色授权")
        PEOPLE_IMPORT = "people_import", _("批量导入人员与组织")
        REASSIGN = "reassign", _("转办在办任务")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("对象类型"), max_length=32)
    object_id = models.CharField(_("对象"), max_length=64)
    summary = models.CharField(_("摘要"), max_length=255)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("管理操作记录")
        verbose_name_plural = _("管理操作记录")
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.summary}"
