from django.urls import path

from . import views

app_name = "forms"

urlpatterns = [
    path("apply/", views.ApplyIndexView.as_view(), name="apply_index"),
    path("apply/<slug:process_key>/", views.WizardStartView.as_view(), name="apply"),
    path("apply/<slug:process_key>/review/", views.ReviewView.as_view(), name="review"),
    path(
        "apply/<slug:process_key>/submitted/<int:draft_id>/", views.SubmittedView.as_view(), name="submitted"
    ),
    path("apply/<slug:process_key>/page/<slug:page_id>/", views.WizardPageView.as_view(), name="page"),
    path(
        "apply/<slug:process_key>/page/<slug:page_id>/visibility/",
        views.VisibilityView.as_view(),
        name="visibility",
    ),
    path("attachments/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
]
