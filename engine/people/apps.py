from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    # No models of its own: it edits engine.OrgUnit, engine.User and
    # engine.RoleAssignment and audits into the studio's StudioChange.
    name = "engine.people"
    label = "people"
    verbose_name = _("人员与组织")
    default_auto_field = "django.db.models.BigAutoField"
