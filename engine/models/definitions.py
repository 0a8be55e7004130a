"""Process definitions and their immutable versions.

A version stores every file of its process folder (definition, form specs,
document templates) as text, so any worker can rebuild its Flow class, forms
and documents from the database alone, years after the files changed."""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def content_hash(files: dict) -> str:
    """Stable SHA-256 over a {relative path: text} mapping."""
    payload = json.dumps(files, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


class ProcessDefinition(models.Model):
    key = models.SlugField(_("流程标识"), max_length=64, unique=True)
    title = models.CharField(_("名称"), max_length=128)
    title_en = models.CharField(_("英文名称"), max_length=128, blank=True)
    category = models.CharField(_("类别"), max_length=64, blank=True)
    published_version = models.ForeignKey(
        "engine.DefinitionVersion",
        verbose_name=_("当前发布版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("流程")
        verbose_name_plural = _("流程")
        ordering = ["key"]

    def __str__(self):
        return self.title


class DefinitionVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        RETIRED = "retired", _("已停用")

    definition = models.ForeignKey(ProcessDefinition, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    files = models.JSONField(_("文件"), default=dict)
    content_hash = models.CharField(max_length=64, db_index=True)
    errors = models.JSONField(_("校验错误"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("流程版本")
        verbose_name_plural = _("流程版本")
        ordering = ["definition", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "number"], name="uniq_definition_version")
        ]

    def __str__(self):
        return f"{self.definition.key} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk and self.status != self.Status.DRAFT:
            stored = DefinitionVersion.objects.filter(pk=self.pk).values_list("files", flat=True).first()
            if stored is not None and stored != self.files:
                raise ValidationError(_("已发布或停用的版本不可修改；请新建版本。"))
        self.content_hash = content_hash(self.files)
        super().save(*args, **kwargs)

    @property
    def flow_class_name(self) -> str:
        """Each version is its own Flow class, e.g. HardshipAid_v3."""
        camel = "".join(part.capitalize() for part in self.definition.key.split("_"))
        return f"{camel}_v{self.number}"

    @property
    def flow_class_path(self) -> str:
        return f"engine.runtime.flows.{self.flow_class_name}"
