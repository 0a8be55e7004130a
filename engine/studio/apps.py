from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudioConfig(AppConfig):
    name = "engine.studio"
    label = "studio"
    verbose_name = _("流程管理")
    default_auto_field = "django.db.models.BigAutoField"
