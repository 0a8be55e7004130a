"""People and the union hierarchy: who acts for which unit in which role."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Staff log in with a username; applicants sign up with their mobile number
    (stored in both username and mobile)."""

    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    mobile = models.CharField(_("手机号"), max_length=11, blank=True, db_index=True)
    # An applicant's own, from the profile page (accounts); forms may prefill from it.
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    home_unit = models.ForeignKey(
        "engine.OrgUnit",
        verbose_name=_("所属工会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Emails are written in this language (the site follows the browser or
    # the language switch, and the switch records the choice here).
    language = models.CharField(_("语言"), max_length=16, choices=settings.LANGUAGES, default="zh-hans")

    def __str__(self):
        return self.display_name or self.username


class OrgUnit(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("全国总工会")
        PROVINCE = "province", _("省级工会")
        CITY = "city", _("市级工会")
        DISTRICT = "district", _("区县工会")
        ENTERPRISE = "enterprise", _("基层工会")
        PARTNER = "partner", _("合作单位")

    # Levels from the top down; a definition's owner_level names one of them.
    LEVEL_ORDER = ["national", "province", "city", "district", "enterprise", "partner"]

    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    name_en = models.CharField(_("英文名称"), max_length=128, blank=True)
    short_name = models.CharField(_("简称"), max_length=16, blank=True, help_text=_("用于文号，如“禹”"))
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path "/1/4/9/" so "this unit and everything below" is one
    # indexed prefix query instead of a recursive walk.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    # A retired unit keeps its cases and history but takes no new grants, and
    # the grants held in it stop counting (RoleAssignment.objects.current()).
    retired_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if path != self.path:
            self.path = path
            OrgUnit.objects.filter(pk=self.pk).update(path=path)

    def ancestors(self):
        """Units above this one, nearest first."""
        ids = [int(part) for part in self.path.strip("/").split("/") if part][:-1]
        units = {unit.pk: unit for unit in OrgUnit.objects.filter(pk__in=ids)}
        return [units[i] for i in reversed(ids) if i in units]

    def descendants(self, include_self=True):
        qs = OrgUnit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def is_within(self, other):
        """True if this unit is `other` or below it."""
        return self.path.startswith(other.path)


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self, day=None):
        """Grants in force on `day` (today by default): inside their dates, in
        a unit that is not retired. Every runtime check of who may act reads
        through here, so an ended grant stops counting at midnight."""
        day = day or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
            org_unit__retired_at__isnull=True,
        )


class RoleAssignment(models.Model):
    """A user holds a role (a key declared by definitions) for one org unit,
    optionally only between two dates (both inclusive)."""

    user = models.ForeignKey("engine.User", on_delete=models.CASCADE, related_name="roles")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="role_holders")
    role = models.CharField(_("角色"), max_length=64)
    covers_descendants = models.BooleanField(
        _("含下级单位"), default=False, help_text=_("也处理下级单位的案件")
    )
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_to = models.DateField(_("截止日期"), null=True, blank=True, help_text=_("含当天；空为长期"))

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        indexes = [models.Index(fields=["role", "org_unit"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "org_unit", "role"], name="uniq_role_assignment"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="role_assignment_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.role} @ {self.org_unit}"

    def in_force(self, day=None) -> bool:
        day = day or timezone.localdate()
        return (
            (self.valid_from is None or self.valid_from <= day)
            and (self.valid_to is None or self.valid_to >= day)
            and not self.org_unit.is_retired
        )
