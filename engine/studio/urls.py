from django.urls import path

from .views import dryrun, editor, folders, processes, publish, reference

app_name = "studio"

V = "p/<slug:key>/v<id:number>/"

urlpatterns = [
    path("", processes.index, name="index"),
    path("changes/", processes.changes, name="changes"),
    path("import/", folders.import_view, name="import"),
    path("p/<slug:key>/", processes.definition_detail, name="definition"),
    path("p/<slug:key>/draft/", processes.draft_new, name="draft_new"),
    path("p/<slug:key>/diff/", processes.diff, name="diff"),
    path(V, processes.version_detail, name="version"),
    path(V + "diagram.svg", processes.diagram, name="diagram"),
    path(V + "edit/", editor.editor, name="editor"),
    path(V + "edit/delete/", editor.file_delete, name="file_delete"),
    path(V + "impact/", publish.impact, name="impact"),
    path(V + "publish/", publish.publish, name="publish"),
    path(V + "migrate/", publish.migrate, name="migrate"),
    path(V + "retire/", publish.retire, name="retire"),
    path(V + "dry-run/", dryrun.dry_run_view, name="dry_run"),
    path(V + "export.zip", folders.export_zip, name="export"),
    path(V + "write/", folders.write_folder, name="write"),
    path("reference/", reference.lists, name="reference_lists"),
    path("reference/<slug:key>/", reference.list_detail, name="reference_list"),
    path("reference/<slug:key>/write/", reference.write, name="reference_write"),
    path("calendar/", reference.calendar, name="calendar"),
    path("calendar/<id:pk>/delete/", reference.calendar_delete, name="calendar_delete"),
]
