"""Django admin for the engine's people, unions, grants, cases and work items,
and viewflow's own process and task lists re-registered to show process
titles and version numbers instead of Python paths of generated Flow classes.

Day-to-day changes belong in the studio (/studio/people/), which audits each
one; the admin is the technician's view of the same tables."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.admin import ProcessAdmin as ViewflowProcessAdmin
from viewflow.workflow.admin import TaskAdmin as ViewflowTaskAdmin
from viewflow.workflow.models import Process, Task

from engine.models import Case, OrgUnit, ProcessDefinition, RoleAssignment, User, WorkItem


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["org_unit"]
    fields = ["role", "org_unit", "covers_descendants", "valid_from", "valid_to"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "display_name",
        "mobile",
        "home_unit",
        "language",
        "is_active",
        "is_superuser",
    ]
    list_filter = ["is_active", "is_superuser", "language", "home_unit__level"]
    search_fields = ["username", "display_name", "mobile", "email"]
    autocomplete_fields = ["home_unit"]
    inlines = [RoleInline]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("工会"), {"fields": ["display_name", "mobile", "home_unit", "language"]}),
    )

    def get_inlines(self, request, obj):
        # Grants are added once the account exists (the add page stays
        # Django's two-password form).
        return self.inlines if obj is not None else []


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "short_name", "retired_at"]
    list_filter = ["level", ("retired_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "code", "name_en", "short_name"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "org_unit", "covers_descendants", "valid_from", "valid_to"]
    list_filter = ["role", "covers_descendants", "org_unit__level"]
    search_fields = ["user__username", "user__display_name", "role", "org_unit__name", "org_unit__code"]
    autocomplete_fields = ["user", "org_unit"]
    list_select_related = ["user", "org_unit"]


class ProcessKeyFilter(admin.SimpleListFilter):
    """Processes by title (the Flow class filter lists generated class paths)."""

    title = _("流程")
    parameter_name = "process_key"
    field = "process_key"

    def lookups(self, request, model_admin):
        return list(ProcessDefinition.objects.values_list("key", "title"))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field: self.value()})
        return queryset


class CaseProcessFilter(ProcessKeyFilter):
    field = "case__process_key"


class TaskProcessFilter(ProcessKeyFilter):
    field = "process__case__process_key"


def _version_label(version) -> str:
    return f"{version.definition.title} v{version.number}" if version else "-"


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "process_version", "org_unit", "applicant_name", "stage", "status"]
    list_filter = [ProcessKeyFilter, "status", "final_status", "org_unit__level"]
    search_fields = ["number", "title", "applicant_name", "id_number"]
    list_select_related = ["version__definition", "org_unit"]
    date_hierarchy = "created"
    # Cases change only through the engine's services (locks, audit trail).
    readonly_fields = [field.name for field in Case._meta.fields if field.name != "data"] + ["data"]

    @admin.display(description=_("流程版本"), ordering="version__definition__key")
    def process_version(self, obj):
        return _version_label(obj.version)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkItem)
class WorkItemAdmin(admin.ModelAdmin):
    list_display = [
        "case_number",
        "step_title",
        "process_key",
        "org_unit",
        "role",
        "status",
        "owner",
        "due_at",
    ]
    list_filter = ["status", "process_key", "role", "escalated", "org_unit__level"]
    search_fields = ["case_number", "applicant_name", "step", "step_title", "owner__username"]
    list_select_related = ["org_unit", "owner"]
    readonly_fields = [field.name for field in WorkItem._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Process)
admin.site.unregister(Task)


@admin.register(Process)
class ProcessAdmin(ViewflowProcessAdmin):
    list_display = ["pk", "created", "process_version", "case_number", "status", "participants"]
    list_display_links = ["pk", "created", "process_version"]
    list_filter = ["status", CaseProcessFilter]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("case__version__definition")

    @admin.display(description=_("流程版本"))
    def process_version(self, obj):
        case = getattr(obj, "case", None)
        return _version_label(case.version) if case else obj.flow_class.process_title

    @admin.display(description=_("案件编号"))
    def case_number(self, obj):
        case = getattr(obj, "case", None)
        return case.number if case else "-"


@admin.register(Task)
class TaskAdmin(ViewflowTaskAdmin):
    list_display = ["pk", "created", "process_version", "step", "status", "owner", "started", "finished"]
    list_display_links = ["pk", "created", "process_version"]
    list_filter = ["status", TaskProcessFilter]
    search_fields = ["process__case__number", "work_item__step_title"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("process__case__version__definition", "owner", "work_item")
        )

    @admin.display(description=_("流程版本"))
    def process_version(self, obj):
        case = getattr(obj.process, "case", None)
        return _version_label(case.version) if case else obj.process.flow_class.process_title

    @admin.display(description=_("步骤"))
    def step(self, obj):
        item = getattr(obj, "work_item", None)
        return item.step_title if item else obj.flow_task.name
