"""The studio's API administration (/studio/api/)."""

from django.urls import path

from .views import admin

app_name = "api_admin"

urlpatterns = [
    path("", admin.index, name="index"),
    path("keys/", admin.key_create, name="key_create"),
    path("keys/<id:pk>/revoke/", admin.key_revoke, name="key_revoke"),
    path("webhooks/", admin.hook_create, name="hook_create"),
    path("webhooks/<id:pk>/delete/", admin.hook_delete, name="hook_delete"),
]
