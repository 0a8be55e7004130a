"""Django admin for the API's credentials and webhooks: read and revoke
(new keys are made in the studio, which shows the secret once)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiKey, ApiToken, Webhook, WebhookDelivery


@admin.action(description=_("吊销所选"))
def revoke(modeladmin, request, queryset):
    queryset.filter(revoked__isnull=True).update(revoked=timezone.now())


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "org_unit", "scopes", "created", "last_used", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "key_hash", "created", "created_by", "last_used"]
    actions = [revoke]

    def has_add_permission(self, request):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "name", "prefix", "created", "expires", "last_used", "revoked"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__display_name", "prefix"]
    readonly_fields = ["user", "kind", "prefix", "key_hash", "created", "expires", "last_used", "parent"]
    actions = [revoke]

    def has_add_permission(self, request):
        return False


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    fields = ["created", "event", "status", "attempts", "last_status_code", "last_error"]
    readonly_fields = fields
    ordering = ["-created"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "events", "process_key", "api_key", "active", "created"]
    list_filter = ["active", "process_key"]
    search_fields = ["url"]
    readonly_fields = ["secret"]
    inlines = [DeliveryInline]
