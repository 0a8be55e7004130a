"""Applicant drafts and uploaded attachments.

Files live under settings.PRIVATE_STORAGE_ROOT, outside the web root, and are
served only by a view that checks who may see the case."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def private_storage():
    # A callable so test settings' temporary root is honoured at run time.
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)


class Draft(models.Model):
    """An applicant's answers in progress, one open draft per user and process,
    so the wizard can be resumed from any device."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    process_key = models.SlugField(max_length=64)
    version = models.ForeignKey("engine.DefinitionVersion", on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    # Values that did not pass their checks when a page was saved, kept as
    # typed with their messages ({field: {"value": ..., "errors": [...]}}),
    # so 保存草稿 never drops one silently; `data` holds only valid answers.
    invalid = models.JSONField(default=dict, blank=True)
    current_page = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_case = models.ForeignKey(
        "engine.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("申请草稿")
        verbose_name_plural = _("申请草稿")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "process_key"],
                condition=Q(submitted_at__isnull=True),
                name="uniq_open_draft",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.process_key}"


class Attachment(models.Model):
    file = models.FileField(storage=private_storage, upload_to="attachments/%Y/%m/", max_length=255)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    field_name = models.CharField(max_length=64, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draft = models.ForeignKey(
        Draft, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    case = models.ForeignKey(
        "engine.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.original_name

    def as_json(self) -> dict:
        """The reference stored in form data instead of the file itself."""
        return {"attachment": self.pk, "name": self.original_name, "size": self.size}
