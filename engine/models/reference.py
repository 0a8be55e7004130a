"""Data that administrators maintain without code: reference lists used by
forms (competition events, institutions, aid tiers) and the working-day
calendar used by deadlines."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceList(models.Model):
    key = models.SlugField(_("标识"), max_length=64, unique=True)
    title = models.CharField(_("名称"), max_length=128)
    title_en = models.CharField(_("英文名称"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("参考列表")
        verbose_name_plural = _("参考列表")
        ordering = ["key"]

    def __str__(self):
        return self.title


class ReferenceItem(models.Model):
    ref_list = models.ForeignKey(ReferenceList, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("代码"), max_length=64)
    label = models.CharField(_("名称"), max_length=255)
    label_en = models.CharField(_("英文名称"), max_length=255, blank=True)
    group = models.CharField(_("分组"), max_length=128, blank=True)
    # Extra attributes a definition may read (amount of an aid tier, venue of
    # an event, whether an event is a team event...).
    attrs = models.JSONField(_("属性"), default=dict, blank=True)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("参考条目")
        verbose_name_plural = _("参考条目")
        ordering = ["ref_list", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["ref_list", "code"], name="uniq_reference_item")]

    def __str__(self):
        return self.label


class Holiday(models.Model):
    """Exceptions to the Monday-Friday working week: public holidays, and
    weekend days made working days (调休)."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("调休上班"), default=False)
    name = models.CharField(_("名称"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"
