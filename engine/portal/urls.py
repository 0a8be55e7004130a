from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.my_applications, name="home"),
    path("cases/<id:pk>/", views.case_detail, name="case"),
    path("cases/<id:pk>/receipt/", views.receipt, name="receipt"),
    path("tasks/<id:task_id>/", views.task, name="task"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_all_read, name="notifications_read"),
    path("notifications/<id:pk>/", views.notification_open, name="notification"),
]
