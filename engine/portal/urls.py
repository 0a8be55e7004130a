from django.urls import path

from forms.wizard import REVIEW
from forms.wizard_revise import ReviseWizard

from . import views

revise_wizard = ReviseWizard.as_view()

app_name = "portal"

urlpatterns = [
    path("", views.my_applications, name="home"),
    path("cases/<id:pk>/", views.case_detail, name="case"),
    path("cases/<id:pk>/receipt/", views.receipt, name="receipt"),
    path("tasks/<id:task_id>/", views.task, name="task"),
    path("tasks/<id:task_id>/revise/", revise_wizard, name="revise"),
    path("tasks/<id:task_id>/revise/review/", revise_wizard, {"step": REVIEW}, name="revise_review"),
    path("tasks/<id:task_id>/revise/page/<slug:step>/", revise_wizard, name="revise_page"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_all_read, name="notifications_read"),
    path("notifications/<id:pk>/", views.notification_open, name="notification"),
]
