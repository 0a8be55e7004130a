from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("verify/<str:short_code>/", views.verify, name="verify"),
    path("documents/<int:pk>/download/", views.download, name="download"),
    path("documents/<int:pk>/retry/", views.retry, name="retry"),
]
