from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "engine.api"
    label = "api"
    verbose_name = _("接口")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import schema, webhooks  # noqa: F401  (schema extensions; event receivers)
