from django.urls import path

from . import case_events, views

app_name = "casefile"

urlpatterns = [
    path("<id:pk>/", views.case_view, name="case"),
    path("<id:pk>/tasks/<id:task_id>/decide/", views.decide_view, name="decide"),
    path("<id:pk>/tasks/<id:task_id>/reassign/", views.reassign_view, name="reassign"),
    path("<id:pk>/events/<slug:event>/", case_events.event_view, name="event"),
    path("tasks/<id:task_id>/visibility/", views.visibility_view, name="visibility"),
]
