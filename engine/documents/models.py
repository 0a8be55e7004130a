"""One row per rendered (or to-be-rendered) revision of a case document.

A rendered revision is immutable: its file and SHA-256 never change. A
correction is a new row with revision n+1 that `supersedes` the previous one;
both stay, so a printed copy of either can still be verified."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: the code is read off paper and typed by hand.
SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SHORT_CODE_LENGTH = 10  # 31**10 ≈ 8e14: not guessable by enumeration


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


def private_storage():
    """Documents live outside the web root; only permission-checked views serve them."""
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)


class Document(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("生成中")
        RENDERED = "rendered", _("已生成")
        FAILED = "failed", _("生成失败")

    case = models.ForeignKey("engine.Case", on_delete=models.PROTECT, related_name="documents")
    key = models.SlugField(_("文书标识"), max_length=64)
    title = models.CharField(_("标题"), max_length=128)
    number = models.CharField(_("文号"), max_length=64, blank=True)
    revision = models.PositiveIntegerField(_("修订版次"), default=1)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(_("错误"), blank=True)
    attempts = models.PositiveIntegerField(_("生成次数"), default=0)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    signed = models.BooleanField(_("已电子签名"), default=False)
    file = models.FileField(storage=private_storage, upload_to="documents/%Y/%m/", blank=True)
    version = models.ForeignKey("engine.DefinitionVersion", on_delete=models.PROTECT, related_name="+")
    # The case data the document was made from, frozen at request time.
    data = models.JSONField(_("数据快照"), default=dict, blank=True)
    # Role keys allowed to download, copied from the definition at request time.
    download_roles = models.JSONField(default=list, blank=True)
    short_code = models.CharField(max_length=16, unique=True, default=new_short_code, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Whoever renders the document holds it until then (a worker, Celery, a
    # retry); a renderer that died lets it go, and the sweeper or another
    # worker takes it again (engine.documents.services.document_claim).
    lease_until = models.DateTimeField(null=True, blank=True)
    # The revisions' hash chain (engine.documents.chain).
    prev_hash = models.CharField(max_length=64, blank=True)
    record_hash = models.CharField(max_length=64, blank=True)
    file_seal = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["case", "key", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key", "revision"], name="uniq_document_revision")
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="doc_status")]

    def __str__(self):
        return f"{self.title} {self.number} r{self.revision}"

    def save(self, *args, **kwargs):
        self._refuse_changing_rendered_file()
        super().save(*args, **kwargs)

    @property
    def filename(self) -> str:
        return f"{self.number or self.case.number}-{self.key}-r{self.revision}.pdf"

    def _refuse_changing_rendered_file(self):
        if not self.pk:
            return
        stored = Document.objects.filter(pk=self.pk).values("sha256", "file").first()
        if (
            stored
            and stored["sha256"]
            and (stored["sha256"], stored["file"]) != (self.sha256, self.file.name)
        ):
            raise ValidationError(_("已生成的文书不可修改；请生成新的修订版。"))
