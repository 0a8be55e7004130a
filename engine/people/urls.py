from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("units/", views.units, name="units"),
    path("units/<id:unit>/", views.unit_detail, name="unit"),
    path("units/<id:unit>/move/", views.unit_move_view, name="unit_move"),
    path("units/<id:unit>/retire/", views.unit_retire_view, name="unit_retire"),
    path("units/<id:unit>/restore/", views.unit_restore_view, name="unit_restore"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/new/", views.account_new, name="account_new"),
    path("accounts/<id:user_id>/", views.account_detail, name="account"),
    path("accounts/<id:user_id>/active/", views.account_active, name="account_active"),
    path("accounts/<id:user_id>/password/", views.account_password, name="account_password"),
    path("grants/new/", views.grant_new, name="grant_new"),
    path("grants/<id:grant>/", views.grant_detail, name="grant"),
    path("grants/<id:grant>/end/", views.grant_end_view, name="grant_end"),
    path("coverage/", views.coverage, name="coverage"),
    path("import/", views.import_view, name="import"),
    path("import/apply/", views.import_apply, name="import_apply"),
    path("export/<slug:kind>.<slug:fmt>", views.export_view, name="export"),
]
