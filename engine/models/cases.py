"""Runtime state beside viewflow's own Process and Task rows.

Case extends viewflow's Process (multi-table inheritance), so viewflow's
activations, locks and queries keep working. WorkItem is a denormalised index
row per human task, written only by engine services, so that the inbox is one
indexed query over one table even at a million tasks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task

OPEN_STATUSES = ("NEW", "ASSIGNED", "STARTED")


class Case(Process):
    version = models.ForeignKey("engine.DefinitionVersion", on_delete=models.PROTECT, related_name="cases")
    process_key = models.SlugField(max_length=64, db_index=True)
    org_unit = models.ForeignKey("engine.OrgUnit", on_delete=models.PROTECT, related_name="cases")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    number = models.CharField(_("案件编号"), max_length=64, unique=True)
    title = models.CharField(_("标题"), max_length=255, blank=True)
    # Plain-language status shown to the applicant (已提交, 核实中, 已发放...).
    stage = models.CharField(_("进度"), max_length=64, blank=True)
    final_status = models.CharField(_("办结状态"), max_length=32, blank=True)
    applicant_name = models.CharField(max_length=64, blank=True, db_index=True)
    id_number = models.CharField(max_length=18, blank=True, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        indexes = [models.Index(fields=["org_unit", "process_key"])]

    def __str__(self):
        return f"{self.number} {self.title}"


class WorkItem(models.Model):
    """One row per human task (viewflow Task), kept in step by the services."""

    task = models.OneToOneField(Task, primary_key=True, on_delete=models.CASCADE, related_name="work_item")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="work_items")
    process_key = models.SlugField(max_length=64)
    step = models.CharField(max_length=64)
    step_title = models.CharField(max_length=128)
    org_unit = models.ForeignKey("engine.OrgUnit", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, default="NEW")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="work_items"
    )
    created = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)
    remind_at = models.DateTimeField(null=True, blank=True)
    reminded = models.BooleanField(default=False)
    escalated = models.BooleanField(default=False)
    finished = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=64, blank=True)
    # Staff who may not take this task (a `not_by:` four-eyes rule): they did
    # an earlier step of the case. Left out of their queue; a claim is refused.
    barred = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    # Copies of case fields the inbox searches and shows, to avoid joins.
    case_number = models.CharField(max_length=64)
    applicant_name = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        indexes = [
            # Unclaimed tasks of a role in a unit, by due time.
            models.Index(
                fields=["org_unit", "role", "due_at", "created"],
                name="wi_queue",
                condition=Q(status="NEW"),
            ),
            # My open tasks, by due time.
            models.Index(
                fields=["owner", "due_at", "created"],
                name="wi_mine",
                condition=Q(status__in=["ASSIGNED", "STARTED"]),
            ),
            # Tasks I finished, newest first.
            models.Index(fields=["completed_by", "-finished"], name="wi_done"),
            # Deadline sweeps.
            models.Index(fields=["due_at"], name="wi_due", condition=Q(status__in=OPEN_STATUSES)),
            models.Index(fields=["case_number"], name="wi_case_number"),
            models.Index(fields=["applicant_name"], name="wi_applicant"),
        ]

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()


class CaseEvent(models.Model):
    """The audit trail: one row per transition or notable act on a case.

    Rows of one case form a hash chain (engine.runtime.audit_chain): `seq`
    counts from 1 in the order the events happened (a decision before the
    automatic steps it triggered), `prev_hash` is the previous row's `hash`,
    and `hash` seals this row's content. Rows are only ever appended, under
    the case lock, by engine.runtime.audit.event_record."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    step = models.CharField(max_length=64, blank=True)
    step_title = models.CharField(max_length=128, blank=True)
    action = models.CharField(max_length=32)
    outcome = models.CharField(max_length=64, blank=True)
    outcome_label = models.CharField(max_length=128, blank=True)
    comment = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    seq = models.PositiveIntegerField(default=0)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["case", "seq", "id"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="uniq_case_event_seq")]


class AuditHead(models.Model):
    """The last link of a case's audit chain (its seq and hash), so that
    deleting the newest records is noticed as well as editing any. Written
    in the same transaction as each appended event, under the case lock."""

    case = models.OneToOneField(Case, primary_key=True, on_delete=models.CASCADE, related_name="audit_head")
    seq = models.PositiveIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)


class Sequence(models.Model):
    """Counters for official numbers such as 禹困〔2024〕007号: one row per
    (sequence key, scope, period), incremented under a row lock."""

    key = models.CharField(max_length=64)
    scope = models.CharField(max_length=64, blank=True)
    period = models.CharField(max_length=16, blank=True)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "scope", "period"], name="uniq_sequence")]


class Ballot(models.Model):
    """One committee member's vote on a vote task."""

    class Choice(models.TextChoices):
        FOR = "for", _("赞成")
        AGAINST = "against", _("反对")
        ABSTAIN = "abstain", _("弃权")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "voter"], name="uniq_ballot")]


class Delegation(models.Model):
    """While `user` is away, `delegate` may act on `user`'s tasks."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations")
    delegate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts = models.DateField(_("开始日期"))
    ends = models.DateField(_("结束日期"))
    created = models.DateTimeField(auto_now_add=True)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # The text is rendered when read, in the reader's language, from `key`
    # and `params` (engine/runtime/notices.py). `message` keeps the Chinese
    # rendering for search, the studio's dry run and rows written before keys.
    message = models.CharField(max_length=255)
    key = models.CharField(max_length=32, blank=True)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=255, blank=True)
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "read_at"])]

    @property
    def text(self) -> str:
        """The message in the active language."""
        from engine.runtime.notices import notice_text

        return notice_text(self)
