"""django-import-export resources for units, staff accounts and role grants:
the columns of the import and export files, and the same rules as the
studio's forms (each row is checked by the services' own functions)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from engine.models import OrgUnit, RoleAssignment, User
from engine.studio.audit import change_record
from engine.studio.models import StudioChange

from .accounts import USERNAME, account_snapshot, account_values
from .grants import declared_roles, grant_snapshot, grant_values
from .units import level_check, unit_snapshot


class CodeWidget(widgets.ForeignKeyWidget):
    """A related row by its code (unit code, username); an unknown code is a
    row error with the code in it, not a traceback."""

    def clean(self, value, row=None, **kwargs):
        value = str(value).strip() if value is not None else ""
        if not value:
            return None
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: value})
        except self.model.DoesNotExist as exc:
            raise ValueError(_("找不到“%(v)s”") % {"v": value}) from exc


class YesNoWidget(widgets.BooleanWidget):
    """是/否, yes/no, 1/0, true/false; empty is no."""

    TRUE = {"1", "true", "yes", "y", "是", "√"}
    FALSE = {"0", "false", "no", "n", "否", ""}

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("应为“是”或“否”：%(v)s") % {"v": value})

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class DayWidget(widgets.Widget):
    """A date as YYYY-MM-DD, or an Excel date cell; empty is none."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError as exc:
            raise ValueError(_("日期格式应为 YYYY-MM-DD：%(v)s") % {"v": value}) from exc

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class TextWidget(widgets.CharWidget):
    """Text cells; a number typed into Excel (a mobile number) comes back as
    text without ".0"."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()


def _rule(errors: dict, check) -> dict:
    try:
        check()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    return errors


class AuditedResource(resources.ModelResource):
    """Writes one StudioChange per saved row (on the real run only; the dry
    run's writes are rolled back with everything else)."""

    obj_type = ""
    snapshot = staticmethod(lambda instance: {})

    def __init__(self, *, actor=None, **kwargs):
        super().__init__(**kwargs)
        self.actor = actor

    def before_save_instance(self, instance, row, **kwargs):
        stored = type(instance).objects.filter(pk=instance.pk).first() if instance.pk else None
        instance._audit_before = self.snapshot(stored) if stored else {}

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        change_record(
            actor=self.actor,
            action=StudioChange.Action.PEOPLE_IMPORT,
            obj_type=self.obj_type,
            obj_id=instance.pk,
            summary=_("导入 %(o)s") % {"o": instance},
            before=instance._audit_before,
            after=self.snapshot(instance),
        )


class UnitResource(AuditedResource):
    obj_type = "unit"
    snapshot = staticmethod(unit_snapshot)
    code = fields.Field(attribute="code", column_name="code", widget=TextWidget())
    name = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    name_en = fields.Field(attribute="name_en", column_name="name_en", widget=TextWidget())
    short_name = fields.Field(attribute="short_name", column_name="short_name", widget=TextWidget())
    level = fields.Field(attribute="level", column_name="level", widget=TextWidget())
    parent = fields.Field(attribute="parent", column_name="parent", widget=CodeWidget(OrgUnit, "code"))

    class Meta:
        model = OrgUnit
        fields = ("code", "name", "name_en", "short_name", "level", "parent")
        import_id_fields = ("code",)
        clean_model_instances = True
        skip_unchanged = True

    def get_export_queryset(self, request=None):
        return OrgUnit.objects.filter(retired_at__isnull=True).select_related("parent").order_by("path")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if "parent" not in errors:
            errors = _rule(errors, lambda: level_check(instance.level, instance.parent))
        if instance.pk and instance.parent_id and instance.parent.path.startswith(instance.path):
            errors = _rule(errors, lambda: _refuse(_("不能把单位移到它自己或它的下级单位之下。")))
        super().validate_instance(instance, errors, validate_unique)

    def save_instance(self, instance, is_create, row, **kwargs):
        old_path = instance.path
        super().save_instance(instance, is_create, row, **kwargs)
        if old_path and old_path != instance.path:  # moved: carry the subtree along
            below = list(OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=instance.pk))
            for each in below:
                each.path = instance.path + each.path[len(old_path) :]
            OrgUnit.objects.bulk_update(below, ["path"])


