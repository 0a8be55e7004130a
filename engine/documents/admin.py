"""Staff see every document with its status and error, and retry failed ones."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Document
from .services import document_retry


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "case", "revision", "status", "attempts", "signed", "created_at"]
    list_filter = ["status", "key", "signed"]
    search_fields = ["number", "short_code", "case__number"]
    actions = ["retry_rendering"]
    # Documents are records: nothing here may change them.
    readonly_fields = [field.name for field in Document._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("重新生成所选的失败文书"))
    def retry_rendering(self, request, queryset):
        documents = list(queryset.exclude(status=Document.Status.RENDERED))
        for document in documents:
            document_retry(document=document, actor=request.user)
        self.message_user(
            request,
            ngettext("已重新提交 %d 份文书。", "已重新提交 %d 份文书。", len(documents)) % len(documents),
            messages.SUCCESS,
        )
