from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("verify/<str:short_code>/", views.verify, name="verify"),
    path("documents/<id:pk>/download/", views.download, name="download"),
    path("documents/<id:pk>/retry/", views.retry, name="retry"),
]