def _refuse(message):
    raise ValidationError(message)


class StaffResource(AuditedResource):
    obj_type = "user"
    snapshot = staticmethod(account_snapshot)
    username = fields.Field(attribute="username", column_name="username", widget=TextWidget())
    display_name = fields.Field(attribute="display_name", column_name="display_name", widget=TextWidget())
    mobile = fields.Field(attribute="mobile", column_name="mobile", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="email", widget=TextWidget())
    language = fields.Field(attribute="language", column_name="language", widget=TextWidget())
    home_unit = fields.Field(
        attribute="home_unit", column_name="home_unit", widget=CodeWidget(OrgUnit, "code")
    )
    is_active = fields.Field(attribute="is_active", column_name="is_active", widget=YesNoWidget())

    class Meta:
        model = User
        fields = ("username", "display_name", "mobile", "email", "language", "home_unit", "is_active")
        import_id_fields = ("username",)
        skip_unchanged = True

    def get_export_queryset(self, request=None):
        return User.objects.select_related("home_unit").order_by("username")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not USERNAME.match(instance.username or ""):
            errors = _rule(errors, lambda: _refuse({"username": _("用户名只能含字母、数字和 @ . + - _")}))
        if "home_unit" not in errors:
            errors = _rule(
                errors,
                lambda: account_values(
                    {
                        "display_name": instance.display_name,
                        "mobile": instance.mobile,
                        "email": instance.email,
                        "language": instance.language,
                        "home_unit": instance.home_unit,
                    }
                ),
            )
        super().validate_instance(instance, errors, validate_unique)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance.pk is None:
            # A new account gets its password from the studio's reset (shown
            # once), never from a spreadsheet.
            instance.set_unusable_password()


class GrantResource(AuditedResource):
    obj_type = "grant"
    snapshot = staticmethod(grant_snapshot)
    username = fields.Field(attribute="user", column_name="username", widget=CodeWidget(User, "username"))
    unit = fields.Field(attribute="org_unit", column_name="unit", widget=CodeWidget(OrgUnit, "code"))
    role = fields.Field(attribute="role", column_name="role", widget=TextWidget())
    covers_descendants = fields.Field(
        attribute="covers_descendants", column_name="covers_descendants", widget=YesNoWidget()
    )
    valid_from = fields.Field(attribute="valid_from", column_name="valid_from", widget=DayWidget())
    valid_to = fields.Field(attribute="valid_to", column_name="valid_to", widget=DayWidget())

    class Meta:
        model = RoleAssignment
        fields = ("username", "unit", "role", "covers_descendants", "valid_from", "valid_to")
        import_id_fields = ("username", "unit", "role")
        skip_unchanged = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._roles = None

    def get_export_queryset(self, request=None):
        return RoleAssignment.objects.select_related("user", "org_unit").order_by("org_unit__path", "role")

    def get_instance(self, instance_loader, row):
        # Rows name the person and the unit by code; look them up quietly
        # (an unknown one is reported by the field's own widget).
        try:
            user = User.objects.filter(username=str(row.get("username") or "").strip()).first()
            unit = OrgUnit.objects.filter(code=str(row.get("unit") or "").strip()).first()
        except (TypeError, ValueError):
            return None
        if user is None or unit is None:
            return None
        return RoleAssignment.objects.filter(
            user=user, org_unit=unit, role=str(row.get("role") or "").strip()
        ).first()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self._roles is None:
            self._roles = declared_roles()
        if not errors:
            errors = _rule(
                errors,
                lambda: grant_values(
                    user=instance.user,
                    unit=instance.org_unit,
                    role=instance.role,
                    covers_descendants=instance.covers_descendants,
                    valid_from=instance.valid_from,
                    valid_to=instance.valid_to,
                    roles=self._roles,
                ),
            )
        super().validate_instance(instance, errors, validate_unique)


RESOURCES = {"units": UnitResource, "staff": StaffResource, "grants": GrantResource}

NON_FIELD = NON_FIELD_ERRORS
