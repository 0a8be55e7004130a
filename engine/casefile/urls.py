from django.urls import path

from . import case_events, views

app_name = "casefile"

urlpatterns = [
    path("<int:pk>/", views.case_view, name="case"),
    path("<int:pk>/tasks/<int:task_id>/decide/", views.decide_view, name="decide"),
    path("<int:pk>/tasks/<int:task_id>/reassign/", views.reassign_view, name="reassign"),
    path("<int:pk>/events/<slug:event>/", case_events.event_view, name="event"),
    path("tasks/<int:task_id>/visibility/", views.visibility_view, name="visibility"),
]
