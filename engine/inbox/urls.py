from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("claim/", views.claim_many, name="claim_many"),
    path("tasks/<id:task_id>/claim/", views.claim, name="claim"),
    path("tasks/<id:task_id>/unclaim/", views.unclaim, name="unclaim"),
    path("delegations/", views.DelegationsView.as_view(), name="delegations"),
]
