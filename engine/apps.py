from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngineConfig(AppConfig):
    name = "engine"
    verbose_name = _("流程引擎")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.urls import register_converter

        from config.converters import IdConverter
        from engine.security import checks  # noqa: F401  (registers the deploy checks)

        # Before any URL module is imported (the apps' urls use <id:...>).
        register_converter(IdConverter, "id")
